/** How many items a list page shows. */
export const PER_PAGE = 10;

/** How many numbered pages the pagination links on each side of the current one. */
const WINDOW = 2;

// A type, not an interface: Astro's page props must be assignable to an index signature.
export type ListPageProps<T> = {
  /** 'head' is the list's own address (the newest items); 'page' a numbered page. */
  kind: 'head' | 'page';
  /** The page's number, counted from the oldest page (1); null on the head. */
  number: number | null;
  /** Newest first. */
  entries: T[];
  /** The list's address, e.g. /news/ */
  base: string;
  /** Numbered pages to link, newest first (the current one included on a numbered page). */
  window: number[];
  /** The next newer page: a number, 'head' for the list's address, or null on the head. */
  newer: number | 'head' | null;
  /** The next older page, or null when there is none. */
  older: number | null;
  /** Whether the list has numbered pages at all (more items than the head shows). */
  paged: boolean;
};

export interface ListPage<T> {
  params: { page: string | undefined };
  props: ListPageProps<T>;
}

/**
 * Paths for a paginated list under `base`, numbered from the OLDEST item: page 1 holds the
 * oldest items and keeps them for ever, so publishing a new item changes the list's head
 * (base itself, the newest items), the newest numbered page and the links of the two pages
 * before it, and nothing else. Numbering from the newest would move every item on every page
 * down one place on each publish, and every list page would have to be written again.
 *
 * `newestFirst` must be in a total order (ties broken by something that never changes, such
 * as the documentId), or equal items could swap pages between two builds.
 */
export function paginate<T>(newestFirst: T[], base: string, perPage = PER_PAGE): ListPage<T>[] {
  const oldestFirst = [...newestFirst].reverse();
  const last = Math.ceil(oldestFirst.length / perPage);
  const window = (center: number) => {
    const pages: number[] = [];
    for (let n = Math.min(last, center + WINDOW); n >= Math.max(1, center - WINDOW); n--) pages.push(n);
    return pages;
  };
  // The head shows the newest perPage items; its "older" link goes to the numbered page that
  // holds the item after them.
  const headOlder = oldestFirst.length > perPage ? Math.floor((oldestFirst.length - perPage - 1) / perPage) + 1 : null;
  const head: ListPage<T> = {
    params: { page: undefined },
    props: {
      kind: 'head',
      number: null,
      entries: newestFirst.slice(0, perPage),
      base,
      window: headOlder === null ? [] : window(headOlder + 1).filter((n) => n <= last),
      newer: null,
      older: headOlder,
      paged: last > 1 || headOlder !== null,
    },
  };
  const pages: ListPage<T>[] = [];
  for (let n = 1; n <= last && oldestFirst.length > perPage; n++) {
    pages.push({
      params: { page: `page/${n}` },
      props: {
        kind: 'page',
        number: n,
        entries: oldestFirst.slice((n - 1) * perPage, n * perPage).reverse(),
        base,
        window: window(n),
        newer: n < last ? n + 1 : 'head',
        older: n > 1 ? n - 1 : null,
        paged: true,
      },
    });
  }
  return [head, ...pages];
}

export const pageUrl = (base: string, page: number | 'head') => (page === 'head' ? base : `${base}page/${page}/`);

/** A list page's title: the list's name, with the page number on numbered pages. */
export const listTitle = (name: string, props: Pick<ListPageProps<unknown>, 'number'>) =>
  props.number === null ? name : `${name}（第 ${props.number} 页）`;
