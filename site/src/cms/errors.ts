import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { siteEnv } from '../env.ts';

/**
 * The CMS could not be read: names the URL and the cause so an operator can act on it.
 * The token is never part of the message.
 */
export class CmsRequestError extends Error {
  readonly url: string;
  readonly status: number | undefined;

  constructor(url: string, reason: string, options: { status?: number; cause?: unknown } = {}) {
    super(`读取 CMS 失败：${url} — ${reason}`, { cause: options.cause });
    this.name = 'CmsRequestError';
    this.url = url;
    this.status = options.status;
  }
}

/** One document the content contract refused: what an editor needs to find and fix it. */
export interface FailedDocument {
  /** The collection as editors know it, e.g. 新闻. */
  collection: string;
  /** null for a single type (站点设置). */
  documentId: string | null;
  title: string | null;
  /** The field and what was expected, e.g. `cover.alternativeText: 图片缺少替代文字`. */
  problem: string;
}

/** How a refused document reads in the build's message and log. */
export function describeFailure(failure: FailedDocument): string {
  const who =
    failure.documentId === null
      ? failure.collection
      : `${failure.collection} documentId=${failure.documentId}${failure.title ? `“${failure.title}”` : ''}`;
  return `${who}：${failure.problem}`;
}

/**
 * One or more documents broke the content contract; each line names document and field.
 * The same failures go, as JSON, to the file SITE_BUILD_REPORT names, so that the publish
 * service reads them as data rather than parsing them back out of the log.
 */
export class ContentContractError extends Error {
  readonly failures: FailedDocument[];

  constructor(collection: string, failures: FailedDocument[]) {
    super(
      `“${collection}”中有 ${failures.length} 处内容不符合约定，构建已停止：\n${failures.map((f) => `  - ${describeFailure(f)}`).join('\n')}`,
    );
    this.name = 'ContentContractError';
    this.failures = failures;
    const report = siteEnv().SITE_BUILD_REPORT;
    if (report) recordFailures(report, failures);
  }
}

/** What a failed build refused, as written by ContentContractError. */
export interface BuildReport {
  failedDocuments: FailedDocument[];
}

/** Adds failures to the report file (loaders run side by side; each adds its own). */
export function recordFailures(file: string, failures: FailedDocument[]): void {
  const report = readBuildReport(file);
  report.failedDocuments.push(...failures);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(report));
  renameSync(partial, file);
}

/** The report a build wrote; an empty one when it refused nothing. */
export function readBuildReport(file: string): BuildReport {
  if (!existsSync(file)) return { failedDocuments: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildReport>;
  return { failedDocuments: Array.isArray(parsed.failedDocuments) ? parsed.failedDocuments : [] };
}
