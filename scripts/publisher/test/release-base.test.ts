import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { baseDir, baseReady, prepareBase, takeBase } from '../src/release-base.ts';
import { admitRelease, incomingDir, type PublishLayout, publishLayout, switchLive } from '../src/releases.ts';

let root: string;
let layout: PublishLayout;

/** A release of `pages` pages, each in its own folder as the site writes them. */
function release(id: string, pages = 50): string {
  const dir = incomingDir(layout, id);
  for (let i = 0; i < pages; i++) {
    mkdirSync(join(dir, 'news', `n${i}`), { recursive: true });
    writeFileSync(join(dir, 'news', `n${i}`, 'index.html'), `${id} ${i}`);
  }
  writeFileSync(join(dir, 'index.html'), `site ${id}`);
  admitRelease(layout, id);
  return id;
}

const hidden = () =>
  readdirSync(layout.releases)
    .filter((name) => name.startsWith('.'))
    .sort();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fulian-release-base-'));
  layout = publishLayout(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the next release, copied ahead of time', () => {
  it('copies the live release by hard links, and hands the copy over by rename', async () => {
    const a = release('20180420-000001-000');
    switchLive(layout, a);
    prepareBase(layout, a);
    expect(await baseReady(layout, a)).toBe(true);
    const copy = join(baseDir(layout, a), 'news', 'n7', 'index.html');
    expect(statSync(copy).ino).toBe(statSync(join(layout.releases, a, 'news', 'n7', 'index.html')).ino);

    const next = incomingDir(layout, '20180420-000002-000');
    expect(await takeBase(layout, a, next)).toBe(true);
    expect(readFileSync(join(next, 'news', 'n7', 'index.html'), 'utf8')).toBe(`${a} 7`);
    expect(hidden()).toEqual(['.incoming-20180420-000002-000']);
    // Taken once: the next build finds none and makes its own copy.
    expect(await takeBase(layout, a, incomingDir(layout, 'x'))).toBe(false);
  });

  it('waits for a copy under way', async () => {
    const a = release('20180420-000001-000', 2000);
    prepareBase(layout, a);
    // Started, not finished: the copy is made under a name of its own, renamed when complete.
    expect(hidden()).not.toContain(`.base-${a}`);
    const next = incomingDir(layout, 'y');
    expect(await takeBase(layout, a, next)).toBe(true);
    expect(readdirSync(join(next, 'news'))).toHaveLength(2000);
    expect(hidden()).toEqual(['.incoming-y']);
  });

  it('makes one copy at a time, and drops the copies of releases no longer live', async () => {
    const a = release('20180420-000001-000');
    const b = release('20180420-000002-000');
    prepareBase(layout, a);
    prepareBase(layout, a);
    expect(await baseReady(layout, a)).toBe(true);
    // A second copy would have been left half-named: its rename onto the first fails.
    expect(hidden()).toEqual([`.base-${a}`]);
    // A copy left by a process that died, and the live release moved on (a rollback, a build).
    mkdirSync(join(layout.releases, '.linking-20180420-000002-000.999999999'));
    prepareBase(layout, b);
    expect(await baseReady(layout, b)).toBe(true);
    await vi.waitFor(() => expect(hidden()).toEqual([`.base-${b}`]), { timeout: 5000 });
  });

  it('makes no copy of a release that is not there', async () => {
    prepareBase(layout, null);
    prepareBase(layout, 'nope');
    expect(await baseReady(layout, 'nope')).toBe(false);
    expect(readdirSync(root).includes('releases') ? hidden() : []).toEqual([]);
  });
});
