import { type CollectionEntry, getCollection } from 'astro:content';
import { category as categoryModel, news as model, publicUrl } from '@fulian/shared-types/model';
import { bodyHtml } from '../cms/body-store.ts';
import { getDocuments } from '../cms/documents.ts';
import { formatChineseDate } from '../lib/dates.ts';
import type { Fact } from '../lib/facts.ts';
import { withCover } from '../lib/feed.ts';
import { organisation } from '../lib/meta.ts';
import { paginate } from '../lib/paginate.ts';
import { articleShell, byDocumentId, type SiteSection, sectionLabels, sortedOnce } from './section.ts';

/**
 * The news section (see section.ts): what its pages are and what each page is handed. Kept out
 * of the .astro files so that it is tested without a build (test/sections.test.ts mocks
 * astro:content), and the pages only pass it to their layout.
 */

export type NewsEntry = CollectionEntry<'news'>;

const labels = sectionLabels(model);

export const newsSection: SiteSection<NewsEntry> = {
  ...labels,

  /** All news, newest event first. */
  newestFirst: sortedOnce(
    () => getDocuments('news'),
    (a, b) => b.data.date.localeCompare(a.data.date) || byDocumentId(a, b),
  ),

  url: (entry) => publicUrl(model.url, entry.data),

  card: (entry) => ({
    title: entry.data.title,
    href: newsSection.url(entry),
    datetime: entry.data.date,
    dateText: formatChineseDate(entry.data.date),
    summary: entry.data.summary,
    tags: entry.data.category ? [entry.data.category.name] : [],
  }),

  /** The date and the source, on the page's meta line; the feed item has its own date. */
  facts: (entry): Fact[] => {
    const { date, source } = entry.data;
    return [
      { label: '日期', text: formatChineseDate(date), datetime: date, pageOnly: true },
      ...(source ? [{ label: '来源', text: source, pageOnly: true }] : []),
    ];
  },

  /** An article's column is its category (ColumnName 工作动态), of the type 新闻. */
  article: (entry, { image }) => {
    const { summary, source, category } = entry.data;
    return {
      ...articleShell(newsSection, entry, { description: summary, source, image }),
      column: category ? { name: category.name, type: labels.column.type } : labels.column,
    };
  },

  /** schema.org NewsArticle. */
  jsonLd: (entry, page) => {
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
  },

  feedItem: (entry, site) =>
    withCover(
      {
        title: entry.data.title,
        link: newsSection.url(entry),
        pubDate: new Date(entry.data.publishedAt),
        description: entry.data.summary,
        content: bodyHtml(entry),
        bodyImages: entry.data.bodyImages,
        categories: [labels.searchLabel, ...(entry.data.category ? [entry.data.category.name] : [])],
      },
      entry.data.cover,
      site,
    ),

  calendarEvent: null,
};

/** A category's list, e.g. /news/category/gong-zuo-dong-tai/. */
export const categoryUrl = (slug: string) => publicUrl(categoryModel.url, { slug });

/** One page per article, newest first. */
export async function newsArticlePaths() {
  return (await newsSection.newestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

/**
 * The numbered list, numbered from the oldest (lib/paginate.ts). Each page shows the
 * categories above its list, so they are in its props: a category renamed renders these pages
 * again (and the pages of its news, whose entries hold its name), not the whole site.
 */
export async function newsListPaths() {
  const categories = await newsCategories();
  return paginate(await newsSection.newestFirst(), labels.list.href).map((page) => ({
    ...page,
    props: { ...page.props, categories },
  }));
}

/** Each category's numbered list, under its own address. */
export async function categoryListPaths() {
  const news = await newsSection.newestFirst();
  const categories = await getCollection('categories');
  // One pass over the news, not one per category (30,000 news × 8 categories at 3x).
  const byCategory = new Map<string, NewsEntry[]>();
  for (const n of news) {
    const id = n.data.category?.documentId;
    if (id === undefined) continue;
    const list = byCategory.get(id);
    if (list) list.push(n);
    else byCategory.set(id, [n]);
  }
  return categories.flatMap((category) =>
    paginate(byCategory.get(category.data.documentId) ?? [], categoryUrl(category.id)).map((page) => ({
      params: { category: category.id, page: page.params.page },
      props: { ...page.props, name: category.data.name },
    })),
  );
}

/** The categories above the list, in Chinese collation. */
export async function newsCategories() {
  return [...(await getCollection('categories'))].sort((a, b) => a.data.name.localeCompare(b.data.name, 'zh-CN'));
}
