import { describe, expect, test } from 'vitest';
import { SLUG_PATTERN, slugFromTitle } from '../../src/rules/index.ts';

describe('slugFromTitle', () => {
  const cases: [title: string, slug: string][] = [
    ['市妇联举办培训班', 'shi-fu-lian-ju-ban-pei-xun-ban'],
    ['厦门', 'xia-men'],
    ['2018年厦门市“四癌”救助', '2018-nian-xia-men-shi-si-ai-jiu-zhu'],
    ['女性健康', 'nv-xing-jian-kang'],
    ['Women in STEM 论坛', 'women-in-stem-lun-tan'],
    ['！？', 'wen-zhang'],
    ['', 'wen-zhang'],
  ];
  test.each(cases)('%j → %s', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
    expect(SLUG_PATTERN.test(slug)).toBe(true);
  });

  test('a long title is cut at a syllable boundary, at most 60 characters', () => {
    const slug = slugFromTitle('厦门市妇女联合会关于开展二〇一八年全市妇联系统干部履职能力提升专题培训班的通知和后续安排说明');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug.startsWith('xia-men-shi-fu-nv-lian-he-hui')).toBe(true);
  });
});

describe('SLUG_PATTERN', () => {
  test.each([
    ['ganbu-peixun', true],
    ['2018-nian', true],
    ['a', true],
    ['Ganbu', false],
    ['ganbu--peixun', false],
    ['-ganbu', false],
    ['ganbu-', false],
    ['gan bu', false],
    ['干部', false],
  ] as [string, boolean][])('%j → %s', (slug, ok) => {
    expect(SLUG_PATTERN.test(slug)).toBe(ok);
  });
});
