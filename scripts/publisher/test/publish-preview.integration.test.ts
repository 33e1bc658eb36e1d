import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminSession, adminSession, SITE_SETTINGS, solidPng, until } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { SITE_DIR } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishConfigFromEnv } from '../src/config.ts';
import { previewCookieSignature, previewLinkSignature } from '../src/preview-server.ts';
import { type PublishService, startPublishService, WEBHOOK_PATH } from '../src/service.ts';

// Draft preview with the real parts: Strapi's preview button (the handler in cms/config/admin.ts,
// asked through the admin API as the panel asks it) leads to the preview server, which builds
// the site with the draft and serves it only to a browser that came with a link the CMS signed
// for that document, until the link expires. Strapi's webhook reaches the publish service.

const NEWS = 'api::news.news';
const EDITOR = { email: 'editor@example.org', password: 'Editor12345678' };
const DRAFT_TITLE = '草稿预览专用标题绝不能上线';

let cms: ThrowawayCms;
let admin: AdminSession;
let service: PublishService;
let work: string;
let previewSecret: string;
let previewUrl: string;
let draftId: string;
let publishedId: string;

/** The URL Strapi's preview button opens for a document. */
async function previewButton(documentId: string, status = 'draft'): Promise<string> {
  const response = await admin.request('GET', `/content-manager/preview/url/${NEWS}?documentId=${documentId}&status=${status}`);
  expect(response.status).toBe(200);
  return response.json.data.url as string;
}

