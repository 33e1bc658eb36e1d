import { parentPort } from 'node:worker_threads';
import { loadShard } from './merge.ts';

// ShardDecoder's thread: decodes each shard it is sent and leaves its cache beside it.
parentPort?.on('message', (dir: string) => {
  try {
    loadShard(dir);
    parentPort?.postMessage({ dir });
  } catch (error) {
    parentPort?.postMessage({ dir, error: (error as Error).message });
  }
});
