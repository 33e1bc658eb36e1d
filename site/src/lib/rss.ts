import rss from '@astrojs/rss';
import { feedBodyImages } from './body-images.ts';
import { FEED_ITEMS, type FeedItem } from './feed.ts';

/** An RSS 2.0 feed, newest first, each item's full content in content:encoded. */
export async function rssFeed(options: {
  title: string;
  description: string;
  site: URL | undefined;
  items: FeedItem[];
}): Promise<Response> {
  const site = options.site;
  if (!site) throw new Error('RSS 需要站点地址：请设置 SITE_URL（astro.config 的 site）。');
  const newest = [...options.items].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime()).slice(0, FEED_ITEMS);
  // Photos of the media library in bodies become the site's own encoded copies.
  const items = await Promise.all(
    newest.map(async ({ bodyImages, ...item }) =>
      item.content ? { ...item, content: await feedBodyImages(item.content, site, bodyImages) } : item,
    ),
  );
  return rss({
    title: options.title,
    description: options.description,
    site,
    trailingSlash: true,
    customData: '<language>zh-CN</language>',
    items,
  });
}
