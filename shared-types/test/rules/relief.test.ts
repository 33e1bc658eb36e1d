import { describe, expect, test } from 'vitest';
import {
  BREAKDOWN_LABELS,
  BREAKDOWNS,
  type BreakdownRowInput,
  batchName,
  checkBreakdown,
  chineseNumeral,
  parseChineseNumeral,
} from '../../src/rules/index.ts';

describe('breakdown keys and labels', () => {
  test('three breakdowns in the CMS field order, each with its Chinese name', () => {
    expect(BREAKDOWNS.map((field) => [field, BREAKDOWN_LABELS[field]])).toEqual([
      ['byDistrict', '区域分布'],
      ['byAgeBand', '年龄分布'],
      ['byCancerType', '癌种分类'],
    ]);
  });
});

describe('checkBreakdown', () => {
  const rows = (...pairs: [unknown, unknown][]): BreakdownRowInput[] => pairs.map(([label, count]) => ({ label, count }));
  const cases: [
    name: string,
    field: (typeof BREAKDOWNS)[number],
    rows: BreakdownRowInput[],
    recipients: number | undefined,
    messages: string[],
  ][] = [
    ['adds up', 'byDistrict', rows(['思明区', 1], ['湖里区', 14]), 15, []],
    ['counts as numeric strings add up', 'byDistrict', rows(['思明区', '1'], ['湖里区', '14']), 15, []],
    ['one short', 'byDistrict', rows(['思明区', 1], ['湖里区', 13]), 15, ['区域分布合计 14 人，与救助人数 15 人不符']],
    ['one over', 'byAgeBand', rows(['40-49岁', 16]), 15, ['年龄分布合计 16 人，与救助人数 15 人不符']],
    ['empty against recipients', 'byAgeBand', [], 15, ['年龄分布合计 0 人，与救助人数 15 人不符']],
    ['empty, no recipients', 'byAgeBand', [], 0, []],
    ['unknown recipients: sum not compared', 'byDistrict', rows(['思明区', 3]), undefined, []],
    ['a bad count: sum not compared', 'byDistrict', rows(['思明区', 1.5], ['湖里区', 1]), 15, []],
    ['a negative count: sum not compared', 'byDistrict', rows(['思明区', -1], ['湖里区', 16]), 15, []],
    [
      'a repeated label, after trimming',
      'byCancerType',
      rows(['乳腺癌', 7], [' 乳腺癌 ', 8]),
      15,
      ['癌种分类中“乳腺癌”重复出现，每个类别只能填一次'],
    ],
    [
      'a phone number as a label',
      'byDistrict',
      rows(['138-1234-5678', 15]),
      15,
      ['区域分布第 1 项的类别“138-1234-5678”像是手机号码：分布中只填类别名称，不得填写个人信息'],
    ],
    [
      'an ID number, repeated and not adding up',
      'byDistrict',
      rows(['350203 19800101 123X', 1], ['350203 19800101 123X', 1]),
      3,
      [
        '区域分布第 1 项的类别“350203 19800101 123X”像是身份证号：分布中只填类别名称，不得填写个人信息',
        '区域分布中“350203 19800101 123X”重复出现，每个类别只能填一次',
        '区域分布第 2 项的类别“350203 19800101 123X”像是身份证号：分布中只填类别名称，不得填写个人信息',
        '区域分布合计 2 人，与救助人数 3 人不符',
      ],
    ],
  ];
  test.each(cases)('%s', (_name, field, input, recipients, messages) => {
    expect(checkBreakdown(field, input, recipients).map((issue) => issue.message)).toEqual(messages);
  });

  test('issues carry what a caller needs to point at the row', () => {
    expect(checkBreakdown('byCancerType', rows(['宫颈癌', 1], ['宫颈癌', 1]), 3)).toEqual([
      { kind: 'duplicate', index: 1, label: '宫颈癌', message: '癌种分类中“宫颈癌”重复出现，每个类别只能填一次' },
      { kind: 'sum', sum: 2, expected: 3, message: '癌种分类合计 2 人，与救助人数 3 人不符' },
    ]);
  });

  test('the recipients field is named as the caller labels it', () => {
    expect(checkBreakdown('byDistrict', rows(['思明区', 1]), 2, '受助人数')[0]?.message).toBe(
      '区域分布合计 1 人，与受助人数 2 人不符',
    );
  });
});

describe('batch numbers', () => {
  const cases: [number, string][] = [
    [1, '一'],
    [3, '三'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
  ];
  test.each(cases)('%i ⇄ %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
    expect(parseChineseNumeral(text)).toBe(n);
  });
  test.each([
    [0, '零'],
    [100, '100'],
    [-1, '-1'],
    [1.5, '1.5'],
  ])('%s outside 1-99 → %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });
  test.each([
    ['3', 3],
    ['两', 2],
    ['', null],
    ['三三', null],
    ['百', null],
    ['十十', null],
  ] as [string, number | null][])('parseChineseNumeral(%j) → %s', (text, n) => {
    expect(parseChineseNumeral(text)).toBe(n);
  });
  test.each([
    [2018, 3, '2018年第三批'],
    [2019, 1, '2019年第一批'],
    [2020, 12, '2020年第十二批'],
  ] as [number, number, string][])('batchName(%i, %i) → %s', (year, n, name) => {
    expect(batchName(year, n)).toBe(name);
  });
});
