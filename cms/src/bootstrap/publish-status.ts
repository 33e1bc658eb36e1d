import type { PublishStatusBuild, PublishStatusSummary } from '@fulian/shared-types/publish-status';
import type { Core } from '@strapi/strapi';

/**
 * The publish-status panel of the admin's home page asks this route, which any logged-in
 * admin user may call (the admin's own authentication): it reads the publish service's
 * GET /status (PUBLISH_STATUS_URL) with the webhook secret and answers what an editor needs —
 * whether the public site is up to date, the live release, the last build and, when a build
 * failed, each document refused with its field. The service itself stays on 127.0.0.1.
 */
export const PUBLISH_STATUS_ROUTE = '/fulian/publish-status';

/** The publish service's record of a build (scripts/publisher/src/live-build.ts): the fields read here. */
interface BuildRecord extends Omit<PublishStatusBuild, 'fromSnapshot'> {
  fromSnapshot: { takenAt: string; age: string } | null;
}

function summariseBuild(record: BuildRecord | null | undefined): PublishStatusBuild | null {
  if (!record) return null;
  return {
    id: record.id,
    result: record.result,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    release: record.release,
    error: record.error,
    failedDocuments: (record.failedDocuments ?? []).map(({ collection, documentId, title, problem }) => ({
      collection,
      documentId,
      title,
      problem,
    })),
    fromSnapshot: record.fromSnapshot !== null && record.fromSnapshot !== undefined,
  };
}

export function summariseStatus(status: Record<string, any>): PublishStatusSummary {
  return {
    state: status.state,
    liveRelease: status.live?.release ?? null,
    nextBuildAt: status.queue?.nextBuildAt ?? null,
    buildingSince: status.queue?.building?.since ?? null,
    pendingEvents: status.queue?.pendingEvents ?? 0,
    lastBuild: summariseBuild(status.lastBuild),
    lastSuccess: summariseBuild(status.lastSuccess),
    lastFailure: summariseBuild(status.lastFailure),
  };
}

interface Context {
  status: number;
  body: unknown;
}

/** A problem the panel shows as it is, in Chinese, with what to do about it. */
const problem = (ctx: Context, status: number, message: string) => {
  ctx.status = status;
  ctx.body = { error: { status, message } };
};

async function publishStatus(ctx: Context): Promise<void> {
  const url = process.env.PUBLISH_STATUS_URL ?? '';
  if (!URL.canParse(url)) {
    return problem(
      ctx,
      503,
      url === ''
        ? // Said without the setting's name: editors read this; the README names PUBLISH_STATUS_URL.
          '还没有设置发布服务的地址，无法查看网站发布状态。请联系系统管理员。'
        : `发布服务的地址 PUBLISH_STATUS_URL=${url} 不是有效的网址，应如 http://127.0.0.1:4322/status`,
    );
  }
  const secret = process.env.PUBLISH_WEBHOOK_SECRET ?? '';
  let response: Response;
  try {
    response = await fetch(url, {
      headers: secret ? { Authorization: `Bearer ${secret}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return problem(ctx, 502, `连不上发布服务（${url}：${cause}）：网站可能没有在更新。请联系系统管理员检查发布服务是否在运行。`);
  }
  if (!response.ok) {
    return problem(ctx, 502, `发布服务回答 HTTP ${response.status}（${url}）：请联系系统管理员。`);
  }
  let status: Record<string, unknown>;
  try {
    status = (await response.json()) as Record<string, unknown>;
  } catch {
    return problem(ctx, 502, `发布服务的回答不是 JSON（${url}）：请联系系统管理员。`);
  }
  ctx.status = 200;
  ctx.body = { data: summariseStatus(status) };
}

/** Adds the route to the admin API, behind the admin's own login. */
export function registerPublishStatusRoute(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '',
    routes: [
      {
        method: 'GET',
        path: PUBLISH_STATUS_ROUTE,
        handler: publishStatus,
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
    ],
  } as never);
}
