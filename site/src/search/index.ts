import { createHash, hash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mergeShards } from './merge.ts';
import { pagefindVersion, runPagefind } from './pagefind.ts';
import { signatureOf, stageInParallel } from './stage.ts';
import { FORMAT, openWorkStore, STORE_FILE, searchFormat } from './staged-store.ts';

export { type Follower, followBuild } from './follow.ts';

/**
 * The site's search index, built outside the site build, in shards: each shard is indexed by
 * a Pagefind process of its own in the work folder, and the shards are merged into the one
 * Pagefind index the site serves at <outDir>/pagefind/ (merge.ts).
 *
 * - Pagefind runs as a process per shard, at most `concurrency` at a time, so the memory it
 *   needs is bounded by the shard size (about 300 KB a page), not the site's.
 * - The merge keeps its state in the work folder (merge-state/): when an edit rebuilt a shard or
 *   two of the same page counts, it merges again only the words those shards changed.
 * - The browser loads one index, not one per shard: with Pagefind's mergeIndex every query
 *   word cost one 27 KB index chunk per shard (1.3 MB for 吴亚汝 on 16 shards); merged, it
 *   costs one, and results rank exactly as one Pagefind run over the whole site would rank them.
 * - A page belongs to the shard given by a hash of its path (the number of shards doubles as
 *   the site grows past pagesPerShard a shard), so a full build and a chain of incremental
 *   ones put every page in the same shard and give the same index.
 * - Each indexed page is staged once (stage.ts: its marked element, words split) into the work
 *   folder's store (staged-store.ts), a row a page, and kept while the page's digest is the same;
 *   a full build's pages are mostly staged while Astro renders them (follow.ts).
 * - A shard is named by the digest of what it holds (its pages' staged text, the ICU and
 *   Pagefind versions, the format): an edit rebuilds only the shard its page is in; the other
 *   shards' Pagefind outputs are reused from the work folder. With `full`, every shard is built
 *   again. The merged index's files are named by their content, so those unchanged since the
 *   previous release (hard-linked into outDir by the publisher) are kept as they are; nothing
 *   in outDir is written in place (new files are written aside and renamed, old ones unlinked).
 */

/**
 * About 350 KB of Pagefind memory a page, and 2 ms of its time: 500 pages a shard keep one run
 * near 175 MB and an edit's re-index near a second (a Pagefind run costs little of its own: 0.1 s
 * for one page).
 */
export const PAGES_PER_SHARD = 500;

/** Files Pagefind writes that the search page does not use (its ready-made UIs, other languages). */
const UNUSED = /^(pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)|wasm\.unknown\.pagefind)$/;

export interface IndexSiteOptions {
  /** The built site (a release folder): pages are read here, the index is written to its pagefind/. */
  outDir: string;
  /** The indexer's own folder, kept between runs (never inside a release): the staged pages' store, the shards, the merge's state. */
  workDir: string;
  /**
   * Pages whose HTML may have changed since the last run, as paths under outDir
   * ("news/a/index.html") or URLs ("/news/a/"). Pages without indexed content are ignored.
   * When omitted, every page of outDir is compared with the manifest (by digest).
   */
  changedPages?: string[];
  /** Pages removed from the site since the last run (same forms as changedPages). */
  removedPages?: string[];
  /**
   * The release changedPages and removedPages are relative to. When the work folder last
   * indexed another one (a build that failed after its search step, or a run that stopped half
   * way), every page is compared with the staged ones instead: the changes alone would leave
   * that build's pages in the index.
   */
  since?: string;
  /** The name of the release this run indexes, for the next run's `since`. */
  release?: string;
  /** Stage and index every page again, ignoring the manifest (templates or settings changed). */
  full?: boolean;
  /** Pagefind processes at a time. */
  concurrency?: number;
  /** Pages per shard before the number of shards doubles. */
  pagesPerShard?: number;
  /** Progress lines (Chinese, for the publish log). */
  log?: (line: string) => void;
}

