import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AdminSession,
  adminSession,
  SITE_SETTINGS,
  searchIndexUrls,
  solidPng,
  treeDigest,
  until,
} from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { ROOT } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { serveStatic } from '@fulian/tooling/static-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishConfigFromEnv } from '../src/config.ts';
import { type PublishService, startPublishService } from '../src/service.ts';

// The publish pipeline with the real parts: Strapi calls the publish service's webhook by
// itself (registered at its bootstrap), the service runs real Astro builds into releases and
// switches the live link, and the site is read over HTTP from the static server in front of it.

const NEWS = 'api::news.news';
const EDITOR = { email: 'editor@example.org', password: 'Editor12345678' };
const QUIET_MS = 1_000;

let cms: ThrowawayCms;
let admin: AdminSession;
let service: PublishService;
let site: { url: string; server: Server };
let work: string;
let secret: string;
let coverId: number;
let webhookUrl: string;
const logLines: string[] = [];

const builds = () => service.status().builds.total;
const page = async (path: string) => {
  const response = await fetch(`${site.url}${path}`);
  return { status: response.status, text: await response.text() };
};

/** Waits for the builds a change set off, then for the queue to be empty. */
async function settled(before: number): Promise<void> {
  await until('a build after the change', () => builds() > before);
  await service.idle();
}

async function createDraft(title: string, slug: string): Promise<string> {
  const made = await cms.api('POST', '/api/news-items?status=draft', {
    data: { title, slug, date: '2018-04-20', summary: `${title}的摘要`, body: `${title}的正文` },
  });
  expect(made.status).toBe(201);
  return made.json.data.documentId;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fulian-publish-'));
  secret = randomBytes(32).toString('hex');
  const publishPort = await freePort();
  webhookUrl = `http://127.0.0.1:${publishPort}/webhook`;
  cms = await startThrowawayCms({
    PUBLISH_WEBHOOK_URL: webhookUrl,
    PUBLISH_WEBHOOK_SECRET: secret,
    CMS_ADMIN_EMAIL: EDITOR.email,
    CMS_ADMIN_PASSWORD: EDITOR.password,
  });
  expect((await cms.api('PUT', '/api/site-setting', { data: SITE_SETTINGS })).status).toBe(200);
  admin = await adminSession(cms, EDITOR.email, EDITOR.password);
  coverId = await cms.upload('cover.png', solidPng(640, 360), 'image/png', '封面替代文字');
  const withCover = await cms.api('POST', '/api/news-items', {
    data: { title: '带封面的新闻', slug: 'dai-feng-mian', date: '2018-04-19', summary: '摘要', body: '正文', cover: coverId },
  });
  expect(withCover.status).toBe(201);

  const sitePort = await freePort();
  const config = publishConfigFromEnv(
    {
      CMS_URL: cms.url,
      CMS_BUILD_TOKEN: cms.buildToken,
      PUBLISH_WEBHOOK_SECRET: secret,
      SITE_URL: `http://localhost:${sitePort}`,
      PUBLISH_PORT: String(publishPort),
      PUBLISH_DIR: join(work, 'var'),
      // The catch-up check would add builds this test counts (reconcile.integration.test.ts tests it).
      PUBLISH_RECONCILE_MINUTES: '0',
      PUBLISH_QUIET_MS: String(QUIET_MS),
      PUBLISH_KEEP_RELEASES: '3',
    },
    join(work, 'no.env'),
  );
  service = await startPublishService(config, { log: (line) => logLines.push(line) });
  const first = await service.buildNow({ by: 'start' });
  expect(first.error).toBeNull();
  // Strapi's webhooks for the content made above may still arrive; let their build pass.
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 500));
  await service.idle();
  site = await serveStatic(service.layout.live, sitePort);
});

