import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSite } from '@fulian/site/build';
import { type RenderManifest, readManifest, removedFiles } from '@fulian/site/render-plan';
import { followBuild, indexSite } from '@fulian/site/search';
import { describeAge, readSnapshotHead } from '@fulian/site/snapshot';
import { buildErrorMessage, type FailedDocument, failedDocuments } from './build-report.ts';
import type { PublishConfig } from './config.ts';
import { precompress } from './precompress.ts';
import { prepareBase, takeBase } from './release-base.ts';
import { linkTree, overlay, removeFiles } from './release-diff.ts';
import {
  admitRelease,
  holdRemovals,
  incomingDir,
  liveRelease,
  newReleaseId,
  type PublishLayout,
  pruneReleases,
  switchLive,
} from './releases.ts';
import type { CmsEvent } from './webhook-events.ts';

export interface BuildRecord {
  id: string;
  result: 'success' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What asked for this build: the CMS events it took, or an operator. */
  trigger: { events: CmsEvent[]; eventCount: number; by: 'cms' | 'operator' | 'start' | 'nightly' };
  /** Set when the build read the last good snapshot instead of the CMS. */
  fromSnapshot: { takenAt: string; age: string } | null;
  /** The release now live, on success. */
  release: string | null;
  /** On failure: why, as the build said it. The live site is unchanged. */
  error: string | null;
  /** On a content-contract failure: each document refused, with the field and what was expected. */
  failedDocuments: FailedDocument[];
  /** The build's whole output. */
  log: string;
  /**
   * How the release was made: 'incremental' renders the pages whose inputs changed into the
   * previous release's hard-linked copy; 'full' renders every page into an empty folder.
   */
  mode: 'full' | 'incremental';
  /** On success: pages rendered, files taken over from the previous release, files deleted. */
  pages: { rendered: number; kept: number; removed: number } | null;
  /** When the live link was switched to this release (old releases are pruned after it). */
  liveAt: string | null;
}

export interface BuildRequest {
  events: CmsEvent[];
  by: BuildRecord['trigger']['by'];
  fromSnapshot?: boolean;
  /** Render every page into an empty folder (after a template change, and nightly). */
  full?: boolean;
}

/** Where encoded images are kept: SITE_IMAGE_STORE_DIR, else images/ in the publish folder. */
export function imageStoreDir(layout: PublishLayout): string {
  return process.env.SITE_IMAGE_STORE_DIR ?? join(layout.root, 'images');
}

/** Where the render manifest of each release is kept (beside, not inside, the release). */
export function manifestFile(layout: PublishLayout, id: string): string {
  return join(layout.root, 'manifests', `${id}.json`);
}

/**
 * The manifest of the release that went live last, as this service read it: the next edit
 * starts from it. Known by its file's path, size and change time, so a file written or replaced
 * by anything else is read again. At 3x a manifest holds 43,614 pages (4 MB): reading it was
 * 0.1 s of every edit.
 */
let held: { file: string; stamp: string; manifest: RenderManifest } | null = null;

function stampOf(file: string): string | null {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return null;
  }
}

function manifestOf(file: string): RenderManifest | null {
  const stamp = stampOf(file);
  if (stamp === null) return null;
  if (held && held.file === file && held.stamp === stamp) return held.manifest;
  try {
    return readManifest(file);
  } catch {
    return null;
  }
}

/** Keeps the manifest just moved to `file` (renamed: same inode, size and time). */
function holdManifest(file: string, manifest: RenderManifest): void {
  const stamp = stampOf(file);
  held = stamp === null ? null : { file, stamp, manifest };
}

/**
 * Reads the live release's manifest ahead of this process's first build: a restarted service's
 * first edit otherwise reads it on its critical path (4 MB, 0.09 s at 3x). Held as a build's
 * own is, by the file's stamp, so a file replaced since is read again.
 */
export function holdLiveManifest(layout: PublishLayout): void {
  const live = liveRelease(layout);
  if (!live) return;
  const file = manifestFile(layout, live);
  const stamp = stampOf(file);
  if (stamp === null || (held?.file === file && held.stamp === stamp)) return;
  const manifest = manifestOf(file);
  if (manifest) held = { file, stamp, manifest };
}

/** How many triggering events a record keeps (the count keeps the rest). */
const EVENTS_KEPT = 20;

/**
 * One build of the public site into a fresh release folder, and on success the switch of the
 * live link to it. A failure of any kind (CMS unreachable, a document refused, a template
 * error, a build that writes no home page) leaves the live link where it was.
 */
export async function buildRelease(config: PublishConfig, layout: PublishLayout, request: BuildRequest): Promise<BuildRecord> {
  // Old releases are deleted between builds, not during one (releases.ts, holdRemovals).
  const resume = holdRemovals(layout);
  try {
    return await build(config, layout, request);
  } finally {
    resume();
    // The next release's start, copied while nothing is published (release-base.ts).
    prepareBase(layout, liveRelease(layout));
  }
}

