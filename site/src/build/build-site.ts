import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { type FailedDocument, readBuildReport } from '../cms/errors.ts';
import { type ChangedDocument, SITE_VARIABLES, type SiteVariable } from '../env.ts';

/**
 * The one way anything outside the site builds it: the publisher (live and preview builds),
 * `npm start`, the tests and the bench. Each runs the real `astro build` in a process of its
 * own, with typed options written as the site's variables (src/env.ts reads them back), so
 * the tests and the bench build exactly as production does.
 */

/** The site's folder: where astro.config.ts is. */
export const SITE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuildSiteOptions {
  /** The site folder to build; the bench builds a copy. Defaults to this site. */
  root?: string;
  /** Where Strapi answers. */
  cmsUrl: string;
  /** The read-only token (published content). A preview build takes `preview` instead. */
  buildToken?: string;
  /** A preview build: published content plus the draft `document` (`<collection>/<documentId>`). */
  preview?: { token: string; document?: string };
  /** The public address the site will be served at: feeds and canonical links use it. */
  siteUrl: string;
  outDir: string;
  /** Astro's cache and the rendered bodies; a build of its own gets a cache of its own. */
  cacheDir?: string;
  /** The encoded image store (src/images/): kept across builds, outside caches and releases. */
  imageStoreDir?: string;
  /** Where the last good content snapshot is kept, and written by a full read that succeeds. */
  snapshotDir?: string;
  /** Read the snapshot in snapshotDir instead of the CMS (an operator's explicit request). */
  fromSnapshot?: boolean;
  /** `incremental` renders only the pages whose key changed since `previousManifest`. */
  renderMode?: 'full' | 'incremental';
  previousManifest?: string;
  /** Where the build writes its render manifest (what the next incremental build starts from). */
  manifestFile?: string;
  /**
   * Where the build lists the files of the pages it is about to render, a line each, route by
   * route as they are planned, before any is written: for work that follows the build page by
   * page (followBuild in src/search/follow.ts).
   */
  plannedPagesFile?: string;
  /**
   * Where the build writes the documents the content contract refused (JSON). The result
   * carries them either way; give a file to keep it after the build.
   */
  reportFile?: string;
  /** False when the caller indexes the built site for search itself (the publisher). */
  searchIndex?: boolean;
  /** Threads that render pages: `auto` (the default) uses two for a big build (parallel-render.ts). */
  renderThreads?: 'auto' | 1 | 2;
  /** The documents the webhook named: the loaders read only these (delta sync, src/cms/sync.ts). */
  changed?: ChangedDocument[];
  /** The build's whole output is written here as it comes. */
  logFile?: string;
  /** Print the output as it comes (stdout and stderr as the build wrote them). */
  echo?: boolean;
  /** Stops the build (SIGKILL) after this long. */
  timeoutMs?: number;
  /** Stops the build (SIGKILL): a preview build making way for a live one. */
  signal?: AbortSignal;
}

export interface BuildResult {
  ok: boolean;
  outDir: string;
  /** Everything the build printed, stdout and stderr interleaved as they came. */
  output: string;
  logFile: string | null;
  durationMs: number;
  /** Why it stopped, when it did not exit by itself (a signal, the time limit, an abort). */
  stopped?: string;
  /** The message of the error that stopped the build, as thrown (null when it succeeded). */
  error: string | null;
  /** Each document the content contract refused, as the build wrote them (data, not log lines). */
  failedDocuments: FailedDocument[];
}

/** A failed build, thrown by `throwIfFailed`: its message names what stopped it. */
export class SiteBuildError extends Error {
  readonly result: BuildResult;
  readonly failedDocuments: FailedDocument[];

  constructor(result: BuildResult) {
    const tail = result.output.split('\n').slice(-40).join('\n');
    super(
      `站点构建失败${result.stopped ? `（${result.stopped}）` : ''}：\n${result.error ?? ''}\n\n构建输出的最后几行：\n${tail}`,
    );
    this.name = 'SiteBuildError';
    this.result = result;
    this.failedDocuments = result.failedDocuments;
  }
}

/** For callers to whom any failure is an error (tests, `npm start`'s first build). */
export function throwIfFailed(result: BuildResult): BuildResult {
  if (!result.ok) throw new SiteBuildError(result);
  return result;
}

