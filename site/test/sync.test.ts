import { describe, expect, it } from 'vitest';
import { DELTA_OVERLAP_MS, deltaStart, syncPlan } from '../src/cms/sync.ts';

const TYPES = new Set(['api::news.news', 'api::lecture.lecture']);
const env = (changed: unknown[]) => ({ SITE_SYNC: 'delta', SITE_CHANGED: JSON.stringify(changed) });

describe('syncPlan', () => {
  it('reads everything unless asked for a delta', () => {
    expect(syncPlan({}, TYPES).mode).toBe('full');
  });
  it('reads by delta the documents the events name', () => {
    const plan = syncPlan(
      env([
        { uid: 'api::news.news', documentId: 'a' },
        { uid: 'api::news.news', documentId: 'b' },
        { uid: 'api::lecture.lecture', documentId: 'c' },
      ]),
      TYPES,
    );
    expect(plan.mode).toBe('delta');
    expect([...(plan.changed.get('api::news.news') ?? [])]).toEqual(['a', 'b']);
  });
  it.each([
    ['a category, which news embed', { uid: 'api::category.category', documentId: 'x' }],
    ['a media file', { uid: null, documentId: null }],
    [
      'a relief programme (published or withdrawn), which batches embed',
      { uid: 'api::relief-programme.relief-programme', documentId: 'p' },
    ],
    ['site settings', { uid: 'api::site-setting.site-setting', documentId: null }],
    ['an event without a documentId', { uid: 'api::news.news', documentId: null }],
  ])('reads everything after a change to %s', (_what, event) => {
    expect(syncPlan(env([{ uid: 'api::news.news', documentId: 'a' }, event]), TYPES).mode).toBe('full');
  });
  it('fails loudly on a malformed list', () => {
    expect(() => syncPlan({ SITE_SYNC: 'delta', SITE_CHANGED: '{' }, TYPES)).toThrow(/SITE_CHANGED/);
  });
});

describe('deltaStart', () => {
  const minutes = DELTA_OVERLAP_MS / 60_000;
  it.each([
    // newest publication seen, the CMS's clock at the last read, where the next delta starts
    ['2026-12-02T21:09:52.756Z', undefined, '2026-12-02T21:04:52.756Z'],
    ['2026-12-02T21:09:52.756Z', '', '2026-12-02T21:04:52.756Z'],
    // A read long after an import: the imported documents are not read again.
    ['2026-12-02T21:09:52.756Z', '2026-12-03T01:22:25.000Z', '2026-12-03T01:17:25.000Z'],
    // A CMS clock behind its newest publication (never expected) cannot skip that publication.
    ['2026-12-02T21:09:52.756Z', '2026-12-02T20:00:00.000Z', '2026-12-02T21:04:52.756Z'],
    ['2026-12-02T21:09:52.756Z', 'not a date', '2026-12-02T21:04:52.756Z'],
  ])(`starts ${minutes} minutes before the later of %s and %s`, (newest, readAt, expected) => {
    expect(deltaStart(newest, readAt)).toBe(expected);
  });
  it('refuses a newest publication time that is not a time', () => {
    expect(() => deltaStart('yesterday')).toThrow(/最新发布时间无效/);
  });
});
