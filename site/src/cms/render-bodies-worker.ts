import { parentPort, workerData } from 'node:worker_threads';
import { type BodySource, renderSource } from './render-bodies.ts';

// One share of renderBodies' bodies, on a thread of its own: rendered, and handed back to be
// written (the body store is written by one connection, in one transaction).
const { sources } = workerData as { sources: BodySource[] };
parentPort?.postMessage(sources.map((source) => [source.digest, renderSource(source)]));
