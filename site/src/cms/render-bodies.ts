import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inThread } from '../build/task-thread.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { takeEarly, writeBodies, writeBody, writeEarly } from './body-store.ts';

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
 * back; this thread writes it all in one transaction. Bodies rendered while the CMS was being
 * read (`early`) are filed under their digests first, and only the rest is rendered.
 */
export async function renderBodies(dir: string, collection: string, sources: BodySource[], early?: EarlyBodies): Promise<void> {
  let rest = sources;
  if (early) {
    await early.finish();
    const filed = takeEarly(
      dir,
      collection,
      sources.flatMap((source) => {
        const key = typeof source.markdown === 'string' ? early.keyOf(source.markdown) : undefined;
        return key ? [[source.digest, key] as const] : [];
      }),
    );
    rest = sources.filter((source) => !filed.has(source.digest));
  }
  const threads = Math.min(availableParallelism(), Math.floor(rest.length / BODIES_PER_THREAD));
  if (threads < 2) {
    writeBodies(
      dir,
      collection,
      rest.map((source) => [source.digest, renderSource(source)] as const),
    );
    return;
  }
  const shares = await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      inThread<string[]>(
        new URL('./render-bodies-worker.ts', import.meta.url),
        { markdowns: rest.filter((_, i) => i % threads === t).map((s) => s.markdown) },
        `${collection} 的正文渲染`,
      ),
    ),
  );
  const done: [string, string][] = [];
  shares.forEach((html, t) => {
    let i = 0;
    for (const source of rest.filter((_, n) => n % threads === t)) done.push([source.digest, html[i++] as string]);
  });
  writeBodies(dir, collection, done);
}

/**
 * Markdown rendered while a collection is still being read from the CMS. A whole read of
 * 10,000 news takes the CMS about 10 s, one page at a time, while this process mostly waits
 * for it; the bodies then took another 4-6 s on two threads. Each page's bodies are handed to
 * threads as the page arrives, and the threads run at the lowest priority, so that they use
 * the time the CMS and the read leave over. Which entry (and digest) a body belongs to is only
 * known once the whole read is validated, and nothing read here is trusted before then: the
 * HTML is kept in the body store by a digest of its Markdown (writeEarly), and renderBodies
 * files it under the entries' digests and renders whatever is missing.
 */
export class EarlyBodies {
  readonly #dir: string;
  readonly #collection: string;
  readonly #threads: number;
  #workers: Worker[] = [];
  /** Batches waiting for the threads to start. */
  readonly #waiting: { batch: number; markdowns: string[] }[] = [];
  /** Markdown → its digest, for every text handed to the threads. */
  readonly #keys = new Map<string, string>();
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
        const keys = this.#batches.get(batch) ?? [];
        this.#batches.delete(batch);
        try {
          writeEarly(
            this.#dir,
            this.#collection,
            keys.map((key, i) => [key, html[i] as string] as const),
          );
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

  /** Hands the Markdown of these documents' `field` to the threads (each text once). */
  add(documents: unknown[], field: string): void {
    if (this.#failure) return;
    const markdowns: string[] = [];
    const keys: string[] = [];
    for (const document of documents) {
      const markdown = (document as Record<string, unknown> | null)?.[field];
      if (typeof markdown !== 'string' || this.#keys.has(markdown)) continue;
      const key = createHash('sha1').update(markdown).digest('base64url');
      this.#keys.set(markdown, key);
      markdowns.push(markdown);
      keys.push(key);
    }
    if (markdowns.length === 0) return;
    const batch = this.#nextBatch++;
    this.#batches.set(batch, keys);
    this.#waiting.push({ batch, markdowns });
    if (this.#workers.length === 0 && this.#keys.size >= BODIES_PER_THREAD) this.#workers = this.#start();
    if (this.#workers.length === 0) return;
    for (const waiting of this.#waiting.splice(0)) {
      this.#workers[waiting.batch % this.#workers.length]?.postMessage(waiting);
    }
  }

  /** The digest of a text handed over (undefined if it never was). */
  keyOf(markdown: string): string | undefined {
    return this.#keys.get(markdown);
  }

  /** Waits for what was handed over to be rendered and kept, and ends the threads. */
  async finish(): Promise<void> {
    // Never started (too few bodies): what is waiting is rendered by renderBodies instead.
    if (this.#workers.length === 0) {
      for (const { batch } of this.#waiting.splice(0)) this.#batches.delete(batch);
      this.#keys.clear();
    }
    if (this.#batches.size > 0 && !this.#failure) await new Promise<void>((resolve) => (this.#drained = resolve));
    await this.stop();
    if (this.#failure) throw new Error(`正文渲染线程出错：${this.#failure.message}`, { cause: this.#failure });
  }

  /** Ends the threads without waiting (a read that failed). */
  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
