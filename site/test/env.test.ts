import { describe, expect, it } from 'vitest';
import { siteBuildCommand, siteBuildEnv } from '../src/build/build-site.ts';
import { siteEnv } from '../src/env.ts';

describe('siteEnv: the build-time environment, read once and checked', () => {
  it('gives the defaults astro.config.ts used to spell out', () => {
    expect(siteEnv({})).toMatchObject({
      SITE_URL: 'http://localhost:4321',
      SITE_OUT_DIR: './dist',
      SITE_CACHE_DIR: './node_modules/.astro',
      SITE_PREVIEW: false,
      SITE_FROM_SNAPSHOT: false,
      SITE_RENDER_MODE: 'full',
      SITE_SEARCH_INDEX: 'on',
      SITE_RENDER_THREADS: 'auto',
      SITE_SYNC: 'full',
      SITE_CHANGED: [],
    });
  });

  it('takes an empty variable as unset', () => {
    expect(siteEnv({ SITE_OUT_DIR: '', SITE_SNAPSHOT_DIR: '', SITE_PREVIEW: '' })).toMatchObject({
      SITE_OUT_DIR: './dist',
      SITE_SNAPSHOT_DIR: undefined,
      SITE_PREVIEW: false,
    });
  });

  it.each([
    ['SITE_PREVIEW', 'yes', 'true 或 false'],
    ['SITE_FROM_SNAPSHOT', '1', 'true 或 false'],
    ['SITE_RENDER_MODE', 'partial', 'full 或 incremental'],
    ['SITE_SEARCH_INDEX', 'no', 'on 或 off'],
    ['SITE_RENDER_THREADS', '4', 'auto、1 或 2'],
    ['SITE_SYNC', 'some', 'full 或 delta'],
    ['SITE_CHANGED', '{', '有效的 JSON 列表'],
    ['SITE_CHANGED', '{"uid":"x"}', '有效的 JSON 列表'],
    ['CMS_URL', 'ftp://cms', 'http(s) 地址'],
    ['SITE_URL', 'www.example.org', 'http(s) 地址'],
  ])('refuses %s=%s, naming the variable and what it should be (%s)', (name, value, expected) => {
    expect(() => siteEnv({ [name]: value })).toThrow(`${name}=${JSON.stringify(value)}`);
    expect(() => siteEnv({ [name]: value })).toThrow(expected);
  });

  it('names every wrong variable in one error, and never prints a token', () => {
    const error = (() => {
      try {
        siteEnv({ SITE_SYNC: 'x', SITE_PREVIEW: 'x', CMS_BUILD_TOKEN: 'secret' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/SITE_PREVIEW=[\s\S]*SITE_SYNC=/);
    expect(error?.message).not.toContain('secret');
  });
});

describe('buildSite’s options, written as those variables', () => {
  const base = { cmsUrl: 'http://127.0.0.1:1337', siteUrl: 'https://www.example.org', outDir: '/out' };

  it.each([
    ['a plain build', { buildToken: 't' }, { CMS_BUILD_TOKEN: 't' }],
    [
      'a preview of one draft',
      { preview: { token: 'p', document: 'news/abc' } },
      { SITE_PREVIEW: 'true', CMS_PREVIEW_TOKEN: 'p', SITE_PREVIEW_DOCUMENT: 'news/abc' },
    ],
    [
      'an incremental live build by delta',
      {
        buildToken: 't',
        renderMode: 'incremental' as const,
        previousManifest: '/m/old.json',
        manifestFile: '/m/new.json',
        reportFile: '/r.json',
        searchIndex: false,
        changed: [{ uid: 'api::news.news', documentId: 'abc' }],
      },
      {
        CMS_BUILD_TOKEN: 't',
        SITE_RENDER_MODE: 'incremental',
        SITE_RENDER_PREVIOUS: '/m/old.json',
        SITE_RENDER_MANIFEST: '/m/new.json',
        SITE_BUILD_REPORT: '/r.json',
        SITE_SEARCH_INDEX: 'off',
        SITE_SYNC: 'delta',
        SITE_CHANGED: '[{"uid":"api::news.news","documentId":"abc"}]',
      },
    ],
    ['a full build on two threads whatever its size', { renderThreads: 2 as const }, { SITE_RENDER_THREADS: '2' }],
    [
      'a build from the snapshot',
      { snapshotDir: '/s', fromSnapshot: true },
      { SITE_SNAPSHOT_DIR: '/s', SITE_FROM_SNAPSHOT: 'true' },
    ],
  ])('%s', (_name, options, expected) => {
    const env = siteBuildEnv({ ...base, ...options });
    expect(env).toEqual({ CMS_URL: base.cmsUrl, SITE_URL: base.siteUrl, SITE_OUT_DIR: '/out', ...expected });
    // What the build writes, the site reads back as meant.
    expect(() => siteEnv(env)).not.toThrow();
  });

  it('drops inherited site variables, keeps the rest of the environment and PUBLISH_DIR', () => {
    const { env } = siteBuildCommand(
      { ...base, buildToken: 't' },
      { PATH: '/bin', PUBLISH_DIR: '/srv/var', SITE_SYNC: 'delta', SITE_IMAGE_STORE_DIR: '/elsewhere', CMS_PREVIEW_TOKEN: 'p' },
    );
    expect(env).toMatchObject({ PATH: '/bin', PUBLISH_DIR: '/srv/var', CMS_BUILD_TOKEN: 't', NO_COLOR: '1' });
    expect(env).not.toHaveProperty('SITE_SYNC');
    expect(env).not.toHaveProperty('SITE_IMAGE_STORE_DIR');
    expect(env).not.toHaveProperty('CMS_PREVIEW_TOKEN');
  });
});
