import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forkedWithoutExec } from '../src/measure.ts';

const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8');
const childrenOf = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number),
  );

describe('forkedWithoutExec: a process whose memory is still its parent’s', () => {
  it.each([
    // pid (comm) state ppid pgrp session tty tpgid flags …
    ['a process that exec’d its program', '4242 (esbuild) S 4200 4200 4200 0 -1 4194560 120 0 0 0', false],
    ['a fork that has not exec’d yet', '4243 (node) R 4200 4200 4200 0 -1 4194368 0 0 0 0', true],
    ['a command name with spaces and parentheses', '4244 (a (b) c) S 1 1 1 0 -1 64 0 0 0 0', true],
  ])('%s', (_, line, expected) => {
    expect(forkedWithoutExec(line)).toBe(expected);
  });

  it('tells a real subshell (forked, never exec’d) from this process and from a program it runs', async () => {
    // `( sleep 2 )`: sh forks a subshell, which forks again and execs sleep.
    const sh = spawn('sh', ['-c', '( sleep 2; true ); true'], { stdio: 'ignore' });
    try {
      let subshell: number | undefined;
      let sleeper: number | undefined;
      for (let i = 0; i < 100 && (subshell === undefined || sleeper === undefined); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        subshell = childrenOf(sh.pid as number)[0];
        sleeper = subshell === undefined ? undefined : childrenOf(subshell)[0];
      }
      expect(subshell, 'the subshell').toBeDefined();
      expect(sleeper, 'sleep').toBeDefined();
      expect(forkedWithoutExec(stat(subshell as number))).toBe(true);
      expect(forkedWithoutExec(stat(sleeper as number))).toBe(false);
      expect(forkedWithoutExec(stat(process.pid))).toBe(false);
    } finally {
      sh.kill('SIGKILL');
    }
  });
});
