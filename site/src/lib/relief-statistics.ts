import type { CollectionEntry } from 'astro:content';
import { BREAKDOWN_LABELS, BREAKDOWNS } from '@fulian/shared-types/rules';
import Papa from 'papaparse';

type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

/** Excel opens UTF-8 CSV as Chinese only when the file starts with a byte order mark. */
const BOM = '\uFEFF';

/** One row per batch: the figures as published, amounts as exact decimal strings. */
export function batchesCsv(batches: ReliefBatchEntry[]): string {
  return (
    BOM +
    Papa.unparse({
      fields: ['救助项目', '年度', '批次', '发放日期', '发放金额（元）', '救助人数'],
      data: batches.map((b) => [
        b.data.programme.name,
        b.data.year,
        b.data.batchNumber,
        b.data.disbursementDate,
        b.data.amount,
        b.data.recipientCount,
      ]),
    })
  );
}

/** One row per breakdown category of each batch (long format, ready for pivot tables). */
export function breakdownsCsv(batches: ReliefBatchEntry[]): string {
  const data = batches.flatMap((b) =>
    BREAKDOWNS.flatMap((field) =>
      b.data[field].map((row) => [
        b.data.year,
        b.data.batchNumber,
        b.data.disbursementDate,
        BREAKDOWN_LABELS[field],
        row.label,
        row.count,
      ]),
    ),
  );
  return BOM + Papa.unparse({ fields: ['年度', '批次', '发放日期', '分布', '类别', '人数'], data });
}

/** The same figures as JSON, amounts kept as strings so no reader rounds them. */
export function statisticsJson(programme: { name: string; slug: string }, batches: ReliefBatchEntry[]) {
  return {
    programme: { name: programme.name, slug: programme.slug },
    note: '金额单位为元，以字符串表示，精确到分',
    batches: batches.map((b) => ({
      title: b.data.title,
      year: b.data.year,
      batchNumber: b.data.batchNumber,
      disbursementDate: b.data.disbursementDate,
      amount: b.data.amount,
      recipientCount: b.data.recipientCount,
      byDistrict: b.data.byDistrict.map(({ label, count }) => ({ label, count })),
      byAgeBand: b.data.byAgeBand.map(({ label, count }) => ({ label, count })),
      byCancerType: b.data.byCancerType.map(({ label, count }) => ({ label, count })),
    })),
  };
}
