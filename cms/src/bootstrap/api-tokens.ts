import { category, news, reliefBatch, reliefProgramme } from '@fulian/shared-types/model';
import type { Core } from '@strapi/strapi';

/** The tokens that may read drafts (see src/policies/published-only.ts). */
export const PREVIEW_TOKEN_NAME = 'site-preview';
export const IMPORT_TOKEN_NAME = 'content-import';
export const DRAFT_READERS = new Set([PREVIEW_TOKEN_NAME, IMPORT_TOKEN_NAME]);

/**
 * The legacy importer creates drafts for editors to review, and must see its own drafts. It
 * creates only types that have a draft state (an editor publishes them); the others it may
 * only look up. src/security/import-token-guard.ts enforces "drafts only" on every create.
 */
export const IMPORT_CREATES = [news.uid, reliefBatch.uid];
const IMPORT_READS = [...IMPORT_CREATES, category.uid, reliefProgramme.uid];

/**
 * Strapi creates these two on the first start of an empty install (admin bootstrap), with
 * full or read access to everything and no expiry. Nothing here uses them; they are removed.
 */
const STRAPI_DEFAULT_TOKENS = ['Full Access', 'Read Only'];

interface TokenSpec {
  name: string;
  description: string;
  /** The environment variable holding the token; the per-install .env is its one source. */
  env: string;
  required: boolean;
  type: 'custom' | 'full-access';
  permissions: string[];
}

/**
 * Read actions on every content type of the project's own APIs, and the media library's file
 * list: the site asks it for the photos in article bodies (their size, alt text and version,
 * for its image store), which no content type's response carries. Nothing else.
 */
function siteReadActions(strapi: Core.Strapi): string[] {
  return [
    ...Object.entries(strapi.contentTypes)
      .filter(([uid]) => uid.startsWith('api::'))
      .flatMap(([uid, type]) => (type.kind === 'singleType' ? [`${uid}.find`] : [`${uid}.find`, `${uid}.findOne`])),
    'plugin::upload.content-api.find',
  ];
}

const tokenSpecs = (strapi: Core.Strapi): TokenSpec[] => [
  {
    name: 'site-build',
    description: '静态网站构建专用：只能读取已发布的内容，不能写入',
    env: 'CMS_BUILD_TOKEN',
    required: true,
    type: 'custom',
    permissions: siteReadActions(strapi),
  },
  {
    // The same reads, drafts included: the published-only policy lets this one token through.
    name: PREVIEW_TOKEN_NAME,
    description: '草稿预览专用：可以读取草稿，不能写入',
    env: 'CMS_PREVIEW_TOKEN',
    required: false,
    type: 'custom',
    permissions: siteReadActions(strapi),
  },
  {
    name: IMPORT_TOKEN_NAME,
    description: '旧稿导入工具使用：只能新建草稿和读取，不能发布或删除',
    env: 'CMS_IMPORT_TOKEN',
    required: false,
    type: 'custom',
    permissions: [
      ...IMPORT_READS.flatMap((uid) => [`${uid}.find`, `${uid}.findOne`]),
      ...IMPORT_CREATES.map((uid) => `${uid}.create`),
    ],
  },
  {
    // Only for tests that write through REST; absent in normal use.
    name: 'content-write',
    description: '内容导入与测试工具使用的写入令牌',
    env: 'CMS_WRITE_TOKEN',
    required: false,
    type: 'full-access',
    permissions: [],
  },
];

interface TokenService {
  hash(key: string): string;
  getByName(name: string): Promise<{ id: number; type: string; description?: string; permissions?: string[] } | null>;
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
  revoke(id: number): Promise<unknown>;
}

/**
 * Token lifetimes: all four are created with no expiry (lifespan null), on purpose. Their keys
 * are not typed by people: each is generated per install into .env (scripts/lib/env-file.ts),
 * read by one local process (the site build, the preview server, the importer, tests), never
 * sent to a browser, and re-checked against .env at every start: replacing the value in .env
 * and restarting rotates the key, and removing an optional one revokes its token. An expiry
 * would only stop publishing on a date nobody watches. Tokens that people create by hand in
 * 设置 → API 令牌 should be given an expiry there.
 *
 * Makes the API tokens in the database match the keys in the environment. Strapi can only
 * generate random keys; we store the hash of ours instead, so the key generated per install
 * into .env is the single source and the site build can be handed the same value.
 */
export async function ensureApiTokens(strapi: Core.Strapi): Promise<void> {
  const tokens = strapi.service('admin::api-token-content-api') as unknown as TokenService;
  const encryption = strapi.service('admin::encryption') as unknown as { encrypt(v: string): string };

  for (const name of STRAPI_DEFAULT_TOKENS) {
    const token = await tokens.getByName(name);
    if (token) {
      await tokens.revoke(token.id);
      strapi.log.info(`Strapi's default API token "${name}" removed: it had broad access and no expiry.`);
    }
  }

  for (const spec of tokenSpecs(strapi)) {
    const key = process.env[spec.env];
    const existing = await tokens.getByName(spec.name);
    if (!key) {
      if (spec.required) {
        throw new Error(`环境变量 ${spec.env} 未设置：站点构建令牌必须由安装时生成的 .env 提供（运行 npm start 会自动生成）。`);
      }
      if (existing) await tokens.revoke(existing.id);
      continue;
    }
    if (key.length < 32) {
      throw new Error(`环境变量 ${spec.env} 太短（${key.length} 个字符）：令牌至少需要 32 个字符。`);
    }
    const hashed = tokens.hash(key);
    if (existing) {
      const row = await strapi.db.query('admin::api-token').findOne({ where: { id: existing.id }, select: ['accessKey'] });
      const samePermissions =
        existing.type === spec.type && [...(existing.permissions ?? [])].sort().join() === [...spec.permissions].sort().join();
      if (row?.accessKey === hashed && samePermissions) continue;
      await tokens.revoke(existing.id);
    }
    const created = await tokens.create({
      name: spec.name,
      description: spec.description,
      type: spec.type,
      permissions: spec.type === 'custom' ? spec.permissions : undefined,
      lifespan: null,
    });
    await strapi.db.query('admin::api-token').update({
      where: { id: created.id },
      data: { accessKey: hashed, encryptedKey: encryption.encrypt(key) },
    });
    strapi.log.info(`API token "${spec.name}" provisioned from ${spec.env}.`);
  }
}
