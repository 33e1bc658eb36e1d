import { parentPort, workerData } from 'node:worker_threads';
import { serveTasks } from '../build/task-thread.ts';
import { stagePages } from './stage.ts';

// stagePages on a thread (and heap) of its own: one share of stageInParallel's work, or, kept
// running (TaskThread), each batch SearchStaging hands over while a build is still writing.
export interface Share {
  site: string;
  pagesDir: string;
  paths: string[];
  previous: Parameters<typeof stagePages>[3];
}

const run = ({ site, pagesDir, paths, previous }: Share) => stagePages(site, pagesDir, paths, previous);
if (!serveTasks(run)) parentPort?.postMessage(run(workerData as Share));
