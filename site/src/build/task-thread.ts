import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Runs the module at `url` once on a thread of its own, with `data` as its workerData, and
 * resolves with the one message it posts. A thread that throws rejects with its error; one
 * that ends without posting rejects naming `name` (the work the caller would have lost).
 */
export function inThread<Out>(url: URL, data: unknown, name: string): Promise<Out> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: data });
    let answer: { out: Out } | undefined;
    worker.once('message', (out: Out) => {
      answer = { out };
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (answer) resolve(answer.out);
      else reject(new Error(`${name}线程异常退出（退出码 ${code}），未返回结果`));
    });
  });
}

/**
 * Lowers the calling thread's priority to the lowest, for work that should use only the time
 * the rest leaves over (a thread beside a build that uses more than one core of its own). On
 * Linux a priority is a thread's own, and the thread's id is read from /proc/thread-self.
 */
export function lowerThreadPriority(): void {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    // No /proc/thread-self (not Linux): the thread keeps the process's priority, which costs
    // time, never correctness.
    return;
  }
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
}
