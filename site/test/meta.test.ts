import { describe, expect, it } from 'vitest';
import { pubDate } from '../src/lib/meta.ts';

// The PubDate meta tag: a day, or an instant shown to the minute in Beijing time (UTC+8),
// whatever the build machine's own time zone.
describe('pubDate', () => {
  it.each([
    ['2025-12-03', '2025-12-03 00:00'],
    ['2025-12-03T01:30:00.000Z', '2025-12-03 09:30'],
    ['2025-12-03T16:05:59.000Z', '2025-12-04 00:05'],
    ['2025-12-31T23:59:00+08:00', '2025-12-31 23:59'],
    ['2026-01-01T00:00:00-05:00', '2026-01-01 13:00'],
  ])('%s → %s', (date, expected) => {
    expect(pubDate(date)).toBe(expected);
  });
});
