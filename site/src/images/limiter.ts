/**
 * Runs at most `max` tasks at once; the others wait in order. A finished task hands its slot
 * straight to the next waiter, so no newcomer can slip in between and exceed the bound.
 */
export class Limiter {
  readonly max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    this.max = max;
  }

  get active(): number {
    return this.#active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.max) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** What runs tasks under a bound: a Limiter, or a SharedLimiter across threads. */
export interface TaskLimit {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * A Limiter whose slots live in shared memory, so that the threads of one build share one
 * bound: the image store's encodes, each holding a decoded image, stay at two for the whole
 * build when its pages render on two threads (src/build/parallel-render.ts), not two a thread.
 * Make the memory with `SharedLimiter.memory(max)` and give it to each thread's limiter.
 */
export class SharedLimiter implements TaskLimit {
  readonly #free: Int32Array;

  static memory(max: number): SharedArrayBuffer {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    const memory = new SharedArrayBuffer(4);
    Atomics.store(new Int32Array(memory), 0, max);
    return memory;
  }

  constructor(memory: SharedArrayBuffer) {
    this.#free = new Int32Array(memory);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    for (;;) {
      const free = Atomics.load(this.#free, 0);
      if (free > 0) {
        if (Atomics.compareExchange(this.#free, 0, free, free - 1) === free) break;
        continue;
      }
      // Waits, without blocking this thread's event loop, until a slot is given back.
      const wait = Atomics.waitAsync(this.#free, 0, free);
      if (wait.async) await wait.value;
    }
    try {
      return await task();
    } finally {
      Atomics.add(this.#free, 0, 1);
      Atomics.notify(this.#free, 0, 1);
    }
  }
}
