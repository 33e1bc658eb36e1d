// `npm start`: the demo on one machine. Generates the install's secrets, builds and starts
// Strapi on SQLite with the demo content, runs the publish service (which builds the site from
// the CMS into var/releases and switches var/live), serves var/live, and prints where
// everything is. An editor who publishes in the admin sees the site change by itself.
// Ctrl-C stops all of it. If Strapi dies, the site keeps being served and Strapi is started
// again with backoff; if this runner is killed outright, Strapi stops itself, and the next
// start clears whatever was left (lib/runner-pidfile.ts).
import { join } from 'node:path';
import { publishConfigFromEnv } from '@fulian/publisher/config';
import { describeRecord, type PublishService, STATUS_PATH, startPublishService, WEBHOOK_PATH } from '@fulian/publisher/service';
import { buildCms, type RunningCms, startCms } from './src/cms.ts';
import { ensureEnvFile } from './src/env-file.ts';
import { ENV_FILE, ROOT } from './src/paths.ts';
import { isPortFree } from './src/processes.ts';
import { clearPreviousRun, removeRunnerRecord, writeRunnerRecord } from './src/runner-pidfile.ts';
import { serveStatic } from './src/static-server.ts';

const ports = {
  CMS_PORT: Number(process.env.CMS_PORT ?? 1337),
  SITE_PORT: Number(process.env.SITE_PORT ?? 4321),
  PUBLISH_PORT: Number(process.env.PUBLISH_PORT ?? 4322),
  PREVIEW_PORT: Number(process.env.PREVIEW_PORT ?? 4323),
};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`• ${label} …\n`);
  const result = await work();
  process.stdout.write(`  完成，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒\n`);
  return result;
}

const RUNNER_FILE = join(ROOT, 'var/run/npm-start.json');
const STARTED_AT = new Date().toISOString();

let cms: RunningCms | undefined;
let publisher: PublishService | undefined;
let stopping = false;

function recordRunner(): void {
  writeRunnerRecord(RUNNER_FILE, { runner: process.pid, cms: cms?.child.pid ?? null, startedAt: STARTED_AT });
}

/**
 * Starts Strapi again whenever it exits on its own: after 1 s, then 2, 4 … up to a minute
 * between attempts, back to 1 s once it has stayed up for a minute. The public site and the
 * publish service keep running meanwhile (a build during the outage fails and leaves the live
 * site as it is; the reconciler catches up afterwards).
 */
function superviseCms(start: () => Promise<RunningCms>, running: RunningCms): void {
  let delayMs = 1000;
  let upSince = Date.now();
  const watch = (current: RunningCms) => {
    current.child.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - upSince > 60_000) delayMs = 1000;
      process.stderr.write(
        `\nStrapi 意外退出（${code ?? signal}），网站照常提供；${delayMs / 1000} 秒后重启 CMS。日志见 ${current.logFile}\n`,
      );
      void restart();
    });
  };
  const restart = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 60_000);
    if (stopping) return;
    try {
      cms = await start();
      upSince = Date.now();
      recordRunner();
      process.stdout.write(`• CMS 已重新启动（进程 ${cms.child.pid}）\n`);
      watch(cms);
    } catch (error) {
      process.stderr.write(
        `CMS 重启失败，${delayMs / 1000} 秒后再试：${error instanceof Error ? error.message : String(error)}\n`,
      );
      await restart();
    }
  };
  watch(running);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\n正在停止 …\n');
    await publisher?.close();
    await cms?.stop();
    removeRunnerRecord(RUNNER_FILE);
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const cleared = await clearPreviousRun(RUNNER_FILE, { runner: 'scripts/tooling/start.ts', cms: 'strapi' });
  if (cleared) process.stdout.write(`• ${cleared}\n`);
  recordRunner();
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      throw new Error(`端口 ${port} 已被占用。请先停止占用它的程序，或换一个端口：${name}=<端口> npm start`);
    }
  }

  const { env, created } = ensureEnvFile(ENV_FILE);
  if (created.length > 0) {
    process.stdout.write(`• 已为本机生成 ${created.join('、')}，保存在 ${ENV_FILE}（不要提交到版本库）\n`);
  }
  const siteUrl = `http://localhost:${ports.SITE_PORT}`;
  const previewUrl = `http://localhost:${ports.PREVIEW_PORT}`;
  const cmsUrl = `http://127.0.0.1:${ports.CMS_PORT}`;
  const config = publishConfigFromEnv({
    ...env,
    ...process.env,
    CMS_URL: cmsUrl,
    SITE_URL: siteUrl,
    PUBLISH_PORT: String(ports.PUBLISH_PORT),
    PREVIEW_PORT: String(ports.PREVIEW_PORT),
    PREVIEW_URL: previewUrl,
  });

  const built = await timed('构建 CMS（首次包括管理后台，约 1 分钟）', () => buildCms({ admin: true }));
  if (built === 'up to date') process.stdout.write('  CMS 源码无变化，沿用上次构建\n');

  // Listening before Strapi starts, so no publish in the first seconds is missed.
  const service = await startPublishService(config, { log: (line) => process.stdout.write(`  [发布] ${line}\n`) });
  publisher = service;

  const startStrapi = () =>
    startCms({
      env: {
        ...env,
        CMS_LOAD_DEMO: 'true',
        PUBLISH_WEBHOOK_URL: `${service.url}${WEBHOOK_PATH}`,
        // The admin's 网站发布状态 panel reads it through the CMS.
        PUBLISH_STATUS_URL: `${service.url}${STATUS_PATH}`,
        PREVIEW_URL: previewUrl,
        SITE_URL: siteUrl,
      },
      port: ports.CMS_PORT,
      logFile: join(ROOT, 'var/log/cms.log'),
    });
  const running = await timed('启动 Strapi（SQLite，首次载入演示内容）', startStrapi);
  cms = running;
  recordRunner();
  superviseCms(startStrapi, running);

  const paused = service.status().paused;
  const first = paused ? null : await timed('从 CMS 构建静态网站并上线', () => service.buildNow({ by: 'start' }));
  if (paused) {
    process.stdout.write(
      `• 自动发布已暂停（${paused.reason}），继续提供版本 ${service.status().live.release}。恢复：npm run publisher -- resume\n`,
    );
  } else if (first?.result === 'failed') {
    if (!service.status().live.release) throw new Error(describeRecord(first));
    process.stdout.write(`  ${describeRecord(first)}\n  继续提供上一个成功的版本 ${service.status().live.release}。\n`);
  }
  await serveStatic(service.layout.live, ports.SITE_PORT);

  process.stdout.write(`
  网站        ${siteUrl}/
  RSS         ${siteUrl}/rss.xml
  管理后台    http://localhost:${ports.CMS_PORT}/admin
  登录邮箱    ${env.CMS_ADMIN_EMAIL}
  登录密码    ${env.CMS_ADMIN_PASSWORD}   （保存在 .env）
  发布状态    ${service.url}${STATUS_PATH}
  草稿预览    在管理后台的编辑页面点击“预览”（${previewUrl}）
  CMS 日志    ${running.logFile}

  在管理后台发布、修改或撤下内容后，网站会在几秒内自动更新。
  回到上一个版本：npm run rollback
  按 Ctrl-C 停止。
`);
} catch (error) {
  process.stderr.write(`\n启动失败：${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
}
