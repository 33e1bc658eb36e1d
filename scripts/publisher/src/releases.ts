import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Where the publish pipeline keeps its work, all under one folder (var/ by default):
 *
 *   releases/<id>/       one complete build each, never changed once there
 *   releases/.incoming-<id>/  a build in progress; becomes releases/<id> only if it succeeds
 *   releases/.removing-<id>/  a pruned release, being deleted in the background
 *   releases/.base-<id>/      a hard-linked copy of release <id>, the next release's start (release-base.ts)
 *   live -> releases/<id>     the symlink a web server serves; switched by rename, atomically
 *   cache/live, cache/preview Astro's caches (content store digests, encoded images)
 *   snapshot/            the last good content (site/src/cms/snapshot.ts)
 *   preview/<key>/       draft previews, one folder per previewed document
 *   log/publish/<id>.log the full output of each build
 */
export interface PublishLayout {
  root: string;
  releases: string;
  live: string;
  liveCache: string;
  previewCache: string;
  snapshot: string;
  previews: string;
  logs: string;
}

export function publishLayout(root: string): PublishLayout {
  return {
    root,
    releases: join(root, 'releases'),
    live: join(root, 'live'),
    liveCache: join(root, 'cache', 'live'),
    previewCache: join(root, 'cache', 'preview'),
    snapshot: join(root, 'snapshot'),
    previews: join(root, 'preview'),
    logs: join(root, 'log', 'publish'),
  };
}

const RELEASE_ID = /^\d{8}-\d{6}-\d{3}(?:-\d+)?$/;

/** 20250314-093005-120: sorts by time as text, and names the moment the build began. */
export function newReleaseId(layout: PublishLayout, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace(/\.(\d{3})Z$/, '-$1');
  let id = stamp;
  for (let n = 2; existsSync(join(layout.releases, id)) || existsSync(incomingDir(layout, id)); n++) id = `${stamp}-${n}`;
  return id;
}

export function incomingDir(layout: PublishLayout, id: string): string {
  return join(layout.releases, `.incoming-${id}`);
}

/** Complete releases, oldest first. */
export function listReleases(layout: PublishLayout): string[] {
  if (!existsSync(layout.releases)) return [];
  return readdirSync(layout.releases)
    .filter((name) => RELEASE_ID.test(name))
    .sort();
}

/** The release the live link points at, or null before the first deploy. */
export function liveRelease(layout: PublishLayout): string | null {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(layout.live);
  } catch {
    return null;
  }
  if (!stat.isSymbolicLink()) {
    throw new Error(`${layout.live} 应是指向 releases/ 中某个版本的符号链接，实际上不是：请移走它，再发布一次。`);
  }
  return basename(readlinkSync(layout.live));
}

/**
 * Points the live link at a release in one step: a new link is made beside it and renamed
 * over it, so a web server sees the old site or the new one, never a missing or half site.
 */
export function switchLive(layout: PublishLayout, id: string): void {
  if (!listReleases(layout).includes(id)) throw new Error(`没有版本 ${id}（${layout.releases} 中没有这个完整的构建）`);
  const staged = join(layout.root, `.live-${id}-${process.pid}`);
  rmSync(staged, { force: true });
  // Relative, so the whole folder can be moved or mounted elsewhere.
  symlinkSync(join('releases', id), staged);
  try {
    renameSync(staged, layout.live);
  } catch (error) {
    rmSync(staged, { force: true });
    throw new Error(`无法切换 ${layout.live} 到版本 ${id}：${(error as Error).message}`, { cause: error });
  }
}

/** Moves a finished build into releases/, where only complete builds are. */
export function admitRelease(layout: PublishLayout, id: string): void {
  mkdirSync(layout.releases, { recursive: true });
  renameSync(incomingDir(layout, id), join(layout.releases, id));
}

