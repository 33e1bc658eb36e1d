import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeAge, readSnapshot } from '@fulian/site/snapshot';
import { buildErrorMessage, type FailedDocument, failedDocuments } from './build-report.ts';
import type { PublishConfig } from './config.ts';
import {
  admitRelease,
  incomingDir,
  liveRelease,
  newReleaseId,
  type PublishLayout,
  pruneReleases,
  switchLive,
} from './releases.ts';
import { runSiteBuild } from './site-build.ts';
import type { CmsEvent } from './webhook-events.ts';

export interface BuildRecord {
  id: string;
  result: 'success' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What asked for this build: the CMS events it took, or an operator. */
  trigger: { events: CmsEvent[]; eventCount: number; by: 'cms' | 'operator' | 'start' };
  /** Set when the build read the last good snapshot instead of the CMS. */
  fromSnapshot: { takenAt: string; age: string } | null;
  /** The release now live, on success. */
  release: string | null;
  /** On failure: why, as the build said it. The live site is unchanged. */
  error: string | null;
  /** On a content-contract failure: each document refused, with the field and what was expected. */
  failedDocuments: FailedDocument[];
  /** The build's whole output. */
  log: string;
}

export interface BuildRequest {
  events: CmsEvent[];
  by: BuildRecord['trigger']['by'];
  fromSnapshot?: boolean;
}

/** How many triggering events a record keeps (the count keeps the rest). */
const EVENTS_KEPT = 20;

/**
 * One build of the public site into a fresh release folder, and on success the switch of the
 * live link to it. A failure of any kind (CMS unreachable, a document refused, a template
 * error, a build that writes no home page) leaves the live link where it was.
 */
export async function buildRelease(config: PublishConfig, layout: PublishLayout, request: BuildRequest): Promise<BuildRecord> {
  const started = new Date();
  const id = newReleaseId(layout, started);
  const outDir = incomingDir(layout, id);
  const log = join(layout.logs, `${id}.log`);
  const record = (
    fields: Pick<BuildRecord, 'result' | 'release' | 'error' | 'failedDocuments' | 'fromSnapshot'>,
  ): BuildRecord => {
    const finished = new Date();
    return {
      id,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      trigger: { events: request.events.slice(-EVENTS_KEPT), eventCount: request.events.length, by: request.by },
      log,
      ...fields,
    };
  };

  let fromSnapshot: BuildRecord['fromSnapshot'] = null;
  if (request.fromSnapshot) {
    try {
      const { takenAt } = readSnapshot(layout.snapshot);
      fromSnapshot = { takenAt, age: describeAge(takenAt) };
    } catch (error) {
      return record({ result: 'failed', release: null, error: (error as Error).message, failedDocuments: [], fromSnapshot });
    }
  }

  mkdirSync(layout.releases, { recursive: true });
  const run = await runSiteBuild({
    logFile: log,
    timeoutMs: config.buildTimeoutMs,
    env: {
      CMS_URL: config.cmsUrl,
      CMS_BUILD_TOKEN: config.buildToken,
      SITE_URL: config.siteUrl,
      SITE_OUT_DIR: outDir,
      // One cache for every live build: unchanged documents keep their digests and rendered
      // Markdown, and cover images are not fetched or encoded again.
      SITE_CACHE_DIR: layout.liveCache,
      SITE_SNAPSHOT_DIR: layout.snapshot,
      ...(request.fromSnapshot ? { SITE_FROM_SNAPSHOT: 'true' } : {}),
    },
  });

  const fail = (error: string) => {
    rmSync(outDir, { recursive: true, force: true });
    return record({ result: 'failed', release: null, error, failedDocuments: failedDocuments(error), fromSnapshot });
  };
  if (!run.ok) {
    const message = buildErrorMessage(run.output);
    return fail(run.stopped ? `构建${run.stopped}。\n${message}` : message);
  }
  for (const required of ['index.html', '404.html']) {
    if (!existsSync(join(outDir, required))) return fail(`构建结束了，但没有生成 ${required}：不上线这个版本。`);
  }

  try {
    admitRelease(layout, id);
    switchLive(layout, id);
  } catch (error) {
    const message = (error as Error).message;
    // The folder may have moved into releases/ before the switch failed; it never went live.
    if (liveRelease(layout) !== id) rmSync(join(layout.releases, id), { recursive: true, force: true });
    return fail(message);
  }
  pruneReleases(layout, config.keepReleases);
  return record({ result: 'success', release: id, error: null, failedDocuments: [], fromSnapshot });
}
