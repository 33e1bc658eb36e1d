import type { APIRoute } from 'astro';
import { rssFeed } from '../lib/rss.ts';
import { siteSettings } from '../lib/settings.ts';
import { ALL_SECTIONS, feedItems } from '../sections/index.ts';

/** Everything the site publishes, in one feed. */
export const GET: APIRoute = async ({ site }) => {
  const settings = await siteSettings();
  const items = [];
  for (const section of ALL_SECTIONS) items.push(...(await feedItems(section, site)));
  return rssFeed({ title: settings.siteName, description: settings.description, site, items });
};
