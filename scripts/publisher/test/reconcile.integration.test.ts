import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNAPSHOT_FILE } from '@fulian/site/snapshot';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishConfig } from '../src/config.ts';
import { reconcileOnce } from '../src/reconcile.ts';
import { publishLayout } from '../src/releases.ts';
import { statusAccess, withoutPaths } from '../src/status-access.ts';

let cms: ThrowawayCms;
const dir = mkdtempSync(join(tmpdir(), 'fulian-reconcile-'));
const layout = publishLayout(dir);
let config: PublishConfig;

const news = (title: string) => ({ data: { title, date: '2024-03-08', summary: '摘要', body: '正文' } });

/** A live release whose content snapshot was taken at `takenAt`, as a build would leave it. */
function goLive(release: string, takenAt: string) {
  mkdirSync(join(layout.releases, release), { recursive: true });
  rmSync(layout.live, { force: true });
  symlinkSync(join(layout.releases, release), layout.live);
  mkdirSync(layout.snapshot, { recursive: true });
  writeFileSync(join(layout.snapshot, SNAPSHOT_FILE), JSON.stringify({ version: 1, takenAt, cmsUrl: cms.url, responses: {} }));
}

async function check(): Promise<string[]> {
  const asked: string[] = [];
  const result = await reconcileOnce(config, layout, (reason) => asked.push(reason));
  expect(result.outcome).toBe(asked.length > 0 ? 'stale' : 'current');
  return asked;
}

beforeAll(async () => {
  cms = await startThrowawayCms();
  config = { cmsUrl: cms.url, buildToken: cms.buildToken, dir } as PublishConfig;
  expect((await cms.api('POST', '/api/news-items', news('第一篇'))).status).toBe(201);
});

afterAll(async () => {
  await cms?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('catching up with publishes the service missed', () => {
  it('does nothing before there is a live site', async () => {
    expect((await reconcileOnce(config, layout, () => {})).outcome).toBe('no live release');
  });

  it('finds the live site current when nothing was published after its content was read', async () => {
    goLive('20261202-080000-000', new Date().toISOString());
    expect(await check()).toEqual([]);
  });

  it('asks for a build after a publish the webhook never delivered', async () => {
    expect((await cms.api('POST', '/api/news-items', news('服务停机时发布的新闻'))).status).toBe(201);
    const [reason] = await check();
    expect(reason).toContain('news-items');
  });

  it('is current again once a build has taken that content live', async () => {
    goLive('20261202-080500-000', new Date().toISOString());
    expect(await check()).toEqual([]);
  });

  it('asks for a build after a delete, which leaves no newer date behind', async () => {
    const list = await cms.api('GET', '/api/news-items', undefined, cms.buildToken);
    const first = list.json.data[0].documentId;
    expect((await cms.api('DELETE', `/api/news-items/${first}`)).status).toBe(204);
    const [reason] = await check();
    expect(reason).toContain('news-items 有发布、撤下或删除');
  });

  it('a relief programme: a draft changes nothing, a missed publish asks for a build', async () => {
    goLive('20261202-080700-000', new Date().toISOString());
    expect(await check()).toEqual([]);
    const programme = { name: '停机时的救助项目', description: '项目说明', eligibility: '申请条件' };
    const made = await cms.api('POST', '/api/relief-programmes?status=draft', { data: programme });
    expect(made.status).toBe(201);
    expect(await check(), 'a draft is not on the site').toEqual([]);
    const published = await cms.api('PUT', `/api/relief-programmes/${made.json.data.documentId}?status=published`, { data: {} });
    expect(published.status).toBe(200);
    const [reason] = await check();
    expect(reason).toContain('relief-programmes');
  });

  it('after a restart, compares with the date of the live content', async () => {
    rmSync(join(dir, 'reconcile-state.json'));
    goLive('20261202-081000-000', '2020-01-01T00:00:00.000Z');
    const [reason] = await check();
    expect(reason).toMatch(/news-items（.+） 晚于线上内容（截至 2020-01-01T00:00:00.000Z）/);
  });

  it('says the CMS is unreachable rather than guessing', async () => {
    const result = await reconcileOnce({ ...config, cmsUrl: 'http://127.0.0.1:9' }, layout, () => {
      throw new Error('must not ask for a build');
    });
    expect(result.outcome).toBe('cms unreachable');
  });
});

describe('who may read /status', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
  const secret = 's'.repeat(64);

  it('the machine itself, without a secret', () => {
    expect(statusAccess(request('127.0.0.1'), secret)).toBe('local');
    expect(statusAccess(request('::1'), secret)).toBe('local');
    expect(statusAccess(request('::ffff:127.0.0.1'), secret)).toBe('local');
  });

  it('another machine only with the webhook secret; a request forwarded by a proxy is not local', () => {
    expect(statusAccess(request('192.0.2.4'), secret)).toBe('denied');
    expect(statusAccess(request('192.0.2.4', { authorization: 'Bearer wrong' }), secret)).toBe('denied');
    expect(statusAccess(request('192.0.2.4', { authorization: `Bearer ${secret}` }), secret)).toBe('remote');
    expect(statusAccess(request('127.0.0.1', { 'x-forwarded-for': '192.0.2.4' }), secret)).toBe('denied');
  });

  it('shows a remote caller no absolute paths', () => {
    const status = {
      live: { dir: '/srv/fulian/var/live' },
      lastBuild: {
        log: '/srv/fulian/var/log/publish/2026.log',
        error: '读取 /tmp/astro-123/cover.jpg 失败；GET /api/news-items?x=1 HTTP 500',
      },
      url: 'http://127.0.0.1:4322/status',
    };
    const shown = JSON.stringify(withoutPaths(status, ['/srv/fulian/var', '/srv/fulian']));
    expect(shown).not.toMatch(/\/srv|\/tmp/);
    expect(shown).toContain('…/live');
    expect(shown).toContain('…/cover.jpg');
    expect(shown).toContain('GET /api/news-items?x=1');
    expect(shown).toContain('http://127.0.0.1:4322/status');
  });
});
