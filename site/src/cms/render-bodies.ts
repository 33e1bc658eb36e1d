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
 * back; this thread writes it all in one transaction. Bodies `early` already holds (rendered
 * while the CMS was being read: EarlyBodies) are taken from it.
 */
export async function renderBodies(
  dir: string,
  collection: string,
  sources: BodySource[],
  early?: ReadonlyMap<string, string>,
): Promise<void> {
  const done: [string, string][] = [];
  const rest: BodySource[] = [];
  for (const source of sources) {
    const html = typeof source.markdown === 'string' ? early?.get(source.markdown) : '';
    if (html !== undefined) done.push([source.digest, html]);
    else rest.push(source);
  }
  const threads = Math.min(availableParallelism(), Math.floor(rest.length / BODIES_PER_THREAD));
  if (threads < 2) {
    for (const source of rest) done.push([source.digest, renderSource(source)]);
  } else {
    const shares = await Promise.all(
      Array.from({ length: threads }, (_, t) =>
        inThread<string[]>(
          new URL('./render-bodies-worker.ts', import.meta.url),
          { markdowns: rest.filter((_, i) => i % threads === t).map((s) => s.markdown) },
          `${collection} 的正文渲染`,
        ),
      ),
    );
    shares.forEach((html, t) => {
      let i = 0;
      for (const source of rest.filter((_, n) => n % threads === t)) done.push([source.digest, html[i++] as string]);
    });
  }
  writeBodies(dir, collection, done);
}

/**
 * Markdown rendered while a collection is still being read from the CMS. A whole read of
 * 10,000 news takes the CMS about 10 s, one page at a time, while this process mostly waits
 * for it; the bodies then took another 4-6 s on two threads. Each page's bodies are handed to
 * threads as the page arrives, and the threads run at the lowest priority, so that they use
 * the time the CMS and the read leave over. Keyed by the Markdown itself: which entry (and
 * digest) a body belongs to is only known once the whole read is validated, and nothing read
 * here is trusted before then (renderBodies renders whatever is missing).
 */
export class EarlyBodies {
  readonly #workers: Worker[];
  readonly #html = new Map<string, string>();
  readonly #asked = new Set<string>();
  readonly #batches = new Map<number, string[]>();
  #nextBatch = 0;
  #failure: Error | null = null;
  #drained: (() => void) | null = null;

  constructor(threads = availableParallelism()) {
    this.#workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(new URL('./render-bodies-worker.ts', import.meta.url), { workerData: { early: true } });
      // A build that fails between the read and the bodies must still end.
      worker.unref();
      worker.on('message', ({ batch, html }: { batch: number; html: string[] }) => {
        const markdowns = this.#batches.get(batch) ?? [];
        markdowns.forEach((markdown, i) => {
          this.#html.set(markdown, html[i] as string);
        });
        this.#batches.delete(batch);
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
    for (const document of documents) {
      const markdown = (document as Record<string, unknown> | null)?.[field];
      if (typeof markdown !== 'string' || this.#asked.has(markdown)) continue;
      this.#asked.add(markdown);
      markdowns.push(markdown);
    }
    if (markdowns.length === 0) return;
    const batch = this.#nextBatch++;
    this.#batches.set(batch, markdowns);
    this.#workers[batch % this.#workers.length]?.postMessage({ batch, markdowns });
  }

  /** Waits for what was handed over, ends the threads, and gives Markdown → HTML. */
  async rendered(): Promise<ReadonlyMap<string, string>> {
    if (this.#batches.size > 0 && !this.#failure) await new Promise<void>((resolve) => (this.#drained = resolve));
    await this.stop();
    if (this.#failure) throw new Error(`正文渲染线程出错：${this.#failure.message}`, { cause: this.#failure });
    return this.#html;
  }

  /** Ends the threads without waiting (a read that failed). */
  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
