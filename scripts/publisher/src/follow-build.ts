import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchStaging } from '@fulian/site/search';
import { TaskThread } from '@fulian/site/task-thread';
import type { FileCounts } from './precompress.ts';
import type { CompressTask } from './precompress-worker.ts';

/**
 * Work on a full build's pages while Astro is still writing the rest of them.
 *
 * A cold publish at 1x spent 37 s in Astro and then about 50 s on its pages again: staging
 * each for the search index and giving it compressed copies. Astro renders on one core (and
 * waits on its files), so the other core sat idle for most of the build. The follower looks at
 * the release folder every `intervalMs`, takes the pages that are complete (a page ends with
 * `</html>`; one still being written does not, and waits for the next look) and, one batch at
 * a time on one thread each, stages them (SearchStaging) and compresses them (compressFiles).
 * After the build the usual steps run as before and find those pages done: indexSite checks
 * their digests, and precompress finds their copies current by modification time. So the
 * follower only moves work earlier: anything it missed or could not finish is done after.
 *
 * It never touches a file Astro is writing: it reads pages, and writes only the copies beside
 * them (new names, renamed into place) and the staged text in the indexer's own folder.
 */
/**
 * Pages handed over at a time. stop() waits for the batch in hand, and a batch of 3,000 pages
 * (what piled up while the one before ran) held the publish 14 s after Astro had finished;
 * 200 pages take about half a second. Pages left over are done after the build, on both cores.
 * One look at the folder may find thousands: they wait their turn without another look.
 */
const BATCH_PAGES = 200;

export class BuildFollower {
  readonly #dir: string;
  /** What the follower staged: indexSite takes it after the build (IndexSiteOptions.staging). */
  readonly staging: SearchStaging;
  readonly #intervalMs: number;
  readonly #seen = new Set<string>();
  #compress: TaskThread<CompressTask, FileCounts> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #failure: Error | undefined;
  #waiting: string[] = [];
  #pages = 0;
  #compressed = 0;

  constructor(dir: string, staging: SearchStaging, options: { intervalMs?: number } = {}) {
    this.#dir = dir;
    this.staging = staging;
    this.#intervalMs = options.intervalMs ?? 1000;
  }

  /** Pages handed over so far (staged and compressed). */
  get handled(): number {
    return this.#pages;
  }

  start(): this {
    // A failure stops the follower at once and is reported by stop(), never left unhandled.
    this.#loop ??= this.#run().catch((error: unknown) => {
      this.#failure = error instanceof Error ? error : new Error(String(error));
    });
    return this;
  }

  /**
   * Stops looking, lets the batch in hand finish and ends the threads. Rejects with the error
   * that stopped the follower, if one did (a page it could not read, a thread that failed):
   * the caller fails the build rather than publish what the follower left half done.
   */
  async stop(): Promise<{ pages: number; compressed: number }> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    await Promise.all([this.staging.close(), this.#compress?.close()]);
    if (this.#failure) throw this.#failure;
    return { pages: this.#pages, compressed: this.#compressed };
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      await new Promise<void>((resolve) => {
        // Pages found complete and not handed over yet: the next batch goes at once.
        const timer = setTimeout(resolve, this.#waiting.length > 0 ? 0 : this.#intervalMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.#stopped) return;
      if (this.#waiting.length === 0) this.#waiting = this.#completePages();
      const batch = this.#waiting.splice(0, BATCH_PAGES);
      if (batch.length === 0) continue;
      await this.staging.stage(this.#dir, batch);
      this.#compress ??= new TaskThread<CompressTask, FileCounts>(new URL('./precompress-worker.ts', import.meta.url), '预压缩', {
        background: true,
      });
      const counts = await this.#compress.run({ dir: this.#dir, files: batch.map((page) => join(this.#dir, page)) });
      this.#pages += batch.length;
      this.#compressed += counts.compressed;
    }
  }

  /** Pages written since the last look, complete ones only, as paths under the folder. */
  #completePages(): string[] {
    let entries: string[];
    try {
      entries = readdirSync(this.#dir, { recursive: true, encoding: 'utf8' });
    } catch (error) {
      // Astro makes the folder when it writes its first file.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const complete: string[] = [];
    for (const entry of entries) {
      if (!entry.endsWith('.html') || this.#seen.has(entry)) continue;
      if (!/<\/html>\s*$/.test(readFileSync(join(this.#dir, entry), 'utf8').slice(-64))) continue;
      this.#seen.add(entry);
      complete.push(entry);
    }
    return complete;
  }
}
