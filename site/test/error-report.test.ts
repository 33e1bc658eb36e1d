import type { SiteSettings } from '@fulian/shared-types';
import { describe, expect, it } from 'vitest';
import { errorReportHref } from '../src/lib/error-report.ts';

const page = { title: '关于我们', url: 'https://www.example.org/about/' };
const settings = (errorReportUrl: string | null, email: string | null) => ({ errorReportUrl, email }) as SiteSettings;
const filled = `?subject=${encodeURIComponent('网站找错：关于我们')}&body=${encodeURIComponent('页面地址：https://www.example.org/about/\n发现的问题：')}`;

describe('the footer’s 找错 link', () => {
  it('turns a bare address from Site settings into an email naming the page', () => {
    expect(errorReportHref(settings('jiucuo@example.gov.cn', 'office@example.gov.cn'), page)).toBe(
      `mailto:jiucuo@example.gov.cn${filled}`,
    );
  });

  it('keeps a mailto: address saved before, and fills in the page', () => {
    expect(errorReportHref(settings('mailto:jiucuo@example.gov.cn', null), page)).toBe(`mailto:jiucuo@example.gov.cn${filled}`);
  });

  it('leaves a form address as it is', () => {
    expect(errorReportHref(settings('https://www.example.gov.cn/jiucuo', 'office@example.gov.cn'), page)).toBe(
      'https://www.example.gov.cn/jiucuo',
    );
  });

  it('falls back to the site’s email, and to nothing', () => {
    expect(errorReportHref(settings(null, 'office@example.gov.cn'), page)).toBe(`mailto:office@example.gov.cn${filled}`);
    expect(errorReportHref(settings(null, null), page)).toBeUndefined();
  });
});
