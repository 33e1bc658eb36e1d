import { join } from 'node:path';
import { pausePublishing } from './pause.ts';
import { listReleases, liveRelease, type PublishLayout, switchLive } from './releases.ts';
import { type DocumentPage, describePages, diffReleases } from './rollback-diff.ts';

/**
 * Switches the live link back to an earlier release: the one before the live one, or `to`.
 * Instant, because every kept release is a complete site. With dryRun, only says what is there.
 *
 * An older release can show documents that were withdrawn since (unpublished or deleted,
 * perhaps for a reason): those are listed, and the rollback is refused unless forced. After a
 * rollback, automatic publishing is paused (pause.ts), so the next publish from anyone does
 * not silently undo it.
 */
export function rollback(
  layout: PublishLayout,
  options: { to?: string; dryRun?: boolean; force?: boolean; by?: string } = {},
): {
  from: string | null;
  to: string;
  releases: string[];
  live: string | null;
  reappear: DocumentPage[];
  vanish: DocumentPage[];
} {
  const releases = listReleases(layout);
  const live = liveRelease(layout);
  if (options.dryRun) return { from: live, to: live ?? '', releases, live, reappear: [], vanish: [] };
  let to = options.to;
  if (to === undefined) {
    const position = live ? releases.indexOf(live) : -1;
    if (position <= 0) {
      throw new Error(
        live
          ? `线上版本 ${live} 已是保留的最早版本，没有更早的可回退（保留的版本：${releases.join('、') || '无'}）。`
          : `还没有线上版本（${layout.live} 不存在），无从回退。`,
      );
    }
    to = releases[position - 1] as string;
  } else if (!releases.includes(to)) {
    throw new Error(`没有版本 ${to}。保留的版本：${releases.join('、') || '无'}（npm run rollback -- --list）。`);
  }
  if (to === live) throw new Error(`版本 ${to} 已经是线上版本。`);
  const { reappear, vanish } = diffReleases(live ? join(layout.releases, live) : null, join(layout.releases, to));
  if (reappear.length > 0 && !options.force) {
    throw new Error(
      `版本 ${to} 中有 ${reappear.length} 篇内容现在已撤下或删除，回退会让它们重新出现在网站上：\n${describePages(reappear)}\n` +
        '确认要让它们重新出现，请加 --force。',
    );
  }
  switchLive(layout, to);
  pausePublishing(layout, {
    since: new Date().toISOString(),
    release: to,
    reason: `${options.by ?? '运维人员'}回退到版本 ${to}（原为 ${live ?? '无'}）`,
  });
  return { from: live, to, releases, live: to, reappear, vanish };
}
