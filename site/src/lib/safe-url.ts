import { isSafeUrl } from '@fulian/shared-types/rules';

/**
 * The site's own check of a link from the CMS before it is rendered: the rule the CMS applies
 * at save (isSafeUrl, in the shared rules). A link saved before that rule existed, or written
 * to the database directly, must still never reach a page as `javascript:`.
 */
export { isSafeUrl };

/** The link as given, or the build fails naming the setting: a broken header beats a script. */
export function safeLinkUrl(value: string, where: string): string {
  if (isSafeUrl(value)) return value.trim();
  throw new Error(
    `${where}的链接“${value}”不安全，网站不会显示它：只能是以 https://、http:// 或 mailto: 开头的地址，或以 / 开头的站内路径。请在管理后台“站点设置”中改正后重新发布`,
  );
}
