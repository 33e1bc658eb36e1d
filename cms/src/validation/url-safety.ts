/**
 * Which addresses an editor may put in a link field. Anything else could run script
 * (`javascript:`, `data:`, `vbscript:`) or leave the site without looking like it
 * (`//evil.example`, `/\evil.example`). The site checks the same rule again before it renders
 * a link: site/src/lib/safe-url.ts, kept equal by cms/test/url-safety.test.ts.
 */
export const SAFE_URL_SCHEMES = ['https:', 'http:', 'mailto:'];

/** The fields holding a link, per content type or component uid. */
export const URL_FIELDS: Record<string, string[]> = {
  'site.nav-link': ['url'],
};

export function isUrlField(uid: string, name: string): boolean {
  return URL_FIELDS[uid]?.includes(name) ?? false;
}

/** True for an https:, http: or mailto: address, or a path on this site (/news/, #top). */
export function isSafeUrl(value: string): boolean {
  const url = value.trim();
  if (url === '' || /[\p{Cc}\\]/u.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  if (url.startsWith('#')) return true;
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (!SAFE_URL_SCHEMES.includes(parsed.protocol)) return false;
  return parsed.protocol === 'mailto:' || parsed.hostname !== '';
}

export const SAFE_URL_HINT = '只能填写以 https://、http:// 或 mailto: 开头的地址，或以 / 开头的站内路径（如 /news/）';
