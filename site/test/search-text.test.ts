import { describe, expect, it } from 'vitest';
import { searchBody, stageBody } from '../src/search/page.ts';
import { excerpt, queryTerms, spaceWords, spaceWordsOf, unsplit } from '../src/search/text.ts';

const icuWords = (text: string) =>
  Array.from(new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(text), (s) => s.segment).join(' ');

describe('spaceWords and queryTerms', () => {
  it('splits Chinese into the segmenter’s words', () => {
    expect(spaceWords('家庭教育讲座举办培训班')).toBe(icuWords('家庭教育讲座举办培训班'));
  });

  it('keeps times, decimals and Latin words whole, splitting them only from Chinese', () => {
    expect(spaceWords('上午09:00开始')).toBe('上午 09:00 开始');
    expect(spaceWords('14.6122万元')).toMatch(/^14\.6122 万/);
    expect(spaceWords('Women Day')).toBe('Women Day');
    expect(spaceWords('妇女 儿童')).toBe('妇女 儿童');
  });

  it('keeps the federation’s own words whole where ICU splits them', () => {
    expect(spaceWords('市妇联举办巾帼志愿者培训')).toMatch(/^市 妇联 举办 巾帼 /);
    expect(spaceWords('妇联通过')).toMatch(/^妇联 /);
    expect(spaceWords('妇联通应用')).toMatch(/^妇 联通 /);
    expect(spaceWords('区妇联反家暴维权')).toBe('区 妇联 反家暴 维权');
  });

  it('splits many runs in one call exactly as each on its own', () => {
    const runs = [
      '市妇联举办巾帼志愿者培训',
      '',
      '上午09:00开始',
      '第一行\n第二行',
      'Windows 换行\r',
      '\r\n反家暴',
      '14.6122万元',
      'Women Day',
      '𠀀𠀁字',
      '\n',
      '妇联',
    ];
    expect(spaceWordsOf(runs)).toEqual(runs.map((run) => spaceWords(run)));
    expect(spaceWordsOf(runs.filter((run) => !run.includes('\r')))).toEqual(
      runs.filter((run) => !run.includes('\r')).map((run) => spaceWords(run)),
    );
    expect(spaceWordsOf([])).toEqual([]);
    // Each run on its own is the segmenter's own answer.
    expect(spaceWordsOf(['家庭教育讲座', '举办培训班'])).toEqual([icuWords('家庭教育讲座'), icuWords('举办培训班')]);
  });

  it('splits a query the way pages were split, word by typed word', () => {
    expect(queryTerms(' 家庭教育  09:00 ')).toBe(`${spaceWords('家庭教育')} 09:00`);
  });
});

describe('unsplit', () => {
  it('takes out the spaces next to Chinese, also around marks, and keeps the others', () => {
    expect(unsplit('家庭 <mark>教育</mark> 讲座 在 09:00 开始')).toBe('家庭<mark>教育</mark>讲座在09:00开始');
    expect(unsplit('Women Day 2018 年')).toBe('Women Day 2018年');
  });
});

describe('excerpt', () => {
  const content = '2018 年 4 月 ， 亚洲 妇女 论坛 在 厦门 举办。 思明 区 妇联 主席 吴 亚 汝 出席 并 讲话。 End here.';

  it('marks the whole query word, not parts of it elsewhere (吴亚汝, not 亚洲)', () => {
    const shown = excerpt(content, '吴亚汝', 'Pagefind <mark>亚洲</mark>');
    expect(shown).toContain('<mark>吴亚汝</mark>');
    expect(shown).not.toContain('<mark>亚');
    expect(shown.match(/<mark>/g)).toHaveLength(1);
  });

  it('reads as the page: no spaces between Chinese words, "…" where the text is cut', () => {
    const long = `${'妇女 儿童 权益 保障。 '.repeat(10)}讲座 在 09:00 开始。 ${'家庭 教育 指导。 '.repeat(20)}`;
    const shown = excerpt(long, '讲座', '');
    expect(shown).toMatch(/^…/);
    expect(shown).toMatch(/…$/);
    expect(shown).toContain('<mark>讲座</mark>在09:00开始。');
    expect(shown.replace(/<\/?mark>/g, '')).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
  });

  it('escapes the page text, and falls back to Pagefind’s marks when no whole word occurs', () => {
    expect(excerpt('A <b> & 讲座', '讲座', '')).toBe('A &lt;b&gt; &amp;<mark>讲座</mark>');
    expect(excerpt('妇女 儿童', '家庭教育', '<b>妇女</b> <mark>儿童</mark>')).toBe('&lt;b&gt;妇女&lt;/b&gt;<mark>儿童</mark>');
  });
});

const page = (body: string) =>
  `<!doctype html><html lang="zh-CN"><head><title>市妇联</title></head><body><nav>新闻动态</nav>` +
  `<article data-pagefind-body data-pagefind-filter="section:救助">${body}</article><script>var a="妇联"</script></body></html>`;