export interface ShardReport {
  name: string;
  pages: number;
  /** Whether this run built the shard (false: kept from the previous release). */
  built: boolean;
  ms?: number;
  peakRssMb?: number;
}

export interface IndexSiteReport {
  shards: ShardReport[];
  /** Pages in the index. */
  pagesIndexed: number;
  /** Pages whose staged text was (re)written in this run. */
  pagesStaged: number;
  /** Pages read in this run: those whose file was not the one staged (by its signature). */
  pagesRead: number;
  /** Wall time of the whole step. */
  ms: number;
  /** Of which merging the shards into the served index. */
  mergeMs: number;
  /** Whether the merge redid only the shards that changed (merge.ts, MergeState). */
  mergeIncremental: boolean;
  /** The highest peak resident memory of one Pagefind process in this run. */
  peakRssMb?: number;
  /** The peak resident memory of this Node process (staging), in MB. */
  stagingPeakRssMb: number;
}

/** Below this many pages to look at, their signatures are asked for by name, not all read. */
const SIGNATURES_ONE_BY_ONE = 2000;

/** Shards built in one run beyond which they are decoded as they are built. */
const EARLY_DECODE_FROM = 4;

/**
 * A thread that decodes shards for the merge (loadShard) in the order they are sent. Its heap is
 * held small: each shard's decoded form is garbage once its cache is written.
 */
class ShardDecoder {
  private readonly worker = new Worker(new URL('./decode-worker.ts', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
  });
  private pending = 0;
  private failure: Error | undefined;
  private drained: (() => void) | undefined;

  constructor() {
    this.worker.on('message', ({ dir, error }: { dir: string; error?: string }) => {
      // A shard Pagefind wrote and that cannot be decoded would fail the merge too: say which now.
      if (error) this.failure ??= new Error(`搜索索引分片 ${dir} 无法解码：${error}`);
      if (--this.pending === 0) this.drained?.();
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.pending = 0;
      this.drained?.();
    });
  }

  decode(dir: string): void {
    if (this.failure) return;
    this.pending++;
    this.worker.postMessage(dir);
  }