/** Opens a preview the way a browser does: the entry, its cookie, then the page it leads to. */
async function openPreview(url: string): Promise<{ status: number; text: string; cookie: string; location: string }> {
  const entry = await fetch(url, { redirect: 'manual' });
  const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const location = entry.headers.get('location') ?? '';
  if (entry.status !== 302) return { status: entry.status, text: await entry.text(), cookie, location };
  const page = await fetch(new URL(location, url), { headers: { Cookie: cookie } });
  return { status: page.status, text: await page.text(), cookie, location };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fulian-preview-'));
  previewSecret = randomBytes(32).toString('hex');
  const previewPort = await freePort();
  const publishPort = await freePort();
  previewUrl = `http://127.0.0.1:${previewPort}`;
  const webhookSecret = randomBytes(32).toString('hex');
  cms = await startThrowawayCms({
    PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${publishPort}${WEBHOOK_PATH}`,
    PUBLISH_WEBHOOK_SECRET: webhookSecret,
    PREVIEW_URL: previewUrl,
    PREVIEW_SECRET: previewSecret,
    CMS_ADMIN_EMAIL: EDITOR.email,
    CMS_ADMIN_PASSWORD: EDITOR.password,
  });
  expect((await cms.api('PUT', '/api/site-setting', { data: SITE_SETTINGS })).status).toBe(200);
  admin = await adminSession(cms, EDITOR.email, EDITOR.password);

  const published = await cms.api('POST', '/api/news-items', {
    data: { title: '已经发布的新闻', slug: 'yi-fabu', date: '2018-04-18', summary: '已发布的摘要', body: '已发布的正文' },
  });
  expect(published.status).toBe(201);
  publishedId = published.json.data.documentId;
  const draft = await cms.api('POST', '/api/news-items?status=draft', {
    data: {
      title: DRAFT_TITLE,
      slug: 'caogao-yulan',
      date: '2018-04-21',
      summary: '草稿摘要',
      body: '## 草稿小标题\n\n草稿正文',
    },
  });
  expect(draft.status).toBe(201);
  draftId = draft.json.data.documentId;

  const config = publishConfigFromEnv(
    {
      CMS_URL: cms.url,
      CMS_BUILD_TOKEN: cms.buildToken,
      CMS_PREVIEW_TOKEN: cms.previewToken,
      PUBLISH_WEBHOOK_SECRET: webhookSecret,
      PREVIEW_SECRET: previewSecret,
      PREVIEW_PORT: String(previewPort),
      PREVIEW_URL: previewUrl,
      SITE_URL: 'https://www.example.org',
      PUBLISH_PORT: String(publishPort),
      PUBLISH_DIR: join(work, 'var'),
      // The catch-up check would add builds this test counts (reconcile.integration.test.ts tests it).
      PUBLISH_RECONCILE_MINUTES: '0',
    },
    join(work, 'no.env'),
  );
  service = await startPublishService(config, { log: () => {} });
});

afterAll(async () => {
  await service?.close();
  await cms?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('draft preview', () => {
  it('the preview button leads to the draft, rendered by the site’s own templates and marked 预览', async () => {
    const url = await previewButton(draftId);
    expect(url.startsWith(`${previewUrl}/__preview?`)).toBe(true);

    const preview = await openPreview(url);
    expect(preview.location).toBe('/news/caogao-yulan/');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(DRAFT_TITLE);
    expect(preview.text).toContain('<h2>草稿小标题</h2>');
    expect(preview.text).toContain('预览：本页含尚未发布的草稿');
    expect(preview.text).toContain('<meta name="robots" content="noindex, nofollow">');
    // The live site's policy, except that the admin's preview panel may frame the page.
    const page = await fetch(new URL(preview.location, previewUrl), { headers: { Cookie: preview.cookie } });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('frame-ancestors');
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The rest of the site is there too, as it will be once the draft is published.
    const list = await fetch(`${previewUrl}/news/`, { headers: { Cookie: preview.cookie } });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain(DRAFT_TITLE);
    expect(listed).toContain('已经发布的新闻');
    expect(service.status().preview?.result).toBe('success');
  });

  it('shows the unpublished edits of a published document (the last test proves they stay off the live site)', async () => {
    const saved = await admin.request('PUT', `/content-manager/collection-types/${NEWS}/${publishedId}`, {
      title: '已经发布的新闻（修改稿）',
    });
    expect(saved.status).toBe(200);
    const preview = await openPreview(await previewButton(publishedId));
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('已经发布的新闻（修改稿）');
  });

  it('opens only with a link signed for that document, which carries no secret and expires', async () => {
    const url = new URL(await previewButton(draftId));
    expect(url.href).not.toContain(previewSecret);
    expect(url.searchParams.has('secret')).toBe(false);
    const expires = Number(url.searchParams.get('expires'));
    const now = Date.now() / 1000;
    expect(expires).toBeGreaterThan(now + 3500);
    expect(expires).toBeLessThanOrEqual(now + 3600 + 1);

    // The cookie the link sets expires with it.
    const entry = await fetch(url, { redirect: 'manual' });
    expect(entry.status).toBe(302);
    const cookie = entry.headers.get('set-cookie') ?? '';
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(expires - Math.floor(now) + 1);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toContain(`Expires=${new Date(expires * 1000).toUTCString()}`);

    const refused = async (href: string, why: string) => {
      const response = await fetch(href, { redirect: 'manual' });
      expect(response.status, href).toBe(401);
      const text = await response.text();
      expect(text, href).toContain(why);
      expect(text, href).not.toContain(DRAFT_TITLE);
    };
    const base = `${previewUrl}/__preview?uid=${NEWS}&documentId=${draftId}&status=draft`;
    // The old form, with the master secret in the URL, opens nothing any more.
    await refused(`${base}&secret=${previewSecret}`, '预览链接无效');
    await refused(`${base}&expires=${expires}&signature=${'A'.repeat(43)}`, '预览链接无效');
    // A link signed for one document does not open another, nor for longer.
    const forOther = new URL(url);
    forOther.searchParams.set('documentId', publishedId);
    await refused(forOther.href, '预览链接无效');
    const longer = new URL(url);
    longer.searchParams.set('expires', String(expires + 3600));
    await refused(longer.href, '预览链接无效');
    // Correctly signed but past its time.
    const past = Math.floor(now) - 1;
    const stale = `${base}&expires=${past}&signature=${previewLinkSignature(previewSecret, { uid: NEWS, documentId: draftId, status: 'draft', expires: past })}`;
    await refused(stale, '预览链接已过期');

    expect((await fetch(`${previewUrl}/news/caogao-yulan/`)).status).toBe(401);
    const forged = `fulian_preview=${'0'.repeat(16)}.${expires}.${'A'.repeat(43)}`;
    const withForged = await fetch(`${previewUrl}/news/caogao-yulan/`, { headers: { Cookie: forged } });
    expect(withForged.status).toBe(401);
    expect(await withForged.text()).not.toContain(DRAFT_TITLE);
  });

  it('a preview cookie stops opening the preview when its link expires', async () => {
    const preview = await openPreview(await previewButton(draftId));
    expect(preview.status).toBe(200);
    const [, key] = /^fulian_preview=([0-9a-f]{16})\./.exec(preview.cookie) ?? [];
    expect(key).toBeTruthy();
    // The same preview with a correctly signed cookie, a second after and a minute before its expiry.
    const cookie = (expires: number) =>
      `fulian_preview=${key}.${expires}.${previewCookieSignature(previewSecret, key as string, expires)}`;
    const now = Math.floor(Date.now() / 1000);
    const valid = await fetch(`${previewUrl}/news/caogao-yulan/`, { headers: { Cookie: cookie(now + 60) } });
    expect(valid.status).toBe(200);
    expect(await valid.text()).toContain(DRAFT_TITLE);
    const expired = await fetch(`${previewUrl}/news/caogao-yulan/`, { headers: { Cookie: cookie(now - 1) } });
    expect(expired.status).toBe(401);
    const text = await expired.text();
    expect(text).toContain('预览已过期');
    expect(text).not.toContain(DRAFT_TITLE);
  });

  it('a deleted draft is gone from preview: its page, its link and every preview folder', async () => {
    const title = '即将删除的草稿标题';
    const doomed = await cms.api('POST', '/api/news-items?status=draft', {
      data: { title, slug: 'jijiang-shanchu', date: '2018-04-23', summary: '摘要', body: '正文' },
    });
    expect(doomed.status).toBe(201);
    const documentId = doomed.json.data.documentId as string;
    const link = await previewButton(documentId);
    const preview = await openPreview(link);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(title);

    const deleted = await admin.request('DELETE', `/content-manager/collection-types/${NEWS}/${documentId}`);
    expect(deleted.status).toBe(200);
    // Strapi's entry.delete webhook reaches the publish service, which drops the previews.
    await until('the deleted draft’s preview to be gone', async () => {
      const page = await fetch(`${previewUrl}${preview.location}`, { headers: { Cookie: preview.cookie } });
      return page.status === 404 && !(await page.text()).includes(title);
    });
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('已被删除');
    for (const entry of readdirSync(service.layout.previews, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
      expect(readFileSync(join(entry.parentPath, entry.name), 'utf8'), entry.name).not.toContain(title);
    }
  });

  it('preview builds never delay a live publish: a running one stops, the live build goes first', async () => {
    const drafts: string[] = [];
    for (const n of [1, 2, 3]) {
      const draft = await cms.api('POST', '/api/news-items?status=draft', {
        data: { title: `排队预览的草稿${n}`, slug: `paidui-yulan-${n}`, date: '2018-04-24', summary: '摘要', body: '正文' },
      });
      expect(draft.status).toBe(201);
      drafts.push(draft.json.data.documentId);
    }
    const preemptedBefore = service.preview?.preempted() ?? 0;
    const previewLogs = () => readdirSync(service.layout.logs).filter((name) => name.startsWith('preview-')).length;
    const logsBefore = previewLogs();
    const finished: number[] = [];
    const previews = await Promise.all(drafts.map((id) => previewButton(id)));
    const opened = previews.map((link) =>
      openPreview(link).then((result) => {
        finished.push(Date.now());
        return result;
      }),
    );
    // A preview build is running (its log appears once it started).
    await until('a preview build to start', () => previewLogs() > logsBefore);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const asked = Date.now();
    const live = await service.buildNow();
    expect(live.result).toBe('success');
    // The figure, for the report: how long the publish waited for the lock.
    process.stdout.write(
      `live build started ${Date.parse(live.startedAt) - asked} ms after it was asked, with 3 previews queued\n`,
    );
    const results = await Promise.all(opened);
    for (const [n, result] of results.entries()) {
      expect(result.status, `preview ${n + 1}`).toBe(200);
      expect(result.text).toContain(`排队预览的草稿${n + 1}`);
    }
    // Every preview finished after the live build: none of the three went before it.
    for (const time of finished) expect(time).toBeGreaterThan(Date.parse(live.finishedAt));
    expect(service.preview?.preempted()).toBeGreaterThan(preemptedBefore);
  });

  it('a draft the site cannot show yet names the field to fix instead of a page', async () => {
    // The CMS refuses a cover without alt text at save; the media library can still clear it later.
    const image = await cms.upload('cover.png', solidPng(16, 16), 'image/png', '临时替代文字');
    const incomplete = await cms.api('POST', '/api/news-items?status=draft', {
      data: {
        title: '封面缺少替代文字的草稿',
        slug: 'que-shao-ti-dai',
        date: '2018-04-22',
        summary: '摘要',
        body: '正文',
        cover: image,
      },
    });
    expect(incomplete.status).toBe(201);
    const form = new FormData();
    form.append('fileInfo', JSON.stringify({ alternativeText: '' }));
    const cleared = await fetch(`${cms.url}/api/upload?id=${image}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.writeToken}` },
      body: form,
    });
    expect(cleared.status).toBe(200);

    const preview = await openPreview(await previewButton(incomplete.json.data.documentId));
    expect(preview.status).toBe(422);
    expect(preview.text).toContain('封面缺少替代文字的草稿');
    expect(preview.text).toContain('cover.alternativeText');
    expect(service.status().preview?.failedDocuments[0]?.documentId).toBe(incomplete.json.data.documentId);
  });

  it('never writes a draft into the published site', async () => {
    const live = await service.buildNow();
    expect(live.result).toBe('success');
    const published = [join(service.layout.releases, live.release as string)];
    if (existsSync(join(SITE_DIR, 'dist'))) published.push(join(SITE_DIR, 'dist'));
    for (const dir of published) {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(html|xml|txt|json|ics|csv)$/.test(entry.name)) continue;
        const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
        expect(text, join(entry.parentPath, entry.name)).not.toContain(DRAFT_TITLE);
        expect(text, join(entry.parentPath, entry.name)).not.toContain('修改稿');
      }
    }
    expect(existsSync(join(published[0] as string, 'news/yi-fabu/index.html'))).toBe(true);
    expect(existsSync(join(published[0] as string, 'news/caogao-yulan'))).toBe(false);
  });
});
