import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { escapeHtml } from '../lib/escape.ts';
import { searchBody, spaceChineseWords } from './search-segmentation.ts';

/** Bump when the staged text would come out differently for the same page. */
const FORMAT = 3;

/** Below this many pages one thread is quicker than starting workers. */
const PAGES_PER_WORKER = 1000;

const digest = (text: string) => createHash('sha1').update(text).digest('base64url');

export interface StagedPages {
  /** Pages with a data-pagefind-body element, now staged. */
  pages: number;
  /** Of those, pages segmented in this build (the rest were unchanged and reused). */
  segmented: number;
  /** Staged pages removed because their page is gone from the build. */
  removed: number;
}

/** Digests of a page as built and of its indexed element(s). */
type Digests = { page: string; body: string };

interface Manifest {
  format: number;
  icu: string;
  /** Path under dist -> digests of the page as built. */
  pages: Record<string, Digests>;
}

/** What one thread did with its share of the pages. */
export interface StagedShare {
  pages: Record<string, Digests>;
  segmented: number;
}

/**
 * Stages, for every page Pagefind will index, a page holding only what it reads: the element
 * marked data-pagefind-body, its Chinese text split into words (search-segmentation.ts). The
 * folder lives in Astro's cache, keyed by the digest of that element: a rebuild segments only
 * the pages whose content changed (not those whose footer or menu did), and deletes those
 * that vanished. A new ICU (a new Node) segments differently, so it starts afresh. Large
 * sites are shared out to worker threads, each with a heap of its own: segmenting 36,000
 * pages inside Astro's 4.6 GB heap took 65 s on one thread.
 */
export async function stageSearchPages(site: string, staging: string, options: { workers?: number } = {}): Promise<StagedPages> {
  const manifestPath = join(staging, 'manifest.json');
  const icu = process.versions.icu ?? 'none';
  let previous: Manifest | undefined;
  if (existsSync(manifestPath)) {
    const read = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (read.format === FORMAT && read.icu === icu) previous = read;
  }
  if (!previous) rmSync(staging, { recursive: true, force: true });
  const pagesDir = join(staging, 'pages');
  mkdirSync(pagesDir, { recursive: true });

  const paths = readdirSync(site, { recursive: true, encoding: 'utf8' }).filter(
    (path) => path.endsWith('.html') && !path.startsWith('pagefind/'),
  );
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.floor(paths.length / PAGES_PER_WORKER)));
  const shares = workers === 1 ? [paths] : Array.from({ length: workers }, (_, w) => paths.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    shares.map((share) =>
      workers === 1
        ? stagePages(site, pagesDir, share, previous?.pages ?? {})
        : inWorker(site, pagesDir, share, pick(previous?.pages ?? {}, share)),
    ),
  );

  const next: Manifest = { format: FORMAT, icu, pages: Object.assign({}, ...results.map((r) => r.pages)) };
  let removed = 0;
  for (const path of Object.keys(previous?.pages ?? {})) {
    if (next.pages[path]) continue;
    rmSync(join(pagesDir, path), { force: true });
    removed++;
  }
  writeFileSync(manifestPath, JSON.stringify(next));
  const segmented = results.reduce((sum, r) => sum + r.segmented, 0);
  return { pages: Object.keys(next.pages).length, segmented, removed };
}

/** One thread's work: stage each of `paths` that Pagefind indexes, reusing what is unchanged. */
export function stagePages(site: string, pagesDir: string, paths: string[], previous: Record<string, Digests>): StagedShare {
  const pages: Record<string, Digests> = {};
  let segmented = 0;
  for (const path of paths) {
    const page = readFileSync(join(site, path), 'utf8');
    if (!page.includes('data-pagefind-body')) continue;
    const target = join(pagesDir, path);
    const before = previous[path];
    const pageDigest = digest(page);
    // Most pages of a rebuild are byte for byte the same: no need to parse them.
    if (before?.page === pageDigest && existsSync(target)) {
      pages[path] = before;
      continue;
    }
    const body = searchBody(page);
    if (!body) continue;
    const bodyDigest = digest(`${body.lang}\n${body.html}`);
    pages[path] = { page: pageDigest, body: bodyDigest };
    if (before?.body === bodyDigest && existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      `<!doctype html><html lang="${escapeHtml(body.lang)}"><head><meta charset="utf-8"></head><body>${spaceChineseWords(body.html)}</body></html>`,
    );
    segmented++;
  }
  return { pages, segmented };
}

const pick = (all: Record<string, Digests>, paths: string[]) =>
  Object.fromEntries(paths.flatMap((path) => (all[path] ? [[path, all[path]]] : [])));

function inWorker(site: string, pagesDir: string, paths: string[], previous: Record<string, Digests>): Promise<StagedShare> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./search-pages-worker.ts', import.meta.url), {
      workerData: { site, pagesDir, paths, previous },
    });
    let result: StagedShare | undefined;
    worker.once('message', (message: StagedShare) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`搜索索引分词线程异常退出（退出码 ${code}），未返回结果`));
    });
  });
}
