/**
 * Turns a stream of triggers into as few runs as keep the output current:
 *
 * - triggers that arrive within `quietMs` of each other are taken by one run, which starts once
 *   the stream has been quiet that long (or `maxWaitMs` after the first, so a steady stream of
 *   edits cannot hold the site back forever);
 * - runs never overlap: triggers that arrive during a run are taken, all together, by exactly
 *   one more run after it;
 * - whoever waits on a trigger gets the result of the run that took it, so it has seen
 *   everything up to that trigger.
 *
 * `run` reports failures in its result. If it throws, that is a bug, and the rejection is left
 * unhandled on purpose so the process stops loudly instead of going on with a wedged queue.
 */
export interface QueueTiming {
  quietMs: number;
  maxWaitMs: number;
}

export interface QueueState<T> {
  state: 'idle' | 'waiting' | 'running';
  /** Triggers waiting for the next run. */
  pending: T[];
  /** When the next run starts, if it is scheduled (not while another run is going). */
  nextRunAt: string | null;
  /** Triggers taken by the run in progress. */
  running: T[];
  runningSince: string | null;
}

export class CoalescingQueue<T, R> {
  readonly #run: (triggers: T[]) => Promise<R>;
  readonly #timing: QueueTiming;
  #pending: T[] = [];
  #waiters: ((result: R) => void)[] = [];
  #firstPendingAt = 0;
  #lastPendingAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #nextRunAt: number | null = null;
  #running: T[] | null = null;
  #runningSince = 0;
  #drained: (() => void)[] = [];
  #closed = false;
  #immediate = false;

  constructor(run: (triggers: T[]) => Promise<R>, timing: QueueTiming) {
    this.#run = run;
    this.#timing = timing;
  }

  /**
   * Queues a trigger; the run that takes it starts after the quiet window, or as soon as no
   * run is going when `now` (an operator asked, there is nothing to wait for).
   */
  add(trigger: T, { now: immediately = false } = {}): void {
    if (this.#closed) throw new Error('队列已关闭，不再接受新的构建请求');
    if (immediately) this.#immediate = true;
    const now = Date.now();
    if (this.#pending.length === 0) this.#firstPendingAt = now;
    this.#lastPendingAt = now;
    this.#pending.push(trigger);
    if (!this.#running) this.#schedule();
  }

  /** Queues a trigger and resolves with the result of the run that takes it. */
  addAndWait(trigger: T, options: { now?: boolean } = {}): Promise<R> {
    const result = new Promise<R>((resolve) => this.#waiters.push(resolve));
    this.add(trigger, options);
    return result;
  }

  get state(): QueueState<T> {
    return {
      state: this.#running ? 'running' : this.#pending.length > 0 ? 'waiting' : 'idle',
      pending: [...this.#pending],
      nextRunAt: this.#nextRunAt === null ? null : new Date(this.#nextRunAt).toISOString(),
      running: this.#running ? [...this.#running] : [],
      runningSince: this.#running ? new Date(this.#runningSince).toISOString() : null,
    };
  }

  /** Resolves when nothing is pending or running. */
  idle(): Promise<void> {
    if (!this.#running && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Refuses new triggers, drops the scheduled ones, and waits for a run in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#nextRunAt = null;
    this.#pending = [];
    if (this.#running) await new Promise<void>((resolve) => this.#drained.push(resolve));
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const startAt = this.#immediate
      ? Date.now()
      : Math.min(this.#lastPendingAt + this.#timing.quietMs, this.#firstPendingAt + this.#timing.maxWaitMs);
    this.#nextRunAt = startAt;
    this.#timer = setTimeout(() => void this.#start(), Math.max(0, startAt - Date.now()));
  }

  async #start(): Promise<void> {
    this.#timer = undefined;
    this.#nextRunAt = null;
    if (this.#running || this.#pending.length === 0) return;
    const triggers = this.#pending;
    const waiters = this.#waiters;
    this.#pending = [];
    this.#waiters = [];
    this.#immediate = false;
    this.#running = triggers;
    this.#runningSince = Date.now();
    let result: R;
    try {
      result = await this.#run(triggers);
    } finally {
      this.#running = null;
    }
    for (const resolve of waiters) resolve(result);
    if (this.#pending.length > 0 && !this.#closed) {
      this.#schedule();
    } else {
      for (const resolve of this.#drained.splice(0)) resolve();
    }
  }
}
