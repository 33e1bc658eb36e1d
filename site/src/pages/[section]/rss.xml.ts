import type { APIRoute, GetStaticPaths } from 'astro';
import { siteEnv } from '../../env.ts';
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

// The items are the feed's props, so that its key (build/render-plan.ts) follows them. The
// site's address as astro.config.ts sets it, from the one validated environment module
// (import.meta.env.SITE was Astro's default address in getStaticPaths of this build).
const SITE = new URL(siteEnv().SITE_URL);

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
