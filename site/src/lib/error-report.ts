import type { SiteSettings } from '@fulian/shared-types';

/**
 * Where the footer's 找错 link goes: the form or address set in Site settings (a bare address
 * becomes a mailto: link), else the site's email. An email is opened with the page's title and
 * address filled in. Kept apart from settings.ts (which reads astro:content) so a unit test runs it.
 */
export function errorReportHref(settings: SiteSettings, page: { title: string; url: string }): string | undefined {
  const given = settings.errorReportUrl || settings.email;
  // An email address is written bare in Site settings (editors are not asked to know mailto:).
  const target = !given || /^(mailto|https):/.test(given) ? given || undefined : `mailto:${given}`;
  if (!target?.startsWith('mailto:') || target.includes('?')) return target;
  const subject = encodeURIComponent(`网站找错：${page.title}`);
  const body = encodeURIComponent(`页面地址：${page.url}\n发现的问题：`);
  return `${target}?subject=${subject}&body=${body}`;
}
