import type { Image } from '@fulian/shared-types';
import type { BodyImageMedia } from '../cms/strapi-loader.ts';
import { escapeHtml } from './escape.ts';
import type { Fact } from './facts.ts';
import { shareImageUrl } from './og-image.ts';
import { phoneNumbers, telHref } from './phone.ts';

// The parts of a feed item every section builds its own from (sections/*.ts feedItem); the
// feed itself is written by rss.ts.

/**
 * Items per feed: the newest publications. Readers' feed apps look at the latest items only,
 * and a feed of the whole archive (10,000 news with their full text at 1x) would be megabytes
 * to download and would be written again on every publish.
 */
export const FEED_ITEMS = 50;

/**
 * The entries published last, newest first: what a feed shows (items are dated by publishedAt).
 * Entries published at the same moment keep their order. A selection, not a sort: every
 * publish asks this of every section, and at 3x the news alone are 30,000 entries for 50 items.
 */
export function lastPublished<T extends { data: { publishedAt: string } }>(entries: readonly T[], count = FEED_ITEMS): T[] {
  const top: T[] = [];
  for (const entry of entries) {
    // ISO times of one format compare as text.
    const at = entry.data.publishedAt;
    const last = top[top.length - 1];
    if (top.length === count && last && at <= last.data.publishedAt) continue;
    let i = top.length;
    while (i > 0 && (top[i - 1] as T).data.publishedAt < at) i--;
    top.splice(i, 0, entry);
    if (top.length > count) top.pop();
  }
  return top;
}

export interface FeedItem {
  title: string;
  link: string;
  /** When the CMS published the document, not the day of the event it reports. */
  pubDate: Date;
  description: string;
  /** Full, sanitised HTML for content:encoded. */
  content: string;
  /** The media-library photos its content shows (the entry's bodyImages): rss.ts encodes them. */
  bodyImages?: readonly BodyImageMedia[] | undefined;
  categories: string[];
  /** The cover image, for readers that show a picture beside the item. */
  enclosure?: { url: string; length: number; type: string };
}

/**
 * The cover as an enclosure and as the first thing in the content: the same 1200 px JPEG
 * the page shares with social apps, served from the site. Its size in bytes is not known
 * until the build writes it, so the enclosure says 0, as the RSS Advisory Board advises for
 * an unknown length.
 */
export async function withCover(
  item: Omit<FeedItem, 'enclosure'>,
  cover: Image | null,
  site: URL | undefined,
): Promise<FeedItem> {
  const url = await shareImageUrl(cover, site);
  if (!cover || !url) return item;
  const height = Math.round((cover.height * Math.min(1200, cover.width)) / cover.width);
  const figure = `<figure><img src="${escapeHtml(url)}" alt="${escapeHtml(cover.alternativeText)}" width="${Math.min(1200, cover.width)}" height="${height}"></figure>`;
  return { ...item, content: figure + item.content, enclosure: { url, length: 0, type: 'image/jpeg' } };
}

/** A section's facts as a definition list, escaped: the facts its page shows above the body. */
export function factsHtml(facts: readonly Fact[]): string {
  const rows = facts.filter((f) => !f.pageOnly && f.text);
  const value = (f: Fact) => escapeHtml(f.detail ? `${f.text}（${f.detail}）` : f.text);
  return `<dl>${rows.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${value(f)}</dd>`).join('')}</dl>`;
}

/**
 * 报名与咨询, as the page shows it below the facts: how to sign up, and each enquiry number
 * as a tap-to-call link (feed readers on phones dial them too). Nothing when both are empty.
 */
export function signUpHtml(registration: string | null | undefined, enquiryPhone: string | null | undefined): string {
  const phones = enquiryPhone ? phoneNumbers(enquiryPhone) : [];
  if (!registration && phones.length === 0) return '';
  const rows = [
    registration ? `<dt>报名方式</dt><dd>${escapeHtml(registration)}</dd>` : '',
    phones.length
      ? `<dt>咨询电话</dt><dd>${phones.map((p) => `<a href="${escapeHtml(telHref(p))}">${escapeHtml(p)}</a>`).join('、')}</dd>`
      : '',
  ];
  return `<h2>报名与咨询</h2><dl>${rows.join('')}</dl>`;
}
