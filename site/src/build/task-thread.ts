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
