import { describe, expect, it } from 'vitest';
import { BuildLock } from '../src/build-lock.ts';

// Live builds before preview builds: the order the lock grants, with work that only records
// when it ran (the real builds are in publish-preview.integration.test.ts).

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Work that runs until released (or aborted, for a preview), recording its start and end. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open,
    work: async (signal?: AbortSignal) => {
      log.push(`start ${name}`);
      await new Promise<void>((resolve) => {
        void opened.then(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      log.push(`${signal?.aborted ? 'stopped' : 'end'} ${name}`);
      return name;
    },
  };
}

describe('BuildLock', () => {
  it('runs live builds one at a time, in order', async () => {
    const lock = new BuildLock();
    const log: string[] = [];
    const a = gate(log, 'live 1');
    const b = gate(log, 'live 2');
    const first = lock.with(() => a.work());
    const second = lock.with(() => b.work());
    await tick();
    expect(log).toEqual(['start live 1']);
    a.open();
    b.open();
    expect(await Promise.all([first, second])).toEqual(['live 1', 'live 2']);
    expect(log).toEqual(['start live 1', 'end live 1', 'start live 2', 'end live 2']);
  });

  it('stops a running preview build when a live build asks, and runs the preview again afterwards', async () => {
    const lock = new BuildLock();
    const log: string[] = [];
    let attempts = 0;
    const preview = gate(log, 'preview');
    const live = gate(log, 'live');
    const previewDone = lock.yielding(async (signal) => {
      attempts++;
      return preview.work(signal);
    });
    await tick();
    const liveDone = lock.with(() => live.work());
    await tick();
    // The live build started as soon as the preview stopped, without waiting for it to finish.
    expect(log).toEqual(['start preview', 'stopped preview', 'start live']);
    preview.open();
    live.open();
    expect(await liveDone).toBe('live');
    expect(await previewDone).toBe('preview');
    expect(attempts).toBe(2);
    expect(lock.preempted).toBe(1);
    expect(log).toEqual(['start preview', 'stopped preview', 'start live', 'end live', 'start preview', 'end preview']);
  });

  it('lets every waiting live build go before a waiting preview build', async () => {
    const lock = new BuildLock();
    const log: string[] = [];
    const live1 = gate(log, 'live 1');
    const live2 = gate(log, 'live 2');
    const preview = gate(log, 'preview');
    const done = [lock.with(() => live1.work())];
    await tick();
    done.push(lock.yielding((signal) => preview.work(signal)));
    done.push(lock.with(() => live2.work()));
    await tick();
    live1.open();
    live2.open();
    preview.open();
    expect(await Promise.all(done)).toEqual(['live 1', 'preview', 'live 2']);
    expect(log).toEqual(['start live 1', 'end live 1', 'start live 2', 'end live 2', 'start preview', 'end preview']);
    expect(lock.preempted).toBe(0);
  });
});
