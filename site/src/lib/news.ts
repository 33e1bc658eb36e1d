import { type CollectionEntry, getCollection } from 'astro:content';

export type NewsEntry = CollectionEntry<'news'>;

/** All news, newest event first; ties broken by title so the order is stable. */
export async function newsNewestFirst(): Promise<NewsEntry[]> {
  const entries = await getCollection('news');
  return entries.sort((a, b) => b.data.date.localeCompare(a.data.date) || a.data.title.localeCompare(b.data.title, 'zh-CN'));
}

export function newsUrl(entry: NewsEntry): string {
  return `/news/${entry.id}/`;
}

/** Page 1 lives at /news/, the rest at /news/page/N/ so they can't collide with a slug. */
export function newsPageUrl(page: number): string {
  return page === 1 ? '/news/' : `/news/page/${page}/`;
}
