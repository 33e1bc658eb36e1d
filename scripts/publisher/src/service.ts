import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describeAge, readSnapshot, SNAPSHOT_FILE } from '@fulian/site/snapshot';
import { ROOT } from '@fulian/tooling/paths';
import { BuildLock } from './build-lock.ts';
import { CoalescingQueue } from './coalescing-queue.ts';
import type { PublishConfig } from './config.ts';
import { lockPublishDir } from './dir-lock.ts';
import { BodyTooLarge, close, listen, readBody, sendJson } from './http.ts';
import { type BuildRecord, buildRelease } from './live-build.ts';
import { type Pause, readPause } from './pause.ts';
import { type PreviewRecord, type PreviewServer, startPreviewServer } from './preview-server.ts';
import { type ReconcileResult, startReconciler } from './reconcile.ts';
import { listReleases, liveRelease, type PublishLayout, publishLayout, removeIncoming } from './releases.ts';
import { statusAccess, withoutPaths } from './status-access.ts';
import { type CmsEvent, hasSecret, PayloadError, readWebhook } from './webhook-events.ts';

export const WEBHOOK_PATH = '/webhook';
export const STATUS_PATH = '/status';
/** Strapi's payloads are a few kB; anything far larger is not a webhook call. */
const BODY_LIMIT = 1024 * 1024;
const HISTORY = 20;

interface Trigger {
  event: CmsEvent | null;
  by: BuildRecord['trigger']['by'];
  fromSnapshot: boolean;
  /** Render every page (the nightly safety run, or an operator's request). */
  full?: boolean;
}

export interface PublishStatus {
  state: 'idle' | 'waiting' | 'building';
  live: { release: string | null; dir: string };
  queue: {
    /** CMS events waiting for the next build. */
    pendingEvents: number;
    pending: CmsEvent[];
    nextBuildAt: string | null;
    building: { since: string; events: number } | null;
  };
  lastBuild: BuildRecord | null;
  lastSuccess: BuildRecord | null;
  lastFailure: BuildRecord | null;
  recentBuilds: Pick<BuildRecord, 'id' | 'result' | 'startedAt' | 'durationMs' | 'error'>[];
  builds: { total: number; succeeded: number; failed: number };
  webhook: { accepted: number; ignored: number; unauthorised: number; malformed: number };
  releases: string[];
  /** The last good content, for a build with --from-snapshot; null before the first good build. */
  snapshot: { takenAt: string; age: string } | { error: string } | null;
  preview: PreviewRecord | null;
  /** The last check for publishes the service missed (reconcile.ts). */
  reconcile: ReconcileResult | null;
  /** Set after a rollback: CMS events are not built until `npm run publisher -- resume`. */
  paused: Pause | null;
}

export interface PublishService {
  /** Where the webhook and status listen, e.g. http://127.0.0.1:4322 */
  url: string;
  layout: PublishLayout;
  preview: PreviewServer | null;
  status(): PublishStatus;
  /** A build now (after the one in progress, if any), and its outcome. */
  buildNow(options?: { fromSnapshot?: boolean; full?: boolean; by?: 'operator' | 'start' }): Promise<BuildRecord>;
  /** Resolves when no build is waiting or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The publish service: Strapi's webhook in, builds out. Events that can change the public
 * site are merged into as few builds as keep it current (coalescing-queue.ts); each build goes
 * into a fresh release and goes live only if it succeeds (live-build.ts). GET /status says
 * what it is doing and how the last builds went; the preview server runs beside it.
 */
export async function startPublishService(
  config: PublishConfig,
  options: { log?: (line: string) => void } = {},
): Promise<PublishService> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const layout = publishLayout(config.dir);
  const unlock = lockPublishDir(config.dir, '发布服务');
  // A build killed with its process leaves a half folder; it was never live.
  removeIncoming(layout);
  const lock = new BuildLock();
  const history: BuildRecord[] = [];
  const counts = { total: 0, succeeded: 0, failed: 0 };
  const webhook = { accepted: 0, ignored: 0, unauthorised: 0, malformed: 0 };
  let preview: PreviewServer | null = null;
  let reconciler: ReturnType<typeof startReconciler> | null = null;

