import rss from '@astrojs/rss';
import { type Image, ORGANISER_ROLES } from '@fulian/shared-types';
import { BREAKDOWN_LABELS, BREAKDOWNS } from '@fulian/shared-types/rules';
import { bodyHtml } from '../cms/body-store.ts';
import { feedBodyImages } from './body-images.ts';
import {
  lecturesNewestFirst,
  lectureUrl,
  newsNewestFirst,
  newsUrl,
  reliefBatchesNewestFirst,
  reliefBatchUrl,
  trainingsNewestFirst,
  trainingUrl,
} from './collections.ts';
import { formatChineseDate, formatChineseDateRange, formatChineseDateTime } from './dates.ts';
import { escapeHtml } from './escape.ts';
import { formatWanYuan, formatYuan, toFen } from './money.ts';
import { shareImageUrl } from './og-image.ts';
import { phoneNumbers, telHref } from './phone.ts';
import { batchName } from './relief.ts';

/**
 * Items per feed: the newest publications. Readers' feed apps look at the latest items only,
 * and a feed of the whole archive (10,000 news with their full text at 1x) would be megabytes
 * to download and would be written again on every publish.
 */
export const FEED_ITEMS = 50;

/** The entries published last, newest first: what a feed shows (items are dated by publishedAt). */
function lastPublished<T extends { data: { publishedAt: string } }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => b.data.publishedAt.localeCompare(a.data.publishedAt)).slice(0, FEED_ITEMS);
}

