import { describe, expect, it } from 'vitest';
import { RENDER_THREAD_MAX_PAGES, RENDER_THREAD_MIN_PAGES, threadsWanted } from '../src/build/parallel-render.ts';

// Whether a build renders its pages on a second thread (src/build/parallel-render.ts). That the
// pages are the same either way is checked by real builds: site/test/pipeline.integration.test.ts
// and the differential test (scripts/publisher/test/incremental.integration.test.ts).
describe('threadsWanted: when a build renders on two threads', () => {
  it.each([
    ['an edit of a few pages', 8, {}, 2, false],
    ['the smallest build that gains', RENDER_THREAD_MIN_PAGES, {}, 2, true],
    ['a full build at 1x', 14_727, {}, 2, true],
    ['the largest build under the memory bound', RENDER_THREAD_MAX_PAGES, {}, 2, true],
    ['a full build at 3x: memory first', 43_606, {}, 2, false],
    ['a machine of one core', 14_727, {}, 1, false],
    ['an operator who asks for one thread', 14_727, { SITE_RENDER_THREADS: '1' }, 2, false],
    ['a test that asks for two on a small site', 8, { SITE_RENDER_THREADS: '2' }, 2, true],
    ['two asked for at 3x', 43_606, { SITE_RENDER_THREADS: '2' }, 2, true],
    ['auto spelled out', 14_727, { SITE_RENDER_THREADS: 'auto' }, 2, true],
  ])('%s: %i pages → %s', (_what, pages, env, cores, expected) => {
    expect(threadsWanted(pages, env, cores)).toBe(expected);
  });
});
