import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fingerprint } from './fingerprint.ts';
import { CMS_DIR, ROOT } from './paths.ts';
import { run, stopChild } from './processes.ts';

const STRAPI_BIN = join(CMS_DIR, 'node_modules/@strapi/strapi/bin/strapi.js');
const TSC_BIN = join(ROOT, 'node_modules/typescript/bin/tsc');
/** What the CMS takes from shared-types: the rules, the content model and the publish-status type. */
const SHARED_SOURCES = ['src/rules', 'src/model', 'src/publish-status.ts', 'package.json', 'tsconfig.cjs.json'].map((p) =>
  join(ROOT, 'shared-types', p),
);

/**
 * Compiles the CMS when its sources changed since the last build: the server code always,
 * the admin panel only when asked (it takes ~45 s and ~2 GB; tests run the API alone).
 */
export async function buildCms({ admin }: { admin: boolean }): Promise<'built' | 'up to date'> {
  const stamp = join(CMS_DIR, 'dist', '.fulian-build-stamp');
  const current = fingerprint(
    ['src', 'config', 'package.json', 'tsconfig.json', 'favicon.png']
      .map((p) => join(CMS_DIR, p))
      .concat(join(ROOT, 'pnpm-lock.yaml'), SHARED_SOURCES),
  );
  const previous = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
  if (previous.sources === current && (previous.admin || !admin)) return 'up to date';
  // The CMS requires the rules and the content model as CommonJS (shared-types/dist/cjs).
  await run(process.execPath, [join(ROOT, 'shared-types/scripts/build-cjs.ts')], { cwd: ROOT, quiet: true });
  if (admin) {
    await run(process.execPath, [STRAPI_BIN, 'build'], { cwd: CMS_DIR, env: cmsEnv(process.env), quiet: true });
  } else {
    await run(process.execPath, [TSC_BIN, '-p', join(CMS_DIR, 'tsconfig.json')], { cwd: CMS_DIR, quiet: true });
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, JSON.stringify({ sources: current, admin }));
  return 'built';
}

export interface RunningCms {
  url: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Quiet, offline-friendly defaults for every Strapi we start. */
function cmsEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    BROWSER: 'none',
    ...env,
  };
}

/**
 * Starts `strapi start` from the compiled dist/ and resolves once /_health answers. Its log
 * goes to logFile; if it dies or never becomes healthy the error carries the log's tail.
 */
export async function startCms(options: {
  env: Record<string, string | undefined>;
  port: number;
  logFile: string;
  timeoutMs?: number;
}): Promise<RunningCms> {
  const { env, port, logFile, timeoutMs = 120_000 } = options;
  mkdirSync(dirname(logFile), { recursive: true });
  // Appended to: after a crash and restart, the reason for the crash is still in the log.
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [STRAPI_BIN, 'start'], {
    cwd: CMS_DIR,
    // Its own process group, stopped as one; it exits by itself if this process is killed
    // outright (cms/src/bootstrap/exit-with-parent.ts).
    detached: true,
    env: cmsEnv({
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      CMS_PARENT_PID: String(process.pid),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const tail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '');
  const stop = async () => {
    await stopChild(child);
    // Anything Strapi itself started goes with it.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already empty
    }
    log.end();
  };

  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`Strapi exited (code ${code}) before it was ready. Log ${logFile}:\n${tail()}`);
  });
  const deadline = Date.now() + timeoutMs;
  const healthy = (async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${url}/_health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Strapi did not answer ${url}/_health within ${timeoutMs / 1000} s. Log ${logFile}:\n${tail()}`);
  })();
  try {
    await Promise.race([healthy, exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => {});
  return { url, child, logFile, stop };
}
