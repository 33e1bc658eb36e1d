import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { buildSite } from '@fulian/site/build';
import { SITE_HEADERS } from '@fulian/tooling/site-headers';
import sirv from 'sirv';
import type { BuildLock } from './build-lock.ts';
import { buildErrorMessage, type FailedDocument, failedDocuments } from './build-report.ts';
import { CoalescingQueue } from './coalescing-queue.ts';
import type { PublishConfig } from './config.ts';
import { close, listen, sendPage } from './http.ts';
import { imageStoreDir } from './live-build.ts';
import { PREVIEW_TARGETS, type PreviewTarget } from './preview-targets.ts';
import type { PublishLayout } from './releases.ts';
import type { CmsEvent } from './webhook-events.ts';

/** The address Strapi's preview button opens (cms/config/admin.ts builds it). */
export const PREVIEW_ENTRY = '/__preview';
const COOKIE = 'fulian_preview';
/** `<preview key>.<expiry, unix seconds>.<HMAC of both with the preview secret>` */
const COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f]{16})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})(?:;|$)`);
/** Previews kept on disk; older ones are built again when opened again. */
const PREVIEWS_KEPT = 5;
const PREVIEW_HEADERS: Record<string, string> = Object.fromEntries(
  Object.entries(SITE_HEADERS.security)
    .filter(([name]) => name !== 'X-Frame-Options')
    .map(([name, value]) => [
      name,
      name === 'Content-Security-Policy'
        ? value
            .split(';')
            .filter((directive) => !directive.trim().startsWith('frame-ancestors'))
            .join(';')
        : value,
    ]),
);
/** A link valid for longer than this was not made by our CMS config (PREVIEW_LINK_TTL is at most a day). */
const MAX_LINK_SECONDS = 24 * 3600;

/**
 * The signature of a preview link: HMAC-SHA256 with PREVIEW_SECRET over what the link opens
 * and until when. cms/config/admin.ts computes the same (the CMS cannot import this package);
 * scripts/test/publish-preview.integration.test.ts proves the two agree through the admin's
 * own preview button. The secret itself never appears in a URL.
 */
export function previewLinkSignature(
  secret: string,
  link: { uid: string; documentId: string; status: string; expires: number },
): string {
  return createHmac('sha256', secret)
    .update(['fulian-preview-link', link.uid, link.documentId, link.status, String(link.expires)].join('\n'))
    .digest('base64url');
}

/** The signature of a preview cookie: which preview it opens, and until when. */
export function previewCookieSignature(secret: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`fulian-preview-cookie\n${key}\n${expires}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export interface PreviewRecord {
  uid: string;
  documentId: string;
  result: 'success' | 'failed';
  startedAt: string;
  durationMs: number;
  error: string | null;
  failedDocuments: FailedDocument[];
  log: string;
}

interface PreviewRequest {
  uid: string;
  documentId: string;
  target: PreviewTarget;
}

export interface PreviewServer {
  /** Where it listens (editors use config.previewUrl, which may be a proxy in front). */
  url: string;
  /** The latest preview build, for the status page. */
  last(): PreviewRecord | null;
  /**
   * A CMS event the publish service received. A deleted document is dropped from every
   * preview at once (previews hold published content too); the next open builds afresh.
   */
  notice(event: CmsEvent): void;
  /** Preview builds stopped to let a live build go first, since the start. */
  preempted(): number;
  close(): Promise<void>;
}

/** What the preview server's steps share: its settings and what it holds between requests. */
interface Preview {
  config: PublishConfig;
  layout: PublishLayout;
  lock: BuildLock;
  secret: string;
  token: string;
  /** One queue per previewed document: opens of the same draft share one build. */
  queues: Map<string, CoalescingQueue<PreviewRequest, PreviewRecord>>;
  /** One static server per preview folder. */
  servers: Map<string, ReturnType<typeof sirv>>;
  last: PreviewRecord | null;
  /** Bumped when a document is deleted: a preview built before that is not shown. */
  generation: number;
}

const keyOf = (uid: string, documentId: string) =>
  createHash('sha256').update(`${uid}\0${documentId}`).digest('hex').slice(0, 16);
const dirOf = (p: Preview, key: string) => join(p.layout.previews, key);
const signCookie = (p: Preview, key: string, expires: number) => previewCookieSignature(p.secret, key, expires);

