import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addAdminUser } from '@fulian/testkit/admin-users';
import { launchChromium } from '@fulian/testkit/browser';
import { adminSession, SITE_SETTINGS, solidPng } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { buildCms } from '@fulian/tooling/cms';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// An editor's day in the admin, in a real browser against a real Strapi with the admin panel
// built: every screen on the daily path must read in Chinese. Any visible word of three or
// more Latin letters fails the test, except addresses, the format names below and words of
// the content itself (slugs, file names, e-mail addresses).

const SUPER = { email: 'chief@fulian.test', password: 'Chief-Passw0rd-Test' };
const WRITER = { email: 'writer@fulian.test', password: 'Writer-Passw0rd-1', firstname: '小', lastname: '编' };

/**
 * Format names editors meet as such (feeds, downloads, image types), and ICP, part of the
 * official Chinese name of the site's filing (ICP备案号).
 */
const FORMAT_NAMES = ['RSS', 'CSV', 'JSON', 'PNG', 'JPEG', 'JPG', 'WEBP', 'AVIF', 'GIF', 'SVG', 'PDF', 'ICP'];

let cms: ThrowawayCms;
/** The publish service's GET /status, as it answers after a build refused a document. */
let publishService: Server;
const FAILED_BUILD = {
  id: '20260102T030405Z',
  result: 'failed',
  startedAt: '2026-01-02T03:04:05.000Z',
  finishedAt: '2026-01-02T03:04:35.000Z',
  durationMs: 30_000,
  fromSnapshot: null,
  release: null,
  error: '“新闻”中有 1 处内容不符合约定，构建已停止',
  failedDocuments: [{ collection: '新闻', documentId: 'abc123', title: '封面缺少替代文字', problem: '封面图片缺少替代文字' }],
};
const PUBLISH_STATUS = {
  state: 'idle',
  live: { release: '20260101T000000Z', dir: '/srv/var/live' },
  queue: { pendingEvents: 0, pending: [], nextBuildAt: null, building: null },
  lastBuild: FAILED_BUILD,
  lastSuccess: {
    ...FAILED_BUILD,
    id: '20260101T000000Z',
    result: 'success',
    release: '20260101T000000Z',
    error: null,
    failedDocuments: [],
  },
  lastFailure: FAILED_BUILD,
};
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Latin words of the content the test created: slugs, file names. */
const contentWords = new Set<string>();
const ids: Record<string, string> = {};

function noteContent(value: unknown): void {
  const text = JSON.stringify(value);
  for (const word of text.match(/[A-Za-z]{3,}/g) ?? []) contentWords.add(word.toLowerCase());
}

async function create(path: string, data: Record<string, unknown>, status?: 'draft'): Promise<string> {
  noteContent(data);
  const { status: code, json } = await cms.api('POST', `${path}${status ? '?status=draft' : ''}`, { data });
  if (code !== 201) throw new Error(`creating ${path}: HTTP ${code} ${JSON.stringify(json)}`);
  return json.data.documentId as string;
}

