import type { SiteSettings } from '@fulian/shared-types';

/** The column (栏目) a page belongs to, as Chinese government sites declare in <meta>. */
export interface Column {
  name: string;
  type: string;
}

/** What an article page declares about itself (ArticleTitle, PubDate, ContentSource). */
export interface ArticleMeta {
  title: string;
  /** The document's own date: YYYY-MM-DD, or a full ISO instant. */
  date: string;
  source?: string | null;
  /** Absolute URL of the cover, for Open Graph and JSON-LD. */
  image?: string | undefined;
}

/** The columns of the pages outside the sections (each section has its own: sections/*.ts). */
export const COLUMNS = {
  home: { name: '首页', type: '首页' },
  archive: { name: '归档', type: '归档' },
  about: { name: '关于我们', type: '关于' },
  search: { name: '搜索', type: '搜索' },
} satisfies Record<string, Column>;

// Made once: a formatter made on every call (every article page) was most of the call's time.
const beijingMinute = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** PubDate as these sites write it: 2018-04-16 09:00, Beijing time. */
export function pubDate(date: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date} 00:00`;
  return beijingMinute.format(new Date(date)).replace(',', '');
}

/** The publisher every JSON-LD document names. */
export function organisation(settings: SiteSettings, site: URL | undefined) {
  return {
    '@type': 'GovernmentOrganization',
    name: settings.siteName,
    ...(site ? { url: site.href } : {}),
    address: { '@type': 'PostalAddress', streetAddress: settings.address, addressCountry: 'CN' },
    telephone: settings.phone,
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the tag. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
