import type { APIRoute } from 'astro';
import { newsFeed } from '../lib/feed.ts';
import { newsNewestFirst } from '../lib/news.ts';
import { siteSettings } from '../lib/settings.ts';

/** Everything the site publishes; other collections join as they are added. */
export const GET: APIRoute = async ({ site }) => {
  const settings = await siteSettings();
  return newsFeed({
    title: settings.siteName,
    description: settings.description,
    site,
    entries: await newsNewestFirst(),
  });
};
