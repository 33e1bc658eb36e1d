/**
 * The business rules, one copy for the CMS (CommonJS), the site and the importer (ESM):
 * money in fen, relief breakdowns and batch names, personal-number detection, slugs, safe links.
 * Pure functions with no dependency but pinyin-pro.
 */

export { isSafeUrl, SAFE_URL_HINT, SAFE_URL_SCHEMES } from './links.ts';
export {
  fenToYuan,
  formatWanYuan,
  formatYuan,
  isYuan,
  normaliseYuan,
  sumFen,
  toFen,
  YUAN_HINT,
  YUAN_PATTERN,
  yuanFromText,
} from './money.ts';
export { findPersonalNumber, normaliseDigits, type PersonalNumber, type PersonalNumberKind } from './personal-numbers.ts';
export {
  asCount,
  BREAKDOWN_LABELS,
  BREAKDOWNS,
  type BreakdownField,
  type BreakdownIssue,
  type BreakdownRowInput,
  batchName,
  checkBreakdown,
  chineseNumeral,
  parseChineseNumeral,
} from './relief.ts';
export { SLUG_HINT, SLUG_PATTERN, slugFromTitle } from './slug.ts';
