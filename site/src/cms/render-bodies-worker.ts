import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../build/task-thread.ts';
import { renderSource } from './render-bodies.ts';

// A thread of renderBodies (one share of the bodies, rendered and handed back to be written:
// the body store is written by one connection, in one transaction), or of EarlyBodies (batches
// as the CMS's pages arrive, at the lowest priority).
const data = workerData as { markdowns: unknown[] } | { early: true };
if ('early' in data) {
  lowerThreadPriority();
  parentPort?.on('message', ({ batch, markdowns }: { batch: number; markdowns: unknown[] }) => {
    parentPort?.postMessage({ batch, html: markdowns.map((markdown) => renderSource({ markdown })) });
  });
} else {
  parentPort?.postMessage(data.markdowns.map((markdown) => renderSource({ markdown })));
}
