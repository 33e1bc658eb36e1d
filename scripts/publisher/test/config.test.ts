import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishConfigFromEnv } from '../src/config.ts';

// The publish service's settings are read in one module (src/config.ts), each wrong value
// named in one Chinese error. No .env here: the file named does not exist.
const NO_FILE = join(import.meta.dirname, 'no-such.env');
const REQUIRED = { CMS_BUILD_TOKEN: 't', PUBLISH_WEBHOOK_SECRET: 's'.repeat(32) };
const config = (env: Record<string, string>) => publishConfigFromEnv({ ...REQUIRED, ...env }, NO_FILE);

describe('publishConfigFromEnv', () => {
  it('has the documented defaults', () => {
    expect(config({})).toMatchObject({
      cmsUrl: 'http://127.0.0.1:1337',
      siteUrl: 'http://localhost:4321',
      quietMs: 2_000,
      maxWaitMs: 30_000,
      keepReleases: 5,
      reconcileMinutes: 5,
      nightlyAt: '03:30',
    });
  });

  it.each([
    [{ PUBLISH_RECONCILE_MINUTES: '0' }, { reconcileMinutes: 0 }],
    [{ PUBLISH_RECONCILE_MINUTES: '0.5' }, { reconcileMinutes: 0.5 }],
    [{ PUBLISH_NIGHTLY_AT: 'off' }, { nightlyAt: 'off' }],
    [{ PUBLISH_NIGHTLY_AT: '1:05' }, { nightlyAt: '1:05' }],
  ])('takes %j', (env, expected) => {
    expect(config(env)).toMatchObject(expected);
  });

  it.each([
    [{ PUBLISH_RECONCILE_MINUTES: '-1' }, 'PUBLISH_RECONCILE_MINUTES=-1 应为不小于 0 的分钟数'],
    [{ PUBLISH_RECONCILE_MINUTES: 'often' }, 'PUBLISH_RECONCILE_MINUTES=often'],
    [{ PUBLISH_NIGHTLY_AT: '25:00' }, 'PUBLISH_NIGHTLY_AT=25:00 应为 HH:MM（如 03:30）或 off'],
    [{ PUBLISH_QUIET_MS: '1.5' }, 'PUBLISH_QUIET_MS=1.5 应为不小于 0 的整数'],
    [{ CMS_URL: 'cms.local' }, 'CMS_URL=cms.local 不是 http(s) 地址'],
    [{ CMS_BUILD_TOKEN: '' }, 'CMS_BUILD_TOKEN（站点构建的只读令牌）未设置'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => config(env)).toThrow(message);
  });
});
