import type { CollectionEntry } from 'astro:content';
import { sumFen } from './money.ts';

/** 3 -> 三: how batches are numbered (第三批); batchName() gives 2018年第三批. */
export { batchName, chineseNumeral } from '@fulian/shared-types/rules';

type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

export interface YearTotals {
  year: number;
  batches: number;
  recipients: number;
  fen: bigint;
}

/** Per year, newest first: counted from the batch records, never typed in. */
export function totalsByYear(batches: ReliefBatchEntry[]): YearTotals[] {
  const years = new Map<number, ReliefBatchEntry[]>();
  for (const batch of batches) years.set(batch.data.year, [...(years.get(batch.data.year) ?? []), batch]);
  return [...years.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, list]) => ({
      year,
      batches: list.length,
      recipients: list.reduce((sum, b) => sum + b.data.recipientCount, 0),
      fen: sumFen(list.map((b) => b.data.amount)),
    }));
}

export function grandTotal(batches: ReliefBatchEntry[]): Omit<YearTotals, 'year'> {
  return {
    batches: batches.length,
    recipients: batches.reduce((sum, b) => sum + b.data.recipientCount, 0),
    fen: sumFen(batches.map((b) => b.data.amount)),
  };
}
