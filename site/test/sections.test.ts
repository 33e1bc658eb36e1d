import * as model from '@fulian/shared-types/model';
import { BREAKDOWN_LABELS } from '@fulian/shared-types/rules';
import { describe, expect, it, vi } from 'vitest';
import type { Card } from '../src/lib/cards.ts';
import type { Fact } from '../src/lib/facts.ts';
import { factsHtml } from '../src/lib/feed.ts';
import type { CalendarEvent } from '../src/lib/ical.ts';
import { phoneNumbers } from '../src/lib/phone.ts';
import { ALL_SECTIONS, allCards, EVENT_SECTIONS, feedItems, SECTIONS } from '../src/sections/index.ts';
import {
  lectureArticlePaths,
  lectureListPaths,
  lectureSection,
  lectureSeries,
  lectureSeriesPaths,
  speakersText,
} from '../src/sections/lectures.ts';
import { categoryListPaths, newsArticlePaths, newsCategories, newsListPaths, newsSection } from '../src/sections/news.ts';
import { reliefBatchPaths, reliefFigures, reliefProgrammePaths, reliefSection } from '../src/sections/relief.ts';
import type { AnySection } from '../src/sections/section.ts';
import { showsLecturers, trainingArticlePaths, trainingListPaths, trainingSection } from '../src/sections/trainings.ts';
import * as fixtures from './support/astro-content.ts';

// The sections without a build: astro:content holds a few documents made from the
// shared-types contracts (support/astro-content.ts, after Starlight's mockedAstroContent).
vi.mock('astro:content', async () => {
  const { mockedAstroContent, news, training, lecture, category, lectureSeries, reliefProgramme, reliefBatch } = await import(
    './support/astro-content.ts'
  );
  const siai = reliefProgramme('贫困妇女“四癌”救助', 'siai');
  const baichang = lectureSeries('2018年百场讲座', 'baichang-2018');
  return mockedAstroContent({
    news: [
      news({ slug: 'older', date: '2018-03-01' }),
      news({
        slug: 'newest',
        date: '2018-04-20',
        category: { id: 1, documentId: 'category-dangjian-gongzuo', name: '党建工作', slug: 'dangjian-gongzuo' },
      }),
      // Same day: the documentId decides, so the order never changes between builds.
      news({ slug: 'same-day-a', date: '2018-04-10', documentId: 'a' }),
      news({ slug: 'same-day-b', date: '2018-04-10', documentId: 'b' }),
      ...Array.from({ length: 8 }, (_, i) => news({ slug: `old-${i}`, date: `2017-01-${String(i + 10)}` })),
    ],
    trainings: [
      training({ slug: 'spring', startDate: '2018-03-01', endDate: '2018-03-02' }),
      training({ slug: 'autumn', startDate: '2018-09-01', endDate: '2018-09-03' }),
    ],
    lectures: [
      lecture({ slug: 'morning', startsAt: '2018-04-21T01:00:00.000Z', series: baichang }),
      lecture({ slug: 'evening', startsAt: '2018-04-21T11:00:00.000Z' }),
      lecture({ slug: 'to-come', startsAt: '2099-01-01T01:00:00.000Z', series: baichang }),
    ],
    reliefBatches: [
      reliefBatch({ slug: 'older', programme: siai, disbursementDate: '2017-12-01', year: 2017, batchNumber: 4 }),
      // Same day: the higher batch number first.
      reliefBatch({ slug: 'second', programme: siai, batchNumber: 2 }),
      reliefBatch({ slug: 'third', programme: siai, batchNumber: 3 }),
    ],
    reliefProgrammes: [siai],
    categories: [
      category('组织建设', 'zuzhi-jianshe'),
      category('党建工作', 'dangjian-gongzuo'),
      category('工作动态', 'gongzuo-dongtai'),
    ],
    lectureSeries: [baichang, lectureSeries('2019年百场讲座', 'baichang-2019')],
  });
});

// News, trainings, lectures and batches are read from the document store (src/cms/documents.ts):
// the same fixtures as above.
vi.mock('../src/cms/documents.ts', async () => (await import('./support/astro-content.ts')).mockedDocuments());

// The rendered bodies live in the build's cache (src/cms/body-store.ts); here each is a stand-in.
vi.mock('../src/cms/body-store.ts', () => ({ bodyHtml: (entry: { id: string }) => `<p>正文 ${entry.id}</p>` }));