/** Uploads a picture through the admin's own upload route, with a super admin's login. */
async function adminUpload(name: string, alternativeText: string): Promise<void> {
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(SUPER),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(solidPng(80, 60))], { type: 'image/png' }), name);
  form.append('fileInfo', JSON.stringify({ name, alternativeText }));
  const response = await fetch(`${cms.url}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${data.token}` },
    body: form,
  });
  if (!response.ok) throw new Error(`admin upload: HTTP ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  await buildCms({ admin: true });
  publishService = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(PUBLISH_STATUS));
  });
  await new Promise<void>((resolve) => publishService.listen(0, '127.0.0.1', resolve));
  cms = await startThrowawayCms({
    PUBLISH_STATUS_URL: `http://127.0.0.1:${(publishService.address() as AddressInfo).port}/status`,
    SERVE_ADMIN_PANEL: 'true',
    CMS_ADMIN_EMAIL: SUPER.email,
    CMS_ADMIN_PASSWORD: SUPER.password,
    // The preview button shows when a preview server is configured; the frame's page is the
    // site's, not the admin's, and is not looked at here.
    PREVIEW_URL: 'http://127.0.0.1:9/',
    PREVIEW_SECRET: 'preview-secret-for-the-admin-test',
  });
  const chief = await adminSession(cms, SUPER.email, SUPER.password);
  await addAdminUser(chief, WRITER, 'fulian-editor');
  // A photo uploaded in the admin (the media library's home folder), as editors do.
  noteContent('ketang.png');
  await adminUpload('ketang.png', '妇女干部在课堂上听讲');

  noteContent(SITE_SETTINGS);
  const settings = await cms.api('PUT', '/api/site-setting', { data: SITE_SETTINGS });
  if (settings.status !== 200)
    throw new Error(`saving the site settings: HTTP ${settings.status} ${JSON.stringify(settings.json)}`);
  const coverName = 'huodong-zhaopian.png';
  noteContent(coverName);
  const cover = await cms.upload(coverName, solidPng(64, 40), 'image/png', '妇女干部在培训班上合影');
  const category = await create('/api/categories', { name: '工作动态', slug: 'gongzuo-dongtai' });
  // The picker offers what is not chosen yet.
  await create('/api/categories', { name: '家庭教育', slug: 'jiating-jiaoyu' });
  const news = (title: string, slug: string) => ({
    title,
    slug,
    date: '2018-04-16',
    summary: '全市妇联干部参加培训。',
    body: '## 培训内容\n\n全市妇联系统干部参加了履职提升培训。',
    source: '市妇联办公室',
    category,
    cover,
  });
  ids.published = await create('/api/news-items', news('已发布的新闻', 'yi-fabu'));
  ids.draft = await create('/api/news-items', news('尚未发布的草稿', 'caogao'), 'draft');
  ids.modified = await create('/api/news-items', news('发布后又修改的新闻', 'xiugai'));
  const changed = await cms.api('PUT', `/api/news-items/${ids.modified}?status=draft`, { data: { summary: '修改后的摘要。' } });
  if (changed.status !== 200) throw new Error(`editing the draft: HTTP ${changed.status} ${JSON.stringify(changed.json)}`);
  ids.training = await create('/api/trainings', {
    title: '全市妇联系统干部履职提升培训班',
    slug: 'ganbu-peixun',
    startDate: '2018-04-17',
    endDate: '2018-04-19',
    venue: '市妇女儿童活动中心',
    summary: '约150人参加',
    body: '正文',
  });

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  // The edit view's code loads on first use, slowly on a busy machine; a screen that never
  // shows what the test waits for still fails within a minute, naming the step.
  page.setDefaultTimeout(60_000);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  await new Promise((resolve) => publishService?.close(resolve));
});

/** Every piece of text a person sees on the page now: visible text nodes and placeholders. */
async function visibleTexts(): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const shown = (element: Element) => {
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
      const box = element.getBoundingClientRect();
      return box.width > 1 && box.height > 1;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (text && parent && !parent.closest('script, style, noscript') && shown(parent)) texts.push(text);
    }
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[placeholder]')) {
      if (field.placeholder.trim() && shown(field)) texts.push(field.placeholder.trim());
    }
    return texts;
  });
}

/** The English words a person sees, each with the text it stands in. */
async function englishOnScreen(): Promise<string[]> {
  const formats = new Set(FORMAT_NAMES.map((f) => f.toLowerCase()));
  const found: string[] = [];
  for (const text of await visibleTexts()) {
    const remainder = text
      .replace(/\bhttps?:\/\/\S+/g, ' ')
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
      .replace(/\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi, ' ')
      .replace(/(^|\s)\/[\w./-]+/g, ' ');
    for (const word of remainder.match(/[A-Za-z]{3,}/g) ?? []) {
      const lower = word.toLowerCase();
      if (!formats.has(lower) && !contentWords.has(lower)) found.push(`${word}  ←  “${text.slice(0, 80)}”`);
    }
  }
  return [...new Set(found)];
}

/** Waits until the admin has settled (no request in flight, loaders gone). */
async function settle(): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], [data-testid="loader"]'), undefined, {
    timeout: 30_000,
  });
  await page.waitForTimeout(300);
}

async function expectChinese(screen: string): Promise<void> {
  await settle();
  const english = await englishOnScreen();
  expect(english, `${screen}（${page.url()}）上仍有英文`).toEqual([]);
}

const admin = (path: string) => `${cms.url}/admin${path}`;
const listOf = (uid: string) => admin(`/content-manager/collection-types/${uid}`);

