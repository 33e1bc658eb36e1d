import rss from '@astrojs/rss';
import { ORGANISER_ROLES } from '@fulian/shared-types';
import { BREAKDOWN_LABELS, BREAKDOWNS } from '@fulian/shared-types/rules';
import { bodyHtml } from '../cms/body-store.ts';
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
import { formatChineseDate, formatChineseDateRange, formatChineseDateTime, startOfDayInChina } from './dates.ts';
import { escapeHtml } from './escape.ts';
import { formatWanYuan, formatYuan, toFen } from './money.ts';
import { batchName } from './relief.ts';

/**
 * Items per feed: the newest ones. Readers' feed apps look at the latest items only, and a
 * feed of the whole archive (10,000 news with their full text at 1x) would be megabytes to
 * download and would be written again on every publish.
 */
export const FEED_ITEMS = 50;

export interface FeedItem {
  title: string;
  link: string;
  pubDate: Date;
  description: string;
  /** Full, sanitised HTML for content:encoded. */
  content: string;
  categories: string[];
}

/** Facts as a definition list, escaped: the same facts the page shows above the body. */
function factsHtml(facts: [string, string | null | undefined][]): string {
  const rows = facts.filter((f): f is [string, string] => Boolean(f[1]));
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
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

export async function newsItems(): Promise<FeedItem[]> {
  return (await newsNewestFirst()).slice(0, FEED_ITEMS).map((entry) => ({
    title: entry.data.title,
    link: newsUrl(entry),
    pubDate: startOfDayInChina(entry.data.date),
    description: entry.data.summary,
    content: bodyHtml(entry),
    categories: ['新闻', ...(entry.data.category ? [entry.data.category.name] : [])],
  }));
}

export async function trainingItems(): Promise<FeedItem[]> {
  return (await trainingsNewestFirst()).slice(0, FEED_ITEMS).map((entry) => {
    const t = entry.data;
    const courses = t.courses.length
      ? `<h2>课程安排</h2><ul>${t.courses
          .map(
            (c) =>
              `<li>${escapeHtml(c.title)}${c.lecturer ? `（${escapeHtml(c.lecturer)}${c.lecturerTitle ? `，${escapeHtml(c.lecturerTitle)}` : ''}）` : ''}</li>`,
          )
          .join('')}</ul>`
      : '';
    return {
      title: t.title,
      link: trainingUrl(entry),
      pubDate: startOfDayInChina(t.startDate),
      description: t.summary,
      content:
        factsHtml([
          ['时间', formatChineseDateRange(t.startDate, t.endDate)],
          ['地点', t.venue],
          ...organiserFacts(t.organisers),
          ['主持', t.host],
          ['参加人数', t.participantCount === null ? null : `约 ${t.participantCount} 人`],
        ]) +
        courses +
        bodyHtml(entry),
      categories: ['培训'],
    };
  });
}

export async function lectureItems(): Promise<FeedItem[]> {
  return (await lecturesNewestFirst()).slice(0, FEED_ITEMS).map((entry) => {
    const l = entry.data;
    return {
      title: l.title,
      link: lectureUrl(entry),
      pubDate: new Date(l.startsAt),
      description: l.summary,
      content:
        factsHtml([
          ['时间', formatChineseDateTime(l.startsAt)],
          ['地点', l.venue],
          ['主讲', l.speakers.map((s) => (s.title ? `${s.name}（${s.title}）` : s.name)).join('；')],
          ['所属系列', l.series?.name],
          ...organiserFacts(l.organisers),
        ]) + bodyHtml(entry),
      categories: ['讲座', ...(l.series ? [l.series.name] : [])],
    };
  });
}

export async function reliefItems(): Promise<FeedItem[]> {
  return (await reliefBatchesNewestFirst()).slice(0, FEED_ITEMS).map((entry) => {
    const b = entry.data;
    const fen = toFen(b.amount);
    const breakdown = (name: string, rows: { label: string; count: number }[]) =>
      `<h2>${name}</h2><ul>${rows.map((r) => `<li>${escapeHtml(r.label)}：${r.count} 人</li>`).join('')}</ul>`;
    return {
      title: b.title,
      link: reliefBatchUrl(entry),
      pubDate: startOfDayInChina(b.disbursementDate),
      description:
        b.summary ?? `${b.programme.name}${batchName(b.year, b.batchNumber)}：${formatWanYuan(fen)}，${b.recipientCount} 人`,
      content:
        factsHtml([
          ['救助项目', b.programme.name],
          ['批次', batchName(b.year, b.batchNumber)],
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
export function rssFeed(options: {
  title: string;
  description: string;
  site: URL | undefined;
  items: FeedItem[];
}): Promise<Response> {
  if (!options.site) throw new Error('RSS 需要站点地址：请设置 SITE_URL（astro.config 的 site）。');
  return rss({
    title: options.title,
    description: options.description,
    site: options.site,
    trailingSlash: true,
    customData: '<language>zh-CN</language>',
    items: [...options.items].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime()).slice(0, FEED_ITEMS),
  });
}