describe('searchBody', () => {
  it('is the marked element exactly as built, with the page’s language', () => {
    expect(searchBody(page('<h1>家庭教育讲座</h1>'))).toEqual({
      lang: 'zh-CN',
      html: '<article data-pagefind-body data-pagefind-filter="section:救助"><h1>家庭教育讲座</h1></article>',
    });
    expect(searchBody('<html lang="zh-CN"><body><ul><li>列表</li></ul></body></html>')).toBeUndefined();
  });

  // It starts parsing at the first marked element; each row is a page it must read as the
  // whole-page parse did (compared on all 14,727 pages of a 1x site as well).
  it.each([
    [
      'two marked elements, joined',
      `<html lang="en"><body><main data-pagefind-body>甲</main><p>乙</p><aside data-pagefind-body>丙</aside></body></html>`,
      { lang: 'en', html: '<main data-pagefind-body>甲</main>\n<aside data-pagefind-body>丙</aside>' },
    ],
    [
      'the marker named in the text before the element',
      `<html lang="zh-CN"><body><p>用 data-pagefind-body 标记</p><div data-pagefind-body>正文</div></body></html>`,
      { lang: 'zh-CN', html: '<div data-pagefind-body>正文</div>' },
    ],
    [
      'the marker in a script before the element',
      `<html lang="zh-CN"><head><script>q("[data-pagefind-body]")</script></head><body><div data-pagefind-body>正文</div></body></html>`,
      { lang: 'zh-CN', html: '<div data-pagefind-body>正文</div>' },
    ],
    [
      'a marked tag inside a script',
      `<html lang="zh-CN"><head><script>s = '<b data-pagefind-body>假</b>'</script></head><body><div data-pagefind-body>正文</div></body></html>`,
      { lang: 'zh-CN', html: '<div data-pagefind-body>正文</div>' },
    ],
    [
      'a marked tag inside a comment',
      `<html lang="zh-CN"><body><!-- <b data-pagefind-body>假</b> --><div data-pagefind-body>正文</div></body></html>`,
      { lang: 'zh-CN', html: '<div data-pagefind-body>正文</div>' },
    ],
    ['only in text: nothing marked', `<html lang="zh-CN"><body><p>data-pagefind-body</p></body></html>`, undefined],
    [
      'no language',
      `<!doctype html><html><body><div class="a" data-pagefind-body>正文</div></body></html>`,
      { lang: '', html: '<div class="a" data-pagefind-body>正文</div>' },
    ],
    ['no html tag', `<div data-pagefind-body>正文</div>`, { lang: '', html: '<div data-pagefind-body>正文</div>' }],
    [
      'a quoted language',
      `<html data-x="1" lang='zh-Hans'><body><div data-pagefind-body>正文</div></body></html>`,
      { lang: 'zh-Hans', html: '<div data-pagefind-body>正文</div>' },
    ],
  ])('%s', (_, html, expected) => {
    expect(searchBody(html)).toEqual(expected);
  });
});

describe('stageBody', () => {
  const staged = (html: string) => stageBody(`<article data-pagefind-body>${html}</article>`);

  it('takes the title from the heading as written, with its own spaces and quotes', () => {
    expect(staged('<header><h1>“巾帼 Women” &amp; 2018年</h1></header>')).toMatch(
      /^<article data-pagefind-body><meta data-pagefind-meta="heading\[content\]" content="“巾帼 Women” &amp; 2018年">/,
    );
  });

  it('ends Chinese blocks with Chinese punctuation, and leaves Latin and punctuated ones to Pagefind', () => {
    const html = staged('<h2>活动通知</h2><p>上午09:00开始</p><p>已经结束！</p><p>End here</p>');
    expect(html).toContain('<h2>活动 通知。</h2><p>上午 09:00 开始。</p><p>已经 结束 ！</p><p>End here</p>');
  });

  it('separates a stat card’s label, figure and small print, and a table’s cells', () => {
    const html = staged(
      '<dl class="figures"><div><dt>发放金额</dt><dd>14.6万元<small>146,122.00元</small></dd></div></dl>' +
        '<table><caption>区域分布</caption><tr><th>区域</th><th>人数</th></tr><tr><td>思明区</td><td>12</td></tr></table>',
    );
    const text = unsplit(html.replace(/<[^>]+>/g, ''));
    expect(text).toBe('发放金额：14.6万元（146,122.00元）。区域分布：区域，人数。思明区，12。');
  });

  it('leaves download links, a downloads paragraph, charts and ignored parts out of the punctuation, and marks downloads ignored', () => {
    const html = staged(
      '<p>正文</p><p class="downloads">下载统计数据：<a href="batches.csv" download>各批次（CSV）</a></p>' +
        '<p>见 <a href="/x/statistics.json">全部数据</a></p><svg><text>图</text></svg><p data-pagefind-ignore>导航</p>',
    );
    expect(html).toContain('<p data-pagefind-ignore class="downloads">');
    expect(html).toContain('<a data-pagefind-ignore href="batches.csv" download>');
    expect(html).toContain('<a data-pagefind-ignore href="/x/statistics.json">');
    expect(html).toContain('<svg><text>图</text></svg><p data-pagefind-ignore>导航</p>');
  });

  it('keeps tags, attributes, character references, scripts and styles as they were', () => {
    const html = staged('<p title="妇女儿童">A &amp; B &ldquo;妇联&rdquo;</p><style>.a{content:"妇联"}</style>');
    expect(html).toMatch(/<p title="妇女儿童">A &amp; B &ldquo;妇\s?联&rdquo;<\/p>/);
    expect(html).toContain('<style>.a{content:"妇联"}</style>');
  });
});
