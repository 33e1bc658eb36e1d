import { type CollectionEntry, getCollection } from 'astro:content';
import { reliefBatch as model, reliefProgramme as programmeModel, publicUrl } from '@fulian/shared-types/model';
import { BREAKDOWN_LABELS, BREAKDOWNS } from '@fulian/shared-types/rules';
import { bodyHtml } from '../cms/body-store.ts';
import { getDocuments } from '../cms/documents.ts';
import { formatChineseDate } from '../lib/dates.ts';
import { escapeHtml } from '../lib/escape.ts';
import type { Fact } from '../lib/facts.ts';
import { factsHtml } from '../lib/feed.ts';
import { formatWanYuan, formatYuan, toFen } from '../lib/money.ts';
import { batchName } from '../lib/relief.ts';
import { unlinkedBatches } from '../lib/relief-programme-links.ts';
import { articleShell, byDocumentId, type SiteSection, sectionLabels, sortedOnce } from './section.ts';

/** The relief section (see section.ts and news.ts): batches of relief, under their programme. */

export type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

const labels = sectionLabels(model);

/** A relief programme's page, e.g. /relief/siai-jiuzhu/. */
export const programmeUrl = (slug: string) => publicUrl(programmeModel.url, { slug });

/** A batch's facts by name: the feed lists them all, the page sets three apart as figures. */
function batchFacts(entry: ReliefBatchEntry) {
  const b = entry.data;
  const fen = toFen(b.amount);
  return {
    programme: { label: '救助项目', text: b.programme.name },
    batch: { label: '批次', text: batchName(b.year, b.batchNumber) },
    date: { label: '发放日期', text: formatChineseDate(b.disbursementDate), datetime: b.disbursementDate },
    amount: { label: '发放金额', text: formatWanYuan(fen), detail: formatYuan(fen) },
    recipients: { label: '救助人数', text: `${b.recipientCount} 人` },
  } satisfies Record<string, Fact>;
}

/** The figures a batch's page (and the home page) shows as stat cards: amount, recipients, date. */
export function reliefFigures(entry: ReliefBatchEntry): Fact[] {
  const { amount, recipients, date } = batchFacts(entry);
  return [amount, recipients, date];
}

export const reliefSection: SiteSection<ReliefBatchEntry> = {
  ...labels,

  /**
   * Relief batches, latest disbursement first. Every one must link to a published programme's
   * page (lib/relief-programme-links.ts): the build stops otherwise, naming batch and programme.
   */
  newestFirst: sortedOnce(
    async () => {
      const [batches, programmes] = await Promise.all([getDocuments('reliefBatches'), getCollection('reliefProgrammes')]);
      const unlinked = unlinkedBatches(batches, programmes);
      if (unlinked.length > 0)
        throw new Error(`救助金发放批次链接到未发布的救助项目，构建已停止：\n  - ${unlinked.join('\n  - ')}`);
      return batches;
    },
    (a, b) =>
      b.data.disbursementDate.localeCompare(a.data.disbursementDate) ||
      b.data.batchNumber - a.data.batchNumber ||
      byDocumentId(a, b),
  ),

  url: (entry) => publicUrl(model.url, entry.data),

  card: (entry) => ({
    title: entry.data.title,
    href: reliefSection.url(entry),
    datetime: entry.data.disbursementDate,
    dateText: formatChineseDate(entry.data.disbursementDate),
    summary: entry.data.summary,
    tags: [labels.searchLabel, batchName(entry.data.year, entry.data.batchNumber)],
  }),

  facts: (entry) => {
    const { programme, batch, date, amount, recipients } = batchFacts(entry);
    return [programme, batch, date, amount, recipients];
  },

  /** A batch's column is its programme; its page leads back to the programme's. */
  article: (entry) => {
    const b = entry.data;
    return {
      ...articleShell(reliefSection, entry, { description: b.summary ?? undefined }),
      column: { name: b.programme.name, type: labels.column.type },
      back: { href: programmeUrl(b.programme.slug), label: `返回${b.programme.name}` },
    };
  },

  jsonLd: () => null,

  /** The facts, the three breakdowns and the body. A batch has no cover. */
  feedItem: async (entry) => {
    const b = entry.data;
    const breakdown = (name: string, rows: { label: string; count: number }[]) =>
      `<h2>${name}</h2><ul>${rows.map((r) => `<li>${escapeHtml(r.label)}：${r.count} 人</li>`).join('')}</ul>`;
    return {
      title: b.title,
      link: reliefSection.url(entry),
      pubDate: new Date(b.publishedAt),
      description:
        b.summary ??
        `${b.programme.name}${batchName(b.year, b.batchNumber)}：${formatWanYuan(toFen(b.amount))}，${b.recipientCount} 人`,
      content:
        factsHtml(reliefSection.facts(entry)) +
        BREAKDOWNS.map((field) => breakdown(BREAKDOWN_LABELS[field], b[field])).join('') +
        bodyHtml(entry),
      bodyImages: b.bodyImages,
      categories: [labels.searchLabel, b.programme.name],
    };
  },

  calendarEvent: null,
};

/** One page per batch, under its programme. */
export async function reliefBatchPaths() {
  return (await reliefSection.newestFirst()).map((entry) => ({
    params: { programme: entry.data.programme.slug, batch: entry.id },
    props: { entry },
  }));
}

/** Each published programme with its batches, newest first. */
export async function reliefProgrammes() {
  const batches = await reliefSection.newestFirst();
  return (await getCollection('reliefProgrammes')).map((programme) => ({
    programme,
    batches: batches.filter((b) => b.data.programme.documentId === programme.data.documentId),
  }));
}

/** One page per programme: its eligibility, description, totals per year and batches. */
export async function reliefProgrammePaths() {
  return (await reliefProgrammes()).map(({ programme, batches }) => ({
    params: { programme: programme.id },
    props: { programme, batches },
  }));
}
