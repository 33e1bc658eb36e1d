import { describe, expect, it } from 'vitest';
import { slugFromTitle } from '../src/utils/pinyin-slug.ts';

describe('slugFromTitle', () => {
  it('spells a Chinese title in tone-less pinyin joined by hyphens', () => {
    expect(slugFromTitle('市妇联举办培训班')).toBe('shi-fu-lian-ju-ban-pei-xun-ban');
  });

  it('keeps digits, drops punctuation, and reads 厦门 as Xiamen', () => {
    expect(slugFromTitle('2018年厦门市“四癌”救助')).toBe('2018-nian-xia-men-shi-si-ai-jiu-zhu');
  });

  it('stays ASCII and within 60 characters, cut between syllables', () => {
    const slug = slugFromTitle(
      '市妇联认真学习习近平总书记在博鳌亚洲论坛2018年年会开幕式和庆祝海南建省办经济特区30周年大会上的重要讲话精神',
    );
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('gives a usable slug for a title with no letters at all', () => {
    expect(slugFromTitle('！？')).toBe('wen-zhang');
  });
});
