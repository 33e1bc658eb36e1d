import { describe, expect, test } from 'vitest';
import { findPersonalNumber, normaliseDigits, type PersonalNumberKind } from '../../src/rules/index.ts';

// How people actually write the numbers that identify them: grouped with spaces, dashes or
// dots, in full-width digits from a Chinese input method, in brackets, with a country code.
const POSITIVE: [text: string, kind: PersonalNumberKind, digits: string][] = [
  // mobile phones
  ['13812345678', '手机号码', '13812345678'],
  ['138-1234-5678', '手机号码', '13812345678'],
  ['138 1234 5678', '手机号码', '13812345678'],
  ['138.1234.5678', '手机号码', '13812345678'],
  ['138 - 1234 - 5678', '手机号码', '13812345678'],
  ['１３８１２３４５６７８', '手机号码', '13812345678'],
  ['１３８－１２３４－５６７８', '手机号码', '13812345678'],
  ['138\u30001234\u30005678', '手机号码', '13812345678'],
  ['+86 138 1234 5678', '手机号码', '8613812345678'],
  ['+86-13812345678', '手机号码', '8613812345678'],
  ['0086 13812345678', '手机号码', '008613812345678'],
  ['思明区13812345678', '手机号码', '13812345678'],
  ['张某 199 8888 0000 思明区', '手机号码', '19988880000'],
  // landlines
  ['0592-5123456', '固定电话号码', '05925123456'],
  ['0592 5123456', '固定电话号码', '05925123456'],
  ['0592.5123456', '固定电话号码', '05925123456'],
  ['(0592)5123456', '固定电话号码', '05925123456'],
  ['（0592）5123456', '固定电话号码', '05925123456'],
  ['０５９２－５１２３４５６', '固定电话号码', '05925123456'],
  ['010-12345678', '固定电话号码', '01012345678'],
  ['05925123456', '固定电话号码', '05925123456'],
  ['512-3456', '固定电话号码', '5123456'],
  ['5123456', '电话号码或证件号码', '5123456'],
  // resident ID numbers
  ['350203 19800101 123X', '身份证号', '35020319800101123X'],
  ['35020319800101123X', '身份证号', '35020319800101123X'],
  ['35020319800101123x', '身份证号', '35020319800101123X'],
  ['350203-19800101-1234', '身份证号', '350203198001011234'],
  ['350203198001011234', '身份证号', '350203198001011234'],
  ['３５０２０３１９８００１０１１２３Ｘ', '身份证号', '35020319800101123X'],
  ['3502 0319 8001 0112 3X', '身份证号', '35020319800101123X'],
  ['350203800101123', '身份证号', '350203800101123'],
  // bank cards
  ['6222 0212 3456 7890', '银行卡号', '6222021234567890'],
  ['6222-0212-3456-7890-123', '银行卡号', '6222021234567890123'],
  ['6222021234567890123', '银行卡号', '6222021234567890123'],
  ['6222.0212.3456.7890', '银行卡号', '6222021234567890'],
  ['６２２２ ０２１２ ３４５６ ７８９０', '银行卡号', '6222021234567890'],
];

// What breakdown labels really hold: districts, age bands with ranges, years, dates, small
// numbers. None of it may be refused.
const NEGATIVE: string[] = [
  '思明区',
  '湖里区',
  '40-49岁',
  '40 - 49 岁',
  '６０岁及以上',
  '0-6岁',
  '18岁以下',
  '2018-2019年',
  '2018.04.16',
  '2018年4月16日',
  '第1-3批',
  '1.5万',
  '45.5-50岁',
  '100-200人',
  '361000',
  '12345',
  '乳腺癌',
  '宫颈癌（早期）',
  'A1234',
  '1-2级',
  '3.14',
  '1000-2000元',
  '5123-4567',
  '',
];

describe('findPersonalNumber finds', () => {
  test.each(POSITIVE)('%j as %s', (text, kind, digits) => {
    const found = findPersonalNumber(text);
    expect(found).toMatchObject({ kind, digits });
    // It points at the number as written, so the editor recognises it.
    expect(text).toContain(found?.text);
  });
});

describe('findPersonalNumber leaves alone', () => {
  test.each(NEGATIVE)('%j', (text) => {
    expect(findPersonalNumber(text)).toBeNull();
  });
});

test('the table covers at least 25 formats each way', () => {
  expect(POSITIVE.length).toBeGreaterThanOrEqual(25);
  expect(NEGATIVE.length).toBeGreaterThanOrEqual(20);
});

describe('normaliseDigits', () => {
  test.each([
    ['１３８－１２３４', '138-1234'],
    ['（０５９２）', '(0592)'],
    ['Ｘ\u3000．', 'X .'],
    ['思明区', '思明区'],
  ])('%j → %j', (text, expected) => {
    expect(normaliseDigits(text)).toBe(expected);
  });
});
