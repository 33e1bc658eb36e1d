import { describe, expect, it, vi } from 'vitest';
import { phoneNumbers } from '../src/lib/phone.ts';
import { lectureArticlePaths, lectureJsonLd, lectureListPaths, lectureSeries, speakersText } from '../src/sections/lectures.ts';
import { newsArticlePaths, newsCategories, newsJsonLd, newsListPaths } from '../src/sections/news.ts';
import { reliefBatchPaths } from '../src/sections/relief.ts';
import { showsLecturers, trainingArticlePaths, trainingJsonLd, trainingListPaths } from '../src/sections/trainings.ts';
import * as fixtures from './support/astro-content.ts';

// The sections' page data without a build: astro:content holds a few documents made from the
// shared-types contracts (support/astro-content.ts, after Starlight's mockedAstroContent).
vi.mock('astro:content', async () => {
  const { mockedAstroContent, news, training, lecture, category, lectureSeries } = await import('./support/astro-content.ts');
  return mockedAstroContent({
    news: [
      news({ slug: 'older', date: '2018-03-01' }),
      news({ slug: 'newest', date: '2018-04-20' }),
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
      lecture({ slug: 'morning', startsAt: '2018-04-21T01:00:00.000Z' }),
      lecture({ slug: 'evening', startsAt: '2018-04-21T11:00:00.000Z' }),
    ],
    reliefBatches: [],
    categories: [
      category('组织建设', 'zuzhi-jianshe'),
      category('党建工作', 'dangjian-gongzuo'),
      category('工作动态', 'gongzuo-dongtai'),
    ],
    lectureSeries: [lectureSeries('2018年百场讲座', 'baichang-2018'), lectureSeries('2019年百场讲座', 'baichang-2019')],
  });
});

describe('each section’s document pages, newest first', () => {
  it.each([
    ['news', newsArticlePaths, ['newest', 'same-day-b', 'same-day-a', 'older', 'old-7']],
    ['trainings', trainingArticlePaths, ['autumn', 'spring']],
    ['lectures', lectureArticlePaths, ['evening', 'morning']],
    ['relief batches', reliefBatchPaths, []],
  ])('%s', async (_section, paths, expected) => {
    const slugs = (await paths()).map((p) => Object.values(p.params).at(-1));
    expect(slugs.slice(0, expected.length)).toEqual(expected);
    for (const path of await paths()) expect(Object.values(path.params).at(-1)).toBe(path.props.entry.id);
  });
});

describe('each section’s list, numbered from the oldest', () => {
  it.each([
    // 12 articles: the head shows the newest 10; numbered pages hold all, page 1 the oldest 10.
    ['news', newsListPaths, '/news/', [10, 10, 2]],
    ['trainings', trainingListPaths, '/trainings/', [2]],
    ['lectures', lectureListPaths, '/lectures/', [2]],
  ])('%s', async (_section, paths, base, sizes) => {
    const pages = await paths();
    expect(pages.map((p) => p.props.entries.length)).toEqual(sizes);
    expect(pages[0]?.params.page).toBeUndefined();
    expect(pages.every((p) => p.props.base === base)).toBe(true);
  });
});

describe('what sits above a list', () => {
  it('news categories in Chinese collation (pinyin order)', async () => {
    expect((await newsCategories()).map((c) => c.data.name)).toEqual(['党建工作', '工作动态', '组织建设']);
  });

  it('lecture series, the newest name first', async () => {
    expect((await lectureSeries()).map((s) => s.id)).toEqual(['baichang-2019', 'baichang-2018']);
  });
});

describe('structured data', () => {
  const site = new URL('https://www.example.org');
  const settings = { siteName: '厦门市妇联' } as Parameters<typeof newsJsonLd>[1]['settings'];
  const entry = <T>(collection: string, data: T & { slug: string }) => ({ id: data.slug, collection, data }) as never;

  it('a news article names its category and source only when it has them', () => {
    const bare = newsJsonLd(entry('news', fixtures.news({ slug: 'bare' })), { url: 'u', image: undefined, settings, site });
    expect(bare).toMatchObject({ '@type': 'NewsArticle', headline: '新闻 bare', mainEntityOfPage: 'u' });
    expect(bare).not.toHaveProperty('articleSection');
    expect(bare).not.toHaveProperty('author');
    expect(bare).not.toHaveProperty('image');
    const full = newsJsonLd(
      entry(
        'news',
        fixtures.news({
          slug: 'full',
          source: '市妇联办公室',
          category: { id: 1, documentId: 'c', name: '工作动态', slug: 'gz' },
        }),
      ),
      { url: 'u', image: 'https://www.example.org/_img/a.jpg', settings, site },
    );
    expect(full).toMatchObject({
      articleSection: '工作动态',
      author: { '@type': 'Organization', name: '市妇联办公室' },
      image: 'https://www.example.org/_img/a.jpg',
    });
  });

  it('a training is an Event with an end date; a lecture has none in the CMS', () => {
    const t = trainingJsonLd(entry('trainings', fixtures.training({ slug: 't' })), { url: 'u', image: undefined });
    expect(t).toMatchObject({ '@type': 'Event', startDate: '2018-04-17', endDate: '2018-04-19' });
    const l = lectureJsonLd(entry('lectures', fixtures.lecture({ slug: 'l' })), { url: 'u', image: undefined });
    expect(l).toMatchObject({ '@type': 'Event', startDate: '2018-04-21T01:00:00.000Z' });
    expect(l).not.toHaveProperty('endDate');
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

  it.each([
    ['0592-1234567', ['0592-1234567']],
    ['0592-1234567、0592 7654321', ['0592-1234567', '0592 7654321']],
    ['12345，67890; 13800000000 / ', ['12345', '67890', '13800000000']],
    ['', []],
  ])('咨询电话 %s', (text, numbers) => {
    expect(phoneNumbers(text)).toEqual(numbers);
  });
});
