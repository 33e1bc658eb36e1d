import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ENV_FILE, ROOT } from '@fulian/tooling/paths';

export interface PublishConfig {
  /** Where Strapi listens, for builds and preview look-ups. */
  cmsUrl: string;
  /** Read-only token: published content only. */
  buildToken: string;
  /** Reads drafts; without it there is no preview. */
  previewToken: string | null;
  /** The public address of the live site: feeds, sitemap and canonical links use it. */
  siteUrl: string;
  /** Strapi sends it as `Authorization: Bearer …` on every webhook call. */
  webhookSecret: string;
  /** Opens the preview server; without it there is no preview. */
  previewSecret: string | null;
  host: string;
  /** Webhook and status. */
  port: number;
  /** The preview server, at previewUrl for editors' browsers. */
  previewPort: number;
  previewUrl: string;
  /** The folder holding releases, the live link, caches, snapshot and logs. */
  dir: string;
  /** A build starts once no event came for this long... */
  quietMs: number;
  /** ...or this long after the first waiting event, whichever is sooner. */
  maxWaitMs: number;
  keepReleases: number;
  buildTimeoutMs: number;
  /** How often the catch-up check looks for publishes the webhook missed; 0 for never. */
  reconcileMinutes: number;
  /** The nightly full build: HH:MM (the server's local time), or 'off'. */
  nightlyAt: string;
}

/**
 * The service's settings from the environment, falling back to the install's .env for what
 * the environment lacks (the secrets live there). Every missing or malformed value is named.
 */
export function publishConfigFromEnv(env: NodeJS.ProcessEnv = process.env, envFile = ENV_FILE): PublishConfig {
  const get = lookup(env, envFile);
  const problems: string[] = [];

  const required = (name: string, what: string): string => {
    const value = get(name);
    if (!value) problems.push(`${name}（${what}）未设置`);
    return value ?? '';
  };
  const number = (name: string, fallback: number, min: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      problems.push(`${name}=${raw} 应为不小于 ${min} 的整数`);
      return fallback;
    }
    return value;
  };
  const minutes = (name: string, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      problems.push(`${name}=${raw} 应为不小于 0 的分钟数（0 表示不检查）`);
      return fallback;
    }
    return value;
  };
  const timeOfDay = (name: string, fallback: string): string => {
    const value = get(name) ?? fallback;
    if (value === 'off' || /^([01]?\d|2[0-3]):([0-5]\d)$/.test(value)) return value;
    problems.push(`${name}=${value} 应为 HH:MM（如 03:30）或 off`);
    return fallback;
  };
  const url = (name: string, fallback: string): string => {
    const value = get(name) ?? fallback;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) problems.push(`${name}=${value} 不是 http(s) 地址`);
    return value.replace(/\/+$/, '');
  };

  const previewPort = number('PREVIEW_PORT', 4323, 0);
  const host = get('PUBLISH_HOST') ?? '127.0.0.1';
  const config: PublishConfig = {
    cmsUrl: url('CMS_URL', 'http://127.0.0.1:1337'),
    buildToken: required('CMS_BUILD_TOKEN', '站点构建的只读令牌'),
    previewToken: get('CMS_PREVIEW_TOKEN') ?? null,
    siteUrl: url('SITE_URL', 'http://localhost:4321'),
    webhookSecret: required('PUBLISH_WEBHOOK_SECRET', 'CMS 调用发布服务时携带的密钥'),
    previewSecret: get('PREVIEW_SECRET') ?? null,
    host,
    port: number('PUBLISH_PORT', 4322, 0),
    previewPort,
    previewUrl: url('PREVIEW_URL', `http://localhost:${previewPort}`),
    dir: publishDirFromEnv(env, envFile),
    quietMs: number('PUBLISH_QUIET_MS', 2_000, 0),
    maxWaitMs: number('PUBLISH_MAX_WAIT_MS', 30_000, 0),
    keepReleases: number('PUBLISH_KEEP_RELEASES', 5, 1),
    buildTimeoutMs: number('PUBLISH_BUILD_TIMEOUT_MS', 15 * 60_000, 1_000),
    reconcileMinutes: minutes('PUBLISH_RECONCILE_MINUTES', 5),
    nightlyAt: timeOfDay('PUBLISH_NIGHTLY_AT', '03:30'),
  };
  if (config.webhookSecret && config.webhookSecret.length < 32) {
    problems.push(`PUBLISH_WEBHOOK_SECRET 太短（${config.webhookSecret.length} 个字符），至少 32 个`);
  }
  if (config.previewSecret && config.previewSecret.length < 32) {
    problems.push(`PREVIEW_SECRET 太短（${config.previewSecret.length} 个字符），至少 32 个`);
  }
  if (problems.length > 0) {
    throw new Error(`发布服务的设置有误（环境变量或 ${envFile}）：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return config;
}

/** The folder of releases and the live link: PUBLISH_DIR, relative to the repository, or var/. */
export function publishDirFromEnv(env: NodeJS.ProcessEnv = process.env, envFile = ENV_FILE): string {
  const dir = lookup(env, envFile)('PUBLISH_DIR') ?? join(ROOT, 'var');
  return isAbsolute(dir) ? dir : resolve(ROOT, dir);
}

function lookup(env: NodeJS.ProcessEnv, envFile: string): (name: string) => string | undefined {
  const file = existsSync(envFile) ? (parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  return (name) => env[name] || file[name] || undefined;
}