const site = new URL('https://www.example.org');
const stamp = new Date('2018-04-20T08:00:00.000Z');
const entry = <T>(collection: string, data: T & { slug: string }) => ({ id: data.slug, collection, data }) as never;

const siai = fixtures.reliefProgramme('贫困妇女“四癌”救助', 'siai');
const organisers = [
  { id: 1, name: '厦门市妇联', role: '主办' as const },
  { id: 2, name: '湖里区妇联', role: '承办' as const },
  { id: 3, name: '市教育局', role: '主办' as const },
];

interface Case {
  name: string;
  section: AnySection;
  /** What the content model says the section is. */
  model: model.ContentTypeConfig & { section: model.Section };
  entry: never;
  url: string;
  card: Card;
  facts: Fact[];
  /** The feed item's content (the cover goes first when there is one: tested in e2e). */
  feed: { description: string; content: string; categories: string[] };
  article: {
    column: { name: string; type: string };
    back: { href: string; label: string };
    search: { section: string; date: string };
  };
}

const news = entry(
  'news',
  fixtures.news({ slug: 'full', source: '市妇联办公室', category: { id: 1, documentId: 'c', name: '工作动态', slug: 'gz' } }),
);
const training = entry(
  'trainings',
  fixtures.training({
    slug: 't',
    organisers,
    host: '王主持',
    participantCount: 150,
    audience: '各区妇联主席',
    registration: '请于4月10日前<报名>',
    enquiryPhone: '0592-1234567、0592 7654321',
    courses: [
      { id: 1, title: '家庭教育', lecturer: '王老师', lecturerTitle: '教授' },
      { id: 2, title: '心理健康', lecturer: null, lecturerTitle: null },
    ],
  }),
);
const lecture = entry(
  'lectures',
  fixtures.lecture({
    slug: 'l',
    speakers: [{ id: 1, name: '张三', title: '厦门大学教授' }],
    series: fixtures.lectureSeries('2018年百场讲座', 'baichang-2018'),
    audience: '家长',
    attendance: 300,
  }),
);
const batch = entry('reliefBatches', fixtures.reliefBatch({ slug: 'b', programme: siai, summary: null }));

