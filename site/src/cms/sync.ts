/**
 * How a build reads a collection from the CMS: all of it, or only what changed since the last
 * build (delta). The publish service asks for a delta when the webhook calls that caused the
 * build name the documents that changed; everything else (a manual build, the service's
 * start, the nightly run, a change to something many documents embed, such as a category's
 * name or an image's alt text) reads everything.
 *
 *   SITE_SYNC=delta
 *   SITE_CHANGED=[{"uid":"<the content type's uid>","documentId":"q3v…"}, …]
 */

import { siteEnv } from '../env.ts';

export type { ChangedDocument } from '../env.ts';

export interface SyncPlan {
  mode: 'full' | 'delta';
  /** documentIds named by the events, per content type. */
  changed: Map<string, Set<string>>;
  /** Why the plan is what it is, for the build log. */
  reason: string;
}

/**
 * Published documents are read again from this long before the last read: a document
 * published in the same moment as that read, but committed after it, is not missed.
 */
export const DELTA_OVERLAP_MS = 5 * 60_000;

/**
 * Where a delta read starts: DELTA_OVERLAP_MS before the later of the newest publication seen
 * and the CMS's own clock at the last read (its `Date` header). Counting from the newest
 * publication alone re-read every document published within five minutes of it on every
 * build until something newer was published: after an import that published 3,000 trainings
 * in a few minutes, each edit read all 3,000 again (3 s at 3x). Both times are the CMS's
 * clock, so the build machine's clock plays no part.
 */
export function deltaStart(newestPublishedAt: string, readAt?: string): string {
  const newest = Date.parse(newestPublishedAt);
  const read = readAt ? Date.parse(readAt) : Number.NaN;
  if (Number.isNaN(newest)) throw new Error(`本地记录的最新发布时间无效：${newestPublishedAt}`);
  return new Date(Math.max(newest, Number.isNaN(read) ? newest : read) - DELTA_OVERLAP_MS).toISOString();
}

/**
 * `deltaTypes` are the content types whose loaders can read by delta: documents that nothing
 * else embeds. An event about any other type (or a media file) means a full read.
 */
export function syncPlan(env: NodeJS.ProcessEnv, deltaTypes: ReadonlySet<string>): SyncPlan {
  const changed = new Map<string, Set<string>>();
  const { SITE_SYNC, SITE_CHANGED: events } = siteEnv(env);
  if (SITE_SYNC !== 'delta') return { mode: 'full', changed, reason: '完整读取' };
  for (const event of events) {
    if (!event.uid || !deltaTypes.has(event.uid)) {
      return {
        mode: 'full',
        changed,
        reason: `完整读取：${event.uid ?? '媒体库文件'} 的改动可能出现在许多文档中`,
      };
    }
    if (!event.documentId) return { mode: 'full', changed, reason: `完整读取：${event.uid} 的改动没有 documentId` };
    const ids = changed.get(event.uid) ?? new Set<string>();
    ids.add(event.documentId);
    changed.set(event.uid, ids);
  }
  return { mode: 'delta', changed, reason: `增量读取 ${events.length} 个改动` };
}
