// `npm run restore -- <backup folder> [--force]`: puts a backup made by `npm run backup` back
// into this install. Stop the CMS and the publish service first. See scripts/tooling/src/backup-store.ts.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installConfig, restore } from './src/backup-store.ts';

const USAGE = `用法：npm run restore -- <备份文件夹> [--force]
  先停止 CMS 和发布服务（npm start 用 Ctrl-C）。恢复前会逐个核对备份文件的校验值。
  本机已有数据库或上传文件时，需要加 --force 才会覆盖；覆盖前的上传文件夹保留在旁边。`;

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 1);
  }
  const config = installConfig();
  const { manifest, keptAside } = await restore(config, resolve(positionals[0] as string), { force: values.force });
  process.stdout.write(
    `恢复完成：${manifest.createdAt} 的备份（${manifest.database.client}，上传文件 ${manifest.uploads.length} 个）\n` +
      (keptAside ? `  原来的上传文件夹保留在 ${keptAside}，确认无误后可以删除。\n` : '') +
      '  现在可以启动 CMS（npm start），然后发布一次，让网站与恢复的内容一致。\n',
  );
} catch (error) {
  process.stderr.write(`恢复失败：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
