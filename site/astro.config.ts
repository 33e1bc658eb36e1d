import { defineConfig } from 'astro/config';
import { renderPlan } from './src/build/integration.ts';
import { parallelRender } from './src/build/parallel-render.ts';
import { cmsSnapshot } from './src/cms/snapshot.ts';
import { siteEnv } from './src/env.ts';
import { imageStore } from './src/images/integration.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';

// Checked once, here: a wrong variable stops the build with its name (src/env.ts).
const env = siteEnv();

// The CMS is read at build time only; its address is allowed as an image source for body photos.
const cmsUrl = new URL(env.CMS_URL ?? 'http://127.0.0.1:1337');

export default defineConfig({
  // Absolute links in feeds, sitemap and canonical tags come from here.
  site: env.SITE_URL,
  trailingSlash: 'always',
  // Stylesheets are always files, never inline <style>: the Content-Security-Policy
  // (deploy/site-headers.json) allows no inline style, and the files are cached immutably.
  // Eight pages at a time: four on the main thread, four on the second rendering thread of a
  // big build (src/build/parallel-render.ts, which keeps the main thread to four). Pages read
  // only their props and the globals, so order is free.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 8 },
  outDir: env.SITE_OUT_DIR,
  // Each build names its own cache (the publisher's, a test's). Two builds of one site folder
  // still cannot overlap: Astro writes site/.astro/.prerender whatever the cache, so tests that
  // build beside each other build from a copy of site/ (vitest.config.ts SITE_BUILDS).
  cacheDir: env.SITE_CACHE_DIR,
  // Covers do not go through astro:assets: they are encoded once, ever, into a
  // content-addressed store outside this cache and any release (src/images/, settings in
  // src/images/settings.ts), and linked into outDir/_img/; so are the photos in article
  // bodies (src/lib/body-images.ts) and the emblem in the header. No page asks astro:assets
  // for an image any more; its service stays configured for any that would (sharp, the CMS's
  // address as the one remote source allowed).
  image: {
    service: { entrypoint: 'astro/assets/services/sharp', config: { avif: { effort: 2 }, webp: { effort: 3 } } },
    remotePatterns: [
      {
        protocol: cmsUrl.protocol.replace(':', ''),
        hostname: cmsUrl.hostname,
        ...(cmsUrl.port ? { port: cmsUrl.port } : {}),
      },
    ],
  },

  // Astro's console log less its line per page (src/build/build-log.mjs).
  logger: { entrypoint: './src/build/build-log.mjs' },
  // cmsSnapshot saves the content of a finished build when SITE_SNAPSHOT_DIR is set.
  // renderPlan writes the sitemap and the render manifest (src/build/render-plan.ts).
  integrations: [renderPlan(), parallelRender(), pagefindIndex(), cmsSnapshot(), imageStore()],
});
