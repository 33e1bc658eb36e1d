/**
 * Reads the numbers of a relief announcement (救助金发放公告) out of an article's text, e.g.
 *
 *   4月23日，厦门市妇联发放2018年第三批厦门市贫困妇女“四癌”救助金14.6122万元，共救助15位…
 *   1、区域分布：思明区1人，湖里区1人，…
 *
 * Pure: no I/O. Every number it cannot read for certain becomes a problem instead of a guess,
 * because these figures are published as the federation's accounts of public money.
 * The rules themselves (breakdowns, sums, amounts, batch numbers) are the CMS's own, from
 * shared-types.
 */
import {
  BREAKDOWN_LABELS,
  BREAKDOWNS,
  type BreakdownField,
  checkBreakdown,
  isYuan,
  parseChineseNumeral,
  yuanFromText,
} from '@fulian/shared-types/rules';

export { type BreakdownField, parseChineseNumeral as chineseNumber, yuanFromText };

export interface BreakdownRow {
  label: string;
  count: number;
}

/** The breakdown headings as the announcements write them, in the CMS's field order. */
export const BREAKDOWN_HEADINGS = BREAKDOWN_LABELS;

export interface ReliefProblem {
  /** The relief-batch field the problem is about, as the CMS names it. */
  field: string;
  /** 1-based line in the archive, when one line is to blame. */
  line?: number;
  message: string;
}

export interface ReliefAnnouncement {
  programmeName: string | null;
  year: number | null;
  batchNumber: number | null;
  /** As written, e.g. 三 in 第三批: the batch title repeats the announcement's wording. */
  batchText: string | null;
  disbursementDate: string | null;
  /** Yuan with exactly two decimal places, e.g. "146122.00". */
  amount: string | null;
  /** As written, e.g. 14.6122万元, so an editor can compare. */
  amountText: string | null;
  recipientCount: number | null;
  byDistrict: BreakdownRow[];
  byAgeBand: BreakdownRow[];
  byCancerType: BreakdownRow[];
  /** Empty when every number was read and they agree; otherwise no batch may be made. */
  problems: ReliefProblem[];
}

export interface NumberedLine {
  text: string;
  line: number;
}

const HEADING_LINE = /^(?:\d+\s*[、.．]\s*)?(区域分布|年龄分布|癌种分类)\s*[：:]\s*(.*)$/;
const AMOUNT = /(\d+(?:\.\d+)?)\s*(万元|元)/g;
const RECIPIENTS = /救助(?:了)?\s*(\d+)\s*(?:位|名|人)/g;
const BATCH = /第\s*([一二两三四五六七八九十\d]+)\s*批/;
const BATCH_WITH_YEAR = /((?:19|20)\d{2})\s*年\s*第\s*[一二两三四五六七八九十\d]+\s*批/;
const PROGRAMME = /第\s*[一二两三四五六七八九十\d]+\s*批(.+?)救助金/;
/** 厦门市贫困妇女“四癌” → 贫困妇女“四癌”: the programme is named without the city. */
const CITY_PREFIX = /^(?:[\u4e00-\u9fff]{2,3}市|全市|本市|市(?![级区场民]))(?=.)/;

/** Whether an article looks like a relief announcement at all. */
export function isReliefAnnouncement(lines: NumberedLine[]): boolean {
  const text = lines.map((l) => l.text).join('\n');
  return /区域分布|年龄分布|癌种分类/.test(text) || (/救助金/.test(text) && /共救助\s*\d+\s*[位名人]/.test(text));
}

/**
 * The announcement's numbers, from the title and body lines (title first). `date` is the
 * article's date as read from its own text, or null when it had none: a payment date is
 * never borrowed from elsewhere. `year` is the article's year, used when 第N批 has none.
 */
export function parseReliefAnnouncement(
  lines: NumberedLine[],
  article: { date: string | null; year: number | null },
): ReliefAnnouncement {
  const problems: ReliefProblem[] = [];
  const text = lines.map((l) => l.text).join('\n');

  const batchMatch = BATCH.exec(text);
  const batchText = batchMatch?.[1] ?? null;
  const batchNumber = batchText === null ? null : parseChineseNumeral(batchText);
  if (batchText === null) problems.push({ field: 'batchNumber', message: '找不到批次（应有“第三批”这样的字样）' });
  else if (batchNumber === null || batchNumber < 1 || batchNumber > 99) {
    problems.push({ field: 'batchNumber', message: `批次“第${batchText}批”看不懂，应为第一批到第九十九批` });
  }

  const year = Number(BATCH_WITH_YEAR.exec(text)?.[1] ?? article.year ?? Number.NaN);
  if (!Number.isInteger(year)) problems.push({ field: 'year', message: '找不到发放年度（应有“2018年第三批”这样的字样）' });

  const programmeMatch = PROGRAMME.exec(text)?.[1]?.trim().replace(CITY_PREFIX, '');
  const programmeName = programmeMatch ? `${programmeMatch}救助` : null;
  if (!programmeName) problems.push({ field: 'programme', message: '找不到救助项目名称（应有“第三批××救助金”这样的字样）' });

  if (!article.date) problems.push({ field: 'disbursementDate', message: '原文没有发放日期（如“4月23日”）' });

  const { amount, amountText } = readAmount(text, problems);
  const recipientCount = readRecipients(text, problems);

  const breakdowns = readBreakdowns(lines, problems);
  if (recipientCount !== null) {
    for (const field of BREAKDOWNS) {
      const found = breakdowns[field];
      if (!found?.complete) continue;
      for (const issue of checkBreakdown(field, found.rows, recipientCount)) {
        // The archive's reader wants the parts and the difference to find the typo.
        const message =
          issue.kind === 'sum'
            ? `${BREAKDOWN_HEADINGS[field]}合计 ${issue.sum} 人（${found.rows.map((row) => row.count).join(' + ')}），比救助人数 ${recipientCount} 人${issue.sum > recipientCount ? '多' : '少'} ${Math.abs(issue.sum - recipientCount)} 人`
            : issue.message;
        problems.push({ field, line: found.line, message });
      }
    }
  }

  return {
    programmeName,
    year: Number.isInteger(year) ? year : null,
    batchNumber,
    batchText,
    disbursementDate: article.date,
    amount,
    amountText,
    recipientCount,
    byDistrict: breakdowns.byDistrict?.rows ?? [],
    byAgeBand: breakdowns.byAgeBand?.rows ?? [],
    byCancerType: breakdowns.byCancerType?.rows ?? [],
    problems,
  };
}

