/**
 * The federation's old news archive, a plain-text file, read into articles. Pure: no I/O.
 *
 * The format, as found: articles separated by blank lines (or lines holding only spaces);
 * the title on the first line, sometimes wrapped onto a second one or followed by a
 * subtitle; then one paragraph per line, often indented with full-width spaces; dates such
 * as 4月16日下午 or 4月17-19日 that rarely say their year.
 */
import { isReliefAnnouncement, parseReliefAnnouncement, type ReliefAnnouncement } from './relief-announcement.ts';

export interface NumberedText {
  text: string;
  /** 1-based line in the archive. */
  line: number;
}

export type ProblemCode = 'no-year' | 'no-date' | 'bad-date' | 'no-body' | 'title-too-long';

/** Something that keeps an article out of the CMS until a person fixes the archive or the command. */
export interface ArticleProblem {
  code: ProblemCode;
  field: 'title' | 'date' | 'body';
  line: number;
  message: string;
}

export interface LegacyArticle {
  /** 1-based position in the archive. */
  index: number;
  line: number;
  title: string;
  titleLines: NumberedText[];
  /** How a second title line was joined: onto the title, or as a subtitle after a full-width space. */
  titleJoin: 'single' | 'wrapped' | 'subtitle';
  /** The date as written, e.g. 4月17-19日; null when the article has none. */
  dateText: string | null;
  dateLine: number | null;
  /** YYYY-MM-DD; for an undated article, the nearest dated neighbour's (see `notes`). */
  date: string | null;
  dateSource: 'text' | 'previous article' | 'next article' | null;
  yearSource: 'date' | 'title' | '--year' | 'body' | null;
  paragraphs: NumberedText[];
  summary: string;
  /** Markdown: one paragraph per archive line, a blank line between them. */
  body: string;
  relief: ReliefAnnouncement | null;
  /** Guesses an editor should check in the draft; they do not stop the import. */
  notes: string[];
  problems: ArticleProblem[];
}

export interface ArchiveOptions {
  /** The year for dates whose article names none (the command's --year). */
  year?: number;
}

const TITLE_MAX = 120;
const SUMMARY_MAX = 300;
/** A summary of one short sentence says little; sentences are added until it has this many characters. */
const SUMMARY_TARGET = 80;
/** Longer lines are paragraphs: the archive's titles wrap at about 30 characters. */
const TITLE_LINE_MAX = 40;
const MAX_TITLE_LINES = 3;

