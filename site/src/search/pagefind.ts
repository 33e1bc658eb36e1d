import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The index's language as Pagefind sees it. The staged pages are already split into words,
 * so Pagefind must not segment them again (its Chinese segmenter is what made the search step
 * cost 7.4 GB and 50 s at 12,000 pages); with any zh code it would. The search page splits the
 * query with the same rules before searching (text.ts).
 */
export const SEARCH_INDEX_LANGUAGE = 'en';

/** The installed pagefind package (pinned in site/package.json), found from this file up. */
function pagefindPackage(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', 'pagefind', 'package.json');
    if (existsSync(candidate)) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('找不到 pagefind 软件包：请在 site/ 下运行 pnpm install');
    dir = parent;
  }
}

/** Pagefind's version, part of every shard's digest: a new Pagefind rebuilds every shard. */
export function pagefindVersion(): string {
  return (JSON.parse(readFileSync(pagefindPackage(), 'utf8')) as { version: string }).version;
}

/** The Pagefind binary the npm package installed for this platform (or PAGEFIND_BINARY_PATH). */
export function pagefindBinary(): string {
  const fromEnv = process.env.PAGEFIND_EXTENDED_BINARY_PATH ?? process.env.PAGEFIND_BINARY_PATH;
  if (fromEnv) return fromEnv;
  const require = createRequire(pagefindPackage());
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const errors: string[] = [];
  for (const name of ['pagefind_extended', 'pagefind']) {
    try {
      return require.resolve(`@pagefind/${platform}-${process.arch}/bin/${name}${platform === 'windows' ? '.exe' : ''}`);
    } catch (error) {
      errors.push(String(error));
    }
  }
  throw new Error(`找不到本平台（${platform}-${process.arch}）的 Pagefind 程序：${errors.join('；')}`);
}

export interface PagefindRun {
  pages: number;
  ms: number;
  /** The process's peak resident memory (VmHWM), sampled every 50 ms; undefined off Linux. */
  peakRssMb?: number;
}

/** Peak resident memory of a live process in MB, from /proc (Linux). */
function highWaterMark(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // ended between two samples, or not Linux
  }
}

/**
 * Runs Pagefind as a process of its own over `site` (staged pages only), writing the index to
 * `output`. A process per shard means the memory of one run is bounded by that shard's size
 * (about 350 KB a page) and is given back when it ends. Fails with Pagefind's output when it
 * fails or indexes another number of pages than `expected`.
 */
export function runPagefind(site: string, output: string, expected: number): Promise<PagefindRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(pagefindBinary(), ['--site', site, '--output-path', output, '--force-language', SEARCH_INDEX_LANGUAGE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output_: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (text: string) => output_.push(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => output_.push(text));
    let peak: number | undefined;
    const sample = () => {
      const mark = child.pid ? highWaterMark(child.pid) : undefined;
      if (mark !== undefined) peak = Math.max(peak ?? 0, mark);
    };
    const timer = setInterval(sample, 50);
    child.once('error', (error) => {
      clearInterval(timer);
      reject(new Error(`无法启动 Pagefind：${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      const log = output_.join('');
      if (code !== 0) {
        reject(new Error(`Pagefind 建立索引失败（${signal ?? `退出码 ${code}`}），目录 ${site}：\n${log.slice(-2000)}`));
        return;
      }
      const pages = Number(/Indexed (\d+) pages?/.exec(log)?.[1] ?? Number.NaN);
      if (pages !== expected) {
        reject(new Error(`Pagefind 在 ${site} 只索引了 ${pages} 页，应为 ${expected} 页：\n${log.slice(-2000)}`));
        return;
      }
      resolve({
        pages,
        ms: Math.round(performance.now() - started),
        peakRssMb: peak === undefined ? undefined : Math.round(peak),
      });
    });
    child.once('spawn', sample);
  });
}
