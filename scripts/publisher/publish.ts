// `npm run publisher`: the publish service. Strapi calls its webhook when published content or
// media change; it rebuilds the site into a fresh release and switches var/live to it when the
// build succeeds. `npm run publisher -- build [--from-snapshot]` builds and deploys once.
import { parseArgs } from 'node:util';
import { publishConfigFromEnv, publishDirFromEnv } from './src/config.ts';
import { lockPublishDir } from './src/dir-lock.ts';
import { buildRelease } from './src/live-build.ts';
import { readPause, resumePublishing } from './src/pause.ts';
import { publishLayout } from './src/releases.ts';
import { describeRecord, STATUS_PATH, startPublishService, WEBHOOK_PATH } from './src/service.ts';

const USAGE = `用法：npm run publisher [-- serve]
      npm run publisher -- build [--from-snapshot] [--full]
      npm run publisher -- resume

  serve            运行发布服务（默认）：接收 CMS 的 webhook，自动构建，成功后上线
  build            立即构建一次，成功后上线，然后退出（发布服务运行时不能用）；结束回退后的暂停
  resume           回退后恢复自动发布：运行中的发布服务几秒内核对并构建暂停期间的发布
  --from-snapshot  不读取 CMS，用上次成功构建时保存的内容快照构建（CMS 停机时重建模板用），
                   并说明快照有多旧；不加这个选项时，CMS 不可用就构建失败
  --full           完整构建：重新生成每一个页面（修改模板或站点设置后、怀疑线上版本有误时用）；
                   不加时只生成内容有变化的页面，其余沿用线上版本

设置来自环境变量，缺少的从仓库根目录的 .env 读取：
  CMS_URL（默认 http://127.0.0.1:1337）、CMS_BUILD_TOKEN、PUBLISH_WEBHOOK_SECRET、SITE_URL、
  PUBLISH_DIR（默认 var/）、PUBLISH_PORT（4322）、PUBLISH_QUIET_MS（2000）、PUBLISH_KEEP_RELEASES（5）；
  预览：CMS_PREVIEW_TOKEN、PREVIEW_SECRET、PREVIEW_PORT（4323）、PREVIEW_URL`;

function readArgs(argv: string[]): {
  command: 'serve' | 'build' | 'resume';
  fromSnapshot: boolean;
  full: boolean;
  help: boolean;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'from-snapshot': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'serve', ...extra] = positionals;
  if (extra.length > 0 || (command !== 'serve' && command !== 'build' && command !== 'resume'))
    throw new Error(`无法识别的参数：${positionals.join(' ')}`);
  if (values['from-snapshot'] && command !== 'build') throw new Error('--from-snapshot 只用于 build：发布服务总是读取 CMS。');
  if (values.full && command !== 'build') throw new Error('--full 只用于 build：发布服务每晚自行完整构建一次。');
  return { command, fromSnapshot: values['from-snapshot'] ?? false, full: values.full ?? false, help: values.help ?? false };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'resume') {
    const layout = publishLayout(publishDirFromEnv());
    const pause = readPause(layout);
    if (!resumePublishing(layout)) {
      process.stdout.write('自动发布没有暂停，无需恢复。\n');
      return 0;
    }
    process.stdout.write(
      `自动发布已恢复（暂停原因：${pause?.reason ?? '未知'}）。运行中的发布服务几秒内会核对 CMS，构建暂停期间的发布。\n`,
    );
    return 0;
  }
  const config = publishConfigFromEnv();

  if (args.command === 'build') {
    const unlock = lockPublishDir(config.dir, '手动构建');
    try {
      const record = await buildRelease(config, publishLayout(config.dir), {
        events: [],
        by: 'operator',
        fromSnapshot: args.fromSnapshot,
        full: args.full,
      });
      process.stdout.write(`${describeRecord(record)}\n`);
      if (record.result === 'success' && resumePublishing(publishLayout(config.dir))) {
        process.stdout.write('这次手动构建结束了回退后的暂停：自动发布已恢复。\n');
      }
      return record.result === 'success' ? 0 : 1;
    } finally {
      unlock();
    }
  }

  const service = await startPublishService(config);
  const stop = async () => {
    process.stdout.write('\n正在停止发布服务（等待进行中的构建结束）…\n');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.stdout.write(
    `发布服务已启动
  webhook    POST ${service.url}${WEBHOOK_PATH}
  状态       GET  ${service.url}${STATUS_PATH}
  线上目录   ${service.layout.live}
  预览       ${service.preview ? config.previewUrl : '未启用（需要 CMS_PREVIEW_TOKEN 和 PREVIEW_SECRET）'}
`,
  );
  // Whatever changed while the service was down is built now.
  await service.buildNow({ by: 'start' });
  return -1;
}

try {
  const code = await main();
  if (code >= 0) process.exit(code);
} catch (error) {
  process.stderr.write(`发布服务出错：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
