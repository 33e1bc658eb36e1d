import { Parser } from 'htmlparser2';
import { spaceWordsOf } from './text.ts';

const HAN = /\p{Script=Han}/u;
const ENTITY = /(&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);)/i;
/** Text ending in one of these needs no punctuation added at a block's end. */
const ENDS_SENTENCE = /[\p{P}\p{S}]$/u;
/** Text ending in one of these gets "。" at a block's end; Latin text gets Pagefind's ". ". */
const ENDS_CHINESE = /[\p{Script=Han}\d\uff10-\uff19）」』”》】]$/u;

/** Elements Pagefind ends with a sentence break of its own (". ") unless their text ends in punctuation. */
const BLOCKS = new Set([
  'p',
  'div',
  'li',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'figcaption',
  'pre',
  'section',
  'header',
  'footer',
  'article',
  'aside',
  'table',
]);
/** Elements whose text Pagefind skips: their text must not count as the last text seen. */
const SKIPPED = new Set(['script', 'style', 'svg', 'form', 'noscript', 'template']);
/** Links to data files: their text ("各批次（CSV）") says nothing about the page's content. */
const DATA_FILE = /\.(csv|json|xlsx?|zip)(?:[?#].*)?$/i;

/** What Pagefind reads of a page: its language and the element(s) marked data-pagefind-body. */
export interface SearchBody {
  lang: string;
  /** The marked elements' source, exactly as built. */
  html: string;
}

/** A start tag cut off before its end: the text from its `<` up to one of its attributes. */
const OPEN_TAG_SO_FAR = /^<[a-z][^\s/>]*\s[^<>]*$/i;

/**
 * The part of a built page Pagefind indexes, or undefined for a page it skips.
 *
 * Parsing starts at the first marked element: the head and the site's header before it are
 * more than half of a page (6.5 of 11.5 KB on a news page), and the follower and the search
 * step parse every page of a cold publish. The language comes from the `<html>` tag alone.
 */
export function searchBody(page: string): SearchBody | undefined {
  const marker = page.indexOf('data-pagefind-body');
  if (marker < 0) return undefined;
  const from = page.lastIndexOf('<', marker);
  // The marker is an attribute of the tag opened at `from` (not text, a comment or a script).
  if (from < 0 || !OPEN_TAG_SO_FAR.test(page.slice(from, marker)) || insideRawText(page.slice(0, from))) {
    return parseBody(page);
  }
  const body = parseBody(page.slice(from));
  return body ? { lang: langOf(page.slice(0, from)), html: body.html } : undefined;
}

/** Where a comment or an element whose content is not markup (a tag-like text there is no tag) opens or closes. */
const RAW_TEXT = /<!--|-->|<(\/?)(script|style|textarea|title|noscript|template)\b/gi;

/** Whether `head` ends inside a comment or a raw-text element (an unclosed `<script>` …). */
function insideRawText(head: string): boolean {
  let open: string | null = null;
  for (const [token, closing, name] of head.matchAll(RAW_TEXT)) {
    if (open === '!--') {
      if (token === '-->') open = null;
    } else if (open) {
      if (closing && name?.toLowerCase() === open) open = null;
    } else if (token === '<!--') open = '!--';
    else if (name && !closing) open = name.toLowerCase();
  }
  return open !== null;
}

/** The lang attribute of the `<html>` tag in `head` (the page before its marked element), or ''. */
function langOf(head: string): string {
  const at = head.search(/<html[\s>]/i);
  if (at < 0) return '';
  let lang = '';
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'html') lang = attributes.lang ?? '';
      },
    },
    { decodeEntities: false },
  );
  parser.end(head.slice(at, head.indexOf('>', at) + 1));
  return lang;
}

function parseBody(page: string): SearchBody | undefined {
  let lang = '';
  const parts: string[] = [];
  let depth = 0; // elements open inside a marked element; 0 = outside
  let start = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'html') lang = attributes.lang ?? '';
        if (depth > 0) depth++;
        else if ('data-pagefind-body' in attributes) {
          depth = 1;
          start = parser.startIndex;
        }
      },
      onclosetag() {
        if (depth === 0) return;
        depth--;
        if (depth === 0) parts.push(page.slice(start, parser.endIndex + 1));
      },
    },
    { decodeEntities: false },
  );
  parser.end(page);
  return parts.length > 0 ? { lang, html: parts.join('\n') } : undefined;
}

/**
 * The marked element(s) of a page as Pagefind should read them, so that search shows text the
 * way the page does:
 * - Chinese words are split with spaces (spaceWords): Pagefind's own Chinese segmentation
 *   cost 7.4 GB and 50 s for 12,000 pages, and the browser splits the query the same way.
 *   Times, numbers and Latin words keep their own form ("09:00", not "09 : 00").
 * - Where Pagefind would join two blocks with an ASCII ". " (or with nothing: a stat card's
 *   label and figure, table cells), Chinese punctuation goes in: "发放金额：14.6万元（146,122.00元）。".
 * - Links to data files (CSV/JSON downloads) and a "downloads" paragraph are left out.
 * - The first heading's own text, as written, is kept as the "heading" meta for display; the
 *   title Pagefind indexes (and ranks by) stays its split form, so that its words match.
 * Tags, attributes, character references, scripts and styles stay as they were.
 */