  const queue = new CoalescingQueue<Trigger, BuildRecord>(
    (triggers) =>
      lock.with(async () => {
        const events = triggers.flatMap((t) => (t.event ? [t.event] : []));
        const by = triggers.find((t) => t.by !== 'cms')?.by ?? 'cms';
        const record = await buildRelease(config, layout, {
          events,
          by,
          fromSnapshot: triggers.some((t) => t.fromSnapshot),
          full: triggers.some((t) => t.full),
        });
        history.unshift(record);
        history.length = Math.min(history.length, HISTORY);
        counts.total++;
        counts[record.result === 'success' ? 'succeeded' : 'failed']++;
        log(describeRecord(record));
        return record;
      }),
    { quietMs: config.quietMs, maxWaitMs: config.maxWaitMs },
  );

  // A snapshot of a large site is tens of MB: read it again only when a build rewrote it.
  let snapshotSeen: { mtimeMs: number; info: PublishStatus['snapshot'] } = { mtimeMs: -1, info: null };
  const snapshotInfo = (): PublishStatus['snapshot'] => {
    const file = join(layout.snapshot, SNAPSHOT_FILE);
    const mtimeMs = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtimeMs !== snapshotSeen.mtimeMs) {
      let info: PublishStatus['snapshot'] = null;
      if (mtimeMs) {
        try {
          const { takenAt } = readSnapshot(layout.snapshot);
          info = { takenAt, age: '' };
        } catch (error) {
          info = { error: (error as Error).message };
        }
      }
      snapshotSeen = { mtimeMs, info };
    }
    const { info } = snapshotSeen;
    return info && 'takenAt' in info ? { takenAt: info.takenAt, age: describeAge(info.takenAt) } : info;
  };

  const status = (): PublishStatus => {
    const state = queue.state;
    const pending = state.pending.flatMap((t) => (t.event ? [t.event] : []));
    return {
      state: state.state === 'running' ? 'building' : state.state,
      live: { release: liveRelease(layout), dir: layout.live },
      queue: {
        pendingEvents: pending.length,
        pending: pending.slice(-HISTORY),
        nextBuildAt: state.nextRunAt,
        building: state.runningSince ? { since: state.runningSince, events: state.running.length } : null,
      },
      lastBuild: history[0] ?? null,
      lastSuccess: history.find((r) => r.result === 'success') ?? null,
      lastFailure: history.find((r) => r.result === 'failed') ?? null,
      recentBuilds: history.map(({ id, result, startedAt, durationMs, error }) => ({ id, result, startedAt, durationMs, error })),
      builds: { ...counts },
      webhook: { ...webhook },
      releases: listReleases(layout),
      snapshot: snapshotInfo(),
      preview: preview?.last() ?? null,
      reconcile: reconciler?.last() ?? null,
      paused: readPause(layout),
    };
  };

  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hasSecret(req.headers.authorization, config.webhookSecret)) {
      webhook.unauthorised++;
      return sendJson(res, 401, { error: '密钥不正确：请求须带 Authorization: Bearer <PUBLISH_WEBHOOK_SECRET>' });
    }
    let body: string;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      webhook.malformed++;
      return sendJson(res, 413, { error: error.message });
    }
    let call: ReturnType<typeof readWebhook>;
    try {
      call = readWebhook(body);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      webhook.malformed++;
      return sendJson(res, 400, { error: `无法识别的 webhook 请求：${error.message}` });
    }
    // Drafts matter to the preview even when the live site is unaffected (a deleted draft).
    preview?.notice(call.event);
    if (!call.affectsLive) {
      webhook.ignored++;
      return sendJson(res, 200, { queued: false, why: call.why });
    }
    const pause = readPause(layout);
    if (pause) {
      webhook.ignored++;
      return sendJson(res, 200, { queued: false, why: `自动发布已暂停（${pause.reason}）：npm run publisher -- resume 后恢复` });
    }
    webhook.accepted++;
    queue.add({ event: call.event, by: 'cms', fromSnapshot: false });
    return sendJson(res, 202, { queued: true, why: call.why, nextBuildAt: queue.state.nextRunAt });
  };

  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(
      async (req, res) => {
        const path = new URL(req.url ?? '/', 'http://publish').pathname;
        if (path === WEBHOOK_PATH) {
          if (req.method !== 'POST') return sendJson(res, 405, { error: 'webhook 只接受 POST' });
          return receive(req, res);
        }
        if (path === STATUS_PATH) {
          if (req.method !== 'GET') return sendJson(res, 405, { error: '状态只接受 GET' });
          const access = statusAccess(req, config.webhookSecret);
          if (access === 'denied') {
            return sendJson(res, 401, {
              error: '状态只对本机开放；从其他机器查看须带 Authorization: Bearer <PUBLISH_WEBHOOK_SECRET>',
            });
          }
          return sendJson(res, 200, access === 'local' ? status() : withoutPaths(status(), [config.dir, ROOT]));
        }
        return sendJson(res, 404, { error: `没有 ${path}：发布服务只有 POST ${WEBHOOK_PATH} 和 GET ${STATUS_PATH}` });
      },
      config.port,
      config.host,
    );
  } catch (error) {
    unlock();
    throw error;
  }
  const { server, url } = listening;

  try {
    if (config.previewSecret && config.previewToken) preview = await startPreviewServer(config, layout, lock);
  } catch (error) {
    await close(server);
    unlock();
    throw error;
  }

  const minutes = Number(process.env.PUBLISH_RECONCILE_MINUTES ?? 5);
  if (minutes > 0) {
    reconciler = startReconciler(
      config,
      layout,
      (reason) => {
        if (readPause(layout)) return;
        log(`发现网站落后于 CMS：${reason}。安排一次构建`);
        queue.add({ event: null, by: 'cms', fromSnapshot: false });
      },
      minutes * 60_000,
    );
  }

  // The nightly safety run: every page rendered into an empty folder from a full read of the
  // CMS (and with it a fresh content snapshot), whatever the incremental builds did that day.
  const nightly = scheduleNightly(process.env.PUBLISH_NIGHTLY_AT ?? '03:30', () => {
    log('每晚完整构建：重新读取全部内容，重新生成每一个页面');
    queue.add({ event: null, by: 'nightly', fromSnapshot: false, full: true });
  });

  return {
    url,
    layout,
    preview,
    status,
    buildNow: ({ fromSnapshot = false, full = false, by = 'operator' } = {}) =>
      queue.addAndWait({ event: null, by, fromSnapshot, full }, { now: true }),
    idle: () => queue.idle(),
    close: async () => {
      nightly?.stop();
      reconciler?.stop();
      await queue.close();
      await preview?.close();
      await close(server);
      unlock();
    },
  };
}