const cases: Case[] = [
  {
    name: 'news',
    section: newsSection,
    model: model.news,
    entry: news,
    url: '/news/full/',
    card: {
      title: '新闻 full',
      href: '/news/full/',
      datetime: '2018-04-17',
      dateText: '2018年4月17日',
      summary: '摘要。',
      tags: ['工作动态'],
    },
    facts: [
      { label: '日期', text: '2018年4月17日', datetime: '2018-04-17', pageOnly: true },
      { label: '来源', text: '市妇联办公室', pageOnly: true },
    ],
    feed: { description: '摘要。', content: '<p>正文 full</p>', categories: ['新闻', '工作动态'] },
    article: {
      column: { name: '工作动态', type: '新闻' },
      back: { href: '/news/', label: '返回新闻列表' },
      search: { section: '新闻', date: '2018年4月17日' },
    },
  },
  {
    name: 'trainings',
    section: trainingSection,
    model: model.training,
    entry: training,
    url: '/trainings/t/',
    card: {
      title: '培训 t',
      href: '/trainings/t/',
      datetime: '2018-04-17',
      dateText: '2018年4月17日至19日',
      summary: '摘要。',
      tags: ['培训', '市妇女儿童活动中心'],
    },
    facts: [
      { label: '时间', text: '2018年4月17日至19日', datetime: '2018-04-17' },
      { label: '地点', text: '市妇女儿童活动中心' },
      { label: '主办单位', text: '厦门市妇联、市教育局' },
      { label: '承办单位', text: '湖里区妇联' },
      { label: '主持', text: '王主持' },
      { label: '参加人数', text: '约 150 人' },
      { label: '参加对象', text: '各区妇联主席' },
    ],
    feed: {
      description: '摘要。',
      content:
        '<dl><dt>时间</dt><dd>2018年4月17日至19日</dd><dt>地点</dt><dd>市妇女儿童活动中心</dd>' +
        '<dt>主办单位</dt><dd>厦门市妇联、市教育局</dd><dt>承办单位</dt><dd>湖里区妇联</dd>' +
        '<dt>主持</dt><dd>王主持</dd><dt>参加人数</dt><dd>约 150 人</dd><dt>参加对象</dt><dd>各区妇联主席</dd></dl>' +
        '<h2>报名与咨询</h2><dl><dt>报名方式</dt><dd>请于4月10日前&lt;报名&gt;</dd>' +
        '<dt>咨询电话</dt><dd><a href="tel:05921234567">0592-1234567</a>、<a href="tel:05927654321">0592 7654321</a></dd></dl>' +
        '<h2>课程安排</h2><ul><li>家庭教育（王老师，教授）</li><li>心理健康</li></ul><p>正文 t</p>',
      categories: ['培训'],
    },
    article: {
      column: { name: '培训', type: '培训' },
      back: { href: '/trainings/', label: '返回培训列表' },
      search: { section: '培训', date: '2018年4月17日至19日' },
    },
  },
  {
    name: 'lectures',
    section: lectureSection,
    model: model.lecture,
    entry: lecture,
    url: '/lectures/l/',
    card: {
      title: '讲座 l',
      href: '/lectures/l/',
      datetime: '2018-04-21T01:00:00.000Z',
      dateText: '2018年4月21日 09:00',
      summary: '摘要。',
      tags: ['讲座', '2018年百场讲座'],
    },
    facts: [
      { label: '时间', text: '2018年4月21日 09:00', datetime: '2018-04-21T01:00:00.000Z' },
      { label: '地点', text: '市图书馆报告厅' },
      { label: '主讲', text: '张三（厦门大学教授）' },
      { label: '所属系列', text: '2018年百场讲座', href: '/lectures/series/baichang-2018/' },
      { label: '主办单位', text: '厦门市妇联' },
      { label: '听众对象', text: '家长' },
      { label: '参加人数', text: '约 300 人' },
    ],
    feed: {
      description: '摘要。',
      content:
        '<dl><dt>时间</dt><dd>2018年4月21日 09:00</dd><dt>地点</dt><dd>市图书馆报告厅</dd>' +
        '<dt>主讲</dt><dd>张三（厦门大学教授）</dd><dt>所属系列</dt><dd>2018年百场讲座</dd>' +
        '<dt>主办单位</dt><dd>厦门市妇联</dd><dt>听众对象</dt><dd>家长</dd><dt>参加人数</dt><dd>约 300 人</dd></dl><p>正文 l</p>',
      categories: ['讲座', '2018年百场讲座'],
    },
    article: {
      column: { name: '讲座', type: '讲座' },
      back: { href: '/lectures/', label: '返回讲座列表' },
      search: { section: '讲座', date: '2018年4月21日 09:00' },
    },
  },
  {
    name: 'relief',
    section: reliefSection,
    model: model.reliefBatch,
    entry: batch,
    url: '/relief/siai/b/',
    card: {
      title: '救助金发放 b',
      href: '/relief/siai/b/',
      datetime: '2018-04-23',
      dateText: '2018年4月23日',
      summary: null,
      tags: ['救助', '2018年第三批'],
    },
    facts: [
      { label: '救助项目', text: '贫困妇女“四癌”救助' },
      { label: '批次', text: '2018年第三批' },
      { label: '发放日期', text: '2018年4月23日', datetime: '2018-04-23' },
      { label: '发放金额', text: '14.6122万元', detail: '¥146,122.00' },
      { label: '救助人数', text: '3 人' },
    ],
    feed: {
      // Without a summary, the item says what the batch was.
      description: '贫困妇女“四癌”救助2018年第三批：14.6122万元，3 人',
      content:
        '<dl><dt>救助项目</dt><dd>贫困妇女“四癌”救助</dd><dt>批次</dt><dd>2018年第三批</dd>' +
        '<dt>发放日期</dt><dd>2018年4月23日</dd><dt>发放金额</dt><dd>14.6122万元（¥146,122.00）</dd>' +
        '<dt>救助人数</dt><dd>3 人</dd></dl>' +
        `<h2>${BREAKDOWN_LABELS.byDistrict}</h2><ul><li>思明区：3 人</li></ul>` +
        `<h2>${BREAKDOWN_LABELS.byAgeBand}</h2><ul><li>40-49岁：3 人</li></ul>` +
        `<h2>${BREAKDOWN_LABELS.byCancerType}</h2><ul><li>乳腺癌：3 人</li></ul><p>正文 b</p>`,
      categories: ['救助', '贫困妇女“四癌”救助'],
    },
    article: {
      column: { name: '贫困妇女“四癌”救助', type: '救助' },
      back: { href: '/relief/siai/', label: '返回贫困妇女“四癌”救助' },
      search: { section: '救助', date: '2018年4月23日' },
    },
  },
];

