import {
  type Category,
  categorySchema,
  type Lecture,
  type LectureSeries,
  lectureSchema,
  lectureSeriesSchema,
  type News,
  newsSchema,
  type ReliefBatch,
  type ReliefProgramme,
  reliefBatchSchema,
  reliefProgrammeSchema,
  type Training,
  trainingSchema,
} from '@fulian/shared-types';

/**
 * `astro:content` for unit tests, in the manner of Starlight's `mockedAstroContent`
 * (packages/starlight/__tests__/test-utils.ts): the collections as the loaders would store
 * them, built from a few fields per document over valid defaults and checked against the same
 * shared-types contracts the loaders apply, so a fixture cannot drift from what a build sees.
 *
 *   vi.mock('astro:content', async () =>
 *     (await import('./support/astro-content.ts')).mockedAstroContent({ news: [news({ slug: 'a' })] }));
 *   vi.mock('../src/cms/documents.ts', async () => (await import('./support/astro-content.ts')).mockedDocuments());
 */

let ids = 0;
const nextId = () => ++ids;
const stamp = '2018-04-20T08:00:00.000Z';

/** What every published document has: its ids, summary, body, cover and timestamps. */
const documentOf = (kind: string, label: string, slug: string) => ({
  id: nextId(),
  documentId: `${kind}-${slug}`,
  title: `${label} ${slug}`,
  summary: '摘要。',
  body: '正文。',
  cover: null,
  publishedAt: stamp,
  updatedAt: stamp,
});

/** What trainings and lectures share: who organises them and how to sign up. */
const event = {
  organisers: [{ id: 1, name: '厦门市妇联', role: '主办' }],
  audience: null,
  registration: null,
  enquiryPhone: null,
};

export const news = (fields: Partial<News> & { slug: string }): News =>
  newsSchema.parse({
    ...documentOf('news', '新闻', fields.slug),
    date: '2018-04-17',
    source: null,
    category: null,
    ...fields,
  });

export const training = (fields: Partial<Training> & { slug: string }): Training =>
  trainingSchema.parse({
    ...documentOf('training', '培训', fields.slug),
    ...event,
    startDate: '2018-04-17',
    endDate: '2018-04-19',
    venue: '市妇女儿童活动中心',
    host: null,
    participantCount: null,
    courses: [],
    ...fields,
  });

export const lecture = (fields: Partial<Lecture> & { slug: string }): Lecture =>
  lectureSchema.parse({
    ...documentOf('lecture', '讲座', fields.slug),
    ...event,
    startsAt: '2018-04-21T01:00:00.000Z',
    venue: '市图书馆报告厅',
    speakers: [],
    series: null,
    attendance: null,
    ...fields,
  });

export const category = (name: string, slug: string): Category =>
  categorySchema.parse({ id: nextId(), documentId: `category-${slug}`, name, slug });

export const lectureSeries = (name: string, slug: string, plannedCount = 100): LectureSeries =>
  lectureSeriesSchema.parse({ id: nextId(), documentId: `series-${slug}`, name, slug, plannedCount, description: null });

export const reliefProgramme = (name: string, slug: string): ReliefProgramme =>
  reliefProgrammeSchema.parse({
    id: nextId(),
    documentId: `programme-${slug}`,
    name,
    slug,
    description: '项目说明。',
    eligibility: '申请条件。',
    publishedAt: stamp,
    updatedAt: stamp,
  });

/** A batch of 3 recipients (breakdowns that sum to it), under the programme given. */
export const reliefBatch = (
  fields: Partial<ReliefBatch> & { slug: string; programme: Pick<ReliefProgramme, 'id' | 'documentId' | 'name' | 'slug'> },
): ReliefBatch => {
  const { programme, ...rest } = fields;
  return reliefBatchSchema.parse({
    ...documentOf('relief-batch', '救助金发放', fields.slug),
    programme: { id: programme.id, documentId: programme.documentId, name: programme.name, slug: programme.slug },
    year: 2018,
    batchNumber: 3,
    disbursementDate: '2018-04-23',
    amount: '146122.00',
    recipientCount: 3,
    byDistrict: [{ id: 1, label: '思明区', count: 3 }],
    byAgeBand: [{ id: 2, label: '40-49岁', count: 3 }],
    byCancerType: [{ id: 3, label: '乳腺癌', count: 3 }],
    ...rest,
  });
};

/** Documents by collection name, as content.config.ts names them. */
export type Fixtures = Partial<Record<string, Array<{ slug: string }>>>;

/** What the loaders store: the document under its slug, the body kept out (src/cms/body-store.ts). */
const entryOf = (collection: string, document: { slug: string; body?: unknown }) => {
  const { body: _body, ...data } = document;
  return { id: document.slug, collection, data, digest: `digest-${document.slug}` };
};

// The collections of the last mockedAstroContent(), for mockedDocuments() in the same test file.
let current: Record<string, ReturnType<typeof entryOf>[]> = {};

export function mockedAstroContent(collections: Fixtures, settings: Record<string, unknown> = {}) {
  const stored = Object.fromEntries(
    Object.entries(collections).map(([name, documents]) => [name, (documents ?? []).map((d) => entryOf(name, d))]),
  );
  current = stored;
  return {
    getCollection: async (name: string, filter?: (entry: unknown) => boolean) => {
      const entries = stored[name] ?? [];
      return filter ? entries.filter(filter) : entries;
    },
    getEntry: async (name: string, id: string) => {
      if (name === 'settings' && id === 'site') return { id, collection: name, data: settings };
      return stored[name]?.find((entry) => entry.id === id);
    },
  };
}

/**
 * `src/cms/documents.ts` for unit tests: the collections kept in the document store (news,
 * trainings, lectures, relief batches) come from the same fixtures as mockedAstroContent's,
 * one array per collection as the real store hands out.
 *
 *   vi.mock('../src/cms/documents.ts', async () => (await import('./support/astro-content.ts')).mockedDocuments());
 */
export function mockedDocuments() {
  return {
    getDocuments: async (name: string) => {
      current[name] ??= [];
      return current[name];
    },
  };
}