/**
 * Shows editors a draft exactly as it will look: the site's own build (SITE_PREVIEW=true) of
 * everything published plus that one draft, read with the preview token into its own folder
 * under var/preview/, never into a release. Opening it needs a link the CMS's preview button
 * signed for that one document, valid for PREVIEW_LINK_TTL (an hour by default); the browser
 * then holds a cookie for that preview that expires with the link. Preview builds give way to
 * live builds (BuildLock.yielding): a publish never waits for a preview.
 *
 * The steps: a request to PREVIEW_ENTRY is a signed link (`checkLink`), whose draft is built
 * (`buildPreview`, once per document at a time, `queueOf`) and opened with a cookie
 * (`openPreview`); any other request is a page of a preview the cookie opens (`servePreview`).
 */
export async function startPreviewServer(config: PublishConfig, layout: PublishLayout, lock: BuildLock): Promise<PreviewServer> {
  const secret = config.previewSecret;
  const token = config.previewToken;
  if (!secret || !token) throw new Error('预览需要 PREVIEW_SECRET 和 CMS_PREVIEW_TOKEN');
  const p: Preview = { config, layout, lock, secret, token, queues: new Map(), servers: new Map(), last: null, generation: 0 };
  // Previews of an earlier run may hold documents deleted since; they are built again on demand.
  rmSync(layout.previews, { recursive: true, force: true });
  const { server, port } = await listen((req, res) => route(p, req, res), config.previewPort, config.host);
  return {
    url: `http://${config.host}:${port}`,
    last: () => p.last,
    notice: (event) => dropPreviewsOnDelete(p, event),
    preempted: () => lock.preempted,
    close: async () => {
      await Promise.all([...p.queues.values()].map((q) => q.close()));
      await close(server);
    },
  };
}

async function route(p: Preview, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://preview');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendPage(res, 405, '不支持的请求', ['预览只接受 GET。']);
  if (url.pathname === PREVIEW_ENTRY) {
    try {
      return await openPreview(p, res, url);
    } catch (error) {
      return sendPage(res, 502, '预览生成失败', [(error as Error).message]);
    }
  }
  return servePreview(p, req, res);
}

interface PreviewLink {
  uid: string;
  documentId: string;
  status: string;
  expires: number;
  target: PreviewTarget;
}

/** The link the CMS's preview button signed, checked; or the page that says why it is refused. */
function checkLink(p: Preview, url: URL): PreviewLink | { status: number; title: string; lines: string[] } {
  const uid = url.searchParams.get('uid') ?? '';
  const documentId = url.searchParams.get('documentId') ?? '';
  const status = url.searchParams.get('status') ?? '';
  const expiresText = url.searchParams.get('expires') ?? '';
  const signature = url.searchParams.get('signature') ?? '';
  const expires = /^\d{1,12}$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  const now = Math.floor(Date.now() / 1000);
  if (
    !signature ||
    !Number.isFinite(expires) ||
    !sameText(signature, previewLinkSignature(p.secret, { uid, documentId, status, expires }))
  ) {
    return {
      status: 401,
      title: '预览链接无效',
      lines: ['这个预览地址不完整或已被改动。请在管理后台的编辑页面点击“预览”打开。'],
    };
  }
  if (expires <= now || expires > now + MAX_LINK_SECONDS) {
    return {
      status: 401,
      title: '预览链接已过期',
      lines: ['预览链接只在生成后的一段时间内有效。请在管理后台重新打开编辑页面，再点击“预览”。'],
    };
  }
  const target = PREVIEW_TARGETS[uid];
  if (!target) {
    return {
      status: 404,
      title: '这类内容没有单独的页面',
      lines: [`内容类型 ${uid || '（未指定）'} 不在网站上单独成页，无法预览。`],
    };
  }
  if (target.collection && !/^[A-Za-z0-9]+$/.test(documentId)) {
    return { status: 400, title: '预览地址不完整', lines: ['缺少 documentId：请从管理后台的编辑页面打开预览。'] };
  }
  return { uid, documentId, status, expires, target };
}

