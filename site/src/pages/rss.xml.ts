import type { APIRoute } from 'astro';
import { lectureItems, newsItems, reliefItems, rssFeed, trainingItems } from '../lib/feed.ts';
import { siteSettings } from '../lib/settings.ts';

/** Everything the site publishes, in one feed. */
export const GET: APIRoute = async ({ site }) => {
  const settings = await siteSettings();
  return rssFeed({
    title: settings.siteName,
    description: settings.description,
    site,
    items: [...(await newsItems(site)), ...(await trainingItems(site)), ...(await lectureItems(site)), ...(await reliefItems())],
  });
};
