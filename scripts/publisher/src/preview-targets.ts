/**
 * For each content type editors can preview: its REST path (the collection the site's loader
 * reads, see site/src/content.config.ts) and the page it becomes (site/src/pages/). When a
 * route moves, this table moves with it; the preview test opens a news page through it.
 */
export interface PreviewTarget {
  /** The REST path segment, e.g. news-items; null for a single type (no draft to overlay). */
  collection: string | null;
  /** What to ask for to know the page's address. */
  query: Record<string, string>;
  /** The page's path, from the document as the REST API returns it. */
  page(document: Record<string, unknown>): string;
}

const slug = (document: Record<string, unknown>): string => String(document.slug);
const SLUG = { 'fields[0]': 'slug' };

export const PREVIEW_TARGETS: Record<string, PreviewTarget> = {
  'api::news.news': { collection: 'news-items', query: SLUG, page: (d) => `/news/${slug(d)}/` },
  'api::training.training': { collection: 'trainings', query: SLUG, page: (d) => `/trainings/${slug(d)}/` },
  'api::lecture.lecture': { collection: 'lectures', query: SLUG, page: (d) => `/lectures/${slug(d)}/` },
  'api::lecture-series.lecture-series': {
    collection: 'lecture-series-list',
    query: SLUG,
    page: (d) => `/lectures/series/${slug(d)}/`,
  },
  'api::relief-programme.relief-programme': { collection: 'relief-programmes', query: SLUG, page: (d) => `/relief/${slug(d)}/` },
  'api::relief-batch.relief-batch': {
    collection: 'relief-batches',
    query: { ...SLUG, 'populate[programme][fields][0]': 'slug' },
    page: (d) => `/relief/${slug((d.programme ?? {}) as Record<string, unknown>)}/${slug(d)}/`,
  },
  'api::category.category': { collection: 'categories', query: SLUG, page: (d) => `/news/category/${slug(d)}/` },
  'api::site-setting.site-setting': { collection: null, query: {}, page: () => '/' },
};
