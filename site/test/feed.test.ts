import { describe, expect, it } from 'vitest';
import { FEED_ITEMS, lastPublished } from '../src/lib/feed.ts';

const at = (day: number, minute = 0) => `2020-01-${String(day).padStart(2, '0')}T08:${String(minute).padStart(2, '0')}:00.000Z`;
const item = (id: string, publishedAt: string) => ({ id, data: { publishedAt } });

/** What the feed showed before the selection: a stable sort, newest first, cut at `count`. */
const bySort = <T extends { data: { publishedAt: string } }>(entries: T[], count: number) =>
  [...entries].sort((a, b) => b.data.publishedAt.localeCompare(a.data.publishedAt)).slice(0, count);

describe('lastPublished', () => {
  it.each([
    ['no entries', [], 3, []],
    ['fewer than the count', [item('a', at(1)), item('b', at(3))], 3, ['b', 'a']],
    ['newest first, cut at the count', [item('a', at(1)), item('b', at(5)), item('c', at(3)), item('d', at(4))], 2, ['b', 'd']],
    ['ties keep their order', [item('a', at(2)), item('b', at(2)), item('c', at(9)), item('d', at(2))], 3, ['c', 'a', 'b']],
    ['a tie at the cut keeps the earlier one', [item('a', at(2)), item('b', at(9)), item('c', at(2))], 2, ['b', 'a']],
  ])('%s', (_what, entries, count, ids) => {
    expect(lastPublished(entries, count).map((e) => e.id)).toEqual(ids);
  });

  it('gives what a stable sort gives, on seeded archives with many ties', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round++) {
      const entries = Array.from({ length: Math.floor(random() * 400) }, (_, i) =>
        item(`e${i}`, at(1 + Math.floor(random() * 28), Math.floor(random() * 3))),
      );
      expect(
        lastPublished(entries).map((e) => e.id),
        `round ${round}`,
      ).toEqual(bySort(entries, FEED_ITEMS).map((e) => e.id));
    }
  });

  it('leaves the entries it was given as they were', () => {
    const entries = [item('a', at(1)), item('b', at(2))];
    lastPublished(entries);
    expect(entries.map((e) => e.id)).toEqual(['a', 'b']);
  });
});
