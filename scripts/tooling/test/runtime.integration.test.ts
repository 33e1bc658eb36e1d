import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearPreviousRun, isRunning, writeRunnerRecord } from '../src/runner-pidfile.ts';

const work = mkdtempSync(join(tmpdir(), 'fulian-runtime-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(work, { recursive: true, force: true });
});

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** A process that ignores SIGTERM for a while, in its own group, whose command line says "strapi". */
function fakeCms(): ChildProcess {
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", 'strapi'], {
    detached: true,
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

describe('no orphan survives the runner', () => {
  it('a real Strapi stops by itself within seconds of its runner being killed with -9', async () => {
    // The runner: a process that starts Strapi the way npm start does, then waits to be killed.
    const runnerScript = join(work, 'runner.ts');
    const dir = join(work, 'cms');
    mkdirSync(join(dir, 'public', 'uploads'), { recursive: true });
    const lib = join(import.meta.dirname, '..', 'src');
    writeFileSync(
      runnerScript,
      `import { startCms } from ${JSON.stringify(join(lib, 'cms.ts'))};
import { generateSecrets } from ${JSON.stringify(join(lib, 'env-file.ts'))};
import { freePort } from ${JSON.stringify(join(lib, 'processes.ts'))};
const cms = await startCms({
  port: await freePort(),
  logFile: ${JSON.stringify(join(dir, 'strapi.log'))},
  env: { ...generateSecrets(), CMS_ADMIN_EMAIL: '', CMS_ADMIN_PASSWORD: '', CMS_LOAD_DEMO: 'false', SERVE_ADMIN_PANEL: 'false',
    DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: ${JSON.stringify(join(dir, 'data.db'))}, PUBLIC_DIR: ${JSON.stringify(join(dir, 'public'))} },
});
process.stdout.write('ready ' + cms.child.pid + ' ' + cms.url + '\\n');
setInterval(() => {}, 1000);
`,
    );
    const runner = spawn(process.execPath, [runnerScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(runner);
    let out = '';
    runner.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    const deadline = Date.now() + 150_000;
    while (!/ready \d+/.test(out) && Date.now() < deadline && runner.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [, pid, url] = /ready (\d+) (\S+)/.exec(out) ?? [];
    expect(pid, out).toBeDefined();
    expect((await fetch(`${url}/_health`)).status).toBeLessThan(300);

    runner.kill('SIGKILL');
    await once(runner, 'exit');
    expect(await gone(Number(pid), 15_000), `Strapi ${pid} still running after its runner died`).toBe(true);
    await expect(fetch(`${url}/_health`)).rejects.toThrow();
  });

  it('the next start stops a CMS left behind by a killed runner, and says so', async () => {
    const cms = fakeCms();
    const file = join(work, 'left-behind.json');
    // A runner pid that is certainly not running: a child that has already exited.
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    writeRunnerRecord(file, { runner: dead.pid as number, cms: cms.pid as number, startedAt: '2026-12-01T08:00:00Z' });
    const note = await clearPreviousRun(file, { runner: 'scripts/tooling/start.ts', cms: 'strapi' }, 1000);
    expect(note).toBe(`上次运行被强行终止，留下的 CMS（进程 ${cms.pid}）已停止`);
    expect(isRunning(cms.pid as number, 'strapi')).toBe(false);
    expect(await clearPreviousRun(file, { runner: 'scripts/tooling/start.ts', cms: 'strapi' })).toBeNull();
  });

  it('refuses to start a second runner while the first is alive', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'scripts/tooling/start.ts'], {
      detached: true,
      stdio: 'ignore',
    });
    children.push(other);
    const file = join(work, 'running.json');
    writeRunnerRecord(file, { runner: other.pid as number, cms: null, startedAt: '2026-12-01T08:00:00Z' });
    await expect(clearPreviousRun(file, { runner: 'scripts/tooling/start.ts', cms: 'strapi' })).rejects.toThrow(
      `npm start 已经在运行（进程 ${other.pid}`,
    );
  });

  it('does not take a reused pid for the old CMS', async () => {
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    children.push(unrelated);
    const file = join(work, 'reused.json');
    writeRunnerRecord(file, { runner: 999_999_999, cms: unrelated.pid as number, startedAt: '2026-12-01T08:00:00Z' });
    expect(await clearPreviousRun(file, { runner: 'scripts/tooling/start.ts', cms: 'strapi' })).toBeNull();
    expect(isRunning(unrelated.pid as number, 'node')).toBe(true);
  });
});
