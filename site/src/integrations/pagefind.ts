import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { siteEnv } from '../env.ts';
import { indexSite } from '../search/index.ts';

/**
 * For a plain `astro build` (development, previews): indexes the built site for search once
 * the build is done, with the same step the publisher runs on its own after a build
 * (src/search/index.ts). Set SITE_SEARCH_INDEX=off when the caller indexes the site itself,
 * as the publisher does: then the build's memory peak and the indexer's never add up.
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
        if (siteEnv().SITE_SEARCH_INDEX === 'off') return;
        const report = await indexSite({
          outDir: fileURLToPath(dir),
          workDir: join(cacheDir, 'search-index'),
          log: (line) => logger.info(line),
        });
        logger.info(`搜索索引：${report.pagesIndexed} 页，${report.shards.length} 个分片，用时 ${report.ms} ms`);
      },
    },
  };
}
