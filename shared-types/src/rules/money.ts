/**
 * Money is held as yuan in a decimal string with exactly two places ("146122.00"): exact in
 * SQLite and PostgreSQL alike and returned unchanged by REST. Arithmetic happens only on
 * integers of fen (BigInt), so no figure is ever rounded by a binary float.
 */

/** The stored form: no leading zeros, two decimal places, at most 12 digits of yuan. */
export const YUAN_PATTERN = /^(0|[1-9][0-9]{0,11})\.[0-9]{2}$/;

/** What an editor should be told the stored form looks like. */
export const YUAN_HINT = '应为精确到分的金额，如 146122.00';

/** True when the text is an amount in the stored form. */
export function isYuan(text: unknown): text is string {
  return typeof text === 'string' && YUAN_PATTERN.test(text);
}

/**
 * What an editor typed (146122, "146122.5", " 0146122.50 ") in the stored form, or the input
 * unchanged when it is not a plain amount of whole fen, so the format check can name it.
 * A JSON number is read as the text it was written as: 0.30000000000000004 then fails the
 * check with a message an editor can act on rather than being rounded silently.
 */
export function normaliseYuan(input: unknown): unknown {
  const text = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof text !== 'string') return input;
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return text;
  return `${(match[1] as string).replace(/^0+(?=\d)/, '')}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** "146122.00" → 14612200n. Throws, in Chinese, on anything but the stored form. */
export function toFen(yuan: string): bigint {
  const match = /^(\d+)\.(\d{2})$/.exec(yuan);
  if (!match) throw new Error(`金额格式应为 "146122.00"，收到 "${yuan}"`);
  return BigInt(match[1] as string) * 100n + BigInt(match[2] as string);
}

/** 14612200n → "146122.00", the stored form. */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** ¥146,122.00 */
export function formatYuan(fen: bigint): string {
  const yuan = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${yuan}.${(fen % 100n).toString().padStart(2, '0')}`;
}

/** 14.6122万元: the amount in units of 10,000 yuan, exact, without trailing zeros. */
export function formatWanYuan(fen: bigint): string {
  const wan = fen / 1_000_000n;
  const rest = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${wan}${rest ? `.${rest}` : ''}万元`;
}

export function sumFen(amounts: readonly string[]): bigint {
  return amounts.reduce((total, amount) => total + toFen(amount), 0n);
}

/**
 * An amount as announcements write it (14.6122 in 万元, or 146122.5 in 元) in the stored
 * form, by moving the decimal point in the digit string, never through a float. Null when
 * the amount is finer than one fen or not a number.
 */
export function yuanFromText(number: string, unit: '万元' | '元'): string | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(number);
  if (!match) return null;
  const shift = unit === '万元' ? 4 : 0;
  const fraction = match[2] ?? '';
  const whole = `${match[1]}${fraction.slice(0, shift).padEnd(shift, '0')}`.replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(shift);
  if (/[1-9]/.test(rest.slice(2))) return null;
  return `${whole}.${rest.slice(0, 2).padEnd(2, '0')}`;
}