/** A signed link: the published version goes to the public site, a draft is built and opened. */
async function openPreview(p: Preview, res: ServerResponse, url: URL) {
  const link = checkLink(p, url);
  if (!('target' in link)) return sendPage(res, link.status, link.title, link.lines);
  const { uid, documentId, expires, target } = link;
  if (link.status === 'published') {
    // The published version is what the public site already shows.
    const page = await pagePath(p.config, p.token, target, documentId);
    if (page === null) return gone(res);
    return redirect(res, `${p.config.siteUrl}${page}`);
  }
  const key = keyOf(uid, documentId);
  // A deleted document has no page to preview (and a preview folder of it is removed).
  if ((await pagePath(p.config, p.token, target, documentId)) === null) {
    rmSync(dirOf(p, key), { recursive: true, force: true });
    return gone(res);
  }
  const record = await queueOf(p, key).addAndWait({ uid, documentId, target });
  if (record.result === 'failed') {
    const documents = record.failedDocuments.map((d) => `${d.collection}“${d.title ?? d.documentId}”：${d.problem}`);
    return sendPage(res, 422, '预览生成失败', [
      documents.length > 0 ? '这篇内容现在还不能这样发布，请按下面的提示修改后再预览：' : '网站没能用这份草稿生成预览：',
      ...(documents.length > 0 ? documents : [record.error ?? '']),
      `完整日志：${record.log}`,
    ]);
  }
  const page = await pagePath(p.config, p.token, target, documentId);
  if (page === null) {
    rmSync(dirOf(p, key), { recursive: true, force: true });
    return gone(res);
  }
  if (!existsSync(join(dirOf(p, key), page, 'index.html'))) {
    return sendPage(res, 404, '预览中找不到这篇内容的页面', [`预览已生成，但其中没有 ${page}：这类内容的页面地址可能已改变。`]);
  }
  // The cookie lasts as long as the link that set it, and opens this one preview only.
  const maxAge = expires - Math.floor(Date.now() / 1000);
  const secure = p.config.previewUrl.startsWith('https:') ? '; Secure' : '';
  redirect(
    res,
    page,
    `${COOKIE}=${key}.${expires}.${signCookie(p, key, expires)}; Path=/; Max-Age=${maxAge}; ` +
      `Expires=${new Date(expires * 1000).toUTCString()}; HttpOnly; SameSite=Lax${secure}`,
  );
}

/** The document's build queue: opens that come during a build share the next one. */
function queueOf(p: Preview, key: string): CoalescingQueue<PreviewRequest, PreviewRecord> {
  let queue = p.queues.get(key);
  if (!queue) {
    queue = new CoalescingQueue(
      async (requests) => {
        for (;;) {
          const record = await p.lock.yielding((signal) => buildPreview(p, requests.at(-1) as PreviewRequest, key, signal));
          if (record) return record;
        }
      },
      { quietMs: 0, maxWaitMs: 0 },
    );
    p.queues.set(key, queue);
  }
  return queue;
}

/** One preview build; null when a live build or a deletion made it obsolete (it is run again). */
async function buildPreview(
  p: Preview,
  { uid, documentId, target }: PreviewRequest,
  key: string,
  signal: AbortSignal,
): Promise<PreviewRecord | null> {
  const { config, layout } = p;
  const started = new Date();
  const builtFor = p.generation;
  const incoming = join(layout.previews, `.incoming-${key}`);
  const log = join(layout.logs, `preview-${key}.log`);
  const report = join(layout.previews, `.report-${key}.json`);
  rmSync(incoming, { recursive: true, force: true });
  rmSync(report, { force: true });
  mkdirSync(layout.previews, { recursive: true });
  const run = await buildSite({
    logFile: log,
    timeoutMs: config.buildTimeoutMs,
    signal,
    cmsUrl: config.cmsUrl,
    preview: { token: p.token, ...(target.collection ? { document: `${target.collection}/${documentId}` } : {}) },
    siteUrl: config.previewUrl,
    outDir: incoming,
    // Not the live cache: a preview's content must never become a live build's.
    cacheDir: layout.previewCache,
    imageStoreDir: imageStoreDir(layout),
    reportFile: report,
  });
  if (signal.aborted || builtFor !== p.generation) {
    rmSync(incoming, { recursive: true, force: true });
    return null;
  }
  const error = run.ok ? null : buildErrorMessage(run.output);
  if (run.ok) {
    const old = join(layout.previews, `.old-${key}`);
    rmSync(old, { recursive: true, force: true });
    if (existsSync(dirOf(p, key))) renameSync(dirOf(p, key), old);
    renameSync(incoming, dirOf(p, key));
    rmSync(old, { recursive: true, force: true });
    prunePreviews(layout.previews);
  } else {
    rmSync(incoming, { recursive: true, force: true });
  }
  p.last = {
    uid,
    documentId,
    result: run.ok ? 'success' : 'failed',
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    error: error && run.stopped ? `构建${run.stopped}。\n${error}` : error,
    failedDocuments: error ? failedDocuments(report) : [],
    log,
  };
  rmSync(report, { force: true });
  return p.last;
}

