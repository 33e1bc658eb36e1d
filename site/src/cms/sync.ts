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
 * Published documents are read again from this long before the newest publication already
 * seen: a document published in the same moment as the last read, but committed after it,
 * is not missed. Re-reading an unchanged document costs nothing (its digest is unchanged).
 */
export const DELTA_OVERLAP_MS = 5 * 60_000;

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
