import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminSession, adminSession, SITE_SETTINGS, solidPng } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { SITE_DIR } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishConfigFromEnv } from '../src/config.ts';
import { type PublishService, startPublishService } from '../src/service.ts';

// Draft preview with the real parts: Strapi's preview button (the handler in cms/config/admin.ts,
// asked through the admin API as the panel asks it) leads to the preview server, which builds
// the site with the draft and serves it only to a browser that came with the preview secret.

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
  previewUrl = `http://127.0.0.1:${previewPort}`;
  cms = await startThrowawayCms({
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
      PUBLISH_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
      PREVIEW_SECRET: previewSecret,
      PREVIEW_PORT: String(previewPort),
      PREVIEW_URL: previewUrl,
      SITE_URL: 'https://www.example.org',
      PUBLISH_PORT: String(await freePort()),
      PUBLISH_DIR: join(work, 'var'),
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

  it('is not reachable without the preview secret: 401', async () => {
    const entry = `${previewUrl}/__preview?uid=${NEWS}&documentId=${draftId}&status=draft`;
    expect((await fetch(entry, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${entry}&secret=${'0'.repeat(64)}`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${previewUrl}/news/caogao-yulan/`)).status).toBe(401);
    const forged = `fulian_preview=${'0'.repeat(16)}.${'A'.repeat(43)}`;
    const refused = await fetch(`${previewUrl}/news/caogao-yulan/`, { headers: { Cookie: forged } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain(DRAFT_TITLE);
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
