// `npm run backup [-- --out <folder>]`: a backup of the database and the uploads, made while
// everything keeps running. See scripts/tooling/src/backup-store.ts and the README's 备份与恢复.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backup, DEFAULT_BACKUP_DIR, installConfig } from './src/backup-store.ts';

const USAGE = `用法：npm run backup [-- --out <文件夹>]
  备份数据库和上传的文件到 <文件夹>/backup-<时间>/（默认 ${DEFAULT_BACKUP_DIR}）。
  不需要停止 CMS；不改动 CMS 中的任何东西。.env 不在备份中，请另行保管。`;

try {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const config = installConfig();
  const started = performance.now();
  const { dir, manifest } = await backup(config, resolve(values.out ?? DEFAULT_BACKUP_DIR));
  const bytes = manifest.uploads.reduce((sum, f) => sum + f.size, manifest.database.size);
  process.stdout.write(
    `备份完成：${dir}\n` +
      `  数据库（${manifest.database.client}）${(manifest.database.size / 1024 / 1024).toFixed(1)} MB，` +
      `上传文件 ${manifest.uploads.length} 个，共 ${(bytes / 1024 / 1024).toFixed(1)} MB，` +
      `用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒\n` +
      '  .env 不在备份中：请另行保管（见备份中的说明）。\n',
  );
} catch (error) {
  process.stderr.write(`备份失败：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
