import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type Digests, prestagePages } from './stage.ts';

// followBuild's thread (follow.ts): stages each batch of pages it is sent, and answers with
// what it staged, in the order the batches came.
//
// It runs at the lowest priority. The build it follows uses more than one core (its file
// writes, its garbage collector), and staging beside it at equal priority slowed the render of
// a 1x cold publish from 18-22 s to 21-28 s, more than the staging saved. On Linux a priority
// is a thread's own: this thread's id is read from /proc/thread-self. Elsewhere there is no
// such file and the thread keeps the process's priority, which costs time, never correctness.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
} catch {
  // Not Linux: see above.
}

parentPort?.on(
  'message',
  ({ site, dir, paths, previous }: { site: string; dir: string; paths: string[]; previous: Record<string, Digests> }) => {
    parentPort?.postMessage(prestagePages(site, dir, paths, previous));
  },
);
