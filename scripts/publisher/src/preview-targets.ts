import { CONTENT_TYPES, publicUrl, restPathOf, urlFields } from '@fulian/shared-types/model';

/**
 * For each content type editors can preview: its REST path (the collection the site's loader
 * reads) and the page it becomes (site/src/pages/), both from the content model. When a route
 * moves, the model's URL pattern moves with it; the preview test opens a news page through it.
 */
export interface PreviewTarget {
  /** The REST path segment, e.g. trainings; null for a single type (no draft to overlay). */
  collection: string | null;
  /** What to ask for to know the page's address. */
  query: Record<string, string>;
  /** The page's path, from the document as the REST API returns it. */
  page(document: Record<string, unknown>): string;
}

/**
 * From the content model: each type with a public page, its REST path and URL pattern. The
 * fields the pattern reads are what is asked for ({programme.slug} populates the programme).
 */
export const PREVIEW_TARGETS: Record<string, PreviewTarget> = Object.fromEntries(
  CONTENT_TYPES.flatMap((type) => {
    const url = type.url;
    if (!url) return [];
    const query: Record<string, string> = {};
    let own = 0;
    for (const path of urlFields(url)) {
      const [field, nested] = path.split('.') as [string, string | undefined];
      if (nested) query[`populate[${field}][fields][0]`] = nested;
      else query[`fields[${own++}]`] = field;
    }
    const target: PreviewTarget = {
      collection: type.kind === 'singleType' ? null : restPathOf(type),
      query,
      page: (document) => publicUrl(url, document),
    };
    return [[type.uid, target]];
  }),
);
