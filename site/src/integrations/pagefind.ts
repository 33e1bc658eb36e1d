import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * Indexes the built site with Pagefind (its npm package ships the extended binary, with
 * Chinese word segmentation) and writes the index into dist/pagefind. Only pages that mark
 * their content with data-pagefind-body are indexed; any indexing error fails the build.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'fulian:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        try {
          const { index, errors } = await pagefind.createIndex({});
          if (!index) throw new Error(`Pagefind 无法建立索引：${errors.join('；')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind 索引出错：${added.errors.join('；')}`);
          const written = await index.writeFiles({ outputPath: `${site}pagefind` });
          if (written.errors.length > 0) throw new Error(`Pagefind 写入索引出错：${written.errors.join('；')}`);
          logger.info(`搜索索引：${added.page_count} 页，用时 ${Math.round(performance.now() - started)} ms`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
