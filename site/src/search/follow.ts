import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PRESTAGE_FOLDER, readManifest } from './manifest.ts';
import type { Digests, Prestaged, StagedShare } from './stage.ts';

/**
 * Staging for search while the build renders.
 *
 * A cold publish renders its pages on one core for about 20 s at 1x while the machine's other
 * core waits, and only then segments every page's text for the search index (about 15 s of
 * CPU at 1x). Following the build, the publisher stages each page soon after the build wrote it,
 * on a thread of its own, so that most of that work is done by the time the build ends.
 *
 * The build says which files it will write (its render plan lists them route by route before
 * the first page is rendered: BuildSiteOptions.plannedPagesFile); a listed file is staged once
 * it has existed for a whole poll, so it is rarely read while still being written. Nothing
 * here is trusted: indexSite reads every page again and takes a staged copy only for a page
 * whose digest is still the one staged (stagePages), so a page read half-written, or written
 * again, is staged again there. Staged copies go to a folder of their own until then.
 */

export interface FollowOptions {
  /** The folder the build writes into. */
  outDir: string;
  /** The search step's work folder (indexSite's workDir): its manifest says what is staged already. */
  workDir: string;
  /** The file the build lists its planned pages in (BuildSiteOptions.plannedPagesFile). */
  plannedFile: string;
  /** How often to look for new pages. */
  intervalMs?: number;
}

export interface Follower {
  /**
   * Stops following (the build has ended, or failed), waits for the pages already handed to
   * the thread, and gives what was staged, for indexSite's `prestaged`. Rejects if staging
   * failed.
   */
  stop(): Promise<Prestaged & { segmented: number }>;
}

/** Files listed but not yet found are looked for this many at a time, in the order listed. */
const LOOKAHEAD = 2000;
/** Pages handed to the thread at once. */
const BATCH = 200;
/**
 * Batches the thread may have at once. When it falls behind the build, the rest is left to
 * indexSite, which stages on every core once the build has ended: stop() waits for these only.
 */
const IN_FLIGHT = 2;

/** Starts following a build: see the module comment. Call stop() whatever the build's outcome. */
export function followBuild(options: FollowOptions): Follower {
  const { outDir, workDir, plannedFile } = options;
  const dir = join(workDir, PRESTAGE_FOLDER);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Pages unchanged since the last index are not staged ahead (stagePages keeps them).
  const previous = readManifest(workDir)?.pages ?? {};

  const worker = new Worker(new URL('./follow-worker.ts', import.meta.url));
  const pages: Record<string, Digests> = {};
  let segmented = 0;
  let failure: Error | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  let stopping = false;
  worker.on('message', (share: StagedShare) => {
    Object.assign(pages, share.pages);
    segmented += share.segmented;
    inFlight--;
    if (!stopping) send();
    if (inFlight === 0) drained?.();
  });
  worker.on('error', (error) => {
    failure ??= error;
    inFlight = 0;
    drained?.();
  });
  // Found files (each found a poll ago or more), waiting for the thread.
  const queue: string[] = [];
  const send = () => {
    while (inFlight < IN_FLIGHT && queue.length > 0 && !failure) {
      const batch = queue.splice(0, BATCH);
      inFlight++;
      worker.postMessage({ site: outDir, dir, paths: batch, previous: pick(previous, batch) });
    }
  };

  // The planned list, read as it grows; a line is taken once its newline is there.
  let offset = 0;
  let partial = '';
  const listed: string[] = [];
  const readListed = () => {
    if (!existsSync(plannedFile)) return;
    const fd = openSync(plannedFile, 'r');
    try {
      const buffer = Buffer.alloc(1 << 20);
      for (let n = readSync(fd, buffer, 0, buffer.length, offset); n > 0; n = readSync(fd, buffer, 0, buffer.length, offset)) {
        offset += n;
        const lines = (partial + buffer.toString('utf8', 0, n)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.endsWith('.html')) listed.push(line);
      }
    } finally {
      closeSync(fd);
    }
  };

  // Listed files not yet found; files found in the last poll, staged in the next.
  let waiting: string[] = [];
  let found: string[] = [];
  const poll = () => {
    if (failure) return;
    queue.push(...found);
    send();
    readListed();
    waiting.push(...listed.splice(0));
    const still: string[] = [];
    found = [];
    waiting.forEach((file, i) => {
      if (i < LOOKAHEAD && existsSync(join(outDir, file))) found.push(file);
      else still.push(file);
    });
    waiting = still;
  };
  const timer = setInterval(poll, options.intervalMs ?? 1000);

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      if (inFlight > 0 && !failure) await new Promise<void>((resolve) => (drained = resolve));
      await worker.terminate();
      if (failure) throw new Error(`搜索索引预分词出错：${(failure as Error).message}`, { cause: failure });
      return { dir, pages, segmented };
    },
  };
}

const pick = (all: Record<string, Digests>, paths: string[]) =>
  Object.fromEntries(paths.flatMap((path) => (all[path] ? [[path, all[path]]] : [])));
