import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoalescingQueue } from '../src/coalescing-queue.ts';

// Fake timers: the queue's timing is the subject, so the test owns the clock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** A queue whose runs take `runMs` and record what they took and whether two overlapped. */
function recordingQueue(timing: { quietMs: number; maxWaitMs: number }, runMs: number) {
  const runs: number[][] = [];
  let active = 0;
  let overlapped = false;
  const queue = new CoalescingQueue<number, number>(async (triggers) => {
    active++;
    if (active > 1) overlapped = true;
    runs.push(triggers);
    await sleep(runMs);
    active--;
    return runs.length;
  }, timing);
  return { queue, runs, overlapped: () => overlapped };
}

describe('the build queue', () => {
  it('merges a burst within the quiet window into one run, once the stream is quiet', async () => {
    const { queue, runs } = recordingQueue({ quietMs: 1_000, maxWaitMs: 30_000 }, 100);
    for (let i = 0; i < 20; i++) {
      queue.add(i);
      await pass(500);
    }
    expect(queue.state.state).toBe('waiting');
    expect(runs).toHaveLength(0);
    await pass(500);
    expect(runs).toEqual([Array.from({ length: 20 }, (_, i) => i)]);
    await pass(100);
    expect(queue.state.state).toBe('idle');
  });

  it('gives triggers that arrive during a run exactly one more run, never overlapping', async () => {
    const { queue, runs, overlapped } = recordingQueue({ quietMs: 100, maxWaitMs: 30_000 }, 5_000);
    queue.add(1);
    await pass(200);
    expect(queue.state.state).toBe('running');
    for (let i = 2; i <= 6; i++) {
      queue.add(i);
      await pass(500);
    }
    expect(queue.state.pending).toEqual([2, 3, 4, 5, 6]);
    expect(queue.state.nextRunAt).toBeNull();
    await pass(10_000);
    expect(runs).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(overlapped()).toBe(false);
    expect(queue.state.state).toBe('idle');
  });

  it('does not let a steady stream hold a run back past maxWaitMs', async () => {
    const { queue, runs } = recordingQueue({ quietMs: 1_000, maxWaitMs: 5_000 }, 10);
    for (let elapsed = 0; elapsed < 4_900; elapsed += 700) {
      queue.add(1);
      await pass(700);
    }
    expect(runs).toHaveLength(0);
    await pass(200);
    expect(runs).toHaveLength(1);
  });

  it('answers a waiting caller with the run that took its trigger; `now` skips the quiet window', async () => {
    const { queue } = recordingQueue({ quietMs: 60_000, maxWaitMs: 60_000 }, 1_000);
    const first = queue.addAndWait(1, { now: true });
    await pass(10);
    const second = queue.addAndWait(2, { now: true });
    await pass(2_100);
    expect(await first).toBe(1);
    expect(await second).toBe(2);
  });

  it('resolves idle() only when nothing waits or runs, and refuses triggers after close', async () => {
    const { queue } = recordingQueue({ quietMs: 100, maxWaitMs: 1_000 }, 100);
    let idle = false;
    queue.add(1);
    void queue.idle().then(() => {
      idle = true;
    });
    await pass(150);
    expect(idle).toBe(false);
    await pass(100);
    expect(idle).toBe(true);
    await queue.close();
    expect(() => queue.add(1)).toThrow(/队列已关闭/);
  });
});
