import { parentPort, workerData } from 'node:worker_threads';
import { stagePages } from './stage.ts';

// One share of stageInParallel's work, on a thread (and heap) of its own.
interface Share {
  site: string;
  pagesDir: string;
  paths: string[];
  previous: Parameters<typeof stagePages>[3];
}

const { site, pagesDir, paths, previous } = workerData as Share;
parentPort?.postMessage(stagePages(site, pagesDir, paths, previous));
