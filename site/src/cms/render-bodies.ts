import { availableParallelism } from 'node:os';
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
export function renderSource(source: BodySource): string {
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
      inThread<[string, string][]>(
        new URL('./render-bodies-worker.ts', import.meta.url),
        { sources: sources.filter((_, i) => i % threads === t) },
        `${collection} 的正文渲染`,
      ),
    ),
  );
  writeBodies(dir, collection, shares.flat());
}