/** A page of the preview the request's cookie opens, with the live site's headers. */
function servePreview(p: Preview, req: IncomingMessage, res: ServerResponse) {
  const cookie = COOKIE_VALUE.exec(req.headers.cookie ?? '');
  const [, key, expiresText, signature] = cookie ?? [];
  if (!key || !expiresText || !signature || !sameText(signature, signCookie(p, key, Number(expiresText)))) {
    return sendPage(res, 401, '需要预览链接', ['预览只对编辑开放。请在管理后台的编辑页面点击“预览”打开。']);
  }
  if (Number(expiresText) <= Math.floor(Date.now() / 1000)) {
    return sendPage(res, 401, '预览已过期', ['预览链接只在生成后的一段时间内有效。请在管理后台重新点击“预览”。']);
  }
  const dir = dirOf(p, key);
  if (!existsSync(dir)) {
    return sendPage(res, 404, '预览已失效', [
      '这份预览已被清理：内容可能已被删除，或预览太久没有打开。请在管理后台重新点击“预览”。',
    ]);
  }
  let assets = p.servers.get(key);
  if (!assets) {
    assets = sirv(dir, { dev: true, etag: true, extensions: ['html'] });
    p.servers.set(key, assets);
  }
  // The live site's headers (deploy/site-headers.json), so a preview shows what the policy
  // allows, except that the admin's preview panel may frame it.
  for (const [name, value] of Object.entries(PREVIEW_HEADERS)) res.setHeader(name, value);
  // Drafts must not end up in a search engine or a shared cache.
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Cache-Control', 'no-store');
  // sirv stats a file, then opens it: a preview deleted in between (dropPreviewsOnDelete) makes
  // the file stream fail with ENOENT, and an unhandled stream error would stop the whole publish
  // service. The stream announces itself to the response when piped; its error ends this one
  // request instead.
  res.once('pipe', (source) =>
    source.once('error', () => {
      if (!res.headersSent) sendPage(res, 404, '预览已失效', ['这份预览刚被清理。请在管理后台重新点击“预览”。']);
      else res.destroy();
    }),
  );
  assets(req, res, () => sendPage(res, 404, '页面不存在', ['预览中没有这个页面。']));
}

/** A deleted document leaves every preview at once (the others hold it too if it was published). */
function dropPreviewsOnDelete(p: Preview, event: CmsEvent): void {
  if (event.event !== 'entry.delete' || !event.uid?.startsWith('api::')) return;
  p.generation++;
  p.servers.clear();
  for (const name of existsSync(p.layout.previews) ? readdirSync(p.layout.previews) : []) {
    if (/^[0-9a-f]{16}$/.test(name)) rmSync(join(p.layout.previews, name), { recursive: true, force: true });
  }
}

function gone(res: ServerResponse): void {
  sendPage(res, 404, '这篇内容已被删除', ['CMS 中已没有这篇内容，因此无法预览。如需恢复，请重新创建。']);
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...(cookie ? { 'Set-Cookie': cookie } : {}) });
  res.end();
}

/**
 * The page of the previewed document, from its draft's slug (frozen once published); null
 * when the CMS no longer has the document.
 */
async function pagePath(config: PublishConfig, token: string, target: PreviewTarget, documentId: string): Promise<string | null> {
  if (!target.collection) return target.page({});
  const query = new URLSearchParams({ ...target.query, status: 'draft' });
  const url = `${config.cmsUrl}/api/${target.collection}/${documentId}?${query}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`查找预览页面地址失败：GET ${url} 返回 HTTP ${response.status}`);
  const { data } = (await response.json()) as { data: Record<string, unknown> };
  return target.page(data);
}

function prunePreviews(dir: string): void {
  const kept = readdirSync(dir)
    .filter((name) => /^[0-9a-f]{16}$/.test(name))
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of kept.slice(PREVIEWS_KEPT)) rmSync(join(dir, name), { recursive: true, force: true });
}