afterAll(async () => {
  site?.server.close();
  await service?.close();
  await cms?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an editor publishes and the served site follows by itself', () => {
  let documentId: string;

  it('publish → the page appears, in the feed and the sitemap too', async () => {
    documentId = await createDraft('妇联举办春季亲子阅读会', 'qinzi-yuedu');
    expect((await page('/news/qinzi-yuedu/')).status).toBe(404);
    const before = builds();
    await admin.publish(NEWS, documentId);
    await settled(before);

    const article = await page('/news/qinzi-yuedu/');
    expect(article.status).toBe(200);
    expect(article.text).toContain('妇联举办春季亲子阅读会');
    expect((await page('/rss.xml')).text).toContain('/news/qinzi-yuedu/');
    expect((await page('/sitemap-news-slug-0.xml')).text).toContain('/news/qinzi-yuedu/');
    expect(searchIndexUrls(service.layout.live)).toContain('/news/qinzi-yuedu/');
    expect(service.status().lastBuild?.trigger.events.map((e) => e.event)).toContain('entry.publish');
  });

  it('a one-document change stores only that document again and encodes no image again', async () => {
    const log = readFileSync(service.status().lastBuild?.log as string, 'utf8');
    // The webhook named the document: the build read only what changed (site/src/cms/sync.ts).
    expect(log).toMatch(/\] 2 新闻（增量读取 1 个改动：更新 1，删除 0）/);
    // An empty collection has nothing to read by delta: it is read whole, which costs nothing.
    expect(log).toMatch(/\] 0 培训（完整读取[^）]*：更新 0，删除 0）/);
    // Every cover variant comes from the image store; no upload is downloaded again.
    expect(log).toMatch(/图片：新编码 0，复用 [1-9]\d*（下载原图 0）/);
    expect((await page('/news/dai-feng-mian/')).text).toMatch(/<source[^>]+type="image\/avif"/);
  });

  it('Strapi answers a conditional request for an unchanged upload with 304, so the cache can be revalidated', async () => {
    const { json } = await cms.api('GET', `/api/upload/files/${coverId}`);
    const url = `${cms.url}${json.url}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const lastModified = first.headers.get('last-modified') as string;
    expect(lastModified).toBeTruthy();
    const again = await fetch(url, { headers: { 'If-Modified-Since': lastModified } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
  });

  it('title edit → changed in place, same URL', async () => {
    const before = builds();
    await admin.editAndPublish(NEWS, documentId, { title: '妇联举办春季亲子阅读分享会' });
    await settled(before);

    const article = await page('/news/qinzi-yuedu/');
    expect(article.status).toBe(200);
    expect(article.text).toContain('妇联举办春季亲子阅读分享会');
    expect((await page('/news/')).text).toContain('/news/qinzi-yuedu/');
  });

  it('saving a draft builds nothing: the public site cannot change', async () => {
    const before = builds();
    const response = await admin.request('PUT', `/content-manager/collection-types/${NEWS}/${documentId}`, {
      title: '尚未发布的改动',
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 500));
    expect(builds()).toBe(before);
    expect(service.status().webhook.ignored).toBeGreaterThan(0);
    expect((await page('/news/qinzi-yuedu/')).text).not.toContain('尚未发布的改动');
  });

  it('unpublish → gone: page, feeds, sitemap, lists, search index', async () => {
    const before = builds();
    await admin.unpublish(NEWS, documentId);
    await settled(before);

    expect((await page('/news/qinzi-yuedu/')).status).toBe(404);
    for (const path of ['/rss.xml', '/news/rss.xml', '/sitemap-news-slug-0.xml', '/news/', '/']) {
      const { text } = await page(path);
      expect(text, path).not.toContain('qinzi-yuedu');
      expect(text, path).not.toContain('亲子阅读');
    }
    expect(searchIndexUrls(service.layout.live)).not.toContain('/news/qinzi-yuedu/');
  });

  it('20 publishes in quick succession → at most 2 builds, and the last content is live', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 20; i++) ids.push(await createDraft(`连续发布测试第${i}篇`, `lianxu-${i}`));
    const before = builds();
    for (const id of ids) await admin.publish(NEWS, id);
    await settled(before);
    // Strapi delivers its webhooks from a queue: give a late one the chance to start a build.
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 500));
    await service.idle();

    expect(builds() - before).toBeLessThanOrEqual(2);
    expect(service.status().lastBuild?.result).toBe('success');
    for (let i = 1; i <= 20; i++) expect((await page(`/news/lianxu-${i}/`)).status, `lianxu-${i}`).toBe(200);
    expect((await page('/rss.xml')).text).toContain('连续发布测试第20篇');
  });
});

describe('the webhook refuses what is not the CMS', () => {
  const call = (headers: Record<string, string>, body: string) =>
    fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const publishEvent = JSON.stringify({
    event: 'entry.publish',
    uid: NEWS,
    model: 'news',
    entry: { documentId: 'abc', title: '伪造', publishedAt: '2018-04-20T00:00:00.000Z' },
  });

  it('wrong or missing secret → 401, and no build', async () => {
    const before = builds();
    expect((await call({}, publishEvent)).status).toBe(401);
    expect((await call({ Authorization: `Bearer ${'0'.repeat(64)}` }, publishEvent)).status).toBe(401);
    expect((await call({ Authorization: secret }, publishEvent)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 500));
    expect(builds()).toBe(before);
    expect(service.status().queue.pendingEvents).toBe(0);
    expect(service.status().webhook.unauthorised).toBe(3);
  });

  it('malformed payload → 400 naming what is wrong, no build, no crash', async () => {
    const before = builds();
    const auth = { Authorization: `Bearer ${secret}` };
    for (const body of ['', 'not json', '[1,2]', '{}', '{"event":"entry.publish"}', '{"event":"media.update"}']) {
      const response = await call(auth, body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error, body).toMatch(/无法识别的 webhook 请求/);
    }
    const status = await fetch(webhookUrl.replace('/webhook', '/status'));
    expect(status.status).toBe(200);
    expect(((await status.json()) as { webhook: { malformed: number } }).webhook.malformed).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 500));
    expect(builds()).toBe(before);
  });
});

describe('a CMS that goes away', () => {
  it('CMS stopped during a build → live site byte for byte unchanged, the status says why', async () => {
    const liveBefore = service.status().live.release;
    const bytesBefore = treeDigest(realpathSync(service.layout.live));
    const documentId = await createDraft('停机期间发布的新闻', 'tingji-qijian');
    const before = builds();
    await admin.publish(NEWS, documentId);
    await until('the build to start', () => service.status().state === 'building');
    // Astro takes over a second to start before its first request (1.6-2.1 s measured here);
    // stopping Strapi takes about 0.1 s, so the build is running and finds the CMS gone.
    await cms.pause();
    await settled(before);

    const status = service.status();
    expect(status.lastBuild?.result).toBe('failed');
    expect(status.lastBuild?.error).toContain('读取 CMS 失败');
    expect(status.lastBuild?.error).toContain('ECONNREFUSED');
    expect(status.lastFailure?.id).toBe(status.lastBuild?.id);
    expect(status.live.release).toBe(liveBefore);
    expect(treeDigest(realpathSync(service.layout.live))).toEqual(bytesBefore);
    expect((await page('/news/tingji-qijian/')).status).toBe(404);
    expect(logLines.at(-1)).toContain('构建失败，线上网站保持不变');
  });

  it('rebuilds from the last good snapshot only when asked, saying how old it is', async () => {
    const record = await service.buildNow({ fromSnapshot: true });
    expect(record.result).toBe('success');
    expect(record.fromSnapshot?.takenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(readFileSync(record.log, 'utf8')).toMatch(/使用内容快照.*\n.*内容截至 .*前）/);
    expect(service.status().live.release).toBe(record.release);
    expect(service.status().snapshot).toMatchObject({ takenAt: record.fromSnapshot?.takenAt });
    // The snapshot is the content of the last build that read the whole CMS (here the start
    // build; in production also the reconciler's and the nightly one): what was published since,
    // by builds that read only what changed, is not in it.
    expect((await page('/news/dai-feng-mian/')).status).toBe(200);
    expect((await page('/news/lianxu-20/')).status).toBe(404);
    // Published while the CMS was going down: not in the snapshot.
    expect((await page('/news/tingji-qijian/')).status).toBe(404);
  });

  it('the next publish after the CMS returns goes live', async () => {
    await cms.resume();
    const documentId = await createDraft('恢复后发布的新闻', 'huifu-hou');
    const before = builds();
    await admin.publish(NEWS, documentId);
    await settled(before);

    expect(service.status().lastBuild?.result).toBe('success');
    expect((await page('/news/huifu-hou/')).status).toBe(200);
    expect((await page('/news/tingji-qijian/')).status).toBe(200);
  });
});

describe('releases', () => {
  it('keeps the last few and rolls back at once with one command', async () => {
    const { releases, live } = service.status();
    expect(releases.length).toBe(3);
    expect(releases.at(-1)).toBe(live.release);

    const rollback = spawnSync(process.execPath, [join(ROOT, 'scripts/publisher/rollback.ts')], {
      env: { ...process.env, PUBLISH_DIR: service.layout.root },
      encoding: 'utf8',
    });
    expect(rollback.stderr).toBe('');
    expect(rollback.status).toBe(0);
    expect(rollback.stdout).toContain(`换成 ${releases.at(-2)}`);
    expect(service.status().live.release).toBe(releases.at(-2));
    // The snapshot build before the CMS came back did not have this one.
    expect((await page('/news/huifu-hou/')).status).toBe(404);
    expect(rollback.stdout).toContain('/news/huifu-hou/');

    // Paused until resumed: an editor's publish no longer undoes the rollback behind anyone's back.
    expect(service.status().paused?.release).toBe(releases.at(-2));
    const before = { builds: builds(), ignored: service.status().webhook.ignored };
    await admin.publish(NEWS, await createDraft('回退后发布的新闻', 'huitui-hou'));
    await until('the webhook call for the publish', () => service.status().webhook.ignored > before.ignored);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 2));
    expect(service.status().state).toBe('idle');
    expect(service.status().queue.pendingEvents).toBe(0);
    expect(builds()).toBe(before.builds);
    expect(service.status().live.release).toBe(releases.at(-2));

    // Resumed from another process: what was published meanwhile goes live at once.
    const resume = spawnSync(process.execPath, [join(ROOT, 'scripts/publisher/publish.ts'), 'resume'], {
      env: { ...process.env, PUBLISH_DIR: service.layout.root },
      encoding: 'utf8',
    });
    expect(resume.status).toBe(0);
    expect(resume.stdout).toContain('自动发布已恢复');
    await until('the build after resuming', () => builds() > before.builds && service.status().state === 'idle');
    expect(service.status().paused).toBeNull();
    expect((await page('/news/huitui-hou/')).status).toBe(200);
    expect(logLines.some((line) => line.includes('核对暂停期间'))).toBe(true);
  });
});
