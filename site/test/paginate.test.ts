import { describe, expect, it } from 'vitest';
import { fingerprint } from '../src/build/render-plan.ts';
import { type ListPage, pageUrl, paginate } from '../src/lib/paginate.ts';

/** Items newest first, as the collections helpers give them: n, n-1, …, 1. */
const items = (n: number) => Array.from({ length: n }, (_, i) => n - i);
const byPath = (pages: ListPage<number>[]) =>
  new Map(pages.map((p) => [pageUrl('/news/', p.props.number ?? 'head'), fingerprint(p.props)]));

describe('paginate (numbered from the oldest)', () => {
  it('puts the newest items on the head and the oldest on page 1', () => {
    const pages = paginate(items(25), '/news/');
    expect(pages.map((p) => p.params.page)).toEqual([undefined, 'page/1', 'page/2', 'page/3']);
    expect(pages[0]?.props.entries).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(pages[1]?.props.entries).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(pages[3]?.props.entries).toEqual([25, 24, 23, 22, 21]);
    expect(pages[0]?.props.older).toBe(2);
    expect(pages[3]?.props.newer).toBe('head');
  });

  it('has only a head when everything fits on it', () => {
    const pages = paginate(items(7), '/news/');
    expect(pages).toHaveLength(1);
    expect(pages[0]?.props.paged).toBe(false);
    expect(paginate([], '/news/')[0]?.props.entries).toEqual([]);
  });

  it.each([1, 9, 10, 11, 95, 100, 101, 1000])('a new item after %i changes at most 4 pages', (n) => {
    const before = byPath(paginate(items(n), '/news/'));
    const after = byPath(paginate(items(n + 1), '/news/'));
    const changed = [...after.keys()].filter((path) => before.get(path) !== after.get(path));
    expect(changed.length).toBeLessThanOrEqual(4);
    expect(changed).toContain('/news/');
  });

  it('links a window of page numbers, newest first, never the total', () => {
    const page = paginate(items(100), '/news/').find((p) => p.props.number === 5);
    expect(page?.props.window).toEqual([7, 6, 5, 4, 3]);
  });
});