const DATE = /(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*(?:[-－—–~～至到]\s*\d{1,2}\s*)?日(?:上午|下午|晚上|晚)?/;
const YEAR = /((?:19|20)\d{2})\s*年/;

/** One character count, as the CMS counts: by code point, so each Chinese character is one. */
export const length = (text: string) => [...text].length;

export function parseLegacyArchive(text: string, options: ArchiveOptions = {}): LegacyArticle[] {
  const articles = splitIntoBlocks(text).map((block, i) => parseArticle(block, i + 1, options));
  lendDatesToUndated(articles);
  return articles;
}

/** How the command and its errors name an article: position, title and where it starts. */
export function describeArticle(article: Pick<LegacyArticle, 'index' | 'title' | 'line'>): string {
  return `第 ${article.index} 篇《${article.title}》（第 ${article.line} 行）`;
}

function splitIntoBlocks(text: string): NumberedText[][] {
  const blocks: NumberedText[][] = [];
  let current: NumberedText[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      // trim() also strips the full-width space U+3000 the archive indents paragraphs with.
      const line = raw.trim();
      if (line === '') {
        if (current.length > 0) blocks.push(current);
        current = [];
      } else {
        current.push({ text: line, line: i + 1 });
      }
    });
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function parseArticle(block: NumberedText[], index: number, options: ArchiveOptions): LegacyArticle {
  const titleLines = [block[0] as NumberedText];
  while (titleLines.length < MAX_TITLE_LINES && titleLines.length < block.length - 1) {
    const next = block[titleLines.length] as NumberedText;
    if (!looksLikeTitleLine(next.text)) break;
    titleLines.push(next);
  }
  const paragraphs = block.slice(titleLines.length);
  const { title, join } = joinTitle(titleLines.map((l) => l.text));
  const line = titleLines[0]?.line as number;
  const article: LegacyArticle = {
    index,
    line,
    title,
    titleLines,
    titleJoin: join,
    dateText: null,
    dateLine: null,
    date: null,
    dateSource: null,
    yearSource: null,
    paragraphs,
    summary: summarise(paragraphs[0]?.text ?? ''),
    body: paragraphs.map((p) => escapeMarkdown(p.text)).join('\n\n'),
    relief: null,
    notes: [],
    problems: [],
  };
  const name = describeArticle(article);

  if (join === 'subtitle') {
    article.notes.push(`标题第二行“${titleLines[1]?.text}”看作副标题，已用全角空格接在标题后面，请核对`);
  } else if (join === 'wrapped') {
    article.notes.push(`标题在原文中分 ${titleLines.length} 行，已连成一行，请核对`);
  }
  if (length(title) > TITLE_MAX) {
    article.problems.push({
      code: 'title-too-long',
      field: 'title',
      line,
      message: `${name}：标题有 ${length(title)} 个字，CMS 最多 ${TITLE_MAX} 个字`,
    });
  }
  if (paragraphs.length === 0) {
    article.problems.push({ code: 'no-body', field: 'body', line, message: `${name}：只有标题，没有正文` });
  }

  readDate(article, [...titleLines, ...paragraphs], options, name);

  const all = [...titleLines, ...paragraphs];
  if (isReliefAnnouncement(all)) {
    const year = article.date ? Number(article.date.slice(0, 4)) : null;
    article.relief = parseReliefAnnouncement(all, { date: article.date, year });
  }
  return article;
}

/**
 * A second (or third) line belongs to the title when it reads like a headline: short, not
 * indented (indentation is already gone, so this is about content), with no sentence
 * punctuation and not opening with a date, as the first paragraph of every article does.
 */
function looksLikeTitleLine(text: string): boolean {
  return length(text) <= TITLE_LINE_MAX && !/[。，；！？!?;：:]/.test(text) && !DATE.test(text) && !/^\d+\s*[、.．]/.test(text);
}

/**
 * A line that opens with a conjunction (暨妇联通应用培训, 和庆祝海南…) or is very short
 * continues the line before it; any other second line is a headline of its own, a subtitle
 * (2018年厦门市中小学家长学校骨干培训同时举行). The subtitle stays in the title, after a
 * full-width space as Chinese headlines set one: it names a second event the article
 * reports, so it belongs where readers scan, and a body should open with a sentence.
 */
function joinTitle(lines: string[]): { title: string; join: LegacyArticle['titleJoin'] } {
  let title = lines[0] as string;
  let join: LegacyArticle['titleJoin'] = 'single';
  for (const line of lines.slice(1)) {
    const wrapped = /^[暨和及与并、的之]/.test(line) || /[、和与及暨的之在对]$/.test(title) || length(line) < 10;
    title = wrapped ? `${title}${line}` : `${title}\u3000${line}`;
    if (join !== 'subtitle') join = wrapped ? 'wrapped' : 'subtitle';
  }
  return { title, join };
}

function readDate(article: LegacyArticle, lines: NumberedText[], options: ArchiveOptions, name: string): void {
  const found = lines.map((l) => ({ l, match: DATE.exec(l.text) })).find((f) => f.match);
  if (!found?.match) return;
  const [dateText, ownYear, month, day] = found.match as unknown as [string, string | undefined, string, string];
  article.dateText = dateText;
  article.dateLine = found.l.line;

  const titleYear = YEAR.exec(article.title)?.[1];
  const bodyYear = article.paragraphs.map((p) => YEAR.exec(p.text)?.[1]).find(Boolean);
  // The flag outranks a year merely mentioned in the body (会上总结了2017年工作…), not one in the title.
  const [year, source] = ownYear
    ? [ownYear, 'date' as const]
    : titleYear
      ? [titleYear, 'title' as const]
      : options.year !== undefined
        ? [String(options.year), '--year' as const]
        : bodyYear
          ? [bodyYear, 'body' as const]
          : [undefined, null];
  if (!year) {
    article.problems.push({
      code: 'no-year',
      field: 'date',
      line: found.l.line,
      message: `${name}：日期“${dateText}”（第 ${found.l.line} 行）没有写年份，标题和正文中也找不到“2018年”这样的年份；请用 --year 指定，如 --year 2018`,
    });
    return;
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isCalendarDate(date)) {
    article.problems.push({
      code: 'bad-date',
      field: 'date',
      line: found.l.line,
      message: `${name}：日期“${dateText}”（第 ${found.l.line} 行）不是有效的日期（${date}）`,
    });
    return;
  }
  article.date = date;
  article.dateSource = 'text';
  article.yearSource = source;
}

/**
 * The CMS requires a date, and an archive lists its news in order, so an article that names
 * no date gets its nearest dated neighbour's, said plainly in its notes for the editor to
 * correct. A relief batch never gets a borrowed date (see parseReliefAnnouncement).
 */
function lendDatesToUndated(articles: LegacyArticle[]): void {
  for (const article of articles) {
    if (article.dateText !== null) continue;
    const dated = (a: LegacyArticle) => a.dateSource === 'text';
    const previous = articles
      .slice(0, article.index - 1)
      .reverse()
      .find(dated);
    const next = articles.slice(article.index).find(dated);
    const lender = previous ?? next;
    if (!lender?.date) {
      article.problems.push({
        code: 'no-date',
        field: 'date',
        line: article.line,
        message: `${describeArticle(article)}：正文中找不到日期（如“4月16日”），前后文章也没有可参照的日期`,
      });
      continue;
    }
    article.date = lender.date;
    article.dateSource = previous ? 'previous article' : 'next article';
    article.notes.push(
      `正文中没有日期，暂用${previous ? '上' : '下'}一篇（第 ${lender.index} 篇，第 ${lender.line} 行）的日期 ${lender.date}，请核对`,
    );
  }
}

export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The opening sentence(s) of the first paragraph: whole sentences until the summary says
 * enough, never past the CMS's 300 characters. A first sentence longer than that is cut at
 * its last comma that fits, and ends with an ellipsis rather than mid-phrase.
 */
export function summarise(paragraph: string): string {
  const sentences = paragraph.match(/[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)/g) ?? [];
  let summary = '';
  for (const [i, sentence] of sentences.entries()) {
    // A trailing fragment such as 具体情况如下： introduces what follows; it ends no summary.
    if (i > 0 && !/[。！？!?][”’」』）)]*$/.test(sentence)) break;
    if (length(summary) + length(sentence) > SUMMARY_MAX) break;
    summary += sentence;
    if (length(summary) >= SUMMARY_TARGET) break;
  }
  if (summary !== '') return summary.trim();
  const room = [...paragraph].slice(0, SUMMARY_MAX - 2).join('');
  const cut = Math.max(room.lastIndexOf('，'), room.lastIndexOf('；'), room.lastIndexOf('、'));
  return `${cut > 0 ? room.slice(0, cut) : room}……`;
}

/**
 * The archive is plain text; in Markdown a line opening with 1. or # or - would turn into
 * a list or a heading, and * _ ` < [ into emphasis, code, HTML or links. Those characters
 * are escaped so the draft reads exactly as the archive does.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_<>[\]]/g, '\\$&')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^([#+\-=|~])/, '\\$1');
}