async function build(config: PublishConfig, layout: PublishLayout, request: BuildRequest): Promise<BuildRecord> {
  const started = new Date();
  const id = newReleaseId(layout, started);
  const log = join(layout.logs, `${id}.log`);
  const previous = request.full ? null : liveRelease(layout);
  const previousManifest = previous ? manifestFile(layout, previous) : null;
  // Read before the build: a manifest this version cannot read (written by another version of
  // the publisher, or damaged) makes this build a full one, not a failed one.
  const before =
    previous && previousManifest && existsSync(join(layout.releases, previous)) ? manifestOf(previousManifest) : null;
  const mode: BuildRecord['mode'] = before ? 'incremental' : 'full';
  let pages: BuildRecord['pages'] = null;
  let changedFiles: string[] = [];
  let removedPages: string[] = [];
  let liveAt: string | null = null;
  const record = (
    fields: Pick<BuildRecord, 'result' | 'release' | 'error' | 'failedDocuments' | 'fromSnapshot'>,
  ): BuildRecord => {
    const finished = new Date();
    return {
      id,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      trigger: { events: request.events.slice(-EVENTS_KEPT), eventCount: request.events.length, by: request.by },
      log,
      mode,
      pages,
      liveAt,
      ...fields,
    };
  };

  let fromSnapshot: BuildRecord['fromSnapshot'] = null;
  if (request.fromSnapshot) {
    try {
      const { takenAt } = readSnapshotHead(layout.snapshot);
      fromSnapshot = { takenAt, age: describeAge(takenAt) };
    } catch (error) {
      return record({ result: 'failed', release: null, error: (error as Error).message, failedDocuments: [], fromSnapshot });
    }
  }

  mkdirSync(layout.releases, { recursive: true });
  const incoming = incomingDir(layout, id);
  // An incremental build renders into a scratch folder; its files then go over a hard-linked
  // copy of the live release, made while the build runs (see release-diff.ts).
  const outDir = mode === 'incremental' ? join(layout.root, 'work', `render-${id}`) : incoming;
  const newManifest = join(layout.root, 'work', `manifest-${id}.json`);
  // What the content contract refused, written by the build as JSON (site/src/cms/errors.ts).
  const report = join(layout.root, 'work', `report-${id}.json`);
  // The copy made when the previous release went live (release-base.ts), else one made now.
  const linking =
    mode === 'incremental' && previous
      ? takeBase(layout, previous, incoming)
          .then((taken) => (taken ? undefined : linkTree(join(layout.releases, previous), incoming)))
          .then(
            () => null,
            (error: Error) => error,
          )
      : Promise.resolve(null);
  // The search step's folder, shared by every live build.
  const searchWork = join(layout.root, 'cache', 'search');
  // A full build renders its pages mostly on one core: a thread at the lowest priority stages
  // them for search meanwhile, as the build lists and writes them (site/src/search/follow.ts).
  const plannedPages = join(layout.root, 'work', `planned-${id}.txt`);
  mkdirSync(dirname(plannedPages), { recursive: true });
  rmSync(plannedPages, { force: true });
  const follower = mode === 'full' ? followBuild({ outDir, workDir: searchWork, plannedFile: plannedPages }) : null;
  const run = await buildSite({
    logFile: log,
    timeoutMs: config.buildTimeoutMs,
    cmsUrl: config.cmsUrl,
    buildToken: config.buildToken,
    siteUrl: config.siteUrl,
    outDir,
    // One cache for every live build: unchanged documents keep their digests and rendered
    // Markdown, and cover images are not fetched or encoded again.
    cacheDir: layout.liveCache,
    // Encoded images are kept outside releases and caches, for every build (site/src/images/).
    imageStoreDir: imageStoreDir(layout),
    snapshotDir: layout.snapshot,
    manifestFile: newManifest,
    reportFile: report,
    ...(follower ? { plannedPagesFile: plannedPages } : {}),
    // The publisher indexes the assembled release itself, after the build (below).
    searchIndex: false,
    renderMode: mode,
    ...(mode === 'incremental' && previousManifest ? { previousManifest } : {}),
    ...(request.fromSnapshot ? { fromSnapshot: true } : {}),
    // The webhook calls name what changed: the loaders read only that (site/src/cms/sync.ts).
    // Anything else (the service's start, an operator's build, the nightly run) reads all.
    ...(mode === 'incremental' && request.by === 'cms' && request.events.length > 0 && !request.fromSnapshot
      ? { changed: request.events.map((e) => ({ uid: e.uid, documentId: e.documentId })) }
      : {}),
  });
  const linkError = await linking;
  const followed = follower
    ? await follower.stop().then(
        () => null,
        (error: Error) => error,
      )
    : null;
  rmSync(plannedPages, { force: true });

  const fail = (error: string) => {
    const refused = failedDocuments(report);
    rmSync(incoming, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    rmSync(newManifest, { force: true });
    rmSync(report, { force: true });
    return record({ result: 'failed', release: null, error, failedDocuments: refused, fromSnapshot });
  };
  if (!run.ok) {
    const message = buildErrorMessage(run.output);
    return fail(run.stopped ? `构建${run.stopped}。\n${message}` : message);
  }
  if (linkError) return fail(linkError.message);
  if (followed) return fail(followed.message);
  const manifest = manifestOf(newManifest);
  if (!manifest) return fail(`构建结束了，但没有写出页面清单 ${newManifest}：不上线这个版本。`);

  if (mode === 'incremental') {
    if (!before) return fail(`上一版本的页面清单 ${previousManifest} 无法读取：请完整重新构建（--full）。`);
    try {
      changedFiles = overlay(outDir, incoming);
      const removed = removeFiles(incoming, removedFiles(before, manifest));
      removedPages = removed;
      rmSync(outDir, { recursive: true, force: true });
      pages = {
        rendered: manifest.rendered.length,
        kept: countPages(manifest) - manifest.rendered.length,
        removed: removed.length,
      };
    } catch (error) {
      return fail(`无法在上一版本的基础上写入新版本：${(error as Error).message}`);
    }
  } else {
    pages = { rendered: manifest.rendered.length, kept: 0, removed: 0 };
  }
  for (const required of ['index.html', '404.html']) {
    if (!existsSync(join(incoming, required))) return fail(`构建结束了，但没有生成 ${required}：不上线这个版本。`);
  }
  // gzip and brotli copies beside each text file, for nginx's *_static modules; copies carried
  // over from the previous release are kept when their file did not change. The site's files
  // are compressed while the search step runs, on threads at the lowest priority (they take
  // the time it leaves over, while Pagefind's runs start and end, and while it merges);
  // the index's own files are compressed after it. After an incremental build only what it
  // wrote needs copies: the rest of the release is the previous one's files with their copies,
  // hard-linked.
  const siteCopies = precompress(incoming, mode === 'incremental' ? { written: changedFiles } : undefined, {
    skip: ['pagefind'],
    background: true,
  }).then(
    (result) => ({ result }),
    (error: Error) => ({ error }),
  );
  // The search index, outside Astro's process (its memory peak and the build's never add up):
  // after an incremental build only the shards holding the pages it wrote or deleted are
  // indexed again (site/src/search/). Its work folder is shared by every live build.
  let searchError: Error | undefined;
  try {
    const report = await indexSite({
      outDir: incoming,
      workDir: searchWork,
      // Only pages can hold indexed content; the search step takes them by path.
      ...(mode === 'incremental' && previous
        ? { changedPages: changedFiles.filter(isPage), removedPages: removedPages.filter(isPage), since: previous }
        : {}),
      // Named, so that the next build knows whether the work folder holds what went live.
      release: id,
      log: (line) => appendFileSync(log, `${line}\n`),
    });
    const built = report.shards.filter((s) => s.built).length;
    appendFileSync(
      log,
      `搜索索引：${report.pagesIndexed} 页，${report.shards.length} 个分片（重建 ${built} 个），用时 ${report.ms} ms\n`,
    );
  } catch (error) {
    searchError = error as Error;
  }
  // Both steps end before the release is judged (or removed).
  const copies = await siteCopies;
  if (searchError) return fail(`搜索索引出错：${searchError.message}`);
  if ('error' in copies) return fail(`预压缩出错：${copies.error.message}`);
  try {
    const index = await precompress(incoming, { written: [], folders: ['pagefind'] });
    appendFileSync(
      log,
      `预压缩：新压缩 ${copies.result.compressed + index.compressed} 个文件，沿用 ${copies.result.current + index.current} 个\n`,
    );
  } catch (error) {
    return fail(`预压缩出错：${(error as Error).message}`);
  }

  try {
    admitRelease(layout, id);
    switchLive(layout, id);
    liveAt = new Date().toISOString();
  } catch (error) {
    const message = (error as Error).message;
    // The folder may have moved into releases/ before the switch failed; it never went live.
    if (liveRelease(layout) !== id) rmSync(join(layout.releases, id), { recursive: true, force: true });
    return fail(message);
  }
  // The manifest names what this release holds: the next incremental build starts from it.
  mkdirSync(join(layout.root, 'manifests'), { recursive: true });
  renameSync(newManifest, manifestFile(layout, id));
  holdManifest(manifestFile(layout, id), manifest);
  rmSync(report, { force: true });
  for (const gone of pruneReleases(layout, config.keepReleases)) rmSync(manifestFile(layout, gone), { force: true });
  return record({ result: 'success', release: id, error: null, failedDocuments: [], fromSnapshot });
}

const isPage = (file: string) => file.endsWith('.html');

/** Pages of every dynamic route in a manifest. */
function countPages(manifest: RenderManifest): number {
  return Object.values(manifest.routes).reduce((sum, paths) => sum + Object.keys(paths).length, 0);
}
