import { Parser } from 'htmlparser2';
import { escapeHtml } from './escape.ts';

// Tables in article bodies, for a phone in elder mode: a table wider than the screen must not
// squeeze its cells until "2018年" breaks into 20/18/年, nor widen the page. Each table goes
// into a region that scrolls sideways, named for screen readers and reachable by keyboard
// (a scrollable area the keyboard cannot reach is a WCAG 2.1.1 failure: axe's
// scrollable-region-focusable), the same markup the relief tables use (class table-scroll).
//
// It runs on the sanitised HTML when a page is rendered, not in renderMarkdown:
// - after the sanitiser, so its allowlist stays without div, role, aria-label and tabindex,
//   which editors' own HTML must not carry (a tabindex in an editor's Markdown could steal
//   focus order); the only text it adds, the label, is escaped here;
// - at render time, on the page only: feeds get the bare table (role and tabindex mean nothing
//   there), and the stored body stays the renderer's output alone (body-store.ts keeps bodies
//   per version of renderMarkdown, so a change there is applied to every stored body).
// The project renders Markdown with marked and cleans it with sanitize-html (no unified/rehype
// tree), so this is a small pass with htmlparser2, which the search indexer already uses: it
// only finds where each outermost table starts and ends and splices the wrapper in, leaving
// every other byte of the body as it was.

/** Longest label read out: a caption or header row is a name, not the table read twice. */
const MAX_LABEL = 40;

interface Found {
  start: number;
  end: number;
  caption: string;
  headers: string[];
  firstRow: string[];
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** 表格：<caption>, else 表格：<the header cells>, else the first row's cells, else its number. */
function label(table: Found, index: number): string {
  const caption = clean(table.caption);
  const cells = (table.headers.length ? table.headers : table.firstRow).map(clean).filter(Boolean);
  let name = caption || cells.join('、');
  if ([...name].length > MAX_LABEL) name = `${[...name].slice(0, MAX_LABEL - 1).join('')}…`;
  return name ? `表格：${name}` : `表格 ${index + 1}`;
}

/** The outermost tables of a body, where they start and end, and what names them. */
function findTables(html: string): Found[] {
  const found: Found[] = [];
  let depth = 0;
  let current: Found | undefined;
  // What the text seen now belongs to: the caption, a cell of the first row, or nothing.
  let inCaption = false;
  let cell: { header: boolean; text: string } | undefined;
  let rows = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        if (name === 'table') {
          depth++;
          if (depth === 1) {
            current = { start: parser.startIndex, end: -1, caption: '', headers: [], firstRow: [] };
            rows = 0;
          }
          return;
        }
        // A table nested in a cell scrolls with its outer table; its words name nothing.
        if (depth !== 1 || !current) return;
        if (name === 'caption') inCaption = true;
        else if (name === 'tr') rows++;
        else if ((name === 'th' || name === 'td') && rows === 1) cell = { header: name === 'th', text: '' };
      },
      ontext(text) {
        if (depth !== 1 || !current) return;
        if (inCaption) current.caption += text;
        else if (cell) cell.text += text;
      },
      onclosetag(name) {
        if (name === 'table') {
          depth--;
          if (depth === 0 && current) {
            current.end = parser.endIndex + 1;
            found.push(current);
            current = undefined;
          }
          return;
        }
        if (depth !== 1 || !current) return;
        if (name === 'caption') inCaption = false;
        else if ((name === 'th' || name === 'td') && cell) {
          if (cell.header) current.headers.push(cell.text);
          current.firstRow.push(cell.text);
          cell = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return found.filter((t) => t.end > t.start);
}

/** Each outermost <table> of a sanitised body inside a labelled, focusable scroll region. */
export function labelBodyTables(html: string): string {
  if (!html.includes('<table')) return html;
  const tables = findTables(html);
  let out = '';
  let at = 0;
  tables.forEach((table, i) => {
    out +=
      html.slice(at, table.start) +
      `<div class="table-scroll" role="region" aria-label="${escapeHtml(label(table, i))}" tabindex="0">` +
      html.slice(table.start, table.end) +
      '</div>';
    at = table.end;
  });
  return out + html.slice(at);
}
