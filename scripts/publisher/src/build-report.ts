import { stripVTControlCharacters } from 'node:util';

/**
 * What a failed `astro build` said, in the terms an editor or operator acts on: the error's
 * own message, and each document the content contract refused.
 */

export interface FailedDocument {
  /** The collection as editors know it, e.g. 新闻. */
  collection: string;
  documentId: string;
  title: string | null;
  /** The field and what was expected, e.g. `cover.alternativeText: 图片缺少替代文字`. */
  problem: string;
}

/** A line of Astro's own log: `19:04:22 [content] Syncing content`. */
const LOG_LINE = /^\d{2}:\d{2}:\d{2} \[/;
/** Where Astro's report of a thrown error ends and its location or stack begins. */
const ERROR_TRAILER = /^\s*(?:Location|Stack trace|Caused by|Hint):\s*$/;

/**
 * The message of the error that stopped the build, as thrown (e.g. the ContentContractError's
 * lines, or 读取 CMS 失败：<url> — <cause>). Falls back to the output's last lines.
 */
export function buildErrorMessage(output: string): string {
  const lines = stripVTControlCharacters(output).split('\n');
  const end = lines.findIndex((line) => ERROR_TRAILER.test(line));
  if (end > 0) {
    let start = end;
    while (start > 0 && !LOG_LINE.test(lines[start - 1] as string) && (lines[start - 1] as string).trim() !== '') start--;
    const message = lines.slice(start, end).join('\n').trim();
    if (message) return message;
  }
  return lines
    .filter((line) => line.trim() !== '')
    .slice(-15)
    .join('\n');
}

// `  - 新闻 documentId=q3v…“封面缺少替代文字”：cover.alternativeText: …` (site/src/cms/strapi-loader.ts describe()).
const PROBLEM_LINE = /^\s*-\s*(.+?) documentId=([^\s“：]+)(?:“(.*?)”)?：(.*)$/;

/** Each document named in a ContentContractError, in the order the build reported them. */
export function failedDocuments(message: string): FailedDocument[] {
  const found: FailedDocument[] = [];
  for (const line of message.split('\n')) {
    const match = PROBLEM_LINE.exec(line);
    if (!match) continue;
    found.push({
      collection: match[1] as string,
      documentId: match[2] as string,
      title: match[3] ?? null,
      problem: (match[4] as string).trim(),
    });
  }
  return found;
}
