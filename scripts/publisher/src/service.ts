import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describeAge, readSnapshotHead, SNAPSHOT_FILE } from '@fulian/site/snapshot';
import { ROOT } from '@fulian/tooling/paths';
import { BuildLock } from './build-lock.ts';
import { CoalescingQueue } from './coalescing-queue.ts';
import type { PublishConfig } from './config.ts';
import { lockPublishDir } from './dir-lock.ts';
import { BodyTooLarge, close, listen, readBody, sendJson } from './http.ts';
import { type BuildRecord, buildRelease, holdLiveManifest } from './live-build.ts';
import { type Pause, readPause } from './pause.ts';
import { type PreviewRecord, type PreviewServer, startPreviewServer } from './preview-server.ts';
import { type ReconcileResult, startReconciler } from './reconcile.ts';
import { baseReady, prepareBase } from './release-base.ts';
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
  /**
   * Resolves once the copy of the live release that the next build starts from is made
   * (release-base.ts); true if it is there. A benchmark waits for it to measure an edit that
   * meets an idle service, as an editor's publish does.
   */
  prepared(): Promise<boolean>;
  close(): Promise<void>;
}

/** The last builds, newest first, and how many there were of each outcome. */
class BuildHistory {
  readonly records: BuildRecord[] = [];
  readonly counts = { total: 0, succeeded: 0, failed: 0 };

  add(record: BuildRecord): void {
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, HISTORY);
    this.counts.total++;
    this.counts[record.result === 'success' ? 'succeeded' : 'failed']++;
  }
}

type BuildQueue = CoalescingQueue<Trigger, BuildRecord>;
type Reconciler = ReturnType<typeof startReconciler>;

/** What the service's steps share while it runs; preview and reconciler are set once started. */
interface Running {
  config: PublishConfig;
  layout: PublishLayout;
  queue: BuildQueue;
  history: BuildHistory;
  webhook: PublishStatus['webhook'];
  snapshot: () => PublishStatus['snapshot'];
  preview: PreviewServer | null;
  reconciler: Reconciler | null;
  log: (line: string) => void;
}

/**
 * Triggers merged into builds: each run of the queue is one build of everything that came
 * in, under the lock the preview server shares.
 */
function buildQueue(
  config: PublishConfig,
  layout: PublishLayout,
  lock: BuildLock,
  history: BuildHistory,
  log: (line: string) => void,
): BuildQueue {
  return new CoalescingQueue<Trigger, BuildRecord>(
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
        history.add(record);
        log(describeRecord(record));
        return record;
      }),
    { quietMs: config.quietMs, maxWaitMs: config.maxWaitMs },
  );
}

/**
 * The content snapshot as the status reports it. A snapshot of a large site is tens of MB:
 * it is read again only when a build rewrote it.
 */
function snapshotWatcher(layout: PublishLayout): () => PublishStatus['snapshot'] {
  let seen: { mtimeMs: number; info: PublishStatus['snapshot'] } = { mtimeMs: -1, info: null };
  return () => {
    const file = join(layout.snapshot, SNAPSHOT_FILE);
    const mtimeMs = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtimeMs !== seen.mtimeMs) {
      let info: PublishStatus['snapshot'] = null;
      if (mtimeMs) {
        try {
          const { takenAt } = readSnapshotHead(layout.snapshot);
          info = { takenAt, age: '' };
        } catch (error) {
          info = { error: (error as Error).message };
        }
      }
      seen = { mtimeMs, info };
    }
    const { info } = seen;
    return info && 'takenAt' in info ? { takenAt: info.takenAt, age: describeAge(info.takenAt) } : info;
  };
}

function publishStatus(s: Running): PublishStatus {
  const { layout } = s;
  const state = s.queue.state;
  const pending = state.pending.flatMap((t) => (t.event ? [t.event] : []));
  const records = s.history.records;
  return {
    state: state.state === 'running' ? 'building' : state.state,
    live: { release: liveRelease(layout), dir: layout.live },
    queue: {
      pendingEvents: pending.length,
      pending: pending.slice(-HISTORY),
      nextBuildAt: state.nextRunAt,
      building: state.runningSince ? { since: state.runningSince, events: state.running.length } : null,
    },
    lastBuild: records[0] ?? null,
    lastSuccess: records.find((r) => r.result === 'success') ?? null,
    lastFailure: records.find((r) => r.result === 'failed') ?? null,
    recentBuilds: records.map(({ id, result, startedAt, durationMs, error }) => ({ id, result, startedAt, durationMs, error })),
    builds: { ...s.history.counts },
    webhook: { ...s.webhook },
    releases: listReleases(layout),
    snapshot: s.snapshot(),
    preview: s.preview?.last() ?? null,
    reconcile: s.reconciler?.last() ?? null,
    paused: readPause(layout),
  };
}

