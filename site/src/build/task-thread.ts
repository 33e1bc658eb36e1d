import { setPriority } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A worker thread kept for a series of tasks, one at a time: the module at `url` answers each
 * message with one message (see serveTasks). For work handed over in many small batches (pages
 * as a build writes them), where starting a thread per batch would cost more than the batch.
 * A task that throws in the thread rejects its promise with that error; the thread is then
 * gone and every later task is refused with the same error.
 */
export class TaskThread<In, Out> {
  readonly #worker: Worker;
  readonly #name: string;
  #pending: { resolve: (out: Out) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  /**
   * `background`: the thread runs at the lowest priority (nice 19), so it only takes CPU that
   * nothing else wants: work done ahead of time must not slow the work it runs beside.
   */
  constructor(url: URL, name: string, options: { background?: boolean } = {}) {
    this.#name = name;
    this.#worker = new Worker(url, { workerData: { serve: true, background: options.background === true } });
    this.#worker.on('message', (out: Out) => this.#settle().resolve(out));
    this.#worker.on('error', (error: Error) => {
      this.#failure = error;
      this.#pending && this.#settle().reject(error);
    });
    this.#worker.on('exit', (code) => {
      this.#failure ??= new Error(`${this.#name}线程已退出（退出码 ${code}）`);
      this.#pending && this.#settle().reject(this.#failure);
    });
  }

  run(input: In): Promise<Out> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#pending) return Promise.reject(new Error(`${this.#name}线程一次只做一件事：上一件还没有结束`));
    return new Promise<Out>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.postMessage(input);
    });
  }

  /** Ends the thread (a task still running is abandoned: its promise rejects). */
  async close(): Promise<void> {
    this.#failure ??= new Error(`${this.#name}线程已关闭`);
    await this.#worker.terminate();
  }

  #settle() {
    const pending = this.#pending;
    if (!pending) throw new Error(`${this.#name}线程发来了没有人等待的结果`);
    this.#pending = undefined;
    return pending;
  }
}

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
 * In a worker module: when started by a TaskThread, answers each message with `handler`'s
 * result and returns true; otherwise (started by inThread) returns false, and the module does
 * its one piece of work with workerData.
 */
export function serveTasks<In, Out>(handler: (input: In) => Out): boolean {
  const data = workerData as { serve?: boolean; background?: boolean } | null;
  if (!data?.serve || !parentPort) return false;
  // On Linux a nice value belongs to the thread that sets it (man 2 setpriority, BUGS): this
  // lowers this worker only, not the process it serves.
  if (data.background) setPriority(19);
  const port = parentPort;
  port.on('message', (input: In) => port.postMessage(handler(input)));
  return true;
}
