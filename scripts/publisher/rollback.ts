// `npm run rollback`: puts the previous release back live at once (a symlink switch, no
// build). `--to <id>` picks one; `--list` shows what there is. Lists the documents the switch
// brings back or takes away, refuses to bring back withdrawn ones without --force, and pauses
// automatic publishing until `npm run publisher -- resume`.
import { parseArgs } from 'node:util';
import { publishDirFromEnv } from './src/config.ts';
import { publishLayout } from './src/releases.ts';
import { rollback } from './src/rollback.ts';
import { describePages } from './src/rollback-diff.ts';

const USAGE = `用法：npm run rollback [-- --to <版本>] [-- --list]

  不带参数   回到当前线上版本之前的那个版本
  --to       回到指定版本（版本名见 --list）
  --list     列出保留的版本，标出线上的那个
  --force    即使回退会让已撤下或删除的内容重新出现，也执行

立即生效，不重新构建。回退后自动发布暂停：编辑的发布不会自动上线，直到
npm run publisher -- resume（或手动 npm run publisher -- build）。若问题出在内容上，请在 CMS 中改正后再恢复。
版本保存在 PUBLISH_DIR（默认 var/）的 releases/ 下。`;

function main(): number {
  let values: { to?: string; list?: boolean; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        to: { type: 'string' },
        list: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const { from, to, reappear, vanish } = rollback(layout, {
    ...(values.to === undefined ? {} : { to: values.to }),
    force: values.force,
  });
  process.stdout.write(`已回退：线上版本从 ${from ?? '（无）'} 换成 ${to}。\n`);
  if (reappear.length > 0) process.stdout.write(`重新出现（已撤下或删除的内容）：\n${describePages(reappear)}\n`);
  if (vanish.length > 0) process.stdout.write(`从网站上消失（回退版本之后发布的内容）：\n${describePages(vanish)}\n`);
  process.stdout.write('自动发布已暂停：编辑的发布不会自动上线。恢复：npm run publisher -- resume\n');
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  process.stderr.write(`回退失败，线上网站未改变：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