/** Deletes all but the newest `keep` releases, never the live one. Returns what went. */
export function pruneReleases(layout: PublishLayout, keep: number): string[] {
  const live = liveRelease(layout);
  const all = listReleases(layout);
  const removed = all.slice(0, Math.max(0, all.length - keep)).filter((id) => id !== live);
  for (const id of removed) {
    const doomed = join(layout.releases, `.removing-${id}`);
    renameSync(join(layout.releases, id), doomed);
    discard(doomed);
  }
  return removed;
}

/** Builds that asked the removals to wait (holdRemovals), and the removals asked meanwhile. */
let holds = 0;
const deferred: string[] = [];

/**
 * Deletes a folder in a low-priority child process, not waited for. A release at 3x is
 * 220,000 files (pages with their gzip and brotli copies, and the search index); removing one
 * in the service took 20–48 s of the service's own thread, during which it answered no webhook.
 * The folder was renamed out of the releases first, so nothing reads it any more; if the
 * service stops before `rm` is done, the next start removes the rest (removeIncoming).
 */
export function discard(path: string): void {
  if (holds > 0) {
    deferred.push(path);
    return;
  }
  const child = spawn('nice', ['-n', '19', 'rm', '-rf', '--', path], { stdio: 'ignore', detached: true });
  // A machine without `nice` (never Debian): the folder is removed here instead.
  child.on('error', () => rmSync(path, { recursive: true, force: true }));
  child.unref();
}

/**
 * The `rm` processes removing this layout's releases: this service's, and those an earlier
 * service process left running (found in /proc by their command line; none where there is
 * no /proc, and then nothing is paused).
 */
function removals(layout: PublishLayout): number[] {
  return removers(layout).map((remover) => remover.pid);
}

/** Each running removal of this layout: its process, and the folder it deletes. */
function removers(layout: PublishLayout): { pid: number; folder: string }[] {
  const prefix = join(layout.releases, '.removing-');
  const found: { pid: number; folder: string }[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [command, ...args] = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // `nice -n 19 rm -rf -- <folder>`, or the `rm` it became.
      const folder = args.find((arg) => arg.startsWith(prefix));
      if ((command === 'rm' || command === 'nice') && args.includes('-rf') && folder) found.push({ pid: Number(entry), folder });
    } catch {
      // The process ended while being looked at.
    }
  }
  return found;
}

function signal(pids: number[], name: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // It finished meanwhile.
    }
  }
}

/**
 * Pauses the removals while a build runs, and returns what resumes them. Unlinking a release
 * is the kernel's work on the same folders and disk the build uses: at 3x a removal running
 * beside the next edit's build made that edit 4–8 s slower. Paused, a removal runs between
 * publishes only.
 */
export function holdRemovals(layout: PublishLayout): () => void {
  holds++;
  signal(removals(layout), 'SIGSTOP');
  let done = false;
  return () => {
    if (done) return;
    done = true;
    holds--;
    if (holds > 0) return;
    signal(removals(layout), 'SIGCONT');
    for (const path of deferred.splice(0)) discard(path);
  };
}

/** Leftovers of builds that were interrupted (the process was killed mid-build), and of removals. */
export function removeIncoming(layout: PublishLayout): void {
  if (!existsSync(layout.releases)) return;
  // Removals a service stopped while it held them (killed mid-build) go on.
  const running = removers(layout);
  signal(
    running.map((remover) => remover.pid),
    'SIGCONT',
  );
  // A folder an earlier process is still deleting is left to it: a second `rm -rf` on the
  // same 220,000 files only doubles the kernel's work (six at once took 61 % system CPU).
  const claimed = new Set(running.map((remover) => remover.folder));
  for (const name of readdirSync(layout.releases)) {
    // A whole release at 3x: renamed aside at once, deleted in the background.
    if (name.startsWith('.incoming-')) {
      const doomed = join(layout.releases, `.removing-${name.slice(1)}`);
      renameSync(join(layout.releases, name), doomed);
      discard(doomed);
    }
    if (name.startsWith('.removing-') && !claimed.has(join(layout.releases, name))) discard(join(layout.releases, name));
  }
}
