import type { APIRoute } from 'astro';
import { newsFeed } from '../../lib/feed.ts';
import { newsNewestFirst } from '../../lib/news.ts';
import { SITE } from '../../site.ts';

export const GET: APIRoute = async ({ site }) =>
  newsFeed({
    title: `${SITE.name} - 新闻动态`,
    description: '厦门市妇联新闻动态',
    site,
    entries: await newsNewestFirst(),
  });
