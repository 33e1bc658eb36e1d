import { parentPort, workerData } from 'node:worker_threads';
import { serveTasks } from '@fulian/site/task-thread';
import { compressFiles } from './precompress.ts';

// compressFiles on a thread of its own: one share of compressAll's files, or, kept running
// (TaskThread), each batch of pages the build follower hands over (follow-build.ts).
export interface CompressTask {
  dir: string;
  files: string[];
}

const run = ({ dir, files }: CompressTask) => compressFiles(dir, files);
if (!serveTasks(run)) parentPort?.postMessage(run(workerData as CompressTask));
