/** The pages `npm run screenshots` photographs; the README's screenshot table shows each one. */
export interface Shot {
  /** File name stem: docs/screenshots/<name>-<device>.jpg */
  name: string;
  path: string;
  elder?: boolean;
  /** Elder mode's high-contrast colours. */
  contrast?: boolean;
  waitFor?: string;
}

export const SHOTS: Shot[] = [
  { name: 'home', path: '/' },
  { name: 'news-article', path: '/news/ganbu-lvzhi-tisheng-peixun/' },
  { name: 'training', path: '/trainings/fulian-ganbu-lvzhi-tisheng/' },
  { name: 'relief-batch', path: '/relief/siai-jiuzhu/2018-disanpi-siai-jiuzhujin/' },
  { name: 'relief-programme', path: '/relief/siai-jiuzhu/' },
  { name: 'search', path: `/search/?q=${encodeURIComponent('家庭教育')}`, waitFor: '#search-results h2' },
  { name: 'site-map', path: '/sitemap/' },
  { name: 'elder-mode', path: '/news/ganbu-lvzhi-tisheng-peixun/', elder: true },
  { name: 'elder-relief-programme', path: '/relief/siai-jiuzhu/', elder: true },
  { name: 'elder-high-contrast', path: '/relief/siai-jiuzhu/2018-disanpi-siai-jiuzhujin/', elder: true, contrast: true },
];

export const WIDTHS = { phone: 375, desktop: 1280 } as const;

export const screenshotFile = (name: string, device: keyof typeof WIDTHS) => `docs/screenshots/${name}-${device}.jpg`;
