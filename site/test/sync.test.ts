import { describe, expect, it } from 'vitest';
import { syncPlan } from '../src/cms/sync.ts';

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
