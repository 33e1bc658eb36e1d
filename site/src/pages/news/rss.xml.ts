import type { APIRoute } from 'astro';
import { newsFeed } from '../../lib/feed.ts';
import { newsNewestFirst } from '../../lib/news.ts';
import { siteSettings } from '../../lib/settings.ts';

export const GET: APIRoute = async ({ site }) => {
  const settings = await siteSettings();
  return newsFeed({
    title: `${settings.siteName} - 新闻动态`,
    description: `${settings.shortName}新闻动态`,
    site,
    entries: await newsNewestFirst(),
  });
};
