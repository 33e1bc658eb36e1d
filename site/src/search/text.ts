/**
 * The text rules search shares between the build (staging pages for Pagefind) and the browser
 * (splitting the query, showing titles and excerpts). Both sides must split words the same way,
 * so they live here once. No Node or DOM API: this module runs in both.
 */

/** Chinese characters, CJK punctuation and full-width forms: where words meet without spaces. */
const CJK_CLASS = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
const MARK = '(?:</?mark>)?';
const AFTER_CJK = new RegExp(`([${CJK_CLASS}]${MARK}) (?=${MARK}\\S)`, 'gu');
const BEFORE_CJK = new RegExp(`(\\S${MARK}) (?=${MARK}[${CJK_CLASS}])`, 'gu');

const isSpace = (code: number) => code <= 0x20 || code === 0xa0 || code === 0x3000;

type Segmenter = { segment(text: string): Iterable<{ segment: string }> };
let words: Segmenter | null | undefined;
function segmenter(): Segmenter | null {
  if (words === undefined) {
    words = 'Segmenter' in Intl ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : null;
  }
  return words;
}

/**
 * One text run with a space wherever two words meet and one of them is Chinese, split with the
 * ICU word segmenter (Node's at build time, the browser's for the query). Runs without Chinese
 * keep their own spacing, so "09:00", "14.6122" and "A-1" stay one token, as Pagefind splits
 * them itself. Without Intl.Segmenter, Chinese is split character by character.
 */
export function spaceWords(text: string): string {
  const seg = segmenter();
  const segments = seg
    ? Array.from(seg.segment(text), (s) => s.segment)
    : Array.from(text.matchAll(/\p{Script=Han}|[^\p{Script=Han}]+/gu), (m) => m[0]);
  const parts: string[] = [];
  let previous = '';
  for (const segment of segments) {
    const first = segment.charCodeAt(0);
    if (previous && !isSpace(previous.charCodeAt(previous.length - 1)) && !isSpace(first)) {
      if (CJK.test(previous.slice(-2)) || CJK.test(segment.slice(0, 2))) parts.push(' ');
    }
    parts.push(segment);
    previous = segment;
  }
  return parts.join('');
}

/** The query as the index holds words: each typed word split the way pages were. */
export function queryTerms(query: string): string {
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => spaceWords(word).trim())
    .join(' ');
}

/**
 * Text from the index (word-split) as the page shows it: the spaces next to Chinese come out
 * again, also around Pagefind's <mark> tags. A space an author put between Chinese and Latin
 * text is indistinguishable and goes too; titles are shown from the page's own text instead.
 */
export function unsplit(text: string): string {
  return text.replace(AFTER_CJK, '$1').replace(BEFORE_CJK, '$1');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
/** Pagefind's own excerpt is the page's raw text with <mark> tags: escape all but those. */
const escapeMarked = (html: string) => escapeText(html).replace(/&lt;(\/?)mark&gt;/g, '<$1mark>');

/** Before and after the first match, in characters, that an excerpt shows. */
const BEFORE = 24;
const LENGTH = 96;

/**
 * An excerpt that reads like the page: around the first place the whole query word occurs,
 * every occurrence of a whole query word marked, and "…" where text was cut. Pagefind marks
 * each indexed word that matched, which for a name such as 吴亚汝 (split 吴/亚/汝, each
 * matched as a prefix) can be 亚洲 elsewhere on the page. `content` is the page's indexed text
 * (Pagefind's fragment content, plain text); `fallback` Pagefind's own excerpt, used when no
 * whole word of the query occurs in the text (the page matched on parts of it only).
 */
export function excerpt(content: string, query: string, fallback: string): string {
  const text = unsplit(content).trim();
  const lower = text.toLowerCase();
  const wanted = Array.from(new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))).sort((a, b) => b.length - a.length);
  let first = -1;
  for (const word of wanted) {
    const at = lower.indexOf(word);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < 0) return unsplit(escapeMarked(fallback));
  let start = Math.max(0, first - BEFORE);
  // Start after a sentence break when one is near, rather than mid-sentence.
  const stop = text.slice(start, first).search(/[。！？；\n]/u);
  if (start > 0 && stop >= 0) start += stop + 1;
  const end = Math.min(text.length, start + LENGTH);
  const shown = text.slice(start, end);
  const lowerShown = shown.toLowerCase();
  const parts: string[] = [];
  let at = 0;
  while (at < shown.length) {
    let hit = -1;
    let length = 0;
    for (const word of wanted) {
      const found = lowerShown.indexOf(word, at);
      if (found >= 0 && (hit < 0 || found < hit || (found === hit && word.length > length))) {
        hit = found;
        length = word.length;
      }
    }
    if (hit < 0) {
      parts.push(escapeText(shown.slice(at)));
      break;
    }
    parts.push(escapeText(shown.slice(at, hit)), `<mark>${escapeText(shown.slice(hit, hit + length))}</mark>`);
    at = hit + length;
  }
  return `${start > 0 ? '…' : ''}${parts.join('').trim()}${end < text.length ? '…' : ''}`;
}
