import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { stageSearchPages } from './search-pages.ts';

/**
 * The index's language as Pagefind sees it. The staged pages are already split into words,
 * so Pagefind must not segment them again (its Chinese segmenter is what made the search step
 * cost 7.4 GB and 50 s at 12,000 pages); with any zh code it would. The search page splits the
 * query with the same segmenter before searching (src/pages/search.astro).
 */
export const SEARCH_INDEX_LANGUAGE = 'en';

/**
 * Indexes the built site with Pagefind and writes the index into dist/pagefind. Only pages
 * that mark their content with data-pagefind-body are indexed, from word-split copies kept in
 * Astro's cache (search-pages.ts); any indexing error fails the build.
 */
export function pagefindIndex(): AstroIntegration {
  let cacheDir = '';
  return {
    name: 'fulian:pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:done': async ({ dir, logger }) => {
        // An incremental build renders a few pages into a scratch folder: the publisher indexes
        // the whole new release once it is assembled (indexSearch below).
        if (process.env.SITE_RENDER_MODE === 'incremental') return;
        logger.info(await indexSearch(fileURLToPath(dir), cacheDir));
      },
    },
  };
}

/**
 * Indexes every page of a built site (`site`) into site/pagefind, from word-split copies
 * cached under cacheDir. The pagefind folder is deleted first, never written over: in a
 * release made by difference its files are hard links to the live release's.
 */
export async function indexSearch(site: string, cacheDir: string): Promise<string> {
  const started = performance.now();
  const staging = join(cacheDir, 'search-pages');
  const staged = await stageSearchPages(site, staging);
  const stagedMs = Math.round(performance.now() - started);
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_INDEX_LANGUAGE });
    if (!index) throw new Error(`Pagefind 无法建立索引：${errors.join('；')}`);
    const added = await index.addDirectory({ path: join(staging, 'pages') });
    if (added.errors.length > 0) throw new Error(`Pagefind 索引出错：${added.errors.join('；')}`);
    if (added.page_count !== staged.pages) {
      throw new Error(`Pagefind 只索引了 ${added.page_count} 页，应为 ${staged.pages} 页`);
    }
    rmSync(join(site, 'pagefind'), { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind 写入索引出错：${written.errors.join('；')}`);
    return `搜索索引：${added.page_count} 页（分词 ${staged.segmented} 页，沿用 ${staged.pages - staged.segmented} 页，用时 ${stagedMs} ms），共用时 ${Math.round(performance.now() - started)} ms`;
  } finally {
    await pagefind.close();
  }
}
