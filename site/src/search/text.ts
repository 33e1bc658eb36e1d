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

/**
 * Words of a federation's daily vocabulary that ICU's dictionary splits into single characters
 * (妇联 -> 妇|联, 巾帼 -> 巾|帼). Split, every search for 妇联 matched 妇 and 联 on every page
 * and fetched their whole index (953 KB at 12,000 pages). Joined here, on both sides (pages
 * and query), they are words again. Only joins that fall on ICU's own boundaries are made.
 * Not 妇联通 (the app; 妇|联通 to ICU): as one word, Pagefind ranked pages that only have 妇联
 * above those about the app; split, 联通 finds them.
 */
const LEXICON = new Set(['妇联', '妇工委', '妇代会', '妇儿', '巾帼', '两癌', '四癌', '家暴', '反家暴', '维权', '春蕾', '执委']);
const LEXICON_MAX = 3;

/** First characters of lexicon words: most runs have none, and skip the joining. */
const LEXICON_FIRST = new Set(Array.from(LEXICON, (word) => word.charCodeAt(0)));

/** ICU's segments with lexicon words joined: at each place, the longest lexicon word made of whole segments. */
function joinLexicon(segments: string[]): string[] {
  if (!segments.some((segment) => LEXICON_FIRST.has(segment.charCodeAt(0)))) return segments;
  const out: string[] = [];
  for (let i = 0; i < segments.length; ) {
    let joined = segments[i] as string;
    let next = i + 1;
    if (LEXICON_FIRST.has(joined.charCodeAt(0))) {
      let text = joined;
      for (let j = i + 1; j < segments.length && text.length < LEXICON_MAX; j++) {
        text += segments[j];
        if (LEXICON.has(text)) {
          joined = text;
          next = j + 1;
        }
      }
    }
    out.push(joined);
    i = next;
  }
  return out;
}

type Segmenter = { segment(text: string): Iterable<{ segment: string; index: number }> };
let words: Segmenter | null | undefined;
function segmenter(): Segmenter | null {
  if (words === undefined) {
    words = 'Segmenter' in Intl ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : null;
  }
  return words;
}

/** Whether text.slice(from, to) holds a Chinese character, CJK punctuation or a full-width form. */
function cjkIn(text: string, from: number, to: number): boolean {
  for (let i = Math.max(0, from); i < to && i < text.length; i++) {
    // Below every CJK block (Latin, digits, spaces): the common case, without a regular expression.
    if (text.charCodeAt(i) >= 0x2e80) return CJK.test(text.slice(Math.max(0, from), to));
  }
  return false;
}

/** One run's segments, with a space wherever two words meet and one of them is Chinese. */
function spaced(segments: string[]): string {
  let out = '';
  let previous = '';
  for (const segment of joinLexicon(segments)) {
    if (previous) {
      const last = previous.length - 1;
      if (!isSpace(previous.charCodeAt(last)) && !isSpace(segment.charCodeAt(0))) {
        if (cjkIn(previous, last - 1, last + 1) || cjkIn(segment, 0, 2)) out += ' ';
      }
    }
    out += segment;
    previous = segment;
  }
  return out;
}

/**
 * One text run with a space wherever two words meet and one of them is Chinese, split with the
 * ICU word segmenter (Node's at build time, the browser's for the query). Runs without Chinese
 * keep their own spacing, so "09:00", "14.6122" and "A-1" stay one token, as Pagefind splits
 * them itself. Without Intl.Segmenter, Chinese is split character by character.
 */
export function spaceWords(text: string): string {
  return spaceWordsOf([text])[0] as string;
}

/**
 * spaceWords for many runs at once, as one call of the segmenter: a page's text comes in
 * hundreds of runs, and a call costs about as much as segmenting 10 characters (staging
 * 12,000 pages made 600,000 calls). The runs are joined with line feeds, where ICU always
 * breaks (rules WB3a and WB3b), so each run is split exactly as on its own.
 */
export function spaceWordsOf(texts: string[]): string[] {
  const seg = segmenter();
  if (seg && texts.length > 1 && texts.some((text) => text.endsWith('\r'))) {
    // CR before the joining line feed would make one segment of the two (rule WB3).
    return texts.map((text) => spaceWordsOf([text])[0] as string);
  }
  if (!seg) {
    return texts.map((text) => spaced(Array.from(text.matchAll(/\p{Script=Han}|[^\p{Script=Han}]+/gu), (m) => m[0])));
  }
  const out: string[] = [];
  const ends: number[] = [];
  let length = 0;
  for (const text of texts) {
    length += text.length;
    ends.push(length);
    length += 1; // the line feed after it
  }
  let run = 0;
  let segments: string[] = [];
  for (const { segment, index } of seg.segment(texts.join('\n'))) {
    while (run < texts.length && index >= (ends[run] as number)) {
      out.push(spaced(segments));
      segments = [];
      run++;
    }
    // The line feed between two runs is a segment of its own, at a run's end.
    if (index === ends[run - 1] && segment === '\n') continue;
    segments.push(segment);
  }
  while (run < texts.length) {
    out.push(spaced(segments));
    segments = [];
    run++;
  }
  return out;
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
