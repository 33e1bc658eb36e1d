import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapeHtml } from '../lib/escape.ts';
import { searchBody, spaceChineseWords } from './search-segmentation.ts';

/** Bump when the staged text would come out differently for the same page. */
const FORMAT = 3;

const digest = (text: string) => createHash('sha1').update(text).digest('base64url');

export interface StagedPages {
  /** Pages with a data-pagefind-body element, now staged. */
  pages: number;
  /** Of those, pages segmented in this build (the rest were unchanged and reused). */
  segmented: number;
  /** Staged pages removed because their page is gone from the build. */
  removed: number;
}

interface Manifest {
  format: number;
  icu: string;
  /** Path under dist -> digests of the whole page and of its indexed element(s), as built. */
  pages: Record<string, { page: string; body: string }>;
}

/**
 * Stages, for every page Pagefind will index, a page holding only what it reads: the element
 * marked data-pagefind-body, its Chinese text split into words (search-segmentation.ts). The
 * folder lives in Astro's cache, keyed by the digest of that element: a rebuild segments only
 * the pages whose content changed (not those whose footer or menu did), and deletes those
 * that vanished. A new ICU (a new Node) segments differently, so it starts afresh.
 */
export function stageSearchPages(site: string, staging: string): StagedPages {
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

  const next: Manifest = { format: FORMAT, icu, pages: {} };
  let segmented = 0;
  for (const path of readdirSync(site, { recursive: true, encoding: 'utf8' })) {
    if (!path.endsWith('.html') || path.startsWith(`pagefind/`)) continue;
    const page = readFileSync(join(site, path), 'utf8');
    if (!page.includes('data-pagefind-body')) continue;
    const target = join(pagesDir, path);
    const before = previous?.pages[path];
    const pageDigest = digest(page);
    // Most pages of a rebuild are byte for byte the same: no need to parse them.
    if (before?.page === pageDigest && existsSync(target)) {
      next.pages[path] = before;
      continue;
    }
    const body = searchBody(page);
    if (!body) continue;
    const bodyDigest = digest(`${body.lang}\n${body.html}`);
    next.pages[path] = { page: pageDigest, body: bodyDigest };
    if (before?.body === bodyDigest && existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      `<!doctype html><html lang="${escapeHtml(body.lang)}"><head><meta charset="utf-8"></head><body>${spaceChineseWords(body.html)}</body></html>`,
    );
    segmented++;
  }
  let removed = 0;
  for (const path of Object.keys(previous?.pages ?? {})) {
    if (next.pages[path]) continue;
    rmSync(join(pagesDir, path), { force: true });
    removed++;
  }
  writeFileSync(manifestPath, JSON.stringify(next));
  return { pages: Object.keys(next.pages).length, segmented, removed };
}
