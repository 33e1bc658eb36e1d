import { getCollection } from 'astro:content';
import type { SiteSettings } from '@fulian/shared-types';
import { type NewsEntry, newsNewestFirst } from '../lib/collections.ts';
import { organisation } from '../lib/meta.ts';
import { paginate } from '../lib/paginate.ts';

/**
 * The news section's page data: what its pages are and what each page is handed. Kept out of
 * the .astro files so that it is tested without a build (test/sections.test.ts mocks
 * astro:content), and the pages only pass it to their layout.
 */

/** One page per article, newest first. */
export async function newsArticlePaths() {
  return (await newsNewestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

/** The numbered list, numbered from the oldest (lib/paginate.ts). */
export async function newsListPaths() {
  return paginate(await newsNewestFirst(), '/news/');
}

/** The categories above the list, in Chinese collation. */
export async function newsCategories() {
  return (await getCollection('categories')).sort((a, b) => a.data.name.localeCompare(b.data.name, 'zh-CN'));
}

/** schema.org NewsArticle for an article page. */
export function newsJsonLd(
  entry: NewsEntry,
  page: { url: string; image: string | undefined; settings: SiteSettings; site: URL | undefined },
): Record<string, unknown> {
  const { title, summary, source, category, publishedAt, updatedAt } = entry.data;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: title,
    description: summary,
    datePublished: publishedAt,
    dateModified: updatedAt,
    inLanguage: 'zh-CN',
    mainEntityOfPage: page.url,
    ...(page.image ? { image: page.image } : {}),
    ...(category ? { articleSection: category.name } : {}),
    ...(source ? { author: { '@type': 'Organization', name: source } } : {}),
    publisher: organisation(page.settings, page.site),
  };
}
