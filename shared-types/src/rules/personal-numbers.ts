/**
 * Finds numbers that identify a person — mobile and landline phone numbers, resident ID
 * numbers, bank card numbers — however they are written: with spaces, dashes, dots or
 * brackets between groups, in full-width digits, with a +86 prefix. Relief statistics are
 * aggregates; a label that holds one of these is personal data and must not be published.
 */

export type PersonalNumberKind = '手机号码' | '固定电话号码' | '身份证号' | '银行卡号' | '电话号码或证件号码';

export interface PersonalNumber {
  kind: PersonalNumberKind;
  /** As written in the text. */
  text: string;
  /** The digits alone (and a final X of an ID number). */
  digits: string;
}

/** Full-width digits, letters and punctuation (０-９, Ｘ, －, ．, （）) as their ASCII forms; ideographic space as a space. */
export function normaliseDigits(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

// Digits, with at most three separator characters between groups, and an optional final X
// (the check character of an 18-digit ID number). Separators: spaces, hyphens and dashes,
// dots, middle dots, brackets.
const SEPARATOR = String.raw`[\s\-.·—–‐‑_()]`;
const RUN = new RegExp(String.raw`\d(?:${SEPARATOR}{0,3}\d)*(?:${SEPARATOR}{0,3}[Xx](?![A-Za-z]))?`, 'g');

/** The first personal number in the text, or null. */
export function findPersonalNumber(text: string): PersonalNumber | null {
  const normalised = normaliseDigits(text);
  for (const match of normalised.matchAll(RUN)) {
    const written = match[0];
    const groups = written.split(new RegExp(`${SEPARATOR}+`)).filter((g) => g.length > 0);
    const digits = groups.join('').toUpperCase();
    const kind = classify(digits, groups);
    if (kind) {
      // The normalisation maps one UTF-16 unit to one, so positions carry over to the original.
      const start = match.index ?? 0;
      return { kind, text: text.slice(start, start + written.length), digits };
    }
  }
  return null;
}

function classify(digits: string, groups: string[]): PersonalNumberKind | null {
  const withCheck = /^(\d{17})X$/.exec(digits);
  if (withCheck) return '身份证号';
  const plain = digits.replace(/X$/, '');
  if (/^(?:0086|86)1[3-9]\d{9}$/.test(plain)) return '手机号码';
  if (plain.length === 18 && hasBirthDate(plain.slice(6, 14))) return '身份证号';
  if (plain.length === 15 && hasBirthDate(`19${plain.slice(6, 12)}`)) return '身份证号';
  if (plain.length >= 15 && plain.length <= 19) return '银行卡号';
  if (plain.length >= 20) return '电话号码或证件号码';
  if (plain.length === 11 && /^1[3-9]/.test(plain)) return '手机号码';
  if (/^0[1-9]\d{8,10}$/.test(plain)) return '固定电话号码';
  // A local number without area code: 5123456 or 512-3456. Groups such as 2018-2019 or
  // 2018.04.16 are years and dates, not numbers of a person.
  if (groups.length === 1 && plain.length >= 7) return '电话号码或证件号码';
  if (groups.length === 2 && groups[0]?.length === 3 && groups[1]?.length === 4 && !plain.startsWith('0')) return '固定电话号码';
  return null;
}

/** YYYYMMDD of a plausible birth date (1900-2099). */
function hasBirthDate(yyyymmdd: string): boolean {
  const match = /^(19|20)\d{2}(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
