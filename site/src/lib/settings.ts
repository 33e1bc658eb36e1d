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

export { errorReportHref } from './error-report.ts';
