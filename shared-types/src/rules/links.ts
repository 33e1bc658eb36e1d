/**
 * Which addresses a link field may hold: the CMS refuses anything else at save, and the site
 * checks again before it renders a link (a link saved before the rule existed, or written to
 * the database directly, must still never reach a page as `javascript:`). Anything else could
 * run script (`javascript:`, `data:`, `vbscript:`) or leave the site without looking like it
 * (`//evil.example`, `/\evil.example`).
 */
export const SAFE_URL_SCHEMES = ['https:', 'http:', 'mailto:'];

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
