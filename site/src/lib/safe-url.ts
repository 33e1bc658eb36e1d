/**
 * The site's own check of a link from the CMS before it is rendered: the same rule the CMS
 * applies at save (cms/src/validation/url-safety.ts; cms/test/url-safety.test.ts keeps the
 * two equal). A link saved before that rule existed, or written to the database directly,
 * must still never reach a page as `javascript:`.
 */
export function isSafeUrl(value: string): boolean {
  const url = value.trim();
  if (url === '' || /[\p{Cc}\\]/u.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  if (url.startsWith('#')) return true;
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (!['https:', 'http:', 'mailto:'].includes(parsed.protocol)) return false;
  return parsed.protocol === 'mailto:' || parsed.hostname !== '';
}

/** The link as given, or the build fails naming the setting: a broken header beats a script. */
export function safeLinkUrl(value: string, where: string): string {
  if (isSafeUrl(value)) return value.trim();
  throw new Error(
    `${where}的链接“${value}”不安全，网站不会显示它：只能是以 https://、http:// 或 mailto: 开头的地址，或以 / 开头的站内路径。请在管理后台“站点设置”中改正后重新发布`,
  );
}
