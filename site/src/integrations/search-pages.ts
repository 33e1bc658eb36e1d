import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spaceChineseWords } from './search-segmentation.ts';

/** Bump when the staged text would come out differently for the same page. */
const FORMAT = 1;

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
  /** Path under dist -> digest of the page as built. */
  pages: Record<string, string>;
}

/**
 * Copies every page Pagefind will index from `site` into `staging`, its Chinese text split
 * into words (search-segmentation.ts). The folder lives in Astro's cache, keyed by each page's
 * digest: a rebuild segments only the pages that changed, and deletes those that vanished.
 * A new ICU (a new Node) segments differently, so it starts the folder afresh.
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
    const html = readFileSync(join(site, path), 'utf8');
    if (!html.includes('data-pagefind-body')) continue;
    const digest = createHash('sha1').update(html).digest('base64url');
    next.pages[path] = digest;
    const target = join(pagesDir, path);
    if (previous?.pages[path] === digest && existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, spaceChineseWords(html));
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
