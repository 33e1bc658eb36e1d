import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@fulian/tooling/processes';
import { serveStatic } from '@fulian/tooling/static-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockPublishDir } from '../src/dir-lock.ts';
import {
  admitRelease,
  holdRemovals,
  incomingDir,
  listReleases,
  liveRelease,
  newReleaseId,
  type PublishLayout,
  pruneReleases,
  publishLayout,
  removeIncoming,
  switchLive,
} from '../src/releases.ts';
import { rollback } from '../src/rollback.ts';

let root: string;
let layout: PublishLayout;

/** A finished build with a home page that says which one it is. */
function release(id: string, extra: Record<string, string> = {}): string {
  mkdirSync(incomingDir(layout, id), { recursive: true });
  for (const [file, text] of Object.entries({ 'index.html': `site ${id}`, '404.html': `missing in ${id}`, ...extra })) {
    writeFileSync(join(incomingDir(layout, id), file), text);
  }
  admitRelease(layout, id);
  return id;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fulian-releases-'));
  layout = publishLayout(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('releases and the live link', () => {
  it('names releases by time, so they sort in the order they were built', () => {
    const a = newReleaseId(layout, new Date('2018-04-20T09:30:05.120Z'));
    expect(a).toBe('20180420-093005-120');
    release(a);
    expect(newReleaseId(layout, new Date('2018-04-20T09:30:05.120Z'))).toBe('20180420-093005-120-2');
  });

  it('switches live by replacing the link, and rolls back to the one before', () => {
    const [a, b, c] = ['20180420-000001-000', '20180420-000002-000', '20180420-000003-000'].map((id) => release(id));
    expect(liveRelease(layout)).toBeNull();
    switchLive(layout, c as string);
    expect(liveRelease(layout)).toBe(c);
    expect(rollback(layout)).toMatchObject({ from: c, to: b });
    expect(rollback(layout)).toMatchObject({ from: b, to: a });
    expect(() => rollback(layout)).toThrow(/已是保留的最早版本/);
    expect(rollback(layout, { to: c })).toMatchObject({ from: a, to: c });
    expect(() => rollback(layout, { to: 'nope' })).toThrow(/没有版本 nope/);
    expect(() => switchLive(layout, 'nope')).toThrow(/没有版本 nope/);
  });

  it('prunes old releases but never the live one, and drops half-built folders', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => release(`20180420-00000${i}-000`));
    switchLive(layout, ids[0] as string);
    expect(pruneReleases(layout, 3)).toEqual(ids.slice(1, 3));
    expect(listReleases(layout)).toEqual([ids[0], ...ids.slice(3)]);
    mkdirSync(incomingDir(layout, 'x'), { recursive: true });
    // A removal the service did not see finish (it stopped) is finished at the next start.
    mkdirSync(join(layout.releases, '.removing-20180419-000000-000', 'news'), { recursive: true });
    removeIncoming(layout);
    expect(listReleases(layout)).toEqual([ids[0], ...ids.slice(3)]);
    // Pruned releases are deleted in the background, out of the service's thread.
    await vi.waitFor(() => expect(readdirSync(layout.releases).sort()).toEqual([ids[0], ...ids.slice(3)]), { timeout: 5000 });
  });

  it('deletes pruned releases only while no build holds the removals', async () => {
    const ids = Array.from({ length: 3 }, (_, i) => release(`20180420-00000${i}-000`));
    switchLive(layout, ids[2] as string);
    const resume = holdRemovals(layout);
    expect(pruneReleases(layout, 1)).toEqual(ids.slice(0, 2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Renamed out of the releases at once, and still on disk while the build runs.
    expect(listReleases(layout)).toEqual([ids[2]]);
    expect(readdirSync(layout.releases).filter((name) => name.startsWith('.removing-'))).toHaveLength(2);
    resume();
    resume();
    await vi.waitFor(() => expect(readdirSync(layout.releases)).toEqual([ids[2]]), { timeout: 5000 });
  });

  it('leaves a folder to the removal already deleting it, and removes the unclaimed ones', async () => {
    const claimed = join(layout.releases, '.removing-20180419-000000-000');
    const orphan = join(layout.releases, '.removing-20180418-000000-000');
    mkdirSync(join(claimed, 'news'), { recursive: true });
    mkdirSync(join(orphan, 'news'), { recursive: true });
    // Stands in for an earlier service's `rm -rf -- <folder>`, still at work: it looks the
    // same in /proc but deletes nothing, so a second `rm` on the folder would show as its
    // disappearance.
    const earlier = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', '-rf', claimed], {
      argv0: 'rm',
      stdio: 'ignore',
    });
    try {
      await vi.waitFor(() => expect(readFileSync(`/proc/${earlier.pid}/cmdline`, 'utf8')).toContain(claimed));
      removeIncoming(layout);
      await vi.waitFor(() => expect(existsSync(orphan)).toBe(false), { timeout: 5000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(existsSync(join(claimed, 'news'))).toBe(true);
    } finally {
      earlier.kill('SIGKILL');
    }
  });

  it('lets one publishing process use a folder at a time', () => {
    const unlock = lockPublishDir(root, '测试');
    expect(() => lockPublishDir(root, '另一个')).toThrow(/正由另一个发布进程使用（进程 \d+：测试/);
    unlock();
    lockPublishDir(root, '另一个')();
  });
});

describe('serving the live link', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('answers from the new release as soon as the link is switched, 404 page included', async () => {
    const port = await freePort();
    const site = await serveStatic(layout.live, port);
    server = site.server;
    expect((await fetch(`${site.url}/`)).status).toBe(503);

    release('20180420-000001-000', { 'old.html': 'only in the old one' });
    switchLive(layout, '20180420-000001-000');
    expect(await (await fetch(`${site.url}/`)).text()).toBe('site 20180420-000001-000');
    expect((await fetch(`${site.url}/old`)).status).toBe(200);

    release('20180420-000002-000');
    switchLive(layout, '20180420-000002-000');
    expect(await (await fetch(`${site.url}/`)).text()).toBe('site 20180420-000002-000');
    const gone = await fetch(`${site.url}/old`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe('missing in 20180420-000002-000');
  });
});