/** POST /webhook: Strapi's call checked, read, and queued when it can change the site. */
async function receiveWebhook(req: IncomingMessage, res: ServerResponse, s: Running): Promise<void> {
  const { webhook } = s;
  if (!hasSecret(req.headers.authorization, s.config.webhookSecret)) {
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
  s.preview?.notice(call.event);
  if (!call.affectsLive) {
    webhook.ignored++;
    return sendJson(res, 200, { queued: false, why: call.why });
  }
  const pause = readPause(s.layout);
  if (pause) {
    webhook.ignored++;
    return sendJson(res, 200, { queued: false, why: `自动发布已暂停（${pause.reason}）：npm run publisher -- resume 后恢复` });
  }
  webhook.accepted++;
  s.queue.add({ event: call.event, by: 'cms', fromSnapshot: false });
  return sendJson(res, 202, { queued: true, why: call.why, nextBuildAt: s.queue.state.nextRunAt });
}

/** GET /status: whole on this machine; elsewhere only with the secret, and without paths. */
function sendStatus(req: IncomingMessage, res: ServerResponse, s: Running): void {
  const access = statusAccess(req, s.config.webhookSecret);
  if (access === 'denied') {
    sendJson(res, 401, { error: '状态只对本机开放；从其他机器查看须带 Authorization: Bearer <PUBLISH_WEBHOOK_SECRET>' });
    return;
  }
  const status = publishStatus(s);
  sendJson(res, 200, access === 'local' ? status : withoutPaths(status, [s.config.dir, ROOT]));
}

/** The service's two routes. */
function publishRoutes(s: Running): Parameters<typeof listen>[0] {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://publish').pathname;
    if (path === WEBHOOK_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'webhook 只接受 POST' });
      return receiveWebhook(req, res, s);
    }
    if (path === STATUS_PATH) {
      if (req.method !== 'GET') return sendJson(res, 405, { error: '状态只接受 GET' });
      return sendStatus(req, res, s);
    }
    return sendJson(res, 404, { error: `没有 ${path}：发布服务只有 POST ${WEBHOOK_PATH} 和 GET ${STATUS_PATH}` });
  };
}

/** Every few minutes (PUBLISH_RECONCILE_MINUTES, 0 for never): publishes the webhook missed. */
function startReconciling(s: Running): Reconciler | null {
  const minutes = s.config.reconcileMinutes;
  if (minutes <= 0) return null;
  return startReconciler(
    s.config,
    s.layout,
    (reason) => {
      if (readPause(s.layout)) return;
      s.log(`发现网站落后于 CMS：${reason}。安排一次构建`);
      s.queue.add({ event: null, by: 'cms', fromSnapshot: false });
    },
    minutes * 60_000,
  );
}

/**
 * `npm run publisher -- resume` (another process) ends a pause by removing its file. What was
 * published in the CMS meanwhile is then built at once, not at the next catch-up check minutes
 * later: the check runs now (or, with checks turned off, a build from the CMS is queued).
 */
function watchForResume(s: Running, everyMs = 2000): { stop(): void } {
  let paused = readPause(s.layout) !== null;
  const timer = setInterval(() => {
    const now = readPause(s.layout) !== null;
    if (paused && !now) {
      s.log('自动发布已恢复：核对暂停期间 CMS 的发布');
      if (s.reconciler) void s.reconciler.check();
      else s.queue.add({ event: null, by: 'cms', fromSnapshot: false });
    }
    paused = now;
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The nightly safety run: every page rendered into an empty folder from a full read of the
 * CMS (and with it a fresh content snapshot), whatever the incremental builds did that day.
 */
function scheduleNightlyFullBuild(s: Running): { stop(): void } | null {
  return scheduleNightly(s.config.nightlyAt, () => {
    s.log('每晚完整构建：重新读取全部内容，重新生成每一个页面');
    s.queue.add({ event: null, by: 'nightly', fromSnapshot: false, full: true });
  });
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
  prepareBase(layout, liveRelease(layout));
  const lock = new BuildLock();
  const history = new BuildHistory();
  const s: Running = {
    config,
    layout,
    queue: buildQueue(config, layout, lock, history, log),
    history,
    webhook: { accepted: 0, ignored: 0, unauthorised: 0, malformed: 0 },
    snapshot: snapshotWatcher(layout),
    preview: null,
    reconciler: null,
    log,
  };

  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(publishRoutes(s), config.port, config.host);
  } catch (error) {
    unlock();
    throw error;
  }
  const { server, url } = listening;

  try {
    if (config.previewSecret && config.previewToken) s.preview = await startPreviewServer(config, layout, lock);
  } catch (error) {
    await close(server);
    unlock();
    throw error;
  }
  s.reconciler = startReconciling(s);
  const nightly = scheduleNightlyFullBuild(s);
  // While nothing is published yet: the first edit after a start then finds it read.
  const warming = setImmediate(() => holdLiveManifest(layout));
  const resumed = watchForResume(s);

  return {
    url,
    layout,
    preview: s.preview,
    status: () => publishStatus(s),
    buildNow: ({ fromSnapshot = false, full = false, by = 'operator' } = {}) =>
      s.queue.addAndWait({ event: null, by, fromSnapshot, full }, { now: true }),
    idle: () => s.queue.idle(),
    prepared: async () => {
      const live = liveRelease(layout);
      return live ? baseReady(layout, live) : false;
    },
    close: async () => {
      clearImmediate(warming);
      nightly?.stop();
      resumed.stop();
      s.reconciler?.stop();
      await s.queue.close();
      await s.preview?.close();
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
