import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inThread } from '../build/task-thread.ts';
import { searchBody, stageBody } from './page.ts';

export const digest = (text: string) => createHash('sha1').update(text).digest('base64url');

/** Digests of a page as built and of the text staged for it. */
export type Digests = { page: string; body: string };

/** What staging a set of pages found: the indexed ones with their digests, and which were (re)written. */
export interface StagedShare {
  /** Path under the site -> digests, for every page that has a data-pagefind-body element. */
  pages: Record<string, Digests>;
  /** Of those, the pages whose staged copy was written in this run. */
  segmented: number;
}

/** Below this many pages one thread is quicker than starting workers. */
export const PAGES_PER_WORKER = 1000;

/**
 * Stages each of `paths` (relative to `site`) that Pagefind indexes: a small page holding only
 * the element(s) marked data-pagefind-body, prepared by stageBody (words split, Chinese
 * punctuation between blocks, downloads left out), at the same path under `pagesDir`. Most
 * pages of a rebuild are byte for byte the same as before and are not parsed again; a page
 * whose surroundings changed (menu, footer) but not its content is not segmented again. A
 * path that no longer exists, or no longer has indexed content, is left out of the result.
 */
export function stagePages(site: string, pagesDir: string, paths: string[], previous: Record<string, Digests>): StagedShare {
  const pages: Record<string, Digests> = {};
  let segmented = 0;
  for (const path of paths) {
    let page: string;
    try {
      page = readFileSync(join(site, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (!page.includes('data-pagefind-body')) continue;
    const target = join(pagesDir, path);
    const before = previous[path];
    const pageDigest = digest(page);
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
    // The staging folder is the indexer's own (never a release): writing in place is safe here.
    rmSync(target, { force: true });
    writeFileSync(
      target,
      `<!doctype html><html lang="${body.lang.replace(/[^\w-]/g, '')}"><head><meta charset="utf-8"></head><body>${stageBody(body.html)}</body></html>`,
    );
    segmented++;
  }
  return { pages, segmented };
}

/**
 * stagePages over many pages, shared among worker threads (each with a heap of its own) when
 * there are enough of them: segmenting 36,000 pages on one thread took 65 s.
 */
export async function stageInParallel(
  site: string,
  pagesDir: string,
  paths: string[],
  previous: Record<string, Digests>,
  threads: number,
): Promise<StagedShare> {
  const workers = Math.max(1, Math.min(threads, Math.floor(paths.length / PAGES_PER_WORKER)));
  if (workers === 1) return stagePages(site, pagesDir, paths, previous);
  const shares = Array.from({ length: workers }, (_, w) => paths.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    shares.map((share) =>
      inThread<StagedShare>(
        new URL('./stage-worker.ts', import.meta.url),
        { site, pagesDir, paths: share, previous: pick(previous, share) },
        '搜索索引分词',
      ),
    ),
  );
  return {
    pages: Object.assign({}, ...results.map((r) => r.pages)),
    segmented: results.reduce((sum, r) => sum + r.segmented, 0),
  };
}

const pick = (all: Record<string, Digests>, paths: string[]) =>
  Object.fromEntries(paths.flatMap((path) => (all[path] ? [[path, all[path]]] : [])));
