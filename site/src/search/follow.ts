import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { searchFormat } from './staged-store.ts';

/**
 * Staging for search while the build renders.
 *
 * A cold publish renders its pages mostly on one core for 15-20 s at 1x, and only then
 * segments every page's text for the search index (about 15 s of CPU at 1x). Following the
 * build, a thread at the lowest priority stages each page soon after the build wrote it, into
 * the search step's store (staged-store.ts), in the time the build leaves over: at the lowest
 * priority it never slows the build down (an earlier follower at equal priority did).
 *
 * The build says which files it will write: its render plan lists them, route by route, before
 * the first page is rendered (BuildSiteOptions.plannedPagesFile). A listed file is staged once
 * it has existed for a whole poll, so it is rarely read while still being written. Nothing
 * here is trusted: indexSite reads every page of a full build again and keeps a staged row
 * only when the page's digest is the one staged, so a page read half written is staged again
 * there, and a follower that fell behind leaves the rest to indexSite.
 */

export interface FollowOptions {
  /** The folder the build writes into. */
  outDir: string;
  /** The search step's work folder (indexSite's workDir). */
  workDir: string;
  /** The file the build lists its planned pages in (BuildSiteOptions.plannedPagesFile). */
  plannedFile: string;
  /** How often to look for new pages. */
  intervalMs?: number;
}

export interface Follower {
  /**
   * Stops following (the build has ended, or failed) and waits for the pages already handed to
   * the thread. Gives how many pages were staged; rejects if staging failed.
   */
  stop(): Promise<{ staged: number }>;
}

/** Listed files not yet found are looked for this many at a time, in the order listed. */
const LOOKAHEAD = 2000;
/** Pages handed to the thread at once. */
const BATCH = 100;
/** Batches the thread may have at once: the rest waits, or is left to indexSite. */
const IN_FLIGHT = 2;

/** Starts following a build: see the module comment. Call stop() whatever the build's outcome. */
export function followBuild(options: FollowOptions): Follower {
  const { outDir, workDir, plannedFile } = options;
  const worker = new Worker(new URL('./follow-worker.ts', import.meta.url), {
    workerData: { outDir, workDir, format: searchFormat() },
    // It runs beside the build's own peak (1.6 GB at 3x): left to itself, V8 let this thread's
    // heap grow to a few hundred MB of garbage (the pages read, their parse trees) before
    // collecting, and the cold publish at 3x peaked at 1,934 MB. A batch needs a few MB.
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
  });
  let staged = 0;
  let failure: Error | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  let stopping = false;
  worker.on('message', (share: { segmented: number }) => {
    staged += share.segmented;
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
      inFlight++;
      worker.postMessage(queue.splice(0, BATCH));
    }
  };

  // The planned list, read as it grows; a line is taken once its newline is there.
  let offset = 0;
  let partial = '';
  const listed: string[] = [];
  const buffer = Buffer.alloc(1 << 20);
  const readListed = () => {
    if (!existsSync(plannedFile)) return;
    const fd = openSync(plannedFile, 'r');
    try {
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
      return { staged };
    },
  };
}