/** One line for the service's log: what happened, and on failure why. */
export function describeRecord(record: BuildRecord): string {
  const seconds = (record.durationMs / 1000).toFixed(1);
  const cause =
    record.trigger.by === 'cms'
      ? `${record.trigger.eventCount} 个 CMS 事件`
      : record.trigger.by === 'start'
        ? '启动'
        : record.trigger.by === 'nightly'
          ? '每晚完整构建'
          : '手动';
  const snapshot = record.fromSnapshot
    ? `，使用内容快照（截至 ${record.fromSnapshot.takenAt}，${record.fromSnapshot.age}前）`
    : '';
  const pages = record.pages
    ? record.mode === 'incremental'
      ? `，增量：生成 ${record.pages.rendered} 页，沿用 ${record.pages.kept} 页，删除 ${record.pages.removed} 个文件`
      : `，完整构建 ${record.pages.rendered} 页`
    : '';
  if (record.result === 'success')
    return `✓ 网站已更新：版本 ${record.release}（${cause}，用时 ${seconds} 秒${pages}${snapshot}）`;
  return `✗ 构建失败，线上网站保持不变（${cause}，用时 ${seconds} 秒${snapshot}）：\n${record.error}\n  完整日志：${record.log}`;
}

/**
 * Calls `run` every day at `at` (HH:MM, the server's local time); '' or 'off' turns it off.
 * A wrong value fails the service's start, naming the variable.
 */
export function scheduleNightly(at: string, run: () => void, now: () => Date = () => new Date()): { stop(): void } | null {
  if (at === '' || at === 'off') return null;
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!match) throw new Error(`PUBLISH_NIGHTLY_AT 应为 HH:MM（如 03:30）或 off，收到“${at}”`);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const current = now();
    const next = new Date(current);
    next.setHours(Number(match[1]), Number(match[2]), 0, 0);
    if (next.getTime() <= current.getTime()) next.setDate(next.getDate() + 1);
    timer = setTimeout(() => {
      run();
      arm();
    }, next.getTime() - current.getTime());
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}
