import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseEnv } from 'node:util';
import { CMS_DIR, ENV_FILE, ROOT } from './paths.ts';

/**
 * Backups of an install: the database in its own format (a consistent SQLite copy made with
 * VACUUM INTO, or pg_dump's custom format), the uploads folder, and a manifest with a checksum
 * of every file. Strapi is not started for either: nothing in the CMS, neither its webhooks nor
 * its API tokens nor its admin users, is changed by taking a backup, and everything, admin
 * users and their passwords included, comes back on restore. (`strapi export` would start
 * Strapi's bootstrap and leaves admin users out.) The .env with the install's secrets is not
 * copied: the backup says so in a note, and names the variables to keep safe elsewhere.
 */

export interface InstallConfig {
  database: { client: 'sqlite'; file: string } | { client: 'postgres'; url: string; password?: string; schema: string };
  uploadsDir: string;
  /** The CMS's local address, to refuse a restore while it is running. */
  cmsUrl: string;
  /** Names of the variables in .env, for the note (never their values). */
  envNames: string[];
}

/** Reads the database and uploads settings the CMS itself reads (cms/config/database.ts, server.ts). */
export function installConfig(env: Record<string, string | undefined> = process.env, envFile = ENV_FILE): InstallConfig {
  const file = existsSync(envFile) ? (parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  const get = (key: string, fallback = '') => env[key] ?? file[key] ?? fallback;
  const client = get('DATABASE_CLIENT', 'sqlite');
  const uploadsDir = join(resolve(CMS_DIR, get('PUBLIC_DIR', './public')), 'uploads');
  const cmsUrl = `http://127.0.0.1:${get('PORT', get('CMS_PORT', '1337'))}`;
  const envNames = Object.keys(file).sort();
  if (client === 'sqlite') {
    return {
      database: { client, file: resolve(CMS_DIR, get('DATABASE_FILENAME', '.tmp/data.db')) },
      uploadsDir,
      cmsUrl,
      envNames,
    };
  }
  if (client === 'postgres') {
    let url = get('DATABASE_URL');
    if (!url) {
      const u = new URL('postgres://localhost');
      u.hostname = get('DATABASE_HOST', 'localhost');
      u.port = get('DATABASE_PORT', '5432');
      u.username = get('DATABASE_USERNAME', 'strapi');
      u.pathname = `/${get('DATABASE_NAME', 'strapi')}`;
      url = u.href;
    }
    const password = get('DATABASE_PASSWORD') || undefined;
    return { database: { client, url, password, schema: get('DATABASE_SCHEMA', 'public') }, uploadsDir, cmsUrl, envNames };
  }
  throw new Error(`DATABASE_CLIENT=${client}：备份只支持 sqlite 和 postgres`);
}

interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  database: { client: 'sqlite' | 'postgres'; file: string; size: number; sha256: string };
  uploads: ManifestFile[];
  envNames: string[];
}

const MANIFEST = 'manifest.json';
const ENV_NOTE = '关于 .env（请读）.txt';

function sha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

async function describeFiles(dir: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of listFiles(dir)) {
    const full = join(dir, path);
    files.push({ path, size: statSync(full).size, sha256: await sha256(full) });
  }
  return files;
}

function runTool(bin: string, args: string[], env: Record<string, string | undefined> = {}): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      fail(
        new Error(`无法运行 ${bin}（${error.message}）：PostgreSQL 的备份需要 ${bin}，Debian 上由 postgresql-client 软件包提供`),
      ),
    );
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${bin} 失败（退出码 ${code}）：${stderr.trim()}`))));
  });
}

function envNote(names: string[]): string {
  return `这份备份不包含 .env。

.env 保存着本机的密钥（数据库密码、令牌、会话密钥等），为了安全不放进备份。
请把 .env 另行保存在安全的地方（例如加密的 U 盘或密码管理器），不要和备份放在一起。

恢复时：
- 用原来的 .env：一切照旧，编辑不必重新登录，各令牌不变。
- 用新生成的 .env（例如原机器已损坏）：内容、图片、管理员账号和密码都能恢复；
  CMS 启动时会按新的 .env 重新建立构建、预览、导入令牌，所有人需要重新登录管理后台。

