import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `npm start` writes which processes it runs: itself and the CMS's process group. If it was
 * killed outright, the next start finds the file, and stops a CMS left behind (it normally
 * stops itself within seconds: cms/src/bootstrap/exit-with-parent.ts) before checking ports.
 */
export interface RunnerRecord {
  runner: number;
  cms: number | null;
  startedAt: string;
}

/** Whether pid is a live process whose command line mentions marker (so a reused pid is not taken). */
export function isRunning(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').replaceAll('\0', ' ').includes(marker);
  } catch {
    return false;
  }
}

export function writeRunnerRecord(file: string, record: RunnerRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeRunnerRecord(file: string): void {
  rmSync(file, { force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function stopGroup(pgid: number, marker: string, graceMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isRunning(pgid, marker)) await sleep(200);
  signal('SIGKILL');
  while (isRunning(pgid, marker)) await sleep(50);
}

/**
 * Reads the record a previous run left. Refuses if that run is still alive; stops its CMS if
 * the runner died without stopping it. Returns a sentence for the operator when it did so.
 */
export async function clearPreviousRun(
  file: string,
  markers: { runner: string; cms: string },
  graceMs = 10_000,
): Promise<string | null> {
  if (!existsSync(file)) return null;
  let record: RunnerRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as RunnerRecord;
  } catch {
    removeRunnerRecord(file);
    return null;
  }
  if (record.runner !== process.pid && isRunning(record.runner, markers.runner)) {
    throw new Error(`npm start 已经在运行（进程 ${record.runner}，${record.startedAt} 启动）：请先在它的终端按 Ctrl-C 停止`);
  }
  let note: string | null = null;
  if (record.cms && isRunning(record.cms, markers.cms)) {
    await stopGroup(record.cms, markers.cms, graceMs);
    note = `上次运行被强行终止，留下的 CMS（进程 ${record.cms}）已停止`;
  }
  removeRunnerRecord(file);
  return note;
}
