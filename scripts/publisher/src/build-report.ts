import { stripVTControlCharacters } from 'node:util';
import { type FailedDocument, readBuildReport } from '@fulian/site/build-report';

/**
 * What a failed `astro build` said, in the terms an editor or operator acts on: the error's
 * own message, and each document the content contract refused.
 */

export type { FailedDocument } from '@fulian/site/build-report';

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

/**
 * Each document the content contract refused, as the build wrote them to its report file
 * (SITE_BUILD_REPORT, see site/src/cms/errors.ts): data, not lines parsed back out of a log.
 */
export function failedDocuments(reportFile: string): FailedDocument[] {
  return readBuildReport(reportFile).failedDocuments;
}