备份时 .env 中有这些变量（只列名称）：
${names.map((n) => `  ${n}`).join('\n') || '  （没有找到 .env）'}
`;
}

/** Makes a backup folder under parent; returns its path and manifest. */
export async function backup(config: InstallConfig, parent: string): Promise<{ dir: string; manifest: Manifest }> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(parent, `backup-${stamp}`);
  const partial = `${dir}.partial`;
  mkdirSync(partial, { recursive: true });
  try {
    let databaseFile: string;
    if (config.database.client === 'sqlite') {
      if (!existsSync(config.database.file))
        throw new Error(`找不到数据库文件 ${config.database.file}：请检查 DATABASE_FILENAME`);
      databaseFile = 'database.sqlite';
      // A consistent copy while Strapi keeps writing: SQLite's own snapshot, not a file copy.
      const db = new DatabaseSync(config.database.file, { readOnly: true });
      try {
        db.prepare('VACUUM INTO ?').run(join(partial, databaseFile));
      } finally {
        db.close();
      }
    } else {
      databaseFile = 'database.pgdump';
      await runTool(
        'pg_dump',
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--schema=${config.database.schema}`,
          '--file',
          join(partial, databaseFile),
          config.database.url,
        ],
        { PGPASSWORD: config.database.password },
      );
    }
    // Uploads after the database: a file the database names is then always in the backup
    // (uploads are only ever added under new names, or deleted).
    if (existsSync(config.uploadsDir)) cpSync(config.uploadsDir, join(partial, 'uploads'), { recursive: true });
    else mkdirSync(join(partial, 'uploads'));
    const manifest: Manifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      database: {
        client: config.database.client,
        file: databaseFile,
        size: statSync(join(partial, databaseFile)).size,
        sha256: await sha256(join(partial, databaseFile)),
      },
      uploads: await describeFiles(join(partial, 'uploads')),
      envNames: config.envNames,
    };
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(partial, ENV_NOTE), envNote(config.envNames));
    renameSync(partial, dir);
    return { dir, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Reads a backup's manifest and checks every file against it before anything is touched. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir} 不是备份文件夹：其中没有 ${MANIFEST}`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new Error(`${path}：不认识的备份格式 ${String(manifest.format)}`);
  const problems: string[] = [];
  const check = async (file: string, expected: { size: number; sha256: string }) => {
    if (!existsSync(file)) problems.push(`缺少 ${relative(dir, file)}`);
    else if (statSync(file).size !== expected.size || (await sha256(file)) !== expected.sha256) {
      problems.push(`${relative(dir, file)} 已损坏（与备份时的校验值不符）`);
    }
  };
  await check(join(dir, manifest.database.file), manifest.database);
  for (const file of manifest.uploads) await check(join(dir, 'uploads', file.path), file);
  const extra = listFiles(join(dir, 'uploads')).filter((p) => !manifest.uploads.some((f) => f.path === p));
  for (const p of extra) problems.push(`uploads/${p} 不在备份清单中`);
  if (problems.length > 0) throw new Error(`备份 ${dir} 不完整，未做任何恢复：\n  ${problems.join('\n  ')}`);
  return manifest;
}

async function cmsIsRunning(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_health`, { signal: AbortSignal.timeout(1000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function postgresHasTables(url: string, password: string | undefined, schema: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, password });
  await client.connect();
  try {
    const result = await client.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [
      schema,
    ]);
    return (result.rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into the configured install. Refuses while the CMS answers, when the
 * backup's database kind differs from the install's, and, without force, when the install
 * already holds a database or uploads. Replaced uploads are kept aside, not deleted.
 */
export async function restore(
  config: InstallConfig,
  from: string,
  { force = false } = {},
): Promise<{ manifest: Manifest; keptAside?: string }> {
  const manifest = await verifyBackup(from);
  if (manifest.database.client !== config.database.client) {
    throw new Error(
      `备份的数据库是 ${manifest.database.client}，本机配置的是 ${config.database.client}（DATABASE_CLIENT）：请先改成一致的配置`,
    );
  }
  if (await cmsIsRunning(config.cmsUrl)) {
    throw new Error(`CMS 正在运行（${config.cmsUrl}）：请先停止 CMS 和发布服务，再恢复`);
  }
  const uploadsInUse = listFiles(config.uploadsDir).length > 0;
  const db = config.database;
  const databaseInUse =
    db.client === 'sqlite'
      ? existsSync(db.file) && statSync(db.file).size > 0
      : await postgresHasTables(db.url, db.password, db.schema);
  if (!force && (uploadsInUse || databaseInUse)) {
    const what = [
      databaseInUse && `数据库（${db.client === 'sqlite' ? db.file : '已有数据表'}）`,
      uploadsInUse && `上传文件夹 ${config.uploadsDir}`,
    ]
      .filter(Boolean)
      .join('和');
    throw new Error(`本机已有${what}，未做任何恢复。确认要用备份覆盖它们，请加 --force（覆盖前的上传文件会保留在旁边）`);
  }

  if (db.client === 'sqlite') {
    mkdirSync(dirname(db.file), { recursive: true });
    const incoming = `${db.file}.restoring`;
    cpSync(join(from, manifest.database.file), incoming);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${db.file}${suffix}`, { force: true });
    renameSync(incoming, db.file);
  } else {
    await runTool(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--clean',
        '--if-exists',
        '--single-transaction',
        '--exit-on-error',
        '--dbname',
        db.url,
        join(from, manifest.database.file),
      ],
      { PGPASSWORD: db.password },
    );
  }

  let keptAside: string | undefined;
  const incoming = `${config.uploadsDir}.restoring`;
  rmSync(incoming, { recursive: true, force: true });
  cpSync(join(from, 'uploads'), incoming, { recursive: true });
  if (existsSync(config.uploadsDir)) {
    if (uploadsInUse) {
      keptAside = `${config.uploadsDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(config.uploadsDir, keptAside);
    } else {
      rmSync(config.uploadsDir, { recursive: true, force: true });
    }
  }
  renameSync(incoming, config.uploadsDir);
  return { manifest, keptAside };
}

/** Where backups go unless told otherwise. */
export const DEFAULT_BACKUP_DIR = join(ROOT, 'var', 'backups');
