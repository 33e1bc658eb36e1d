import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { discard, type PublishLayout } from './releases.ts';

/**
 * The base of the next release, made ahead of time.
 *
 * A release written by difference starts as a hard-linked copy of the live one (`cp -al`,
 * release-diff.ts). That copy grows with the site: at 3x it is 220,000 links (pages with
 * their gzip and brotli copies, and the search index), 8–16 s of the kernel's time, and it
 * was the longest step of an edit: the build waited for it. So the copy is made as soon as a
 * release goes live, in a low-priority process of its own, between publishes: the next
 * edit renames the finished copy into place, an instant step. An edit that comes before the
 * copy is finished waits for it; one for a release that is no longer live (a rollback) makes
 * its own copy, as before.
 *
 *   releases/.linking-<id>.<pid>/  the copy being made, by the shell with that pid
 *   releases/.base-<id>/           the finished copy of release <id>, renamed when complete
 *
 * Releases never change once admitted, so a copy made later holds the same files. The copy
 * is renamed only when `cp` succeeded: a `.base-` folder is always complete.
 */

const BASE = '.base-';
const LINKING = /^\.linking-(.+)\.(\d+)$/;

export function baseDir(layout: PublishLayout, id: string): string {
  return join(layout.releases, `${BASE}${id}`);
}

/** Whether the shell that makes a copy is still running it (its command line names the copy). */
function linking(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

/** Copies this process started and that have not finished, by release (the shell may not have made its folder yet). */
const started = new Map<string, string>();

/** The copies of `id` being made by a live process, and what is left of any other. */
function copies(layout: PublishLayout, id: string | null): { running: boolean; stale: string[] } {
  let running = id !== null && started.get(id) === layout.releases;
  const stale: string[] = [];
  if (!existsSync(layout.releases)) return { running, stale };
  for (const name of readdirSync(layout.releases)) {
    if (name.startsWith(BASE)) {
      if (name !== `${BASE}${id}`) stale.push(name);
      continue;
    }
    const match = LINKING.exec(name);
    if (!match) continue;
    const alive = linking(Number(match[2]), join(layout.releases, `.linking-${match[1]}`));
    if (alive && match[1] === id) running = true;
    // A copy of another release still being made is left to finish; it is removed next time.
    else if (!alive) stale.push(name);
  }
  return { running, stale };
}

/**
 * Starts the copy of release `id` (the live one) in the background, unless it is there or
 * under way; removes the copies of other releases. Nothing waits for it.
 */
export function prepareBase(layout: PublishLayout, id: string | null): void {
  const { running, stale } = copies(layout, id);
  for (const name of stale) {
    const doomed = join(layout.releases, `.removing-${name.slice(1)}`);
    renameSync(join(layout.releases, name), doomed);
    discard(doomed);
  }
  if (!id || running || existsSync(baseDir(layout, id)) || !existsSync(join(layout.releases, id))) return;
  // `$$` is the shell's pid: the folder's name says which process is making it.
  const script = 'dir="$2.$$"; nice -n 19 cp -al -- "$1" "$dir" && mv -T -- "$dir" "$3"';
  const child = spawn(
    'sh',
    ['-c', script, 'sh', join(layout.releases, id), join(layout.releases, `.linking-${id}`), baseDir(layout, id)],
    { stdio: 'ignore', detached: true },
  );
  started.set(id, layout.releases);
  const done = () => {
    if (started.get(id) === layout.releases) started.delete(id);
  };
  child.on('error', done);
  child.on('exit', done);
  child.unref();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no copy of `id` is under way (at most `timeoutMs`), and says whether the
 * finished copy is there.
 */
export async function baseReady(layout: PublishLayout, id: string, timeoutMs = 10 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(baseDir(layout, id)) && copies(layout, id).running && Date.now() < deadline) await sleep(50);
  return existsSync(baseDir(layout, id));
}

/**
 * Moves the prepared copy of release `previous` to `to` (waiting for one under way), and says
 * whether it did; if not, the caller makes the copy itself.
 */
export async function takeBase(layout: PublishLayout, previous: string, to: string): Promise<boolean> {
  if (!(await baseReady(layout, previous))) return false;
  renameSync(baseDir(layout, previous), to);
  return true;
}
