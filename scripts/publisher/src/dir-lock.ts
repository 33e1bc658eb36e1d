import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One publishing process per folder: two would build into the same cache and switch the same
 * live link. The lock file names the process holding it; a lock left by a process that died
 * is taken over.
 */
export function lockPublishDir(dir: string, what: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'publish.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() }), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid)) {
        throw new Error(
          `${dir} 正由另一个发布进程使用（进程 ${holder.pid}：${holder.what}，自 ${holder.since}）。` +
            '请等它结束，或先停止它。',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`无法取得 ${file}：它被反复重新创建。`);
}

function readHolder(file: string): { pid: number; what: string; since: string } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
