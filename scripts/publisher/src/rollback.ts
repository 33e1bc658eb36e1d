import { listReleases, liveRelease, type PublishLayout, switchLive } from './releases.ts';

/**
 * Switches the live link back to an earlier release: the one before the live one, or `to`.
 * Instant, because every kept release is a complete site. With dryRun, only says what is there.
 */
export function rollback(
  layout: PublishLayout,
  options: { to?: string; dryRun?: boolean } = {},
): { from: string | null; to: string; releases: string[]; live: string | null } {
  const releases = listReleases(layout);
  const live = liveRelease(layout);
  if (options.dryRun) return { from: live, to: live ?? '', releases, live };
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
  switchLive(layout, to);
  return { from: live, to, releases, live: to };
}
