/**
 * One Astro build at a time on this machine: a build takes every core it can get, so two at
 * once are each slower than both in turn. Live builds come first:
 *
 * - `with` (live builds): in order among themselves, ahead of every waiting preview build;
 *   a preview build that is running when a live build asks is stopped at once (its signal
 *   aborts), so a publish never waits for a preview;
 * - `yielding` (preview builds): runs only when no live build runs or waits, and runs its
 *   work again, after the live builds, each time one pre-empted it.
 */
export class BuildLock {
  #busy: { live: boolean; abort: AbortController | null } | null = null;
  #live: (() => void)[] = [];
  #previews: (() => void)[] = [];
  #preempted = 0;

  /** How many yielding runs were stopped for a live build since the start. */
  get preempted(): number {
    return this.#preempted;
  }

  async with<R>(work: () => Promise<R>): Promise<R> {
    if (this.#busy) {
      this.#busy.abort?.abort(new Error('为上线构建让路'));
      await new Promise<void>((resolve) => this.#live.push(resolve));
    }
    this.#busy = { live: true, abort: null };
    try {
      return await work();
    } finally {
      this.#next();
    }
  }

  /**
   * Runs `work` when no live build runs or waits. If a live build asks while it runs, its
   * signal aborts: it must stop promptly (and clean up), and it is run again afterwards.
   */
  async yielding<R>(work: (signal: AbortSignal) => Promise<R>): Promise<R> {
    for (;;) {
      // Checked again after each wake-up: a live build may have asked in between.
      while (this.#busy || this.#live.length > 0) await new Promise<void>((resolve) => this.#previews.push(resolve));
      const abort = new AbortController();
      this.#busy = { live: false, abort };
      let result: R;
      try {
        result = await work(abort.signal);
      } finally {
        this.#next();
      }
      if (!abort.signal.aborted) return result;
      this.#preempted++;
    }
  }

  #next(): void {
    this.#busy = null;
    const live = this.#live.shift();
    if (live) {
      // Taken now for the woken live build, so nothing slips in before it runs.
      this.#busy = { live: true, abort: null };
      live();
      return;
    }
    // A woken preview build checks for itself whether the lock is still free.
    this.#previews.shift()?.();
  }
}