describe.each(cases)('the $name section', (c) => {
  it('takes its list, column, feed and search label from the content model', () => {
    const { list, column, type, feed } = c.model.section;
    expect(c.section.list).toEqual({ href: list, name: column });
    expect(c.section.column).toEqual({ name: column, type });
    expect(c.section.feed).toEqual(feed);
    expect(c.section.searchLabel).toBe(type);
    // Its feed is /<key>/rss.xml ([section]/rss.xml.ts), its list /<key>/.
    expect(SECTIONS[c.section.key as keyof typeof SECTIONS]).toBe(c.section);
    expect(feed.href).toBe(`/${c.section.key}/rss.xml`);
    expect(list).toBe(`/${c.section.key}/`);
    expect(c.section.subscriptions[0]).toEqual({ href: feed.href, label: `订阅${type} RSS` });
  });

  it('gives a document the address of the model’s URL pattern', () => {
    expect(c.section.url(c.entry)).toBe(c.url);
    expect(c.url).toBe(model.publicUrl(c.model.url as string, (c.entry as { data: Record<string, unknown> }).data));
  });

  it('makes its card', () => {
    expect(c.section.card(c.entry)).toEqual(c.card);
  });

  it('gives its facts, each once, for the page and the feed', () => {
    expect(c.section.facts(c.entry)).toEqual(c.facts);
  });

  it('writes its feed item from the same facts', async () => {
    const item = await c.section.feedItem(c.entry, site);
    expect(item).toEqual({ title: c.card.title, link: c.url, pubDate: stamp, ...c.feed });
    // Whatever the page shows but pageOnly facts, the item repeats.
    if (c.facts.some((f) => !f.pageOnly)) expect(item.content.startsWith(factsHtml(c.facts))).toBe(true);
  });

  it('hands its page the shell: title, column, search label and date, the way back', () => {
    const shell = c.section.article(c.entry, { image: undefined });
    expect(shell).toMatchObject({ title: c.card.title, section: c.section.list, feed: c.section.feed, ...c.article });
    expect(shell.article).toMatchObject({ title: c.card.title, date: c.card.datetime });
  });
});

describe('each section’s documents, newest first', () => {
  it.each([
    ['news', newsArticlePaths, ['newest', 'same-day-b', 'same-day-a', 'older', 'old-7']],
    ['trainings', trainingArticlePaths, ['autumn', 'spring']],
    ['lectures', lectureArticlePaths, ['to-come', 'evening', 'morning']],
    // The same day: the higher batch number first.
    ['relief batches', reliefBatchPaths, ['third', 'second', 'older']],
  ])('%s', async (_section, paths, expected) => {
    const slugs = (await paths()).map((p) => Object.values(p.params).at(-1));
    expect(slugs.slice(0, expected.length)).toEqual(expected);
    for (const path of await paths()) expect(Object.values(path.params).at(-1)).toBe(path.props.entry.id);
  });

  it('a batch lies under its programme', async () => {
    expect((await reliefBatchPaths())[0]?.params).toEqual({ programme: 'siai', batch: 'third' });
  });
});

describe('each section’s list, numbered from the oldest', () => {
  it.each([
    // 12 articles: the head shows the newest 10; numbered pages hold all, page 1 the oldest 10.
    ['news', newsListPaths, '/news/', [10, 10, 2]],
    ['trainings', trainingListPaths, '/trainings/', [2]],
    ['lectures', lectureListPaths, '/lectures/', [3]],
  ])('%s', async (_section, paths, base, sizes) => {
    const pages = await paths();
    expect(pages.map((p) => p.props.entries.length)).toEqual(sizes);
    expect(pages[0]?.params.page).toBeUndefined();
    expect(pages.every((p) => p.props.base === base)).toBe(true);
  });

  it('what a list shows above its items is in its props, so that its key follows it', async () => {
    // The news list's every page shows the categories; the lecture list's head the series.
    const news = await newsListPaths();
    for (const page of news) expect(page.props.categories.map((c) => c.data.name)).toEqual(['党建工作', '工作动态', '组织建设']);
    const lectures = await lectureListPaths();
    expect(lectures.map((p) => [p.props.kind, p.props.series.map((s) => s.id)])).toEqual([
      ['head', ['baichang-2019', 'baichang-2018']],
    ]);
  });

  it('a news category has a list of its own, under its address', async () => {
    const pages = await categoryListPaths();
    expect(pages.map((p) => [p.params.category, p.props.entries.map((e) => e.id), p.props.base])).toEqual([
      ['zuzhi-jianshe', [], '/news/category/zuzhi-jianshe/'],
      ['dangjian-gongzuo', ['newest'], '/news/category/dangjian-gongzuo/'],
      ['gongzuo-dongtai', [], '/news/category/gongzuo-dongtai/'],
    ]);
    expect(pages[1]?.props.name).toBe('党建工作');
  });
});

