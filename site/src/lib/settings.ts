import { getEntry } from 'astro:content';
import type { SiteSettings } from '@fulian/shared-types';

/** Site settings from the CMS: the one source of the site's name, footer and navigation. */
export async function siteSettings(): Promise<SiteSettings> {
  const entry = await getEntry('settings', 'site');
  if (!entry) throw new Error('站点设置未载入：请在管理后台填写“站点设置”');
  return entry.data;
}

/** The public record of an ICP filing, where the footer's number must link. */
export const MIIT_BEIAN_URL = 'https://beian.miit.gov.cn/';

/** The public security filing lookup for a 14-digit record code. */
export const psbRecordUrl = (code: string) => `https://beian.mps.gov.cn/#/query/webSearch?code=${code}`;

/**
 * Where the footer's 找错 link goes: the form or address set in Site settings (a bare address
 * becomes a mailto: link), else the site's email. An email is opened with the page's title and address filled in.
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
