import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { cmsSnapshot } from './src/cms/snapshot.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';

// The CMS is read at build time only; its address is allowed as an image source so that
// astro:assets can fetch, re-encode and copy uploads into dist (the CMS is never linked).
const cmsUrl = new URL(process.env.CMS_URL ?? 'http://127.0.0.1:1337');

export default defineConfig({
  // Absolute links in feeds, sitemap and canonical tags come from here.
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'always',
  // Stylesheets are always files, never inline <style>: the Content-Security-Policy
  // (deploy/site-headers.json) allows no inline style, and the files are cached immutably.
  build: { format: 'directory', inlineStylesheets: 'never' },
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  // Separate caches let tests and the publish pipeline build side by side.
  cacheDir: process.env.SITE_CACHE_DIR ?? './node_modules/.astro',
  image: {
    // Encoding dominated build time (93 of 108 s at 0.1x in docs/benchmarks.md): AVIF at
    // sharp's default effort 4 is several times slower than effort 2 for a file a few
    // per cent larger, which readers on phones will not notice.
    service: { entrypoint: 'astro/assets/services/sharp', config: { avif: { effort: 2 }, webp: { effort: 3 } } },
    remotePatterns: [
      {
        protocol: cmsUrl.protocol.replace(':', ''),
        hostname: cmsUrl.hostname,
        ...(cmsUrl.port ? { port: cmsUrl.port } : {}),
      },
    ],
  },
  // cmsSnapshot saves the content of a finished build when SITE_SNAPSHOT_DIR is set.
  integrations: [sitemap(), pagefindIndex(), cmsSnapshot()],
});