describe('what sits above a list, and the pages beside the lists', () => {
  it('news categories in Chinese collation (pinyin order)', async () => {
    expect((await newsCategories()).map((c) => c.data.name)).toEqual(['党建工作', '工作动态', '组织建设']);
  });

  it('lecture series, the newest name first', async () => {
    expect((await lectureSeries()).map((s) => s.id)).toEqual(['baichang-2019', 'baichang-2018']);
  });

  it('a series counts the lectures held by the time of the build', async () => {
    const paths = await lectureSeriesPaths(Date.parse('2020-01-01T00:00:00Z'));
    const bySlug = [...paths].sort((a, b) => a.params.slug.localeCompare(b.params.slug));
    expect(bySlug.map((p) => [p.params.slug, p.props.lectures.map((l) => l.id), p.props.held])).toEqual([
      ['baichang-2018', ['to-come', 'morning'], 1],
      ['baichang-2019', [], 0],
    ]);
  });

  it('a relief programme has its batches, newest first', async () => {
    const paths = await reliefProgrammePaths();
    expect(paths.map((p) => [p.params.programme, p.props.batches.map((b) => b.id)])).toEqual([
      ['siai', ['third', 'second', 'older']],
    ]);
  });

  it('a batch’s figures are three of its facts: amount, recipients, date', () => {
    expect(reliefFigures(batch).map((f) => f.label)).toEqual(['发放金额', '救助人数', '发放日期']);
    for (const figure of reliefFigures(batch)) expect(reliefSection.facts(batch)).toContainEqual(figure);
  });
});

describe('the sections together', () => {
  it('are news, trainings, lectures and relief, in that order, each with its own search label', () => {
    expect(ALL_SECTIONS.map((s) => s.key)).toEqual(['news', 'trainings', 'lectures', 'relief']);
    expect(ALL_SECTIONS.map((s) => s.searchLabel)).toEqual(['新闻', '培训', '讲座', '救助']);
    expect(EVENT_SECTIONS).toEqual([trainingSection, lectureSection]);
  });

  it('the archive holds every card, newest day first', async () => {
    const cards = await allCards();
    expect(cards).toHaveLength(12 + 2 + 3 + 3);
    expect(cards[0]?.href).toBe('/lectures/to-come/');
    const days = cards.map((c) => c.datetime.slice(0, 10));
    expect(days.slice(1, 4)).toEqual(['2018-09-01', '2018-04-23', '2018-04-23']);
  });

  it('a section’s feed has its documents published last, each as its section writes it', async () => {
    for (const section of ALL_SECTIONS) {
      const items = await feedItems(section, site);
      const entries = await section.newestFirst();
      expect(items.map((i) => i.link).sort()).toEqual(entries.map((e) => section.url(e)).sort());
    }
  });
});

describe('calendar events', () => {
  const calendar = { site, domain: 'www.example.org' };

  it('a training: all day over its dates, with 报名方式 and 咨询电话 in the description and the contact', () => {
    expect(trainingSection.calendarEvent?.(training, calendar)).toEqual({
      uid: 'training-training-t@www.example.org',
      updatedAt: '2018-04-20T08:00:00.000Z',
      summary: '培训 t',
      description:
        '摘要。\n报名方式：请于4月10日前<报名>\n咨询电话：0592-1234567、0592 7654321\n详情：https://www.example.org/trainings/t/',
      contact: '咨询电话：0592-1234567、0592 7654321',
      location: '市妇女儿童活动中心',
      url: 'https://www.example.org/trainings/t/',
      when: { allDay: true, startDate: '2018-04-17', endDate: '2018-04-19' },
    } satisfies CalendarEvent);
  });

  it('a lecture: at its time, two hours long; no sign-up, no contact', () => {
    expect(lectureSection.calendarEvent?.(lecture, calendar)).toEqual({
      uid: 'lecture-lecture-l@www.example.org',
      updatedAt: '2018-04-20T08:00:00.000Z',
      summary: '讲座 l',
      description: '摘要。\n详情：https://www.example.org/lectures/l/',
      contact: null,
      location: '市图书馆报告厅',
      url: 'https://www.example.org/lectures/l/',
      when: { allDay: false, start: '2018-04-21T01:00:00.000Z', end: '2018-04-21T03:00:00.000Z' },
    } satisfies CalendarEvent);
  });

  it('news and relief batches are not events', () => {
    expect(newsSection.calendarEvent).toBeNull();
    expect(reliefSection.calendarEvent).toBeNull();
  });
});

