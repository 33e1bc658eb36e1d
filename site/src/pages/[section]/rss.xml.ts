import type { APIRoute, GetStaticPaths } from 'astro';
import { siteEnv } from '../../env.ts';
import type { FeedItem } from '../../lib/feed.ts';
import { planned } from '../../lib/plan.ts';
import { rssFeed } from '../../lib/rss.ts';
import { siteSettings } from '../../lib/settings.ts';
import { feedItems, SECTIONS, type SectionKey } from '../../sections/index.ts';

/** One feed per section, at /<section>/rss.xml (each section's feed.href). */

// The items are the feed's props, so that its key (build/render-plan.ts) follows them. The
// site's address as astro.config.ts sets it, from the one validated environment module
// (import.meta.env.SITE was Astro's default address in getStaticPaths of this build).
const SITE = new URL(siteEnv().SITE_URL);

export const getStaticPaths = (async () =>
  planned(
    '/[section]/rss.xml',
    await Promise.all(
      (Object.keys(SECTIONS) as SectionKey[]).map(async (section) => ({
        params: { section },
        props: { section, items: await feedItems(SECTIONS[section], SITE) },
      })),
    ),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, props }) => {
  const { section, items } = props as { section: SectionKey; items: FeedItem[] };
  const { feed } = SECTIONS[section];
  const settings = await siteSettings();
  return rssFeed({
    title: `${settings.siteName} - ${feed.title}`,
    description: `${settings.shortName}${feed.title}`,
    site,
    items,
  });
};
