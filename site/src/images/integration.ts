import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { configureImages, defaultStore } from './runtime.ts';
import { MIME } from './settings.ts';
import { PUBLIC_DIR } from './store.ts';

const TYPES: Record<string, string> = { avif: MIME.avif, webp: MIME.webp, jpg: MIME.jpeg, png: MIME.png };

/**
 * Tells the image store where this build writes (Astro's resolved outDir), and reports at the
 * end what the build encoded and what it found already encoded: `图片：新编码 0，复用 2726`.
 * In `astro dev`, serves `/_img/` from the folder the pages link their variants into.
 */
export function imageStore(): AstroIntegration {
  return {
    name: 'fulian:images',
    hooks: {
      'astro:config:done': ({ config }) => {
        configureImages({ outDir: fileURLToPath(config.outDir) });
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(`/${PUBLIC_DIR}/`, async (req, res, next) => {
          const name = normalize(decodeURIComponent((req.url ?? '').split('?')[0] ?? '')).replace(/^\/+/, '');
          const type = TYPES[name.split('.').pop() ?? ''];
          if (!type || name.includes('/') || name.startsWith('.')) return next();
          const file = join(defaultStore().outDir, PUBLIC_DIR, name);
          try {
            await stat(file);
          } catch {
            return next();
          }
          res.setHeader('Content-Type', type);
          createReadStream(file).pipe(res);
        });
      },
      'astro:build:done': ({ logger }) => {
        const { encoded, reused, downloaded } = defaultStore().stats();
        logger.info(`图片：新编码 ${encoded}，复用 ${reused}（下载原图 ${downloaded}）；图片库 ${defaultStore().dir}`);
      },
    },
  };
}
