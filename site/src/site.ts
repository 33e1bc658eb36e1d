/**
 * The site's identity. Until the Site settings single type exists in the CMS these few
 * facts live here, in one place, and nowhere else in the site.
 */
export const SITE = {
  name: '厦门市妇女联合会',
  shortName: '厦门市妇联',
  description: '厦门市妇女联合会官方网站：妇联工作动态、培训、讲座与救助信息。',
  language: 'zh-CN',
} as const;

export const NEWS_PER_PAGE = 10;
