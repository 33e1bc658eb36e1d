/** How many items a list page shows. */
export const PER_PAGE = 10;

export interface ListPage<T> {
  params: { page: string | undefined };
  props: { current: number; last: number; entries: T[]; base: string };
}

/**
 * Paths for a paginated list under `base`: page 1 at the base itself, the rest at
 * base/page/N/ so a page number can never collide with a document's slug. A list with no
 * items still has its first page, which says so.
 */
export function paginate<T>(items: T[], base: string, perPage = PER_PAGE): ListPage<T>[] {
  const last = Math.max(1, Math.ceil(items.length / perPage));
  return Array.from({ length: last }, (_, i) => ({
    params: { page: i === 0 ? undefined : `page/${i + 1}` },
    props: { current: i + 1, last, entries: items.slice(i * perPage, (i + 1) * perPage), base },
  }));
}

export const pageUrl = (base: string, page: number) => (page === 1 ? base : `${base}page/${page}/`);
