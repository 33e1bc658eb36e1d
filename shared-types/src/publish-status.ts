/**
 * What the admin's 网站发布状态 panel is told: the publish service's GET /status, summarised by
 * the CMS's own route (cms/src/bootstrap/publish-status.ts) without build logs or file paths,
 * and read by the panel (cms/src/admin/PublishStatusWidget.tsx). One declaration for both ends.
 */

/** A document the content contract refused, with the field and what was expected. */
export interface PublishStatusFailedDocument {
  collection: string;
  documentId: string;
  title: string | null;
  problem: string;
}

/** One build of the public site, as an editor needs to know it. */
export interface PublishStatusBuild {
  id: string;
  result: 'success' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The release it made live; null when it failed. */
  release: string | null;
  error: string | null;
  failedDocuments: PublishStatusFailedDocument[];
  /** Built from the last good snapshot instead of the CMS (an operator's choice). */
  fromSnapshot: boolean;
}

export interface PublishStatusSummary {
  state: 'idle' | 'waiting' | 'building';
  liveRelease: string | null;
  nextBuildAt: string | null;
  buildingSince: string | null;
  pendingEvents: number;
  lastBuild: PublishStatusBuild | null;
  lastSuccess: PublishStatusBuild | null;
  lastFailure: PublishStatusBuild | null;
}
