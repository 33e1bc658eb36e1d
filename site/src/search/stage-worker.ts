import { parentPort, workerData } from 'node:worker_threads';
import { stagePages } from './stage.ts';
import { openStagedStore } from './staged-store.ts';

// One share of stageInParallel's work, on a thread (and heap) of its own.
const { site, storeFile, paths } = workerData as { site: string; storeFile: string; paths: string[] };
const store = openStagedStore(storeFile);
try {
  parentPort?.postMessage(stagePages(site, store, paths));
} finally {
  store.close();
}
