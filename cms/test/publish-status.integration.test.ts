import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addAdminUser } from '@fulian/testkit/admin-users';
import { type AdminSession, adminSession } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The admin's publish-status panel reads the CMS route /fulian/publish-status, which asks the
// publish service's GET /status with the webhook secret. Here the service's answer comes from
// a local HTTP server holding a status as the service writes it after a refused document.

const SUPER = { email: 'chief@fulian.test', password: 'Chief-Passw0rd-Test' };
const WRITER = { email: 'writer@fulian.test', password: 'Writer-Passw0rd-1', firstname: '小', lastname: '编' };
const SECRET = 'publish-secret-for-the-status-test-0123456789';

const FAILED_BUILD = {
  id: '20260102T030405Z',
  result: 'failed',
  startedAt: '2026-01-02T03:04:05.000Z',
  finishedAt: '2026-01-02T03:04:35.000Z',
  durationMs: 30_000,
  trigger: { events: [], eventCount: 1, by: 'cms' },
  fromSnapshot: null,
  release: null,
  error: '“新闻”中有 1 处内容不符合约定，构建已停止',
  failedDocuments: [
    { collection: '新闻', documentId: 'abc123', title: '封面缺少替代文字', problem: 'cover.alternativeText: 图片缺少替代文字' },
  ],
  log: '整段构建日志',
};
const SUCCESS_BUILD = {
  ...FAILED_BUILD,
  id: '20260101T000000Z',
  result: 'success',
  release: '20260101T000000Z',
  error: null,
  failedDocuments: [],
};
const STATUS = {
  state: 'idle',
  live: { release: '20260101T000000Z', dir: '/srv/fulian/var/live' },
  queue: { pendingEvents: 0, pending: [], nextBuildAt: null, building: null },
  lastBuild: FAILED_BUILD,
  lastSuccess: SUCCESS_BUILD,
  lastFailure: FAILED_BUILD,
};

let cms: ThrowawayCms;
let service: Server;
let seen: IncomingHttpHeaders[] = [];
let writer: AdminSession;

beforeAll(async () => {
  service = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url !== '/status') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(STATUS));
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const { port } = service.address() as AddressInfo;
  cms = await startThrowawayCms({
    CMS_ADMIN_EMAIL: SUPER.email,
    CMS_ADMIN_PASSWORD: SUPER.password,
    PUBLISH_STATUS_URL: `http://127.0.0.1:${port}/status`,
    PUBLISH_WEBHOOK_SECRET: SECRET,
  });
  const chief = await adminSession(cms, SUPER.email, SUPER.password);
  await addAdminUser(chief, WRITER, 'fulian-editor');
  writer = await adminSession(cms, WRITER.email, WRITER.password);
});

afterAll(async () => {
  await cms?.stop();
  await new Promise((resolve) => service?.close(resolve));
});

describe('the publish-status route', () => {
  it('is closed to anyone not logged into the admin', async () => {
    const anonymous = await fetch(`${cms.url}/fulian/publish-status`);
    expect(anonymous.status).toBe(401);
    const withApiToken = await cms.api('GET', '/fulian/publish-status');
    expect(withApiToken.status).toBe(401);
  });

  it('gives an editor the live release, the last build and each refused document with its field', async () => {
    seen = [];
    const { status, json } = await writer.request('GET', '/fulian/publish-status');
    expect(status).toBe(200);
    expect(seen.map((h) => h.authorization)).toEqual([`Bearer ${SECRET}`]);
    expect(json.data.liveRelease).toBe('20260101T000000Z');
    expect(json.data.lastBuild).toMatchObject({ result: 'failed', finishedAt: '2026-01-02T03:04:35.000Z', fromSnapshot: false });
    expect(json.data.lastBuild.failedDocuments).toEqual(FAILED_BUILD.failedDocuments);
    expect(json.data.lastSuccess.finishedAt).toBe('2026-01-02T03:04:35.000Z');
    // No build log, no paths on the server.
    expect(JSON.stringify(json)).not.toContain('构建日志');
    expect(JSON.stringify(json)).not.toContain('/srv/');
  });

  it('says in Chinese when the publish service cannot be reached', async () => {
    await new Promise((resolve) => service.close(resolve));
    const { status, json } = await writer.request('GET', '/fulian/publish-status');
    expect(status).toBe(502);
    expect(json.error.message).toMatch(/^连不上发布服务（http:\/\/127\.0\.0\.1:\d+\/status：ECONNREFUSED）/);
  });
});
