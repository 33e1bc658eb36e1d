import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '@fulian/site/task-thread';
import { compressFiles } from './precompress.ts';

// One share of compressAll's files, on a thread of its own (precompress.ts).
const { dir, files, background } = workerData as { dir: string; files: string[]; background: boolean };
if (background) lowerThreadPriority();
parentPort?.postMessage(compressFiles(dir, files));
