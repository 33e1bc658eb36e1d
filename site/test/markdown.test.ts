import { describe, expect, it } from 'vitest';
import { renderMarkdown, replaceBodyImages, uploadPathsIn } from '../src/lib/markdown.ts';

/** What an editor might paste, on purpose or from a hostile source. */
const PAYLOADS = {
  script: '<script>window.pwned = 1</script>',
  imgOnerror: '<img src="x" onerror="window.pwned = 1">',
  svgOnload: '<svg onload="window.pwned = 1"><circle r="1"/></svg>',
  javascriptLink: '[点击](javascript:window.pwned=1)',
  javascriptHtmlLink: '<a href="JaVaScRiPt:window.pwned=1">链接</a>',
  entityJavascript: '<a href="&#106;avascript:window.pwned=1">链接</a>',
  dataUrl: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">数据</a>',
  dataImage: '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  iframe: '<iframe src="https://evil.example/"></iframe>',
  form: '<form action="https://evil.example/"><input name="q"><button>提交</button></form>',
  style: '<style>body{background:url("javascript:alert(1)")}</style>',
  styleAttr: '<p style="background:url(javascript:alert(1))">样式</p>',
  objectEmbed: '<object data="evil.swf"></object><embed src="evil.swf">',
  metaRefresh: '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  baseHref: '<base href="https://evil.example/">',
  mathml: '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
};

describe('renderMarkdown', () => {
  it('renders ordinary Markdown to HTML', () => {
    const html = renderMarkdown('## 小标题\n\n一段**重要**文字，见[官网](https://www.example.org/)。\n\n- 一\n- 二');
    expect(html).toContain('<h2>小标题</h2>');
    expect(html).toContain('<strong>重要</strong>');
    expect(html).toContain('<a href="https://www.example.org/" rel="noopener noreferrer">官网</a>');
    expect(html).toContain('<li>一</li>');
  });

  it('keeps text that looks like markup as text', () => {
    const html = renderMarkdown('5 < 6 & 7 > 3');
    expect(html).toBe('<p>5 &lt; 6 &amp; 7 &gt; 3</p>\n');
  });

  it('keeps https images and drops relative or plain-http ones, which would break or leak', () => {
    const html = renderMarkdown('![甲](https://img.example.org/a.jpg)\n\n![乙](x.png)\n\n![丙](http://img.example.org/c.jpg)');
    expect(html).toContain('src="https://img.example.org/a.jpg"');
    expect(html).toContain('alt="甲"');
    expect(html).not.toContain('x.png');
    expect(html).not.toContain('http://img.example.org');
  });

  it('keeps media-library photos by their path, whatever address the admin inserted them with', () => {
    const html = renderMarkdown(
      '![合影](http://127.0.0.1:1337/uploads/hezhao_1a2b.jpg)\n\n![讲座](/uploads/jiangzuo.png "现场")',
    );
    expect(html).toContain('src="/uploads/hezhao_1a2b.jpg"');
    expect(html).toContain('src="/uploads/jiangzuo.png"');
    expect(html).not.toContain('127.0.0.1');
    // Only files directly under /uploads/ are the media library's; anything else is dropped.
    expect(renderMarkdown('![甲](/uploads/../etc/passwd)\n\n![乙](/uploads/a/b.jpg)')).not.toContain('<img');
  });

  it('replaces media-library photos with the given picture markup and leaves other images alone', async () => {
    const html = renderMarkdown('![“妇女”合影 & 讲座](/uploads/hezhao.jpg)\n\n![外部](https://img.example.org/a.jpg)');
    const seen: unknown[] = [];
    const out = await replaceBodyImages(html, async (image) => {
      seen.push(image);
      return '<picture data-test></picture>';
    });
    expect(seen).toEqual([{ src: '/uploads/hezhao.jpg', alt: '“妇女”合影 & 讲座' }]);
    expect(out).toContain('<picture data-test></picture>');
    expect(out).not.toContain('/uploads/');
    expect(out).toContain('src="https://img.example.org/a.jpg"');
    expect(await replaceBodyImages('<p>无图</p>', async () => 'x')).toBe('<p>无图</p>');
  });

  it('turns an editor h1 into h2: the page title is the only h1', () => {
    expect(renderMarkdown('# 标题')).toBe('<h2>标题</h2>\n');
  });

  it('starts headings at h2 and closes gaps between levels', () => {
    const html = renderMarkdown('### 一\n\n正文\n\n##### 二\n\n### 三');
    expect(html).toBe('<h2>一</h2>\n<p>正文</p>\n<h3>二</h3>\n<h2>三</h2>\n');
  });

  for (const [name, payload] of Object.entries(PAYLOADS)) {
    it(`leaves no active markup from ${name}`, () => {
      const html = renderMarkdown(`前文\n\n${payload}\n\n后文`).toLowerCase();
      expect(html).not.toMatch(/<(script|iframe|object|embed|form|input|button|style|svg|math|meta|base)\b/);
      expect(html).not.toMatch(/\son[a-z]+\s*=/);
      expect(html).not.toMatch(/(href|src)\s*=\s*"?\s*(javascript|data|vbscript):/);
      expect(html).not.toContain('style=');
      expect(html).toContain('后文');
    });
  }
});

describe('uploadPathsIn', () => {
  it.each([
    ['no upload at all', '正文，没有图片。![外链](https://example.org/a.jpg)', []],
    ['a Markdown image', '![课堂](/uploads/ketang_1a2b.jpg)', ['/uploads/ketang_1a2b.jpg']],
    ['with a title', '![课堂](/uploads/ketang_1a2b.jpg "妇女学校")', ['/uploads/ketang_1a2b.jpg']],
    ['by the admin address', '![课堂](http://127.0.0.1:1337/uploads/ketang_1a2b.jpg)', ['/uploads/ketang_1a2b.jpg']],
    ['a reference definition', '![课堂][1]\n\n[1]: /uploads/ref_9.png', ['/uploads/ref_9.png']],
    ['pasted HTML', '<img src="/uploads/paste_3.jpg" alt="">', ['/uploads/paste_3.jpg']],
    [
      'each once, sorted',
      '![b](/uploads/b.jpg) ![a](/uploads/a.jpg) ![b again](/uploads/b.jpg)',
      ['/uploads/a.jpg', '/uploads/b.jpg'],
    ],
    ['not another site’s uploads folder', '![x](https://example.org/site/uploads/x.jpg)', []],
  ])('%s', (_name, markdown, paths) => {
    expect(uploadPathsIn(markdown)).toEqual(paths);
  });
});
