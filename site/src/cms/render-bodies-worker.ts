import { parentPort, workerData } from 'node:worker_threads';
import { type BodySource, renderBody } from './render-bodies.ts';

// One share of renderBodies' bodies, on a thread of its own.
const { dir, collection, sources } = workerData as { dir: string; collection: string; sources: BodySource[] };
for (const source of sources) renderBody(dir, collection, source);
parentPort?.postMessage(sources.length);