export function stageBody(html: string): string {
  const edits: Array<{ at: number; end: number; text: string }> = [];
  const toSpace: Array<{ edit: { text: string }; pieces: string[] }> = [];
  const insert = (at: number, text: string) => edits.push({ at, end: at, text });
  let skip = 0; // depth inside an element whose text Pagefind does not index
  const stack: Array<{ name: string; skips: boolean }> = [];
  let last = ''; // the last indexed text, to decide which punctuation a block end needs
  /** The punctuation put at the end of the row's last cell so far: "，", or "。" if it stays the last. */
  let cellEnd: { at: number; end: number; text: string } | undefined;
  let titleDepth = -1;
  let title = '';
  let titleDone = false;
  let bodyTagEnd = -1;
  let rawText = false;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const classes = (attributes.class ?? '').split(/\s+/);
        const ignored =
          'data-pagefind-ignore' in attributes ||
          SKIPPED.has(name) ||
          (name === 'a' && ('download' in attributes || DATA_FILE.test(attributes.href ?? ''))) ||
          classes.includes('downloads');
        if (ignored && !('data-pagefind-ignore' in attributes) && !SKIPPED.has(name)) {
          insert(parser.startIndex + 1 + name.length, ' data-pagefind-ignore');
        }
        if (bodyTagEnd < 0 && 'data-pagefind-body' in attributes) bodyTagEnd = parser.endIndex + 1;
        if (ignored) skip++;
        stack.push({ name, skips: ignored });
        rawText = name === 'script' || name === 'style';
        if (skip > 0) return;
        if (name === 'tr') cellEnd = undefined;
        if (name === 'small' && stack.at(-2)?.name === 'dd') insert(parser.endIndex + 1, '（');
        if (!titleDone && titleDepth < 0 && name === 'h1') titleDepth = stack.length;
      },
      onclosetag(name) {
        const open = stack.pop();
        rawText = false;
        if (open?.skips) {
          skip--;
          return;
        }
        if (skip > 0) return;
        if (titleDepth === stack.length + 1) {
          titleDepth = -1;
          titleDone = true;
        }
        if (name === 'small' && stack.at(-1)?.name === 'dd') {
          insert(parser.startIndex, '）');
          last = '）';
        } else if (name === 'td' || name === 'th') {
          // Cells of a row read as a list: "区域，人数。", "思明区，12。"
          cellEnd = undefined;
          if (last && !ENDS_SENTENCE.test(last)) {
            cellEnd = { at: parser.startIndex, end: parser.startIndex, text: '，' };
            edits.push(cellEnd);
            last = '，';
          }
        } else if (name === 'tr') {
          if (cellEnd) cellEnd.text = '。';
          cellEnd = undefined;
          if (last === '，') last = '。';
        } else if (name === 'dt' || name === 'caption') {
          if (last && !ENDS_SENTENCE.test(last)) insert(parser.startIndex, '：');
          last = '：';
        } else if (BLOCKS.has(name) && ENDS_CHINESE.test(last)) {
          insert(parser.startIndex, '。');
          last = '。';
        }
      },
      ontext(text) {
        if (skip > 0 || rawText) return;
        if (titleDepth >= 0) title += text;
        if (text.trim()) last = text.trimEnd();
        if (!HAN.test(text)) return;
        // Split after the walk, all runs of the page in one call (spaceWordsOf).
        const edit = { at: parser.startIndex, end: parser.endIndex + 1, text: '' };
        edits.push(edit);
        toSpace.push({ edit, pieces: text.split(ENTITY) });
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  // Character references stay as they are (odd pieces); the text between them is split.
  const spacedRuns = spaceWordsOf(toSpace.flatMap(({ pieces }) => pieces.filter((_, i) => i % 2 === 0)));
  let run = 0;
  for (const { edit, pieces } of toSpace) {
    edit.text = pieces.map((piece, i) => (i % 2 === 1 ? piece : (spacedRuns[run++] as string))).join('');
  }
  const shownTitle = title.replace(/\s+/g, ' ').trim();
  if (bodyTagEnd >= 0 && shownTitle) {
    // The text is still HTML (character references kept); only a quote could end the attribute.
    insert(bodyTagEnd, `<meta data-pagefind-meta="heading[content]" content="${shownTitle.replaceAll('"', '&quot;')}">`);
  }
  // Insertions before a replacement at the same place (the title before the heading's text).
  edits.sort((a, b) => a.at - b.at || a.end - a.at - (b.end - b.at));
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(html.slice(at, edit.at), edit.text);
    at = edit.end;
  }
  parts.push(html.slice(at));
  return parts.join('');
}