describe('structured data', () => {
  const settings = { siteName: '厦门市妇联' } as Parameters<typeof newsSection.jsonLd>[1]['settings'];

  it('a news article names its category and source only when it has them', () => {
    const bare = newsSection.jsonLd(entry('news', fixtures.news({ slug: 'bare' })), {
      url: 'u',
      image: undefined,
      settings,
      site,
    });
    expect(bare).toMatchObject({ '@type': 'NewsArticle', headline: '新闻 bare', mainEntityOfPage: 'u' });
    expect(bare).not.toHaveProperty('articleSection');
    expect(bare).not.toHaveProperty('author');
    expect(bare).not.toHaveProperty('image');
    const full = newsSection.jsonLd(news, { url: 'u', image: 'https://www.example.org/_img/a.jpg', settings, site });
    expect(full).toMatchObject({
      articleSection: '工作动态',
      author: { '@type': 'Organization', name: '市妇联办公室' },
      image: 'https://www.example.org/_img/a.jpg',
    });
  });

  it('a training is an Event with an end date; a lecture has none in the CMS; a batch has none', () => {
    const page = { url: 'u', image: undefined, settings, site };
    const t = trainingSection.jsonLd(entry('trainings', fixtures.training({ slug: 't' })), page);
    expect(t).toMatchObject({ '@type': 'Event', startDate: '2018-04-17', endDate: '2018-04-19' });
    const l = lectureSection.jsonLd(entry('lectures', fixtures.lecture({ slug: 'l' })), page);
    expect(l).toMatchObject({ '@type': 'Event', startDate: '2018-04-21T01:00:00.000Z' });
    expect(l).not.toHaveProperty('endDate');
    expect(reliefSection.jsonLd(batch, page)).toBeNull();
  });
});

describe('small page facts', () => {
  it.each([
    ['no lecturer anywhere', [{ id: 1, title: '课', lecturer: null, lecturerTitle: null }], false],
    ['a lecturer', [{ id: 1, title: '课', lecturer: '王老师', lecturerTitle: null }], true],
    ['only a title', [{ id: 1, title: '课', lecturer: null, lecturerTitle: '厦门大学教授' }], true],
  ])('the course table’s lecturer columns: %s', (_name, courses, shown) => {
    expect(showsLecturers({ data: fixtures.training({ slug: 'c', courses }) } as never)).toBe(shown);
  });

  it.each([
    [[], ''],
    [[{ id: 1, name: '张三', title: null }], '张三'],
    [
      [
        { id: 1, name: '张三', title: '厦门大学教授' },
        { id: 2, name: '李四', title: null },
      ],
      '张三（厦门大学教授）；李四',
    ],
  ])('主讲 %#', (speakers, text) => {
    expect(speakersText({ data: fixtures.lecture({ slug: 's', speakers }) } as never)).toBe(text);
  });

  it('a lecture without speakers or series, a training without host, count or audience: only the facts it has', () => {
    const bare = { data: fixtures.lecture({ slug: 'b', organisers: [] }) } as never;
    expect(lectureSection.facts(bare).map((f) => f.label)).toEqual(['时间', '地点']);
    const plain = { data: fixtures.training({ slug: 'p', organisers: [] }) } as never;
    expect(trainingSection.facts(plain).map((f) => f.label)).toEqual(['时间', '地点']);
  });

  it.each([
    ['0592-1234567', ['0592-1234567']],
    ['0592-1234567、0592 7654321', ['0592-1234567', '0592 7654321']],
    ['12345，67890; 13800000000 / ', ['12345', '67890', '13800000000']],
    ['', []],
  ])('咨询电话 %s', (text, numbers) => {
    expect(phoneNumbers(text)).toEqual(numbers);
  });
});