/** The variables the site reads, for these options. */
export function siteBuildEnv(options: BuildSiteOptions): Partial<Record<SiteVariable, string>> {
  const env: Partial<Record<SiteVariable, string>> = {
    CMS_URL: options.cmsUrl,
    SITE_URL: options.siteUrl,
    SITE_OUT_DIR: options.outDir,
  };
  const set = (name: SiteVariable, value: string | undefined) => {
    if (value !== undefined) env[name] = value;
  };
  set('CMS_BUILD_TOKEN', options.buildToken);
  if (options.preview) {
    env.SITE_PREVIEW = 'true';
    env.CMS_PREVIEW_TOKEN = options.preview.token;
    set('SITE_PREVIEW_DOCUMENT', options.preview.document);
  }
  set('SITE_CACHE_DIR', options.cacheDir);
  set('SITE_IMAGE_STORE_DIR', options.imageStoreDir);
  set('SITE_SNAPSHOT_DIR', options.snapshotDir);
  if (options.fromSnapshot) env.SITE_FROM_SNAPSHOT = 'true';
  set('SITE_RENDER_MODE', options.renderMode);
  set('SITE_RENDER_PREVIOUS', options.previousManifest);
  set('SITE_RENDER_MANIFEST', options.manifestFile);
  set('SITE_PLANNED_PAGES', options.plannedPagesFile);
  set('SITE_BUILD_REPORT', options.reportFile);
  if (options.searchIndex === false) env.SITE_SEARCH_INDEX = 'off';
  if (options.renderThreads !== undefined) env.SITE_RENDER_THREADS = String(options.renderThreads);
  if (options.changed) {
    env.SITE_SYNC = 'delta';
    env.SITE_CHANGED = JSON.stringify(options.changed);
  }
  return env;
}

/** How the build is started: the bench runs the same command under its own measurement. */
export function siteBuildCommand(
  options: BuildSiteOptions,
  inherited: NodeJS.ProcessEnv = process.env,
): { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const root = options.root ?? SITE_ROOT;
  const env: NodeJS.ProcessEnv = { ...inherited };
  // Variables the build sets itself: an inherited value would change what it reads. PUBLISH_DIR
  // is the install's (the image store's fallback folder), not the build's, and stays.
  for (const name of SITE_VARIABLES) if (name !== 'PUBLISH_DIR') delete env[name];
  return {
    command: process.execPath,
    args: [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
    cwd: root,
    // Plain text: logs are kept in files and read by people (CI=true would turn colours on).
    env: { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...siteBuildEnv(options) },
  };
}

/**
 * Runs `astro build` once. Never throws for a failed build: the result says what failed, and
 * the caller decides what that means (`throwIfFailed` for those to whom it is an error).
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildResult> {
  const started = performance.now();
  // Failed documents come back as data: into the caller's report file, or a scratch one.
  const scratch = options.reportFile ? null : mkdtempSync(join(tmpdir(), 'fulian-build-report-'));
  const reportFile = options.reportFile ?? join(scratch as string, 'report.json');
  const { command, args, cwd, env } = siteBuildCommand({ ...options, reportFile });
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile);
  }
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    output += chunk.toString();
    log?.write(chunk);
    if (options.echo) stream.write(chunk);
  };
  child.stdout.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
  child.stderr.on('data', (chunk: Buffer) => collect(chunk, process.stderr));
  let stopped: string | undefined;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stopped = `超过 ${Math.round((options.timeoutMs as number) / 1000)} 秒仍未完成，已终止`;
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
  if (log) {
    log.end();
    await once(log, 'close');
  }
  if (!stopped && code !== 0 && signal) stopped = `被信号 ${signal} 终止`;
  const ok = code === 0 && !stopped;
  const failedDocuments = ok ? [] : readBuildReport(reportFile).failedDocuments;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  return {
    ok,
    outDir: options.outDir,
    output,
    logFile: options.logFile ?? null,
    durationMs: performance.now() - started,
    ...(stopped ? { stopped } : {}),
    error: ok ? null : buildErrorMessage(output),
    failedDocuments,
  };
}

/** A line of Astro's own log: `19:04:22 [content] Syncing content`. */
const LOG_LINE = /^\d{2}:\d{2}:\d{2} \[/;
/** Where Astro's report of a thrown error ends and its location or stack begins. */
const ERROR_TRAILER = /^\s*(?:Location|Stack trace|Caused by|Hint):\s*$/;

/**
 * The message of the error that stopped the build, as thrown (e.g. the ContentContractError's
 * lines, or 读取 CMS 失败：<url> — <cause>). Falls back to the output's last lines.
 */
export function buildErrorMessage(output: string): string {
  const lines = stripVTControlCharacters(output).split('\n');
  const end = lines.findIndex((line) => ERROR_TRAILER.test(line));
  if (end > 0) {
    let start = end;
    while (start > 0 && !LOG_LINE.test(lines[start - 1] as string) && (lines[start - 1] as string).trim() !== '') start--;
    const message = lines.slice(start, end).join('\n').trim();
    if (message) return message;
  }
  return lines
    .filter((line) => line.trim() !== '')
    .slice(-15)
    .join('\n');
}
