import { safeLinkUrl, isSafeUrl as siteIsSafe } from '@fulian/site/safe-url';
import { describe, expect, it } from 'vitest';
import { isSafeUrl as cmsIsSafe } from '../src/validation/url-safety.ts';

/** Every link the CMS accepts the site renders, and the other way round: one table for both. */
const CASES: [string, boolean][] = [
  ['/', true],
  ['/news/', true],
  ['/news/?page=2#list', true],
  ['#main', true],
  ['https://www.example.gov.cn/', true],
  ['http://www.example.gov.cn/a?b=c', true],
  ['  https://www.example.gov.cn/  ', true],
  ['mailto:fulian@example.gov.cn', true],
  ['HTTPS://WWW.EXAMPLE.GOV.CN/', true],
  ['javascript:alert(1)', false],
  ['JavaScript:alert(1)', false],
  [' javascript:alert(1)', false],
  ['java\tscript:alert(1)', false],
  ['java\nscript:alert(1)', false],
  ['javascript&colon;alert(1)', false],
  ['data:text/html,<script>alert(1)</script>', false],
  ['vbscript:msgbox(1)', false],
  ['file:///etc/passwd', false],
  ['ftp://example.com/', false],
  ['//evil.example/', false],
  ['/\\evil.example/', false],
  ['\\\\evil.example', false],
  ['https:evil.example', true],
  ['http://', false],
  ['news/', false],
  ['www.example.gov.cn', false],
  ['', false],
  ['   ', false],
];

describe('link safety', () => {
  for (const [url, safe] of CASES) {
    it(`${JSON.stringify(url)} is ${safe ? 'accepted' : 'refused'} by the CMS and the site alike`, () => {
      expect(cmsIsSafe(url)).toBe(safe);
      expect(siteIsSafe(url)).toBe(safe);
    });
  }

  it('the site refuses to render an unsafe link, naming the setting', () => {
    expect(() => safeLinkUrl('javascript:alert(1)', '站点设置“主导航”第 2 项（通知）')).toThrow(
      /站点设置“主导航”第 2 项（通知）的链接“javascript:alert\(1\)”不安全/,
    );
    expect(safeLinkUrl(' /news/ ', 'x')).toBe('/news/');
  });
});