  /** Waits for the shards sent so far; rejects if one failed. */
  async finish(): Promise<void> {
    if (this.pending > 0 && !this.failure) await new Promise<void>((resolve) => (this.drained = resolve));
    if (this.failure) throw this.failure;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** "/news/a/", "news/a/" or "news/a/index.html" -> "news/a/index.html". */
export function pagePath(page: string): string {
  let path = page.replace(/^\/+/, '').split(/[?#]/)[0] ?? '';
  if (path === '' || path.endsWith('/')) path += 'index.html';
  else if (!path.endsWith('.html')) path += '/index.html';
  return path;
}

/** The number of shards for a site of `pages` pages: a power of two, so that a shard splits in two as the site grows. */
export function shardCount(pages: number, pagesPerShard = PAGES_PER_SHARD): number {
  let count = 1;
  while (pages > count * pagesPerShard) count *= 2;
  return count;
}

/** The shard a page belongs to, from its path alone. */
export function shardOf(path: string, count: number): number {
  return hash('sha1', path, 'buffer').readUInt32BE(0) % count;
}

/**
 * Where each Pagefind run reads its shard's staged pages from: a folder made for the run and
 * removed after it, in memory (/dev/shm) where there is one. Files there cost microseconds to
 * create, against 0.3-0.6 ms on the build machine's disk; it holds at most `concurrency`
 * shards at a time (about 2 MB each at any site size). SEARCH_SCRATCH_DIR overrides it.
 */
export function scratchRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEARCH_SCRATCH_DIR) return env.SEARCH_SCRATCH_DIR;
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // No /dev/shm (not Linux, or a container without it): the system's temporary folder.
  }
  return tmpdir();
}

function htmlPages(outDir: string): string[] {
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.html') && !path.startsWith('pagefind/') && !path.startsWith('pagefind\\'))
    .map((path) => path.split('\\').join('/'))
    .sort();
}

/** Builds or updates the search index of the site in `outDir`. See the module comment. */
export async function indexSite(options: IndexSiteOptions): Promise<IndexSiteReport> {
  const started = performance.now();
  const { outDir, workDir, log = () => {} } = options;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const icu = process.versions.icu ?? 'none';
  const version = pagefindVersion();
  const storeFile = join(workDir, STORE_FILE);
  const store = openWorkStore(workDir, searchFormat(), options.full);
  const fresh = store.meta('release') === undefined;
  const indexed = store.meta('release');
  // Until this run ends, the rows describe no finished release: a run that stops half way
  // leaves the next one comparing every page.
  store.setMeta('release', '');
  try {
    // Which pages to look at: all of them, or only those the publisher says changed, when the
    // rows describe the release those changes are relative to (not one that never went live).
    const staging = performance.now();
    const removed = new Set((options.removedPages ?? []).map(pagePath));
    let look: string[];
    const trusted = options.since === undefined || options.since === indexed;
    if (fresh || !options.changedPages || !trusted) {
      if (options.changedPages && !fresh && !trusted) {
        log(`搜索索引：上次索引的是版本 ${indexed || '（未完成）'}，不是 ${options.since}：逐页比对`);
      }
      look = htmlPages(outDir);
      const present = new Set(look);
      for (const { path } of store.all()) if (!present.has(path)) removed.add(path);
    } else {
      look = Array.from(new Set(options.changedPages.map(pagePath))).filter((path) => !removed.has(path));
    }
    const gone = store;
    gone.transaction(() => {
      for (const path of removed) gone.remove(path);
    });
    // Pages whose file is the one staged (the follower's, or an earlier run's, by its
    // signature: stage.ts fileSignature) are not read again: re-reading and hashing every
    // page of a cold publish cost more than a second of the critical path.
    const signatures = store.signatures(look.length < SIGNATURES_ONE_BY_ONE ? look : undefined);
    const unread = look.length;
    look = look.filter((path) => {
      const known = signatures.get(path);
      if (!known) return true;
      const stat = statSync(join(outDir, path), { bigint: true, throwIfNoEntry: false });
      return !stat || signatureOf(stat) !== known;
    });
    const vouched = unread - look.length;
    const staged = await stageInParallel(outDir, storeFile, look, availableParallelism());
    const stagingMs = Math.round(performance.now() - staging);

    // Shards: which pages each holds, and the name that digest gives it.
    const rows = store.all();
    const paths = rows.map((row) => row.path);
    const count = shardCount(paths.length, options.pagesPerShard);
    const members: Array<typeof rows> = Array.from({ length: count }, () => []);
    for (const row of rows) members[shardOf(row.path, count)]?.push(row);
    const shards = members.flatMap((list, i) => {
      if (list.length === 0) return [];
      const content = createHash('sha1').update(`${FORMAT}\n${version}\n${icu}\n${count}\n`);
      for (const row of list) content.update(`${row.path}\n${row.body}\n`);
      const name = `${String(i).padStart(3, '0')}-${content.digest('hex').slice(0, 12)}`;
      return [{ name, paths: list.map((row) => row.path) }];
    });

    const shardsDir = join(workDir, 'shards');
    mkdirSync(shardsDir, { recursive: true });
    const reports = new Map<string, ShardReport>();
    const toBuild = shards.filter((shard) => {
      const ready = !options.full && existsSync(join(shardsDir, shard.name, 'pagefind-entry.json'));
      if (ready) reports.set(shard.name, { name: shard.name, pages: shard.paths.length, built: false });
      return !ready;
    });
    log(
      `搜索索引：${paths.length} 页，${shards.length} 个分片，需重建 ${toBuild.length} 个（读取 ${look.length} 页，其余 ${vouched} 页未变；分词 ${staged.segmented} 页，用时 ${stagingMs} ms）`,
    );

    // Shards decoded for the merge as their runs end, while the other run goes on (half of a
    // cold merge's time was decoding); the merge then reads the cache left in each shard. On a
    // thread of its own, whose garbage never joins the caller's heap (Astro's, for a plain
    // build). An edit's one or two shards are decoded by the merge itself.
    const decoder = toBuild.length > EARLY_DECODE_FROM ? new ShardDecoder() : undefined;
    const scratch = toBuild.length > 0 ? mkdtempSync(join(scratchRoot(), 'fulian-search-')) : undefined;
    const queue = [...toBuild];
    const reader = store;
    const worker = async () => {
      for (let shard = queue.shift(); shard; shard = queue.shift()) {
        const run = join(scratch as string, shard.name);
        const temp = join(shardsDir, `.${shard.name}.${process.pid}.tmp`);
        rmSync(temp, { recursive: true, force: true });
        // Pagefind reads a folder: the shard's staged pages, written out for this run only.
        const made = new Set<string>();
        const rows = reader.htmlOf(shard.paths);
        if (rows.length !== shard.paths.length) {
          const have = new Set(rows.map((row) => row.path));
          const missing = shard.paths.find((path) => !have.has(path));
          throw new Error(`搜索索引的暂存页面缺少 ${missing}（${storeFile}）：请完整重建索引（--full）`);
        }
        for (const { path, html } of rows) {
          const target = join(run, path);
          const folder = dirname(target);
          if (!made.has(folder)) {
            mkdirSync(folder, { recursive: true });
            made.add(folder);
          }
          writeFileSync(target, html);
        }
        try {
          const result = await runPagefind(run, temp, shard.paths.length);
          for (const file of readdirSync(temp)) if (UNUSED.test(file)) rmSync(join(temp, file));
          rmSync(join(shardsDir, shard.name), { recursive: true, force: true });
          renameSync(temp, join(shardsDir, shard.name));
          decoder?.decode(join(shardsDir, shard.name));
          reports.set(shard.name, {
            name: shard.name,
            pages: shard.paths.length,
            built: true,
            ms: result.ms,
            peakRssMb: result.peakRssMb,
          });
          log(`搜索索引分片 ${shard.name}：${shard.paths.length} 页，${result.ms} ms，峰值内存 ${result.peakRssMb ?? '?'} MB`);
        } finally {
          rmSync(run, { recursive: true, force: true });
          rmSync(temp, { recursive: true, force: true });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, toBuild.length) }, worker));
      await decoder?.finish();
    } finally {
      await decoder?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }

