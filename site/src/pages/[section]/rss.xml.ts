import type { APIRoute, GetStaticPaths } from 'astro';
import { type FeedItem, lectureItems, newsItems, reliefItems, rssFeed, trainingItems } from '../../lib/feed.ts';
import { FEEDS } from '../../lib/meta.ts';
import { planned } from '../../lib/plan.ts';
import { siteSettings } from '../../lib/settings.ts';

/** One feed per section, at /<section>/rss.xml, as FEEDS names them. */
const SECTIONS: Record<keyof typeof FEEDS, (site: URL | undefined) => Promise<FeedItem[]>> = {
  news: newsItems,
  trainings: trainingItems,
  lectures: lectureItems,
  relief: reliefItems,
};

// The items are the feed's props, so that its key (build/render-plan.ts) follows them.
const SITE = import.meta.env.SITE ? new URL(import.meta.env.SITE) : undefined;

export const getStaticPaths = (async () =>
  planned(
    '/[section]/rss.xml',
    await Promise.all(
      (Object.keys(SECTIONS) as (keyof typeof FEEDS)[]).map(async (section) => ({
        params: { section },
        props: { section, items: await SECTIONS[section](SITE) },
      })),
    ),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, props }) => {
  const { section, items } = props as { section: keyof typeof FEEDS; items: FeedItem[] };
  const settings = await siteSettings();
  return rssFeed({
    title: `${settings.siteName} - ${FEEDS[section].title}`,
    description: `${settings.shortName}${FEEDS[section].title}`,
    site,
    items,
  });
};
