// The naive pipeline: nothing but Astro's defaults, as in the Astro docs' Strapi guide.
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  outDir: process.env.NAIVE_OUT_DIR ?? './dist',
  cacheDir: process.env.NAIVE_CACHE_DIR ?? './node_modules/.astro',
});