    // Shards of earlier runs that no page belongs to any more.
    const names = new Set(shards.map((s) => s.name));
    for (const entry of readdirSync(shardsDir))
      if (!names.has(entry)) rmSync(join(shardsDir, entry), { recursive: true, force: true });

    const indexDir = join(outDir, 'pagefind');
    const merging = performance.now();
    let mergeIncremental = false;
    if (shards.length > 0) {
      const merged = await mergeShards(
        shards.map((s) => join(shardsDir, s.name)),
        indexDir,
        { state: join(workDir, 'merge-state') },
      );
      mergeIncremental = merged.incremental;
      log(
        `搜索索引合并${merged.incremental ? '（增量）' : ''}：${merged.pages} 页，${merged.chunks} 个词块，元数据 ${Math.round(merged.metaBytes / 1024)} KB，用时 ${Math.round(performance.now() - merging)} ms`,
      );
    } else rmSync(indexDir, { recursive: true, force: true });

    const built = [...reports.values()].filter((r) => r.built && r.peakRssMb !== undefined);
    const report: IndexSiteReport = {
      shards: shards.map((s) => reports.get(s.name) as ShardReport),
      pagesIndexed: paths.length,
      pagesStaged: staged.segmented,
      pagesRead: look.length,
      ms: Math.round(performance.now() - started),
      mergeMs: Math.round(performance.now() - merging),
      mergeIncremental,
      peakRssMb: built.length > 0 ? Math.max(...built.map((r) => r.peakRssMb as number)) : undefined,
      stagingPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    store.setMeta('release', options.release ?? '');
    return report;
  } finally {
    store.close();
  }
}
