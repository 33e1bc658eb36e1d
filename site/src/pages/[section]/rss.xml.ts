import type { APIRoute, GetStaticPaths } from 'astro';
import { type FeedItem, lectureItems, newsItems, reliefItems, rssFeed, trainingItems } from '../../lib/feed.ts';
import { FEEDS } from '../../lib/meta.ts';
import { siteSettings } from '../../lib/settings.ts';

/** One feed per section, at /<section>/rss.xml, as FEEDS names them. */
const SECTIONS: Record<keyof typeof FEEDS, (site: URL | undefined) => Promise<FeedItem[]>> = {
  news: newsItems,
  trainings: trainingItems,
  lectures: lectureItems,
  relief: reliefItems,
};

export const getStaticPaths = (() =>
  Object.keys(SECTIONS).map((section) => ({
    params: { section },
    props: { section: section as keyof typeof FEEDS },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, props }) => {
  const section = (props as { section: keyof typeof FEEDS }).section;
  const settings = await siteSettings();
  return rssFeed({
    title: `${settings.siteName} - ${FEEDS[section].title}`,
    description: `${settings.shortName}${FEEDS[section].title}`,
    site,
    items: await SECTIONS[section](site),
  });
};