export interface FeedItem {
  title: string;
  link: string;
  /** When the CMS published the document, not the day of the event it reports. */
  pubDate: Date;
  description: string;
  /** Full, sanitised HTML for content:encoded. */
  content: string;
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
async function withCover(item: Omit<FeedItem, 'enclosure'>, cover: Image | null, site: URL | undefined): Promise<FeedItem> {
  const url = await shareImageUrl(cover, site);
  if (!cover || !url) return item;
  const height = Math.round((cover.height * Math.min(1200, cover.width)) / cover.width);
  const figure = `<figure><img src="${escapeHtml(url)}" alt="${escapeHtml(cover.alternativeText)}" width="${Math.min(1200, cover.width)}" height="${height}"></figure>`;
  return { ...item, content: figure + item.content, enclosure: { url, length: 0, type: 'image/jpeg' } };
}

/** Facts as a definition list, escaped: the same facts the page shows above the body. */
function factsHtml(facts: [string, string | null | undefined][]): string {
  const rows = facts.filter((f): f is [string, string] => Boolean(f[1]));
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/**
 * 报名与咨询, as the page shows it below the facts: how to sign up, and each enquiry number
 * as a tap-to-call link (feed readers on phones dial them too). Nothing when both are empty.
 */
function signUpHtml(registration: string | null | undefined, enquiryPhone: string | null | undefined): string {
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

function organiserFacts(organisers: { name: string; role: string }[]): [string, string][] {
  return ORGANISER_ROLES.map(
    (role) =>
      [
        `${role}单位`,
        organisers
          .filter((o) => o.role === role)
          .map((o) => o.name)
          .join('、'),
      ] as [string, string],
  ).filter(([, names]) => names);
}

export async function newsItems(site: URL | undefined): Promise<FeedItem[]> {
  return Promise.all(
    lastPublished(await newsNewestFirst()).map((entry) =>
      withCover(
        {
          title: entry.data.title,
          link: newsUrl(entry),
          pubDate: new Date(entry.data.publishedAt),
          description: entry.data.summary,
          content: bodyHtml(entry),
          categories: ['新闻', ...(entry.data.category ? [entry.data.category.name] : [])],
        },
        entry.data.cover,
        site,
      ),
    ),
  );
}

export async function trainingItems(site: URL | undefined): Promise<FeedItem[]> {
  const entries = lastPublished(await trainingsNewestFirst());
  return Promise.all(
    entries.map((entry) => {
      const t = entry.data;
      const courses = t.courses.length
        ? `<h2>课程安排</h2><ul>${t.courses
            .map(
              (c) =>
                `<li>${escapeHtml(c.title)}${c.lecturer ? `（${escapeHtml(c.lecturer)}${c.lecturerTitle ? `，${escapeHtml(c.lecturerTitle)}` : ''}）` : ''}</li>`,
            )
            .join('')}</ul>`
        : '';
      return withCover(
        {
          title: t.title,
          link: trainingUrl(entry),
          pubDate: new Date(t.publishedAt),
          description: t.summary,
          content:
            factsHtml([
              ['时间', formatChineseDateRange(t.startDate, t.endDate)],
              ['地点', t.venue],
              ...organiserFacts(t.organisers),
              ['主持', t.host],
              ['参加人数', t.participantCount === null ? null : `约 ${t.participantCount} 人`],
            ]) +
            signUpHtml(t.registration, t.enquiryPhone) +
            courses +
            bodyHtml(entry),
          categories: ['培训'],
        },
        t.cover,
        site,
      );
    }),
  );
}

export async function lectureItems(site: URL | undefined): Promise<FeedItem[]> {
  const entries = lastPublished(await lecturesNewestFirst());
  return Promise.all(
    entries.map((entry) => {
      const l = entry.data;
      return withCover(
        {
          title: l.title,
          link: lectureUrl(entry),
          pubDate: new Date(l.publishedAt),
          description: l.summary,
          content:
            factsHtml([
              ['时间', formatChineseDateTime(l.startsAt)],
              ['地点', l.venue],
              ['主讲', l.speakers.map((s) => (s.title ? `${s.name}（${s.title}）` : s.name)).join('；')],
              ['所属系列', l.series?.name],
              ...organiserFacts(l.organisers),
            ]) +
            signUpHtml(l.registration, l.enquiryPhone) +
            bodyHtml(entry),
          categories: ['讲座', ...(l.series ? [l.series.name] : [])],
        },
        l.cover,
        site,
      );
    }),
  );
}

export async function reliefItems(): Promise<FeedItem[]> {
  return lastPublished(await reliefBatchesNewestFirst()).map((entry) => {
    const b = entry.data;
    const fen = toFen(b.amount);
    const breakdown = (name: string, rows: { label: string; count: number }[]) =>
      `<h2>${name}</h2><ul>${rows.map((r) => `<li>${escapeHtml(r.label)}：${r.count} 人</li>`).join('')}</ul>`;
    return {
      title: b.title,
      link: reliefBatchUrl(entry),
      pubDate: new Date(b.publishedAt),
      description:
        b.summary ?? `${b.programme.name}${batchName(b.year, b.batchNumber)}：${formatWanYuan(fen)}，${b.recipientCount} 人`,
      content:
        factsHtml([
          ['救助项目', b.programme.name],
          ['批次', `${batchName(b.year, b.batchNumber)}`],
          ['发放日期', formatChineseDate(b.disbursementDate)],
          ['发放金额', `${formatWanYuan(fen)}（${formatYuan(fen)}）`],
          ['救助人数', `${b.recipientCount} 人`],
        ]) +
        BREAKDOWNS.map((field) => breakdown(BREAKDOWN_LABELS[field], b[field])).join('') +
        bodyHtml(entry),
      categories: ['救助', b.programme.name],
    };
  });
}

/** An RSS 2.0 feed, newest first, each item's full content in content:encoded. */
export async function rssFeed(options: {
  title: string;
  description: string;
  site: URL | undefined;
  items: FeedItem[];
}): Promise<Response> {
  const site = options.site;
  if (!site) throw new Error('RSS 需要站点地址：请设置 SITE_URL（astro.config 的 site）。');
  const newest = [...options.items].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime()).slice(0, FEED_ITEMS);
  // Photos of the media library in bodies become the site's own encoded copies.
  const items = await Promise.all(
    newest.map(async (item) => (item.content ? { ...item, content: await feedBodyImages(item.content, site) } : item)),
  );
  return rss({
    title: options.title,
    description: options.description,
    site,
    trailingSlash: true,
    customData: '<language>zh-CN</language>',
    items,
  });
}
