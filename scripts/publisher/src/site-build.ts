import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SITE_DIR } from '@fulian/tooling/paths';

const ASTRO_BIN = join(SITE_DIR, 'node_modules/astro/bin/astro.mjs');

/** Variables a publish build sets itself; inherited values would change what it reads. */
const OWN_VARIABLES = [
  'CMS_URL',
  'CMS_BUILD_TOKEN',
  'CMS_PREVIEW_TOKEN',
  'SITE_URL',
  'SITE_OUT_DIR',
  'SITE_CACHE_DIR',
  'SITE_SNAPSHOT_DIR',
  'SITE_FROM_SNAPSHOT',
  'SITE_PREVIEW',
  'SITE_PREVIEW_DOCUMENT',
  'SITE_IMAGE_STORE_DIR',
  'SITE_RENDER_MODE',
  'SITE_BUILD_REPORT',
  'SITE_SEARCH_INDEX',
  'SITE_RENDER_PREVIOUS',
  'SITE_RENDER_MANIFEST',
  'SITE_SYNC',
  'SITE_CHANGED',
];

export interface SiteBuildRun {
  ok: boolean;
  /** Everything the build printed, stdout and stderr interleaved as they came. */
  output: string;
  durationMs: number;
  /** Why it stopped, when it did not exit 0 by itself (a signal, the time limit). */
  stopped?: string;
}

/**
 * Runs `astro build` in its own process with exactly the given variables for the site, and
 * writes its whole output to logFile as it goes. Never throws for a failed build: the caller
 * decides what a failure means.
 */
export async function runSiteBuild(options: {
  env: Record<string, string>;
  logFile: string;
  timeoutMs: number;
  /** Stops the build (a preview build making way for a live one). */
  signal?: AbortSignal;
}): Promise<SiteBuildRun> {
  const started = performance.now();
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const inherited = { ...process.env };
  for (const name of OWN_VARIABLES) delete inherited[name];
  const child = spawn(process.execPath, [ASTRO_BIN, 'build'], {
    cwd: SITE_DIR,
    // Plain text: the log is kept in files and read for the document that failed (CI=true turns colours on).
    env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let stopped: string | undefined;
  const timer = setTimeout(() => {
    stopped = `超过 ${Math.round(options.timeoutMs / 1000)} 秒仍未完成，已终止`;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const abort = () => {
    stopped = `已中止：${(options.signal?.reason as Error | undefined)?.message ?? '被取消'}`;
    child.kill('SIGKILL');
  };
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', abort);
  log.end();
  await once(log, 'close');
  if (!stopped && code !== 0) stopped = signal ? `被信号 ${signal} 终止` : undefined;
  return { ok: code === 0 && !stopped, output, durationMs: performance.now() - started, ...(stopped ? { stopped } : {}) };
}
