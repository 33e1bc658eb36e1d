import { findPersonalNumber, type PersonalNumber } from './personal-numbers.ts';

/**
 * Relief batches (救助金发放批次) publish aggregates only: three breakdowns of the recipients
 * (by district, age band and cancer type), each a list of (category, count) that adds up to
 * the number of recipients, names each category once, and never names a person.
 */
export const BREAKDOWNS = ['byDistrict', 'byAgeBand', 'byCancerType'] as const;
export type BreakdownField = (typeof BREAKDOWNS)[number];

/** The breakdowns' Chinese names, as editors, announcements and the site say them. */
export const BREAKDOWN_LABELS: Readonly<Record<BreakdownField, string>> = {
  byDistrict: '区域分布',
  byAgeBand: '年龄分布',
  byCancerType: '癌种分类',
};

export interface BreakdownRowInput {
  label?: unknown;
  count?: unknown;
}

export type BreakdownIssue =
  | { kind: 'duplicate'; index: number; label: string; message: string }
  | { kind: 'personal'; index: number; label: string; number: PersonalNumber; message: string }
  | { kind: 'sum'; sum: number; expected: number; message: string };

/** A whole number from a JSON number or a numeric string; undefined for anything else. */
export function asCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/**
 * Every problem with one breakdown. The sum is compared only when every count is a whole
 * number >= 0 (a bad count is its own problem, reported where counts are checked) and the
 * number of recipients is known.
 */
export function checkBreakdown(
  field: BreakdownField,
  rows: readonly BreakdownRowInput[],
  recipients: number | undefined,
  recipientsLabel = '救助人数',
): BreakdownIssue[] {
  const name = BREAKDOWN_LABELS[field];
  const issues: BreakdownIssue[] = [];
  const seen = new Set<string>();
  let sum = 0;
  let countable = true;
  rows.forEach((row, index) => {
    const label = typeof row?.label === 'string' ? row.label.trim() : '';
    if (label && seen.has(label)) {
      issues.push({ kind: 'duplicate', index, label, message: `${name}中“${label}”重复出现，每个类别只能填一次` });
    }
    seen.add(label);
    const number = label ? findPersonalNumber(label) : null;
    if (number) {
      issues.push({
        kind: 'personal',
        index,
        label,
        number,
        message: `${name}第 ${index + 1} 项的类别“${label}”像是${number.kind}：分布中只填类别名称，不得填写个人信息`,
      });
    }
    const count = asCount(row?.count);
    if (count === undefined || count < 0) countable = false;
    else sum += count;
  });
  if (recipients !== undefined && recipients >= 0 && countable && sum !== recipients) {
    issues.push({
      kind: 'sum',
      sum,
      expected: recipients,
      message: `${name}合计 ${sum} 人，与${recipientsLabel} ${recipients} 人不符`,
    });
  }
  return issues;
}

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 3 → 三, 12 → 十二, 20 → 二十: how batches are numbered (第三批). Digits beyond 0-99. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return NUMERALS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens]}十${ones === 0 ? '' : NUMERALS[ones]}`;
}

const VALUES: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十二 → 12, 二十 → 20, 3 → 3; null for anything else. Enough for batch numbers. */
export function parseChineseNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return null;
  const [, first, ten, last] = match;
  if (!ten) return first && !last ? (VALUES[first] as number) : null;
  return (first ? (VALUES[first] as number) : 1) * 10 + (last ? (VALUES[last] as number) : 0);
}

/** 2018, 3 → 2018年第三批: how the federation names a batch. */
export function batchName(year: number, batchNumber: number): string {
  return `${year}年第${chineseNumeral(batchNumber)}批`;
}
