/**
 * One Astro build at a time on this machine, live or preview: a build takes every core it
 * can get, so two at once are each slower than both in turn.
 */
export class BuildLock {
  #tail: Promise<void> = Promise.resolve();

  async with<R>(work: () => Promise<R>): Promise<R> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
