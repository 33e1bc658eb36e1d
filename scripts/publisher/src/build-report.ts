import { type FailedDocument, readBuildReport } from '@fulian/site/build-report';

/**
 * What a failed `astro build` said, in the terms an editor or operator acts on: the error's
 * own message, and each document the content contract refused.
 */

export { buildErrorMessage } from '@fulian/site/build';
export type { FailedDocument } from '@fulian/site/build-report';

/**
 * Each document the content contract refused, as the build wrote them to its report file
 * (SITE_BUILD_REPORT, see site/src/cms/errors.ts): data, not lines parsed back out of a log.
 */
export function failedDocuments(reportFile: string): FailedDocument[] {
  return readBuildReport(reportFile).failedDocuments;
}
