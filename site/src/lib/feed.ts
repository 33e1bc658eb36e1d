import rss from '@astrojs/rss';
import { startOfDayInChina } from './dates.ts';
import { type NewsEntry, newsUrl } from './news.ts';

interface FeedOptions {
  title: string;
  description: string;
  site: URL | undefined;
  entries: NewsEntry[];
}

/** An RSS 2.0 feed with each item's full, sanitised content in content:encoded. */
export function newsFeed({ title, description, site, entries }: FeedOptions): Promise<Response> {
  if (!site) throw new Error('RSS 需要站点地址：请设置 SITE_URL（astro.config 的 site）。');
  return rss({
    title,
    description,
    site,
    trailingSlash: true,
    customData: '<language>zh-CN</language>',
    items: entries.map((entry) => ({
      title: entry.data.title,
      link: newsUrl(entry),
      pubDate: startOfDayInChina(entry.data.date),
      description: entry.data.summary,
      content: entry.rendered?.html ?? '',
      categories: entry.data.category ? [entry.data.category.name] : [],
    })),
  });
}
