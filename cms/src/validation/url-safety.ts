import { isSafeUrl, SAFE_URL_HINT, SAFE_URL_SCHEMES } from '@fulian/shared-types/rules';

// Which addresses a link field may hold: one rule, in the shared rules, checked here at save
// and again by the site before it renders a link.
export { isSafeUrl, SAFE_URL_HINT, SAFE_URL_SCHEMES };

/** The fields holding a link, per content type or component uid. */
export const URL_FIELDS: Record<string, string[]> = {
  'site.nav-link': ['url'],
};

export function isUrlField(uid: string, name: string): boolean {
  return URL_FIELDS[uid]?.includes(name) ?? false;
}
