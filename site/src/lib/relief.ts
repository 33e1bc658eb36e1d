import type { ReliefBatchEntry } from './collections.ts';
import { sumFen, toFen } from './money.ts';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 3 -> 三, 12 -> 十二, 20 -> 二十: how batches are named (第三批). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

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
    fen: batches.reduce((sum, b) => sum + toFen(b.data.amount), 0n),
  };
}