describe('the admin, as an 编辑 sees it', () => {
  it('the login page', async () => {
    await page.goto(admin('/auth/login'));
    await page.waitForSelector('input[name="email"]');
    await expectChinese('登录页');
    await page.fill('input[name="email"]', WRITER.email);
    await page.fill('input[name="password"]', WRITER.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  });

  it('home, with no tour and no banner, and the publish status', async () => {
    await page.goto(admin(''));
    await page.waitForSelector('nav');
    const panel = page.getByTestId('publish-status');
    await panel.waitFor();
    await expectChinese('首页');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('上次更新失败，网站仍显示之前的版本');
    expect(text).toContain('20260101T000000Z');
    expect(text).toContain('新闻“封面缺少替代文字”：封面图片缺少替代文字');
  });

  it('the menu has neither the Marketplace nor the content-type builder', async () => {
    const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.some((href) => href.includes('marketplace'))).toBe(false);
    expect(links.some((href) => href.includes('content-type-builder'))).toBe(false);
  });

  it('the content manager opens on a content type of the site, not on User', async () => {
    await page.goto(admin('/content-manager'));
    await page.waitForURL(/collection-types\/api::|single-types\/api::/);
    expect(page.url()).not.toContain('users-permissions');
    await expectChinese('内容管理');
    expect(await page.getByText('User', { exact: true }).count()).toBe(0);
  });

  it('the news list, with its 已发布 / 草稿 / 已修改 badges', async () => {
    await page.goto(listOf('api::news.news'));
    await page.getByText('发布后又修改的新闻').waitFor();
    await expectChinese('新闻列表');
    for (const badge of ['已发布', '草稿', '已修改'])
      expect(await page.getByText(badge, { exact: true }).count()).toBeGreaterThan(0);
  });

  it('the training list', async () => {
    await page.goto(listOf('api::training.training'));
    await page.getByText('全市妇联系统干部履职提升培训班').waitFor();
    await expectChinese('培训列表');
  });

  it('the edit view of a modified document, with its preview button', async () => {
    await page.goto(`${listOf('api::news.news')}/${ids.modified}`);
    await page.locator('input[name="title"]').waitFor();
    await expectChinese('编辑页');
    expect(await page.getByText('打开预览').count()).toBeGreaterThan(0);
  });

  it('the relation picker', async () => {
    await page.goto(`${listOf('api::news.news')}/${ids.modified}`);
    await page.locator('input[name="category"]').click();
    await page.getByRole('option', { name: '家庭教育' }).waitFor();
    await expectChinese('关联选择');
    await page.keyboard.press('Escape');
  });

  it('the media dialog opened from the Markdown editor', async () => {
    await page.goto(`${listOf('api::news.news')}/${ids.modified}`);
    await page.getByRole('button', { name: '图片', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await expectChinese('插入媒体对话框');
    await page.keyboard.press('Escape');
  });

  it('the preview', async () => {
    await page.goto(`${listOf('api::news.news')}/${ids.modified}`);
    await page.locator('input[name="title"]').waitFor();
    await page.getByText('打开预览').first().click();
    await page.waitForURL(/\/preview(\?|$)/);
    await expectChinese('预览');
  });

  it('a new entry, its hints, and the toast after saving', async () => {
    await page.goto(`${listOf('api::training.training')}/create`);
    await page.locator('input[name="title"]').waitFor();
    await expectChinese('新建培训');
    await page.fill('input[name="title"]', '家庭教育指导师培训');
    await page.getByRole('button', { name: '保存' }).click();
    // The save is refused (required fields are empty): the errors are Chinese too.
    await page.getByRole('status').or(page.getByRole('alert')).first().waitFor();
    await expectChinese('保存失败的提示');
  });

  it('a saved draft: the toast', async () => {
    await page.goto(`${listOf('api::news.news')}/${ids.draft}`);
    await page.locator('input[name="summary"], textarea[name="summary"]').first().waitFor();
    await page.locator('textarea[name="summary"], input[name="summary"]').first().fill('编辑改写的摘要。');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').first().waitFor();
    await expectChinese('保存成功的提示');
  });

  it('the media library and the details of an image, with its 替代文字', async () => {
    await page.goto(admin('/plugins/upload'));
    await page.getByText('ketang.png').first().waitFor();
    // Files uploaded through the API (importer, scripts) have a folder with a Chinese name.
    expect(await page.getByText('导入的文件', { exact: true }).count()).toBeGreaterThan(0);
    await expectChinese('媒体库');
    await page.getByText('ketang.png').first().click();
    await page.getByText('文件详情').first().waitFor();
    await expectChinese('图片详情');
    expect(await page.getByText('替代文字', { exact: true }).count()).toBeGreaterThan(0);
  });

  it('Site settings (read only for an 编辑)', async () => {
    await page.goto(admin('/content-manager/single-types/api::site-setting.site-setting'));
    await page.locator('input[name="siteName"]').waitFor();
    await expectChinese('站点设置');
  });
});
