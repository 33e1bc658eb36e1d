import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleNightly } from '../src/service.ts';

afterEach(() => vi.useRealTimers());

describe('the nightly full build', () => {
  it('runs at the set time, then every day', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 2, 22, 0, 0));
    const run = vi.fn();
    const nightly = scheduleNightly('03:30', run);
    vi.advanceTimersByTime(5.5 * 3600_000 - 1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(24 * 3600_000);
    expect(run).toHaveBeenCalledTimes(2);
    nightly?.stop();
    vi.advanceTimersByTime(48 * 3600_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it.each(['', 'off'])('is off with %j', (at) => {
    expect(scheduleNightly(at, () => {})).toBeNull();
  });

  it.each(['3:30pm', '24:00', '03:60', 'nightly'])('refuses %j, naming the variable', (at) => {
    expect(() => scheduleNightly(at, () => {})).toThrow(/PUBLISH_NIGHTLY_AT/);
  });
});
