import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a command and measures it the way the benchmark reports builds: wall time, CPU time
 * of the whole process tree (user + system, every descendant included), and peak memory of
 * the tree, sampled from /proc every 50 ms (the sum of VmRSS over live descendants, and each
 * process's own VmHWM, which catches a peak between two samples; a child forked but not yet
 * exec'd counts nothing, see forkedWithoutExec).
 *
 * CPU time: the command runs under `sh -c`, which after the command exits reads its own
 * /proc/<pid>/stat: cutime and cstime then hold everything its children and their reaped
 * descendants used. A descendant nobody waited for is missing there, so the larger of that and
 * the sum of each process's last sampled utime+stime is reported. No dependency on GNU time.
 */
export interface Measured {
  wallSeconds: number;
  cpuSeconds: number;
  /** The highest sum of resident memory over the process tree at one sample. */
  peakTreeRssBytes: number;
  /** The highest resident memory any one process of the tree reached. */
  peakProcessRssBytes: number;
  /** Output lines with the seconds since start at which each arrived. */
  lines: { at: number; text: string }[];
  /** Resident memory of the tree (bytes) over time, one sample every 50 ms. */
  samples: { at: number; rss: number }[];
  /**
   * Per program of the tree (by command name): CPU seconds as last sampled (up to 50 ms of a
   * process's last moments can be missed) and its peak resident memory.
   */
  processes: { command: string; count: number; cpuSeconds: number; peakRssBytes: number }[];
  output: string;
  exitCode: number;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux (x86-64, arm64)

function children(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // the process ended between listing and reading
  }
  return found;
}

/** `node astro.mjs`, `pagefind_extended`, `hugo`: the program and, for node, its script. */
function programName(pid: number): string | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const base = (path: string | undefined) => path?.split('/').pop() ?? '';
    const exe = base(argv[0]);
    if (!exe) return undefined;
    return exe === 'node' ? `node ${base(argv.slice(1).find((a) => !a.startsWith('-')))}`.trim() : exe;
  } catch {
    return undefined;
  }
}

function cpuOf(pid: number): { program: string | undefined; comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { program: programName(pid), comm, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/** The kernel's PF_FORKNOEXEC: set on a new process, cleared when it execs. */
const PF_FORKNOEXEC = 0x40;

/**
 * Whether a /proc/<pid>/stat line is a process that has forked and not exec'd yet. Until it
 * execs, its VmRSS counts its parent's pages, which it only shares: summed with the parent's,
 * a 1.6 GB Astro forking esbuild read as 2 GB in one 50 ms sample (the 3x cold publish of
 * 2026-12-04, run 8: esbuild "peaked" at 404 MB, against 16 MB once running).
 */
export function forkedWithoutExec(stat: string): boolean {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[6]) & PF_FORKNOEXEC) !== 0;
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    // Read before the memory: if the flag is clear here, the memory read after is the new program's.
    if (forkedWithoutExec(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return { rss: 0, hwm: 0 };
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

export async function measure(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string; echo?: boolean },
): Promise<Measured> {
  const statFile = join(tmpdir(), `fulian-bench-stat-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const script = '"$@"; code=$?; cat /proc/$$/stat > "$FULIAN_BENCH_STAT"; exit $code';
  const started = performance.now();
  const child = spawn('/bin/sh', ['-c', script, 'sh', command, ...args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), FULIAN_BENCH_STAT: statFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  const lines: Measured['lines'] = [];
  let output = '';
  let pending = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    log?.write(chunk);
    if (options.echo) process.stdout.write(chunk);
    pending += text;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    const at = (performance.now() - started) / 1000;
    for (const line of parts) lines.push({ at, text: line });
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let peakTree = 0;
  let peakProcess = 0;
  const samples: Measured['samples'] = [];
  const perPid = new Map<number, { command: string; cpu: number; peak: number }>();
  const sample = () => {
    if (!child.pid) return;
    const seen = new Set<number>();
    const stack = [child.pid];
    let sum = 0;
    while (stack.length > 0) {
      const pid = stack.pop() as number;
      if (seen.has(pid)) continue;
      seen.add(pid);
      const { rss, hwm } = memoryOf(pid);
      sum += rss;
      // The sh wrapper itself is not part of the measured command.
      if (pid !== child.pid) {
        peakProcess = Math.max(peakProcess, hwm, rss);
        const cpu = cpuOf(pid);
        if (cpu) {
          const known = perPid.get(pid);
          // An exiting process has an empty cmdline: keep the name it had while it ran.
          const command = cpu.program ?? known?.command ?? cpu.comm;
          perPid.set(pid, { command, cpu: cpu.seconds, peak: Math.max(known?.peak ?? 0, hwm, rss) });
        }
      }
      stack.push(...children(pid));
    }
    const tree = sum - memoryOf(child.pid).rss;
    samples.push({ at: (performance.now() - started) / 1000, rss: tree });
    peakTree = Math.max(peakTree, tree);
  };
  const timer = setInterval(sample, 50);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(timer);
  log?.end();
  if (pending) lines.push({ at: (performance.now() - started) / 1000, text: pending });
  const wallSeconds = (performance.now() - started) / 1000;
  const byCommand = new Map<string, Measured['processes'][number]>();
  for (const { command: name, cpu, peak } of perPid.values()) {
    const entry = byCommand.get(name) ?? { command: name, count: 0, cpuSeconds: 0, peakRssBytes: 0 };
    entry.count++;
    entry.cpuSeconds += cpu;
    entry.peakRssBytes = Math.max(entry.peakRssBytes, peak);
    byCommand.set(name, entry);
  }
  const processes = [...byCommand.values()].sort((a, b) => b.cpuSeconds - a.cpuSeconds);

  let cpuSeconds = Number.NaN;
  if (existsSync(statFile)) {
    // Fields after the ")" of the command name: state is field 3, cutime 16, cstime 17.
    const stat = readFileSync(statFile, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpuSeconds = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
    // A grandchild its parent did not wait for (Pagefind's service, killed as Astro exits) is
    // not in cutime: the sampled per-process total catches it.
    const sampled = processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
    cpuSeconds = Math.max(cpuSeconds, sampled);
    rmSync(statFile, { force: true });
  }
  return {
    wallSeconds,
    cpuSeconds,
    peakTreeRssBytes: Math.max(peakTree, peakProcess),
    peakProcessRssBytes: peakProcess,
    lines,
    samples,
    processes,
    output,
    exitCode: code ?? -1,
  };
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Dirty and under-writeback page cache, in bytes (null where there is no /proc/meminfo). */
function unwrittenBytes(): number | null {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    return (kb('Dirty') + kb('Writeback')) * 1024;
  } catch {
    return null;
  }
}

/**
 * Waits until the kernel has written what the commands before wrote (`sync`), and says how
 * much there was and how long it took. A cold publish at 3x leaves ~5 GB of pages in the page
 * cache; the kernel writes them out over the next minute, and an edit measured in that minute
 * measures the disk's backlog (route planning 3.7 s against 1.45 s once written). A newsroom's
 * edits come hours after the nightly full build, so the edits are measured after this.
 */
export function settleWriteback(): { seconds: number; bytes: number | null } {
  const bytes = unwrittenBytes();
  const started = performance.now();
  execFileSync('sync');
  return { seconds: (performance.now() - started) / 1000, bytes };
}
