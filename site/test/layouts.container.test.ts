import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import ArticleLayout from '../src/layouts/ArticleLayout.astro';
import ListLayout from '../src/layouts/ListLayout.astro';

// The two shells rendered alone by Astro's Container API: what every document page and every
// list page of the site is made of. BaseLayout reads Site settings through astro:content,
// mocked here (support/astro-content.ts), so no CMS and no build is involved.
vi.mock('astro:content', async () =>
  (await import('./support/astro-content.ts')).mockedAstroContent(
    {},
    { siteName: '厦门市妇女联合会', siteDomain: 'www.example.org', description: '厦门市妇联', navigation: [] },
  ),
);
vi.mock('../src/cms/documents.ts', async () => (await import('./support/astro-content.ts')).mockedDocuments());

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create({ astroConfig: { site: 'https://www.example.org', trailingSlash: 'always' } });
});

/** The markup as a build writes it: without the attributes Vite's dev mode adds to find sources. */
const plain = (html: string) => html.replace(/ data-astro-(?:source-file|source-loc|cid-[a-z0-9]+)(?:="[^"]*")?/g, '');
const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end) + end.length);

const article = {
  title: '市妇联举办培训班',
  section: { href: '/news/', name: '新闻动态' },
  column: { name: '新闻动态', type: '新闻' },
  article: { title: '市妇联举办培训班', date: '2018-04-17' },
  feed: { title: '新闻动态', href: '/news/rss.xml' },
  search: { section: '新闻', date: '2018年4月17日' },
  body: '<p>正文</p>',
  back: { href: '/news/', label: '返回新闻列表' },
};

describe('ArticleLayout', () => {
  it.each([
    [
      'news: crumbs, facts, a cover and the body',
      { ...article },
      {
        breadcrumb: ' › <a href="/news/category/gz/">工作动态</a>',
        facts: '<p class="meta">来源：市妇联</p>',
        default: '<figure class="cover"></figure>',
      },
      '<article class="article panel" data-pagefind-body data-pagefind-filter="section:新闻" data-pagefind-meta="date:2018年4月17日">' +
        '<header><p class="breadcrumb" data-pagefind-ignore><a href="/news/">新闻动态</a> › <a href="/news/category/gz/">工作动态</a></p>' +
        '<h1>市妇联举办培训班</h1><p class="meta">来源：市妇联</p></header>' +
        '<figure class="cover"></figure><div class="prose"><p>正文</p></div></article>' +
        '<p class="back-link"><a href="/news/">返回新闻列表</a></p>',
    ],
    [
      'a batch without a body: no empty prose block',
      {
        ...article,
        title: '第三批',
        section: { href: '/relief/', name: '救助' },
        search: { section: '救助', date: '2018年6月1日' },
        body: null,
        back: { href: '/relief/siai/', label: '返回“四癌”救助' },
      },
      { default: '<dl class="figures"></dl>' },
      '<article class="article panel" data-pagefind-body data-pagefind-filter="section:救助" data-pagefind-meta="date:2018年6月1日">' +
        '<header><p class="breadcrumb" data-pagefind-ignore><a href="/relief/">救助</a></p><h1>第三批</h1></header>' +
        '<dl class="figures"></dl></article><p class="back-link"><a href="/relief/siai/">返回“四癌”救助</a></p>',
    ],
  ])('%s', async (_name, props, slots, expected) => {
    const html = plain(
      await container.renderToString(ArticleLayout, { request: new Request('https://www.example.org/news/a/'), props, slots }),
    );
    expect(between(html, '<article', '</p></main>').replace('</main>', '')).toBe(expected);
    // The page in its section: title, column, article meta and the section's feed.
    expect(html).toContain(`<title>${props.title} - 厦门市妇女联合会</title>`);
    expect(html).toContain(`<meta name="ArticleTitle" content="${props.article.title}">`);
    expect(html).toContain(
      '<link rel="alternate" type="application/rss+xml" title="厦门市妇女联合会 - 新闻动态" href="/news/rss.xml">',
    );
  });
});

const page = { kind: 'head' as const, number: null, base: '/trainings/', window: [2, 1], newer: null, older: 2, paged: true };
const card = (n: number) => ({
  title: `培训 ${n}`,
  href: `/trainings/t${n}/`,
  datetime: '2018-04-17',
  dateText: '2018年4月17日',
  summary: null,
  tags: [],
});

describe('ListLayout', () => {
  it.each([
    ['no documents yet', [], false, ['<p>暂无培训。</p>'], ['entry-list']],
    [
      'a page of cards with pagination',
      [card(1), card(2)],
      true,
      [
        '<ul class="entry-list"><li class="entry-card"><h2><a href="/trainings/t1/">培训 1</a></h2>',
        '<nav aria-label="分页">',
        'href="/trainings/page/2/"',
      ],
      ['暂无培训'],
    ],
  ])('%s', async (_name, cards, paged, present, absent) => {
    const html = plain(
      await container.renderToString(ListLayout, {
        request: new Request('https://www.example.org/trainings/'),
        props: {
          title: '培训',
          section: '/trainings/',
          column: { name: '培训', type: '培训' },
          feed: { title: '培训', href: '/trainings/rss.xml' },
          cards,
          empty: '暂无培训。',
          page: { ...page, paged },
          subscriptions: [{ href: '/trainings/rss.xml', label: '订阅培训 RSS' }],
        },
        slots: { default: '<nav class="category-nav"></nav>' },
      }),
    );
    expect(html).toContain('<h1 class="page-title">培训</h1><nav class="category-nav"></nav><div class="panel">');
    expect(html).toContain('<p><a class="feed-link" href="/trainings/rss.xml">订阅培训 RSS</a></p></main>');
    for (const text of present) expect(html).toContain(text);
    for (const text of absent) expect(html).not.toContain(text);
    expect(html.includes('<nav aria-label="分页">')).toBe(paged);
  });
});

describe('ListLayout of a news category', () => {
  it('crumbs before the title, several subscriptions or none', async () => {
    const render = (subscriptions: { href: string; label: string }[]) =>
      container.renderToString(ListLayout, {
        request: new Request('https://www.example.org/news/category/gz/'),
        props: {
          title: '工作动态',
          section: '/news/',
          column: { name: '工作动态', type: '新闻' },
          feed: { title: '新闻动态', href: '/news/rss.xml' },
          cards: [card(1)],
          empty: '此分类下暂无新闻。',
          page: { ...page, base: '/news/category/gz/', paged: false },
          subscriptions,
        },
        slots: { breadcrumb: '<a href="/news/">新闻动态</a> › 工作动态' },
      });
    const none = plain(await render([]));
    expect(none).toContain(
      '<p class="breadcrumb" data-pagefind-ignore><a href="/news/">新闻动态</a> › 工作动态</p><h1 class="page-title">工作动态</h1><div class="panel">',
    );
    expect(none).toMatch(/<\/div>(<nav[\s\S]*<\/nav>)?<\/main>/);
    const two = plain(
      await render([
        { href: '/lectures/rss.xml', label: '订阅讲座 RSS' },
        { href: '/events.ics', label: '加入日历（iCalendar）' },
      ]),
    );
    expect(two).toContain(
      '<p><a class="feed-link" href="/lectures/rss.xml">订阅讲座 RSS</a>　<a class="feed-link" href="/events.ics">加入日历（iCalendar）</a></p></main>',
    );
  });
});
