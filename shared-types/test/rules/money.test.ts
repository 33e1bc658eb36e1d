import { describe, expect, test } from 'vitest';
import {
  fenToYuan,
  formatWanYuan,
  formatYuan,
  isYuan,
  normaliseYuan,
  sumFen,
  toFen,
  YUAN_PATTERN,
  yuanFromText,
} from '../../src/rules/index.ts';

describe('normaliseYuan', () => {
  const cases: [input: unknown, expected: unknown][] = [
    ['146122', '146122.00'],
    ['146122.5', '146122.50'],
    ['146122.05', '146122.05'],
    [' 146122.00 ', '146122.00'],
    ['0146122.50', '146122.50'],
    ['0', '0.00'],
    ['0.5', '0.50'],
    ['000', '0.00'],
    [146122, '146122.00'],
    [146122.5, '146122.50'],
    // Not an amount of whole fen: left as typed, so the format check names it.
    [0.1 + 0.2, '0.30000000000000004'],
    ['146122.005', '146122.005'],
    ['14.6122万', '14.6122万'],
    ['1,234.00', '1,234.00'],
    ['-5', '-5'],
    ['', ''],
    [null, null],
    [undefined, undefined],
    [Number.NaN, Number.NaN],
  ];
  test.each(cases)('%j → %j', (input, expected) => {
    expect(normaliseYuan(input)).toEqual(expected);
  });
});

describe('isYuan (the stored form, also the Strapi regex)', () => {
  const cases: [string, boolean][] = [
    ['146122.00', true],
    ['0.00', true],
    ['0.05', true],
    ['999999999999.99', true],
    ['1000000000000.00', false],
    ['146122', false],
    ['146122.5', false],
    ['0146122.00', false],
    ['-1.00', false],
    ['146,122.00', false],
    [' 146122.00', false],
  ];
  test.each(cases)('%s → %s', (text, expected) => {
    expect(isYuan(text)).toBe(expected);
    expect(YUAN_PATTERN.test(text)).toBe(expected);
  });
});

describe('toFen and back', () => {
  const cases: [yuan: string, fen: bigint][] = [
    ['146122.00', 14612200n],
    ['0.01', 1n],
    ['0.00', 0n],
    ['999999999999.99', 99999999999999n],
    ['2.10', 210n],
  ];
  test.each(cases)('%s ⇄ %s fen', (yuan, fen) => {
    expect(toFen(yuan)).toBe(fen);
    expect(fenToYuan(fen)).toBe(yuan);
  });
  test.each(['146122', '146122.5', '14.6122万', '', '1e5'])('toFen refuses %j in Chinese', (bad) => {
    expect(() => toFen(bad)).toThrow(`金额格式应为 "146122.00"，收到 "${bad}"`);
  });
  test('no binary float: 0.10 + 0.20 is exactly 0.30', () => {
    expect(fenToYuan(sumFen(['0.10', '0.20']))).toBe('0.30');
    expect(sumFen(['146122.00', '0.01', '99999999999.99'])).toBe(10000014612200n);
    expect(sumFen([])).toBe(0n);
  });
});

describe('formatting', () => {
  const cases: [fen: bigint, yuan: string, wan: string][] = [
    [14612200n, '¥146,122.00', '14.6122万元'],
    [10000000n, '¥100,000.00', '10万元'],
    [1n, '¥0.01', '0.000001万元'],
    [0n, '¥0.00', '0万元'],
    [99999999999999n, '¥999,999,999,999.99', '99999999.999999万元'],
    [123456n, '¥1,234.56', '0.123456万元'],
    [100000n, '¥1,000.00', '0.1万元'],
  ];
  test.each(cases)('%s fen → %s, %s', (fen, yuan, wan) => {
    expect(formatYuan(fen)).toBe(yuan);
    expect(formatWanYuan(fen)).toBe(wan);
  });
});

describe('yuanFromText (amounts as announcements write them)', () => {
  const cases: [number: string, unit: '万元' | '元', expected: string | null][] = [
    ['14.6122', '万元', '146122.00'],
    ['14', '万元', '140000.00'],
    ['0.000001', '万元', '0.01'],
    ['14.612205', '万元', '146122.05'],
    ['14.6122051', '万元', null],
    ['146122.5', '元', '146122.50'],
    ['146122', '元', '146122.00'],
    ['146122.001', '元', null],
    ['146122.000', '元', '146122.00'],
    ['abc', '元', null],
  ];
  test.each(cases)('%s %s → %s', (number, unit, expected) => {
    expect(yuanFromText(number, unit)).toBe(expected);
  });
});
