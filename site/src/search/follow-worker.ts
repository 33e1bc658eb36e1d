import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../build/task-thread.ts';
import { type Digests, prestagePages } from './stage.ts';

// followBuild's thread (follow.ts): stages each batch of pages it is sent, and answers with
// what it staged, in the order the batches came. It runs at the lowest priority: the build it
// follows uses more than one core (its file writes, its garbage collector), and staging beside
// it at equal priority slowed the render of a 1x cold publish from 18-22 s to 21-28 s, more
// than the staging saved.
lowerThreadPriority();

parentPort?.on(
  'message',
  ({ site, dir, paths, previous }: { site: string; dir: string; paths: string[]; previous: Record<string, Digests> }) => {
    parentPort?.postMessage(prestagePages(site, dir, paths, previous));
  },
);
