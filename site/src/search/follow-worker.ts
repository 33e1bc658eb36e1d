import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../build/task-thread.ts';
import { stagePages } from './stage.ts';
import { openWorkStore } from './staged-store.ts';

// followBuild's thread: stages the batches of pages it is handed, at the lowest priority.
const { outDir, workDir, format } = workerData as { outDir: string; workDir: string; format: string };
lowerThreadPriority();
const store = openWorkStore(workDir, format);
// The rows now describe no release that went live: if the build fails, the next incremental
// search step compares every page instead of trusting them (indexSite's `since`).
store.setMeta('release', '');
parentPort?.on('message', (paths: string[]) => {
  parentPort?.postMessage(stagePages(outDir, store, paths));
});
