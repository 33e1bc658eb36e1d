// `npm start`: the demo on one machine. Generates the install's secrets, builds and starts
// Strapi on SQLite with the demo content, builds the static site from it over REST, serves
// it, and prints where everything is. Ctrl-C stops all of it.
import { join } from 'node:path';
import { buildCms, type RunningCms, startCms } from './lib/cms.ts';
import { ensureEnvFile } from './lib/env-file.ts';
import { ENV_FILE, ROOT, SITE_DIR } from './lib/paths.ts';
import { isPortFree } from './lib/processes.ts';
import { buildSite } from './lib/site.ts';
import { serveStatic } from './lib/static-server.ts';

const cmsPort = Number(process.env.CMS_PORT ?? 1337);
const sitePort = Number(process.env.SITE_PORT ?? 4321);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`• ${label} …\n`);
  const result = await work();
  process.stdout.write(`  完成，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒\n`);
  return result;
}

let cms: RunningCms | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\n正在停止 …\n');
    await cms?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  for (const [port, name] of [
    [cmsPort, 'CMS_PORT'],
    [sitePort, 'SITE_PORT'],
  ] as const) {
    if (!(await isPortFree(port))) {
      throw new Error(`端口 ${port} 已被占用。请先停止占用它的程序，或换一个端口：${name}=<端口> npm start`);
    }
  }

  const { env, created } = ensureEnvFile(ENV_FILE);
  const buildToken = env.CMS_BUILD_TOKEN as string;
  if (created.length > 0) {
    process.stdout.write(`• 已为本机生成 ${created.join('、')}，保存在 ${ENV_FILE}（不要提交到版本库）\n`);
  }

  const built = await timed('构建 CMS（首次包括管理后台，约 1 分钟）', () => buildCms({ admin: true }));
  if (built === 'up to date') process.stdout.write('  CMS 源码无变化，沿用上次构建\n');

  const running = await timed('启动 Strapi（SQLite，首次载入演示内容）', () =>
    startCms({ env: { ...env, CMS_LOAD_DEMO: 'true' }, port: cmsPort, logFile: join(ROOT, 'var/log/cms.log') }),
  );
  cms = running;
  running.child.on('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`\nStrapi 意外退出（代码 ${code}），日志见 ${running.logFile}\n`);
    void shutdown(1);
  });

  const siteUrl = `http://localhost:${sitePort}`;
  await timed('从 CMS 构建静态网站', () => buildSite({ cmsUrl: running.url, token: buildToken, siteUrl, quiet: true }));
  await serveStatic(join(SITE_DIR, 'dist'), sitePort);

  process.stdout.write(`
  网站        ${siteUrl}/
  RSS         ${siteUrl}/rss.xml
  管理后台    http://localhost:${cmsPort}/admin
  登录邮箱    ${env.CMS_ADMIN_EMAIL}
  登录密码    ${env.CMS_ADMIN_PASSWORD}   （保存在 .env）
  CMS 日志    ${running.logFile}

  按 Ctrl-C 停止。
`);
} catch (error) {
  process.stderr.write(`\n启动失败：${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
}
