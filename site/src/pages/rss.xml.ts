import type { APIRoute } from 'astro';
import { newsFeed } from '../lib/feed.ts';
import { newsNewestFirst } from '../lib/news.ts';
import { SITE } from '../site.ts';

/** Everything the site publishes; other collections join as they are added. */
export const GET: APIRoute = async ({ site }) =>
  newsFeed({
    title: SITE.name,
    description: SITE.description,
    site,
    entries: await newsNewestFirst(),
  });
