import { z } from 'zod';

/**
 * The site's build-time environment: every variable the build reads, read here and nowhere
 * else, and checked at once, so that a wrong value stops the build with the variable's name
 * and what it should be instead of quietly building another site than the one asked for.
 *
 * The publisher, the tests and the bench set these through `buildSite()` (build/build-site.ts),
 * which takes typed options and writes them as these variables; a person building by hand sets
 * them in the shell (README, "Building the site by hand"). The site reads them in its own
 * process (astro.config.ts, loaders, integrations, pages), so the environment is the boundary.
 *
 * Read on every call, not cached: tests set process.env between builds in one process, and a
 * parse is a few microseconds.
 */

/** Unset and empty are the same: `SITE_SNAPSHOT_DIR= astro build` means "no snapshot". */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const text = z.preprocess(unsetIfEmpty, z.string().optional());
const flag = z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).optional()).transform((value) => value === 'true');
const httpUrl = z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));

/** A document the webhook named: what SITE_CHANGED lists (scripts/publisher, src/cms/sync.ts). */
export interface ChangedDocument {
  /** The content type's uid (the content model's `uid`); null for a media-library file. */
  uid: string | null;
  documentId: string | null;
}

const schema = z.object({
  /** Where Strapi answers. Required to read the CMS (src/cms/settings.ts says so at the first read). */
  CMS_URL: z.preprocess(unsetIfEmpty, httpUrl.optional()),
  /** Read-only token: published content. */
  CMS_BUILD_TOKEN: text,
  /** Reads drafts: preview builds only. */
  CMS_PREVIEW_TOKEN: text,
  /** The public address: feeds, sitemap and canonical links. */
  SITE_URL: z.preprocess(unsetIfEmpty, httpUrl.default('http://localhost:4321')),
  SITE_OUT_DIR: z.preprocess(unsetIfEmpty, z.string().default('./dist')),
  /** Astro's cache and the rendered bodies beside it; separate caches let builds run side by side. */
  SITE_CACHE_DIR: z.preprocess(unsetIfEmpty, z.string().default('./node_modules/.astro')),
  /** Where the last good content snapshot is kept (and written, by a full read that succeeds). */
  SITE_SNAPSHOT_DIR: text,
  /** Build from the snapshot, without the CMS (an operator's explicit request). */
  SITE_FROM_SNAPSHOT: flag,
  /** A preview build: published content plus one draft, never recorded into the snapshot. */
  SITE_PREVIEW: flag,
  /** `<collection>/<documentId>` of the draft a preview shows. */
  SITE_PREVIEW_DOCUMENT: text,
  /** The encoded image store (src/images/); else images/ in PUBLISH_DIR, else var/images. */
  SITE_IMAGE_STORE_DIR: text,
  PUBLISH_DIR: text,
  /** `incremental` renders only the pages whose key changed since SITE_RENDER_PREVIOUS. */
  SITE_RENDER_MODE: z.preprocess(unsetIfEmpty, z.enum(['full', 'incremental']).default('full')),
  SITE_RENDER_PREVIOUS: text,
  /** Where the render manifest of this build is written, for the next incremental one. */
  SITE_RENDER_MANIFEST: text,
  /**
   * Where the render plan appends the output file of every page it will render, a line each,
   * as each route is planned: the publisher stages pages for search while the build writes
   * them (src/search/follow.ts).
   */
  SITE_PLANNED_PAGES: text,
  /** Where the documents the content contract refused are written as JSON (src/cms/errors.ts). */
  SITE_BUILD_REPORT: text,
  /**
   * Threads that render pages (src/build/parallel-render.ts): `auto` uses a second one for a
   * build of many pages on a machine of more than one core; `1` and `2` whatever the size.
   */
  SITE_RENDER_THREADS: z.preprocess(unsetIfEmpty, z.enum(['auto', '1', '2']).default('auto')),
  /** `off` when the caller indexes the built site for search itself (the publisher). */
  SITE_SEARCH_INDEX: z.preprocess(unsetIfEmpty, z.enum(['on', 'off']).default('on')),
  /** `delta`: the loaders read only what SITE_CHANGED names (src/cms/sync.ts). */
  SITE_SYNC: z.preprocess(unsetIfEmpty, z.enum(['full', 'delta']).default('full')),
  SITE_CHANGED: z.preprocess(unsetIfEmpty, z.string().default('[]')).transform((raw, context) => {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed as ChangedDocument[];
      context.addIssue({ code: 'custom', message: '不是列表' });
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  }),
});

export type SiteEnv = z.output<typeof schema>;
/** The names of the variables the site reads: what a build launcher sets, or clears, itself. */
export type SiteVariable = keyof typeof schema.shape;
export const SITE_VARIABLES = Object.keys(schema.shape) as SiteVariable[];

/** What each variable should hold, in the words of the error an operator reads. */
const EXPECTED: Record<SiteVariable, string> = {
  CMS_URL: 'CMS 的 http(s) 地址，例如 http://127.0.0.1:1337',
  CMS_BUILD_TOKEN: 'CMS 的只读 API 令牌',
  CMS_PREVIEW_TOKEN: 'CMS 的预览 API 令牌',
  SITE_URL: '网站对外的 http(s) 地址，例如 https://www.example.gov.cn',
  SITE_OUT_DIR: '输出目录',
  SITE_CACHE_DIR: '缓存目录',
  SITE_SNAPSHOT_DIR: '内容快照所在目录',
  SITE_FROM_SNAPSHOT: 'true 或 false',
  SITE_PREVIEW: 'true 或 false',
  SITE_PREVIEW_DOCUMENT: '<集合>/<documentId>',
  SITE_IMAGE_STORE_DIR: '图片库目录',
  PUBLISH_DIR: '发布目录',
  SITE_RENDER_MODE: 'full 或 incremental',
  SITE_RENDER_PREVIOUS: '上一版本的页面清单文件',
  SITE_RENDER_MANIFEST: '写出页面清单的文件',
  SITE_PLANNED_PAGES: '写出待生成页面列表的文件',
  SITE_BUILD_REPORT: '写出构建报告的文件',
  SITE_RENDER_THREADS: 'auto、1 或 2',
  SITE_SEARCH_INDEX: 'on 或 off',
  SITE_SYNC: 'full 或 delta',
  SITE_CHANGED: '有效的 JSON 列表，例如 [{"uid":"api::…","documentId":"…"}]（发布服务应传入改动的文档）',
};

let checked: { key: string; value: SiteEnv } | undefined;

/** The site's environment, checked; throws one error naming every variable that is wrong. */
export function siteEnv(env: NodeJS.ProcessEnv = process.env): SiteEnv {
  // Pages call this as they render: parsing the environment on every call cost 1.7 s of a 1x
  // build. The answer is kept for as long as the variables it reads keep their values.
  const key = env === process.env ? SITE_VARIABLES.map((name) => env[name] ?? '\u0000').join('\u0001') : undefined;
  if (key !== undefined && checked?.key === key) return checked.value;
  const result = schema.safeParse(env);
  if (result.success) {
    if (key !== undefined) checked = { key, value: result.data };
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]) as SiteVariable;
    const shown = name.endsWith('_TOKEN') ? '（已隐藏）' : JSON.stringify(env[name]);
    const detail = name === 'SITE_CHANGED' && issue.message ? `（${issue.message}）` : '';
    return `  - ${name}=${shown}${detail}：应为${EXPECTED[name] ?? '有效的值'}`;
  });
  throw new Error(`站点构建的环境变量有误：\n${problems.join('\n')}`);
}
