import { availableParallelism } from 'node:os';
import { inThread } from '../build/task-thread.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { writeBody } from './body-store.ts';

/** A document body to render into the body store: its entry's digest and its Markdown. */
export interface BodySource {
  digest: string;
  markdown: unknown;
}

/** Below this many bodies a thread costs more to start than it saves. */
export const BODIES_PER_THREAD = 1000;

/** One body as the store keeps it: rendered HTML, '' for a document without one. */
export function renderBody(dir: string, collection: string, source: BodySource): void {
  writeBody(dir, collection, source.digest, typeof source.markdown === 'string' ? renderMarkdown(source.markdown) : '');
}

/**
 * Renders many bodies into the body store (body-store.ts), shared among worker threads when
 * there are enough: a whole read of 10,000 news spent 7.5 s of one core here (Markdown 4.2 s,
 * writing 3.3 s) while the build's other core waited. The threads run the same renderBody.
 */
export async function renderBodies(dir: string, collection: string, sources: BodySource[]): Promise<void> {
  const threads = Math.min(availableParallelism(), Math.floor(sources.length / BODIES_PER_THREAD));
  if (threads < 2) {
    for (const source of sources) renderBody(dir, collection, source);
    return;
  }
  await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      inThread<number>(
        new URL('./render-bodies-worker.ts', import.meta.url),
        { dir, collection, sources: sources.filter((_, i) => i % threads === t) },
        `${collection} 的正文渲染`,
      ),
    ),
  );
}
