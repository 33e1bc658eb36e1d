import { parentPort } from 'node:worker_threads';
import { type Digests, prestagePages } from './stage.ts';

// followBuild's thread (follow.ts): stages each batch of pages it is sent, and answers with
// what it staged, in the order the batches came.
parentPort?.on(
  'message',
  ({ site, dir, paths, previous }: { site: string; dir: string; paths: string[]; previous: Record<string, Digests> }) => {
    parentPort?.postMessage(prestagePages(site, dir, paths, previous));
  },
);