function readAmount(text: string, problems: ReliefProblem[]): { amount: string | null; amountText: string | null } {
  // Converted amount (or, when finer than a fen, the text itself) → the text as written.
  const found = new Map<string, string>();
  const finerThanFen = new Set<string>();
  for (const match of text.matchAll(AMOUNT)) {
    const converted = yuanFromText(match[1] as string, match[2] as '万元' | '元');
    if (converted === null) finerThanFen.add(match[0]);
    found.set(converted ?? match[0], match[0]);
  }
  if (found.size === 0) {
    problems.push({ field: 'amount', message: '找不到发放金额（应有“14.6122万元”这样的字样）' });
    return { amount: null, amountText: null };
  }
  if (found.size > 1) {
    problems.push({ field: 'amount', message: `找到不止一个金额（${[...found.values()].join('、')}），无法确定哪个是发放金额` });
    return { amount: null, amountText: null };
  }
  const [[amount, amountText]] = [...found] as [[string, string]];
  if (finerThanFen.has(amount)) {
    problems.push({ field: 'amount', message: `金额“${amountText}”精确到分以下，无法换算成元和分` });
    return { amount: null, amountText };
  }
  if (!isYuan(amount)) {
    problems.push({ field: 'amount', message: `金额“${amountText}”超出可记录的范围` });
    return { amount: null, amountText };
  }
  return { amount, amountText };
}

function readRecipients(text: string, problems: ReliefProblem[]): number | null {
  const counts = new Set([...text.matchAll(RECIPIENTS)].map((m) => Number(m[1])));
  if (counts.size === 1) return [...counts][0] as number;
  problems.push({
    field: 'recipientCount',
    message:
      counts.size === 0
        ? '找不到救助人数（应有“共救助15位”这样的字样）'
        : `找到不止一个救助人数（${[...counts].join('、')}），无法确定`,
  });
  return null;
}

interface FoundBreakdown {
  rows: BreakdownRow[];
  line: number;
  /** False when some item could not be read: its sum would mean nothing. */
  complete: boolean;
}

function readBreakdowns(lines: NumberedLine[], problems: ReliefProblem[]): Partial<Record<BreakdownField, FoundBreakdown>> {
  const fieldOf = Object.fromEntries(Object.entries(BREAKDOWN_HEADINGS).map(([f, h]) => [h, f])) as Record<
    string,
    BreakdownField
  >;
  const found: Partial<Record<BreakdownField, FoundBreakdown>> = {};
  for (const { text, line } of lines) {
    const heading = HEADING_LINE.exec(text);
    if (!heading) continue;
    const name = heading[1] as string;
    const field = fieldOf[name] as BreakdownField;
    if (found[field]) {
      problems.push({ field, line, message: `${name}出现了两次（第 ${found[field].line} 行和第 ${line} 行）` });
      continue;
    }
    const breakdown: FoundBreakdown = { rows: [], line, complete: true };
    found[field] = breakdown;
    // The archive mixes ASCII and full-width commas, semicolons and colons between items;
    // a space separates items only after a count (思明区1人 湖里区1人), not inside one.
    for (const item of (heading[2] as string).split(/[，,；;：:、。]+|(?<=[人名位])\s+/).map((i) => i.trim())) {
      if (!item) continue;
      const row = /^(.*\D)(\d+)\s*[人名位]?$/.exec(item);
      const label = row?.[1]?.trim();
      if (!row || !label) {
        breakdown.complete = false;
        problems.push({ field, line, message: `${name}中的“${item}”看不懂，应为类别加人数，如“思明区1人”` });
        continue;
      }
      if (breakdown.rows.some((r) => r.label === label)) {
        breakdown.complete = false;
        problems.push({ field, line, message: `${name}中“${label}”出现了两次` });
        continue;
      }
      if ([...label].length > 20) {
        problems.push({ field, line, message: `${name}中的类别“${label}”超过 20 个字` });
      }
      breakdown.rows.push({ label, count: Number(row[2]) });
    }
    if (breakdown.rows.length === 0 && breakdown.complete) {
      breakdown.complete = false;
      problems.push({ field, line, message: `${name}后面没有任何类别和人数` });
    }
  }
  for (const field of BREAKDOWNS) {
    const name = BREAKDOWN_HEADINGS[field];
    if (!found[field]) problems.push({ field, message: `找不到${name}（应有“${name}：……”一行）` });
  }
  return found;
}
