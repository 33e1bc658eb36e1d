// `npm run rollback`: puts the previous release back live at once (a symlink switch, no
// build). `--to <id>` picks one; `--list` shows what there is.
import { parseArgs } from 'node:util';
import { publishDirFromEnv } from './src/config.ts';
import { publishLayout } from './src/releases.ts';
import { rollback } from './src/rollback.ts';

const USAGE = `用法：npm run rollback [-- --to <版本>] [-- --list]

  不带参数   回到当前线上版本之前的那个版本
  --to       回到指定版本（版本名见 --list）
  --list     列出保留的版本，标出线上的那个

立即生效，不重新构建。下一次发布会照常构建并上线新版本：若问题出在内容上，请在 CMS 中改正后再发布。
版本保存在 PUBLISH_DIR（默认 var/）的 releases/ 下。`;

function main(): number {
  let values: { to?: string; list?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { to: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const layout = publishLayout(publishDirFromEnv());
  if (values.list) {
    const { releases, live } = rollback(layout, { dryRun: true });
    if (releases.length === 0) process.stdout.write(`${layout.releases} 中还没有版本。\n`);
    for (const id of releases) process.stdout.write(`${id === live ? '→ 线上 ' : '       '}${id}\n`);
    return 0;
  }
  const { from, to } = rollback(layout, values.to === undefined ? {} : { to: values.to });
  process.stdout.write(`已回退：线上版本从 ${from ?? '（无）'} 换成 ${to}。\n`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  process.stderr.write(`回退失败，线上网站未改变：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
