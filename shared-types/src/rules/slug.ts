import { pinyin } from 'pinyin-pro';

/** URL-safe ASCII: lower-case letters, digits and single hyphens, as pages are named by it. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SLUG_HINT = '只能用小写英文字母、数字和连字符，如 ganbu-peixun';

const MAX_LENGTH = 60;

/**
 * An ASCII slug from a Chinese title: tone-less pinyin syllables joined by hyphens, Latin
 * words and digits kept, cut at a syllable boundary so URLs stay readable.
 * 市妇联举办培训班 -> shi-fu-lian-ju-ban-pei-xun-ban
 */
export function slugFromTitle(title: string): string {
  const syllables = pinyin(title, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const words = syllables
    .map((s) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((s) => s.length > 0);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_LENGTH) break;
    slug = next;
  }
  return slug || 'wen-zhang';
}
