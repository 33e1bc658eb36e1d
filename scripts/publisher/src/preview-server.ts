import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { BuildLock } from './build-lock.ts';
import { buildErrorMessage, type FailedDocument, failedDocuments } from './build-report.ts';
import { CoalescingQueue } from './coalescing-queue.ts';
import type { PublishConfig } from './config.ts';
import { close, listen, sendPage } from './http.ts';
import { imageStoreDir } from './live-build.ts';
import { PREVIEW_TARGETS, type PreviewTarget } from './preview-targets.ts';
import type { PublishLayout } from './releases.ts';
import { runSiteBuild } from './site-build.ts';
import { hasSecret } from './webhook-events.ts';

/** The address Strapi's preview button opens (cms/config/admin.ts builds it). */
export const PREVIEW_ENTRY = '/__preview';
const COOKIE = 'fulian_preview';
/** `<preview key>.<its HMAC with the preview secret>` */
const COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f]{16})\\.([A-Za-z0-9_-]+)`);
/** Previews kept on disk; older ones are built again when opened again. */
const PREVIEWS_KEPT = 5;

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
  close(): Promise<void>;
}

/**
 * Shows editors a draft exactly as it will look: the site's own build (SITE_PREVIEW=true) of
 * everything published plus that one draft, read with the preview token into its own folder
 * under var/preview/, never into a release. Opening it needs the preview secret, which the
 * CMS's preview button carries; the browser then holds a cookie that opens that preview only.
 */
export async function startPreviewServer(config: PublishConfig, layout: PublishLayout, lock: BuildLock): Promise<PreviewServer> {
  const secret = config.previewSecret;
  const token = config.previewToken;
  if (!secret || !token) throw new Error('预览需要 PREVIEW_SECRET 和 CMS_PREVIEW_TOKEN');
  const queues = new Map<string, CoalescingQueue<PreviewRequest, PreviewRecord>>();
  const servers = new Map<string, ReturnType<typeof sirv>>();
  let last: PreviewRecord | null = null;

  const keyOf = (uid: string, documentId: string) =>
    createHash('sha256').update(`${uid}\0${documentId}`).digest('hex').slice(0, 16);
  const sign = (key: string) => createHmac('sha256', secret).update(`preview:${key}`).digest('base64url');
  const dirOf = (key: string) => join(layout.previews, key);

  const build = async ({ uid, documentId, target }: PreviewRequest, key: string): Promise<PreviewRecord> => {
    const started = new Date();
    const incoming = join(layout.previews, `.incoming-${key}`);
    const log = join(layout.logs, `preview-${key}.log`);
    rmSync(incoming, { recursive: true, force: true });
    mkdirSync(layout.previews, { recursive: true });
    const run = await runSiteBuild({
      logFile: log,
      timeoutMs: config.buildTimeoutMs,
      env: {
        CMS_URL: config.cmsUrl,
        CMS_PREVIEW_TOKEN: token,
        SITE_PREVIEW: 'true',
        ...(target.collection ? { SITE_PREVIEW_DOCUMENT: `${target.collection}/${documentId}` } : {}),
        SITE_URL: config.previewUrl,
        SITE_OUT_DIR: incoming,
        // Not the live cache: a preview's content must never become a live build's.
        SITE_CACHE_DIR: layout.previewCache,
        SITE_IMAGE_STORE_DIR: imageStoreDir(layout),
      },
    });
    const error = run.ok ? null : buildErrorMessage(run.output);
    if (run.ok) {
      const old = join(layout.previews, `.old-${key}`);
      rmSync(old, { recursive: true, force: true });
      if (existsSync(dirOf(key))) renameSync(dirOf(key), old);
      renameSync(incoming, dirOf(key));
      rmSync(old, { recursive: true, force: true });
      prunePreviews(layout.previews);
    } else {
      rmSync(incoming, { recursive: true, force: true });
    }
    last = {
      uid,
      documentId,
      result: run.ok ? 'success' : 'failed',
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      error: error && run.stopped ? `构建${run.stopped}。\n${error}` : error,
      failedDocuments: error ? failedDocuments(error) : [],
      log,
    };
    return last;
  };

  const open = async (res: ServerResponse, url: URL) => {
    if (!hasSecret(`Bearer ${url.searchParams.get('secret') ?? ''}`, secret)) {
      return sendPage(res, 401, '需要预览密钥', ['预览地址缺少正确的密钥。请在管理后台的编辑页面点击“预览”打开。']);
    }
    const uid = url.searchParams.get('uid') ?? '';
    const documentId = url.searchParams.get('documentId') ?? '';
    const target = PREVIEW_TARGETS[uid];
    if (!target)
      return sendPage(res, 404, '这类内容没有单独的页面', [`内容类型 ${uid || '（未指定）'} 不在网站上单独成页，无法预览。`]);
    if (target.collection && !/^[A-Za-z0-9]+$/.test(documentId)) {
      return sendPage(res, 400, '预览地址不完整', ['缺少 documentId：请从管理后台的编辑页面打开预览。']);
    }
    if (url.searchParams.get('status') === 'published') {
      // The published version is what the public site already shows.
      return redirect(res, `${config.siteUrl}${await pagePath(config, token, target, documentId)}`);
    }
    const key = keyOf(uid, documentId);
    let queue = queues.get(key);
    if (!queue) {
      queue = new CoalescingQueue((requests) => lock.with(() => build(requests.at(-1) as PreviewRequest, key)), {
        quietMs: 0,
        maxWaitMs: 0,
      });
      queues.set(key, queue);
    }
    const record = await queue.addAndWait({ uid, documentId, target });
    if (record.result === 'failed') {
      const documents = record.failedDocuments.map((d) => `${d.collection}“${d.title ?? d.documentId}”：${d.problem}`);
      return sendPage(res, 422, '预览生成失败', [
        documents.length > 0 ? '这篇内容现在还不能这样发布，请按下面的提示修改后再预览：' : '网站没能用这份草稿生成预览：',
        ...(documents.length > 0 ? documents : [record.error ?? '']),
        `完整日志：${record.log}`,
      ]);
    }
    const page = await pagePath(config, token, target, documentId);
    if (!existsSync(join(dirOf(key), page, 'index.html'))) {
      return sendPage(res, 404, '预览中找不到这篇内容的页面', [`预览已生成，但其中没有 ${page}：这类内容的页面地址可能已改变。`]);
    }
    redirect(res, page, `${COOKIE}=${key}.${sign(key)}; Path=/; HttpOnly; SameSite=Lax`);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const cookie = COOKIE_VALUE.exec(req.headers.cookie ?? '');
    const key = cookie?.[1];
    if (!key || !hasSecret(`Bearer ${cookie[2]}`, sign(key))) {
      return sendPage(res, 401, '需要预览密钥', ['预览只对编辑开放。请在管理后台的编辑页面点击“预览”打开。']);
    }
    const dir = dirOf(key);
    if (!existsSync(dir)) return sendPage(res, 404, '预览已过期', ['这份预览已被清理。请在管理后台重新点击“预览”。']);
    let assets = servers.get(key);
    if (!assets) {
      assets = sirv(dir, { dev: true, etag: true, extensions: ['html'] });
      servers.set(key, assets);
    }
    // Drafts must not end up in a search engine or a shared cache.
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('Cache-Control', 'no-store');
    assets(req, res, () => sendPage(res, 404, '页面不存在', ['预览中没有这个页面。']));
  };

  const { server, port } = await listen(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://preview');
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendPage(res, 405, '不支持的请求', ['预览只接受 GET。']);
      if (url.pathname === PREVIEW_ENTRY) {
        try {
          return await open(res, url);
        } catch (error) {
          return sendPage(res, 502, '预览生成失败', [(error as Error).message]);
        }
      }
      return serve(req, res);
    },
    config.previewPort,
    config.host,
  );

  return {
    url: `http://${config.host}:${port}`,
    last: () => last,
    close: async () => {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await close(server);
    },
  };
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...(cookie ? { 'Set-Cookie': cookie } : {}) });
  res.end();
}

/** The page of the previewed document, from its draft's slug (frozen once published). */
async function pagePath(config: PublishConfig, token: string, target: PreviewTarget, documentId: string): Promise<string> {
  if (!target.collection) return target.page({});
  const query = new URLSearchParams({ ...target.query, status: 'draft' });
  const url = `${config.cmsUrl}/api/${target.collection}/${documentId}?${query}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
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
