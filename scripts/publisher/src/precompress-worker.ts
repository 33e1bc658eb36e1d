import { parentPort, workerData } from 'node:worker_threads';
import { compressFiles } from './precompress.ts';

// One share of compressAll's files, on a thread of its own (precompress.ts).
const { dir, files } = workerData as { dir: string; files: string[] };
parentPort?.postMessage(compressFiles(dir, files));
