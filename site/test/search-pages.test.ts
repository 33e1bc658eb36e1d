import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageSearchPages } from '../src/integrations/search-pages.ts';
import { searchBody, spaceChineseWords, spaceWords } from '../src/integrations/search-segmentation.ts';

const page = (body: string, outside = '<nav><a href="/news/">新闻动态</a></nav>') =>
  `<!doctype html><html lang="zh-CN"><head><title>市妇联</title><style>.a{content:"妇联"}</style></head><body>${outside}` +
  `<article data-pagefind-body data-pagefind-meta="date:2018年4月16日">${body}</article>` +
  `<script type="application/ld+json">{"headline":"妇女儿童权益"}</script></body></html>`;

describe('searchBody', () => {
  it('is the marked element exactly as built, with the page’s language', () => {
    const body = searchBody(page('<h1>家庭教育讲座</h1><p>正文</p>'));
    expect(body).toEqual({
      lang: 'zh-CN',
      html: '<article data-pagefind-body data-pagefind-meta="date:2018年4月16日"><h1>家庭教育讲座</h1><p>正文</p></article>',
    });
  });

  it('is undefined for a page Pagefind skips', () => {
    expect(searchBody('<html lang="zh-CN"><body><ul><li>列表</li></ul></body></html>')).toBeUndefined();
  });
});

describe('spaceChineseWords', () => {
  it('splits Chinese text into words with the browser’s segmenter', () => {
    const html = spaceChineseWords('<h1>家庭教育讲座</h1><p>市妇联举办培训班，共308人参加。</p>');
    expect(html).toContain('<h1>家庭 教育 讲座</h1>');
    const words = Array.from(new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment('市妇联举办培训班'))
      .map((s) => s.segment)
      .join(' ');
    expect(html).toContain(words);
    expect(html).toMatch(/308 人/);
  });

  it('leaves every tag, attribute, script and style as it was', () => {
    const html = spaceChineseWords(
      '<p title="妇女儿童" data-pagefind-meta="date:2018年4月16日">妇女儿童<a href="/a/" data-x="权益维护">权益维护</a></p>' +
        '<style>.a{content:"妇联"}</style><script type="application/ld+json">{"headline":"妇女儿童权益"}</script>',
    );
    expect(html).toMatch(
      /^<p title="妇女儿童" data-pagefind-meta="date:2018年4月16日">妇女 儿童<a href="\/a\/" data-x="权益维护">权益 维护<\/a><\/p>/,
    );
    expect(html).toContain('.a{content:"妇联"}');
    expect(html).toContain('{"headline":"妇女儿童权益"}');
  });

  it('keeps character references and text without Chinese exactly', () => {
    const html = spaceChineseWords('<p>A &amp; B <code>x&lt;y</code></p><p>&ldquo;妇联&rdquo;</p>');
    expect(html).toContain('<p>A &amp; B <code>x&lt;y</code></p>');
    expect(html).toMatch(/<p>&ldquo;妇\s?联&rdquo;<\/p>/);
  });

  it('adds no space where the text already has one', () => {
    expect(spaceWords('妇女 儿童')).toBe('妇女 儿童');
    expect(spaceWords(' 讲座 ')).toBe(' 讲座 ');
  });
});

describe('stageSearchPages', () => {
  let work: string;
  let site: string;
  let staging: string;
  const write = (path: string, html: string) => {
    mkdirSync(dirname(join(site, path)), { recursive: true });
    writeFileSync(join(site, path), html);
  };
  const staged = (path: string) => readFileSync(join(staging, 'pages', path), 'utf8');

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'fulian-search-pages-'));
    site = join(work, 'dist');
    staging = join(work, 'cache', 'search-pages');
    write('news/a/index.html', page('<h1>家庭教育讲座</h1>'));
    write('news/b/index.html', page('<h1>巾帼建功</h1>'));
    write('news/index.html', '<html><body><ul><li>列表页不建索引</li></ul></body></html>');
    write('pagefind/x.html', page('<h1>旧索引里的页面</h1>'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('stages only the pages Pagefind indexes, and of each only what it reads, split into words', async () => {
    expect(await stageSearchPages(site, staging)).toEqual({ pages: 2, segmented: 2, removed: 0 });
    expect(staged('news/a/index.html')).toBe(
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>' +
        '<article data-pagefind-body data-pagefind-meta="date:2018年4月16日"><h1>家庭 教育 讲座</h1></article></body></html>',
    );
    expect(() => staged('news/index.html')).toThrow();
    expect(() => staged('pagefind/x.html')).toThrow();
  });

  it('segments again only what changed, and deletes what vanished', async () => {
    await stageSearchPages(site, staging);
    write('news/a/index.html', page('<h1>家庭教育讲座第二讲</h1>'));
    rmSync(join(site, 'news', 'b'), { recursive: true });
    write('news/c/index.html', page('<h1>妇女儿童</h1>'));
    expect(await stageSearchPages(site, staging)).toEqual({ pages: 2, segmented: 2, removed: 1 });
    expect(staged('news/a/index.html')).toContain('第二');
    expect(() => staged('news/b/index.html')).toThrow();
    expect(await stageSearchPages(site, staging)).toEqual({ pages: 2, segmented: 0, removed: 0 });
  });

  it('does not segment a page again when only what surrounds its content changed', async () => {
    await stageSearchPages(site, staging);
    write('news/a/index.html', page('<h1>家庭教育讲座</h1>', '<nav><a href="/about/">关于我们</a></nav>'));
    expect(await stageSearchPages(site, staging)).toEqual({ pages: 2, segmented: 0, removed: 0 });
  });

  it('shares a large site among worker threads, staging exactly what one thread does', async () => {
    for (let i = 0; i < 2000; i++) {
      write(`news/n${i}/index.html`, i % 2 ? page(`<h1>第${i}期家庭教育讲座</h1><p>妇女儿童权益维护</p>`) : '<p>列表</p>');
    }
    const alone = join(work, 'cache', 'alone');
    const one = await stageSearchPages(site, alone, { workers: 1 });
    const two = await stageSearchPages(site, staging, { workers: 2 });
    expect(two).toEqual(one);
    expect(two).toEqual({ pages: 1002, segmented: 1002, removed: 0 });
    for (const path of ['news/a/index.html', 'news/n1/index.html', 'news/n1999/index.html']) {
      expect(staged(path)).toBe(readFileSync(join(alone, 'pages', path), 'utf8'));
    }
    rmSync(join(site, 'news', 'n1'), { recursive: true });
    expect(await stageSearchPages(site, staging, { workers: 2 })).toEqual({ pages: 1001, segmented: 0, removed: 1 });
  });

  it('starts afresh when the staged copies were made by another format or ICU', async () => {
    await stageSearchPages(site, staging);
    const manifest = join(staging, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"icu":"[^"]*"/, '"icu":"0.0"'));
    writeFileSync(join(staging, 'pages', 'stray.html'), page('<h1>不该留下</h1>'));
    expect(await stageSearchPages(site, staging)).toEqual({ pages: 2, segmented: 2, removed: 0 });
    expect(() => readFileSync(join(staging, 'pages', 'stray.html'))).toThrow();
  });
});
