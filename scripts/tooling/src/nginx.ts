import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.ts';
import { freePort, run, stopChild } from './processes.ts';

/**
 * Debian's nginx, the brotli_static module and njs for the search page's query
 * (apt-get install nginx libnginx-mod-http-brotli-static libnginx-mod-http-js).
 */
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
export const JS_MODULE = '/usr/lib/nginx/modules/ngx_http_js_module.so';
const MIME_TYPES = '/etc/nginx/mime.types';
const SHIPPED = join(ROOT, 'deploy/nginx');
/** The snippets fulian.conf includes (and the njs module it imports) from /etc/nginx/fulian/. */
const SNIPPETS = ['cache-control.map.conf', 'site-headers.conf', 'proxy-cms.conf', 'search-query.js'];

export interface RunningNginx {
  url: string;
  port: number;
  /** The temporary prefix: the rendered config, logs, temp folders. */
  prefix: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * The shipped deploy/nginx/fulian.conf as a test runs it: the same file with only the
 * machine-specific parts replaced, each of which must be found exactly as shipped (a changed
 * config fails here rather than being tested half-way).
 */
export function renderSiteConfig(options: { srv: string; snippets: string; port: number; cms: string }): string {
  let text = readFileSync(join(SHIPPED, 'fulian.conf'), 'utf8');
  const replace = (from: string | RegExp, to: string) => {
    const next = text.replaceAll(from, to);
    if (next === text)
      throw new Error(`deploy/nginx/fulian.conf no longer contains ${String(from)}: update scripts/tooling/src/nginx.ts`);
    text = next;
  };
  replace(/^ {4}listen 80;$/gm, `    listen 127.0.0.1:${options.port};`);
  replace(/^ {4}listen \[::\]:80;\n/gm, '');
  replace('/etc/nginx/fulian/', `${options.snippets}/`);
  replace('/srv/fulian/', `${options.srv}/`);
  replace('server 127.0.0.1:1337;', `server ${options.cms};`);
  return text;
}

/**
 * Starts Debian's nginx in the foreground with the shipped site config on a free port, in a
 * temporary prefix, serving `<srv>/var/live` and proxying the CMS at `cms` (host:port).
 */
export async function startNginx(options: { srv: string; cms: string }): Promise<RunningNginx> {
  for (const [path, what] of [
    [NGINX, 'nginx'],
    [BROTLI_STATIC_MODULE, 'libnginx-mod-http-brotli-static'],
    [JS_MODULE, 'libnginx-mod-http-js'],
    [MIME_TYPES, 'nginx-common'],
  ] as const) {
    if (!existsSync(path)) throw new Error(`没有找到 ${path}：请安装 Debian 的 ${what} 软件包（.ci/run 会自动安装）`);
  }
  const prefix = mkdtempSync(join(tmpdir(), 'fulian-nginx-'));
  const snippets = join(prefix, 'fulian');
  mkdirSync(snippets);
  for (const name of SNIPPETS) copyFileSync(join(SHIPPED, name), join(snippets, name));
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, 'tmp', dir), { recursive: true });
  const port = await freePort();
  writeFileSync(join(prefix, 'fulian.conf'), renderSiteConfig({ srv: options.srv, snippets, port, cms: options.cms }));
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      `load_module ${BROTLI_STATIC_MODULE};`,
      `load_module ${JS_MODULE};`,
      // As root, workers would otherwise run as nobody and could not read the test's temp folders.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'daemon off;',
      'worker_processes 1;',
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      `    include ${MIME_TYPES};`,
      '    default_type application/octet-stream;',
      `    access_log ${prefix}/access.log;`,
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (dir) => `    ${dir === 'body' ? 'client_body' : dir}_temp_path ${prefix}/tmp/${dir};`,
      ),
      '    sendfile on;',
      `    include ${prefix}/fulian.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf];
  await run(NGINX, [...args, '-t'], { quiet: true });

  const child: ChildProcess = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '');
  const stop = async () => {
    await stopChild(child);
    rmSync(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = errorLog();
      await stop();
      throw new Error(`nginx exited (${child.exitCode}) at start:\n${stderr}${log}`);
    }
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not answer on ${url} within 10 s: ${(error as Error).message}\n${stderr}${errorLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url, port, prefix, errorLog, stop };
}
