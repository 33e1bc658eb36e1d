import type { SiteSettings } from '@fulian/shared-types';
import type { ContentTypeConfig, Section } from '@fulian/shared-types/model';
import type { Card } from '../lib/cards.ts';
import type { Fact } from '../lib/facts.ts';
import type { FeedItem } from '../lib/feed.ts';
import type { CalendarEvent } from '../lib/ical.ts';
import type { ArticleMeta, Column } from '../lib/meta.ts';

/**
 * A section of the public site (新闻, 培训, 讲座, 救助): everything the site knows about one
 * kind of document, in one module per section (sections/news.ts …). Pages, feeds, the
 * calendar, the home page and the archive take a document's address, order, card, facts, feed
 * item and search label from here, so that a page and its feed item cannot drift apart. A new
 * section supplies all of it; its labels come from its content model (shared-types/src/model/).
 */
export interface SiteSection<E> {
  /** The section's segment in addresses, e.g. news for /news/ and /news/rss.xml. */
  key: string;
  /** The section's list: where its breadcrumbs start, and the navigation link marked current. */
  list: { href: string; name: string };
  /** ColumnName and ColumnType of its pages. */
  column: Column;
  /** Its own RSS feed. */
  feed: { title: string; href: string };
  /** Pagefind's section filter, the label a search result shows and a feed item's first category. */
  searchLabel: string;
  /** What its list says while nothing is published. */
  empty: string;
  /** Subscriptions offered below its list. */
  subscriptions: { href: string; label: string }[];
  /** Every published document, newest first, in a total order (lib/paginate.ts relies on it). */
  newestFirst(): Promise<E[]>;
  /** The document's page. */
  url(entry: E): string;
  /** What lists, the home page and the archive show of it. */
  card(entry: E): Card;
  /** The facts its page shows above the body, which its feed item repeats. */
  facts(entry: E): Fact[];
  /** Its page's shell (ArticleLayout's props but the body). */
  article(entry: E, page: { image: string | undefined }): ArticleShell;
  /** schema.org data for its page, or null. */
  jsonLd(entry: E, page: PageContext): Record<string, unknown> | null;
  /** Its item in the section's feed and the site-wide one. */
  feedItem(entry: E, site: URL | undefined): Promise<FeedItem>;
  /** Its event in /events.ics, for sections whose documents take place at a time; else null. */
  calendarEvent: ((entry: E, calendar: { site: URL; domain: string }) => CalendarEvent) | null;
}

/** What ArticleLayout needs besides the body and the JSON-LD. */
export interface ArticleShell {
  title: string;
  description: string | undefined;
  section: { href: string; name: string };
  column: Column;
  article: ArticleMeta;
  feed: { title: string; href: string };
  search: { section: string; date: string };
  back: { href: string; label: string };
}

/** What a page knows about itself, for structured data. */
export interface PageContext {
  url: string;
  image: string | undefined;
  settings: SiteSettings;
  site: URL | undefined;
}

/** Any section, whatever its documents (for callers that go through all of them). */
export type AnySection = SiteSection<any>;

/**
 * The labels a section takes from its content model: list, column, feed and search label,
 * and the list's wording (暂无新闻。, 订阅新闻 RSS).
 */
export function sectionLabels(model: ContentTypeConfig & { section: Section }) {
  const { list, column, type, feed } = model.section;
  return {
    key: list.replaceAll('/', ''),
    list: { href: list, name: column },
    column: { name: column, type },
    feed,
    searchLabel: type,
    empty: `暂无${type}。`,
    subscriptions: [{ href: feed.href, label: `订阅${type} RSS` }],
  };
}

/** The calendar feed, offered below the lists of sections whose documents are events. */
export const CALENDAR_SUBSCRIPTION = { href: '/events.ics', label: '加入日历（iCalendar）' };

/** What ListLayout takes from a section: its navigation link, column, feed, wording and subscriptions. */
export function listShell(section: Pick<AnySection, 'list' | 'column' | 'feed' | 'empty' | 'subscriptions'>) {
  const { list, column, feed, empty, subscriptions } = section;
  return { section: list.href, column, feed, empty, subscriptions };
}

/**
 * The shell of a document's page in its section: its list, column, feed and search label, the
 * date a search result shows (the card's), and the way back to the list.
 */
export function articleShell<E>(
  section: Pick<SiteSection<E>, 'list' | 'column' | 'feed' | 'searchLabel' | 'card'>,
  entry: E,
  page: { description: string | undefined; image?: string | undefined; source?: string | null },
): ArticleShell {
  const card = section.card(entry);
  return {
    title: card.title,
    description: page.description,
    section: section.list,
    column: section.column,
    article: { title: card.title, date: card.datetime, source: page.source, image: page.image },
    feed: section.feed,
    search: { section: section.searchLabel, date: card.dateText },
    back: { href: section.list.href, label: `返回${section.searchLabel}列表` },
  };
}

// Ties are broken by documentId, which never changes (a title may): the numbered list pages
// (lib/paginate.ts) need a total order that an edit cannot reshuffle.
export const byDocumentId = (a: { data: { documentId: string } }, b: { data: { documentId: string } }) =>
  b.data.documentId.localeCompare(a.data.documentId);

/**
 * A collection in a section's order, sorted once for as long as its content is the same array
 * (cms/documents.ts hands out one array per content). Most routes ask for a section's
 * documents, about 25 calls a build, and a sort of 30,000 news costs about 0.2 s.
 * The sorted array is shared: copy it before changing it.
 */
export function sortedOnce<E>(load: () => Promise<readonly E[]>, compare: (a: E, b: E) => number): () => Promise<E[]> {
  let source: readonly E[] | undefined;
  let sorted: E[] = [];
  return async () => {
    const all = await load();
    if (all !== source) {
      sorted = [...all].sort(compare);
      source = all;
    }
    return sorted;
  };
}
