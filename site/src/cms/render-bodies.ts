import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inThread } from '../build/task-thread.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { writeBodies, writeBody } from './body-store.ts';

/** A document body to render into the body store: its entry's digest and its Markdown. */
export interface BodySource {
  digest: string;
  markdown: unknown;
}

/** Below this many bodies a thread costs more to start than it saves. */
export const BODIES_PER_THREAD = 1000;

/** One body as the store keeps it: rendered HTML, '' for a document without one. */
export function renderSource(source: Pick<BodySource, 'markdown'>): string {
  return typeof source.markdown === 'string' ? renderMarkdown(source.markdown) : '';
}

/** Renders one body into the body store (a delta read's few documents). */
export function renderBody(dir: string, collection: string, source: BodySource): void {
  writeBody(dir, collection, source.digest, renderSource(source));
}

/**
 * Renders many bodies into the body store (body-store.ts), shared among worker threads when
 * there are enough: a whole read of 10,000 news spent 7.5 s of one core here (Markdown 4.2 s,
 * writing 3.3 s) while the build's other core waited. The threads render and hand the HTML
 * back; this thread writes it all in one transaction.
 */
export async function renderBodies(dir: string, collection: string, sources: BodySource[]): Promise<void> {
  const threads = Math.min(availableParallelism(), Math.floor(sources.length / BODIES_PER_THREAD));
  if (threads < 2) {
    writeBodies(
      dir,
      collection,
      sources.map((source) => [source.digest, renderSource(source)] as const),
    );
    return;
  }
  const shares = await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      inThread<string[]>(
        new URL('./render-bodies-worker.ts', import.meta.url),
        { markdowns: sources.filter((_, i) => i % threads === t).map((s) => s.markdown) },
        `${collection} 的正文渲染`,
      ),
    ),
  );
  const done: [string, string][] = [];
  shares.forEach((html, t) => {
    let i = 0;
    for (const source of sources.filter((_, n) => n % threads === t)) done.push([source.digest, html[i++] as string]);
  });
  writeBodies(dir, collection, done);
}

/**
 * Bodies rendered while a collection is still being read from the CMS. A whole read of
 * 10,000 news takes the CMS about 10 s, one page at a time, while this process mostly waits
 * for it; the bodies then took another 4-6 s on two threads. The loader hands each page's
 * bodies over as the page arrives, under the digest each document will have if the whole read
 * passes its checks; threads at the lowest priority render them, so that they use the time
 * the CMS and the read leave over, and they are written to the body store as they come. A
 * read that then fails leaves bodies no entry names, which the next whole read prunes.
 */
export class EarlyBodies {
  readonly #dir: string;
  readonly #collection: string;
  readonly #threads: number;
  #workers: Worker[] = [];
  /** Batches waiting for the threads to start. */
  readonly #waiting: { batch: number; markdowns: unknown[] }[] = [];
  /** Digests handed over. */
  readonly #asked = new Set<string>();
  /** Digests whose bodies are in the store (their batch's transaction committed). */
  readonly #written = new Set<string>();
  /** Batch → the digests of its bodies, until written. */
  readonly #batches = new Map<number, string[]>();
  #nextBatch = 0;
  #failure: Error | null = null;
  #drained: (() => void) | null = null;

  constructor(dir: string, collection: string, threads = availableParallelism()) {
    this.#dir = dir;
    this.#collection = collection;
    this.#threads = Math.max(1, threads);
  }

  /**
   * The threads, started once BODIES_PER_THREAD bodies were handed over: a small collection
   * is rendered after the read, on this thread, as before (a thread costs 0.2-0.3 s to start).
   */
  #start(): Worker[] {
    return Array.from({ length: this.#threads }, () => {
      const worker = new Worker(new URL('./render-bodies-worker.ts', import.meta.url), { workerData: { early: true } });
      // A build that fails between the read and the bodies must still end.
      worker.unref();
      worker.on('message', ({ batch, html }: { batch: number; html: string[] }) => {
        const digests = this.#batches.get(batch) ?? [];
        this.#batches.delete(batch);
        try {
          writeBodies(
            this.#dir,
            this.#collection,
            digests.map((digest, i) => [digest, html[i] as string] as const),
          );
          for (const digest of digests) this.#written.add(digest);
        } catch (error) {
          this.#failure ??= error as Error;
        }
        if (this.#batches.size === 0) this.#drained?.();
      });
      worker.on('error', (error) => {
        this.#failure ??= error;
        this.#drained?.();
      });
      return worker;
    });
  }

  /** Hands these bodies to the threads (each digest once). */
  add(sources: BodySource[]): void {
    if (this.#failure) return;
    const fresh = sources.filter((source) => !this.#asked.has(source.digest));
    if (fresh.length === 0) return;
    for (const source of fresh) this.#asked.add(source.digest);
    const batch = this.#nextBatch++;
    this.#batches.set(
      batch,
      fresh.map((source) => source.digest),
    );
    this.#waiting.push({ batch, markdowns: fresh.map((source) => source.markdown) });
    if (this.#workers.length === 0 && this.#asked.size >= BODIES_PER_THREAD) this.#workers = this.#start();
    if (this.#workers.length === 0) return;
    for (const waiting of this.#waiting.splice(0)) {
      this.#workers[waiting.batch % this.#workers.length]?.postMessage(waiting);
    }
  }

  /**
   * Waits for what was handed over to be rendered and written, and ends the threads. If they
   * never started (too few bodies), nothing was written: renderBodies renders what is missing.
   */
  async finish(): Promise<void> {
    if (this.#workers.length === 0) {
      for (const { batch } of this.#waiting.splice(0)) this.#batches.delete(batch);
    }
    if (this.#batches.size > 0 && !this.#failure) await new Promise<void>((resolve) => (this.#drained = resolve));
    await this.stop();
    if (this.#failure) throw new Error(`正文渲染线程出错：${this.#failure.message}`, { cause: this.#failure });
  }

  /**
   * Whether this body was written: after finish(), the loader asks this before the store, which
   * it would otherwise query once per document of a whole read (0.25 s at 1x).
   */
  wrote(digest: string): boolean {
    return this.#written.has(digest);
  }

  /** Ends the threads without waiting (a read that failed). */
  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
