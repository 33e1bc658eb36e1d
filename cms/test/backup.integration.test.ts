import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { backup, installConfig, restore, verifyBackup } from '@fulian/tooling/backup-store';
import { CMS_DIR } from '@fulian/tooling/paths';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run backup` while the CMS runs, `npm run restore` into a fresh install, on whichever
 * database this project runs (SQLite, or PostgreSQL in integration-postgres): the restored
 * CMS serves the same REST output, drafts included, and the same upload bytes; admin users
 * come back; and neither a backup nor a `strapi export` touches webhooks or API tokens.
 */

const ADMIN = { email: 'backup-admin@fulian.local', password: 'Backup-Admin-Passw0rd' };
const WEBHOOK = { PUBLISH_WEBHOOK_URL: 'http://127.0.0.1:9/webhook', PUBLISH_WEBHOOK_SECRET: 'b'.repeat(64) };
const COLLECTIONS = [
  'news-items',
  'trainings',
  'lectures',
  'relief-batches',
  'categories',
  'lecture-series-list',
  'relief-programmes',
];

let source: ThrowawayCms;
let target: ThrowawayCms | undefined;
const work = mkdtempSync(join(tmpdir(), 'fulian-backup-'));
let backupDir: string;

/** What the CMS serves over REST, drafts and published, every relation and media populated. */
async function snapshot(cms: ThrowawayCms): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const path of COLLECTIONS) {
    for (const status of ['draft', 'published']) {
      const res = await cms.api(
        'GET',
        `/api/${path}?status=${status}&populate=*&sort=id&pagination[pageSize]=100`,
        undefined,
        cms.previewToken,
      );
      expect(res.status, path).toBe(200);
      out[`${path}:${status}`] = res.json;
    }
  }
  out.settings = (await cms.api('GET', '/api/site-setting?populate=*', undefined, cms.buildToken)).json;
  out.files = (await cms.api('GET', '/api/upload/files?sort=id')).json;
  return out;
}

function uploadBytes(cms: ThrowawayCms): Record<string, string> {
  const dir = join(cms.dir, 'public', 'uploads');
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [
        relative(dir, join(e.parentPath, e.name)),
        createHash('sha256')
          .update(readFileSync(join(e.parentPath, e.name)))
          .digest('hex'),
      ]),
  );
}

async function adminSession(cms: ThrowawayCms): Promise<string> {
  const login = await cms.api('POST', '/admin/login', ADMIN, null);
  expect(login.status, JSON.stringify(login.json)).toBe(200);
  return login.json.data.token;
}

/** The webhooks and API tokens as the admin lists them. */
async function integrations(cms: ThrowawayCms): Promise<{ webhooks: string[]; tokens: string[] }> {
  const session = await adminSession(cms);
  const webhooks = await cms.api('GET', '/admin/webhooks', undefined, session);
  const tokens = await cms.api('GET', '/admin/api-tokens', undefined, session);
  return {
    webhooks: webhooks.json.data.map((w: { name: string; url: string }) => `${w.name} ${w.url}`).sort(),
    tokens: tokens.json.data.map((t: { name: string; accessKey?: string }) => t.name).sort(),
  };
}

function config(cms: ThrowawayCms, env = cms.env) {
  // The install's settings from the environment alone; the repository's own .env stays out of it.
  return installConfig({ ...env, PORT: new URL(cms.url).port }, join(work, 'no.env'));
}

beforeAll(async () => {
  source = await startThrowawayCms({ ...WEBHOOK, CMS_ADMIN_EMAIL: ADMIN.email, CMS_ADMIN_PASSWORD: ADMIN.password });
  const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#2e86c1' } })
    .jpeg()
    .toBuffer();
  const cover = await source.upload('备份测试封面.jpg', photo, 'image/jpeg', '蓝色的封面');
  await source.upload('申请表.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf', null);
  const category = await source.api('POST', '/api/categories', { data: { name: '工作动态' } });
  const programme = await source.api('POST', '/api/relief-programmes', {
    data: { name: '贫困妇女“两癌”救助', description: '项目说明', eligibility: '申请条件' },
  });
  const made = [
    category,
    programme,
    await source.api('POST', '/api/news-items', {
      data: {
        title: '已发布的新闻',
        date: '2024-03-08',
        summary: '摘要',
        body: '正文',
        cover,
        category: category.json.data.documentId,
      },
    }),
    // A programme still in review: drafts of every draftable type come back as drafts.
    await source.api('POST', '/api/relief-programmes?status=draft', {
      data: { name: '单亲困难母亲救助（草稿）', description: '项目说明', eligibility: '申请条件' },
    }),
    await source.api('POST', '/api/news-items?status=draft', {
      data: { title: '未发布的草稿', date: '2024-03-09', summary: '摘要', body: '草稿正文' },
    }),
    await source.api('POST', '/api/relief-batches', {
      data: {
        title: '2024年第一批救助金发放',
        year: 2024,
        batchNumber: 1,
        disbursementDate: '2024-03-08',
        amount: '3000.5',
        recipientCount: 3,
        programme: programme.json.data.documentId,
        byDistrict: [
          { label: '思明区', count: 2 },
          { label: '湖里区', count: 1 },
        ],
        byAgeBand: [{ label: '40-49岁', count: 3 }],
        byCancerType: [{ label: '乳腺癌', count: 3 }],
      },
    }),
  ];
  for (const res of made) expect(res.status, JSON.stringify(res.json)).toBe(201);
  const settings = await source.api('PUT', '/api/site-setting', {
    data: {
      siteName: '示例市妇女联合会',
      shortName: '示例市妇联',
      description: '门户网站',
      siteDomain: 'www.example.gov.cn',
      address: '人民路 1 号',
      phone: '0592-0000000',
      icpNumber: '闽ICP备00000000号',
      navigation: [{ label: '首页', url: '/' }],
    },
  });
  expect(settings.status).toBe(200);
});

afterAll(async () => {
  await target?.stop();
  await source?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  let before: Record<string, unknown>;
  let bytes: Record<string, string>;
  let integrationsBefore: { webhooks: string[]; tokens: string[] };

  it('backs up while the CMS runs, changing nothing in it', async () => {
    integrationsBefore = await integrations(source);
    expect(integrationsBefore.webhooks).toHaveLength(1);
    expect(integrationsBefore.tokens).toEqual(['content-import', 'content-write', 'site-build', 'site-preview']);
    before = await snapshot(source);
    bytes = uploadBytes(source);
    expect(Object.keys(bytes).length).toBeGreaterThanOrEqual(2);

    const made = await backup(config(source), work);
    backupDir = made.dir;
    expect(made.manifest.uploads.map((f) => f.path).sort()).toEqual(Object.keys(bytes).sort());
    expect(readdirSync(backupDir)).toContain('关于 .env（请读）.txt');
    expect(readFileSync(join(backupDir, '关于 .env（请读）.txt'), 'utf8')).toContain('这份备份不包含 .env');
    expect(await integrations(source)).toEqual(integrationsBefore);
    expect(await snapshot(source)).toEqual(before);
  });

  it('a `strapi export` run without the publish variables leaves webhooks and tokens alone', async () => {
    // The operator's shell: the secrets Strapi needs to boot, none of the publish settings.
    const { PUBLISH_WEBHOOK_URL, PUBLISH_WEBHOOK_SECRET, CMS_PREVIEW_TOKEN, CMS_IMPORT_TOKEN, CMS_WRITE_TOKEN, ...env } =
      source.env;
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        [
          join(CMS_DIR, 'node_modules/@strapi/strapi/bin/strapi.js'),
          'export',
          '--no-encrypt',
          '--no-compress',
          '-f',
          join(work, 'export'),
        ],
        {
          cwd: CMS_DIR,
          env: { ...process.env, ...env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true', PORT: '9' },
          stdio: 'ignore',
        },
      );
      child.on('exit', done);
    });
    expect(code).toBe(0);
    expect(await integrations(source)).toEqual(integrationsBefore);
  });

  it('refuses a damaged backup before touching anything', async () => {
    const damaged = join(work, 'damaged');
    const { cpSync, writeFileSync } = await import('node:fs');
    cpSync(backupDir, damaged, { recursive: true });
    const [first] = readdirSync(join(damaged, 'uploads'));
    writeFileSync(join(damaged, 'uploads', first as string), 'not the picture');
    await expect(verifyBackup(damaged)).rejects.toThrow(/已损坏（与备份时的校验值不符）/);
  });

  it('refuses to restore over a running CMS or an install that has content, without --force', async () => {
    await expect(restore(config(source), backupDir)).rejects.toThrow(/CMS 正在运行/);
  });

  it('restores into a fresh install: the same REST output, drafts included, the same upload bytes, the same admins', async () => {
    target = await startThrowawayCms(
      {},
      {
        beforeStart: async (env) => {
          await restore(installConfig({ ...env, PORT: '9' }, join(work, 'no.env')), backupDir);
        },
      },
    );
    expect(await snapshot(target)).toEqual(before);
    expect(uploadBytes(target)).toEqual(bytes);
    // The admin users and their passwords are in the database, so they come back too.
    await adminSession(target);
    // A second restore over the now populated install needs --force (with the CMS stopped).
    await target.pause();
    await expect(restore(config(target), backupDir)).rejects.toThrow(/本机已有数据库.*--force/);
    const { keptAside } = await restore(config(target), backupDir, { force: true });
    expect(keptAside).toMatch(/uploads\.before-restore-/);
    await target.resume();
    expect(await snapshot(target)).toEqual(before);
  });
});
