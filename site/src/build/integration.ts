import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { siteEnv } from '../env.ts';
import { currentManifest, imagesIn, outputFileOf, previousManifest, writeManifest } from './render-plan.ts';
import { samePages, sitemapIndex, sitemapShards } from './sitemap.ts';

/**
 * Ends every build: writes the sitemap from the render plan (every page of the site, not only
 * the ones this build rendered), and the plan's manifest for the next incremental build when
 * SITE_RENDER_MANIFEST names a file. Says how many pages were rendered and how many kept.
 */
export function renderPlan(env: NodeJS.ProcessEnv = process.env): AstroIntegration {
  let site: URL | undefined;
  return {
    name: 'fulian:render-plan',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
      },
      'astro:build:done': ({ dir, pages, logger }) => {
        const out = fileURLToPath(dir);
        const manifest = currentManifest();
        const dynamic = new Set(Object.values(manifest.routes).flatMap((paths) => Object.keys(paths)));
        // Routes without parameters are rendered by every build, so `pages` has all of them.
        const staticPages = pages
          .map((p) => `/${p.pathname}`.replace(/\/{2,}/g, '/'))
          .filter((p) => p.endsWith('/') && !dynamic.has(p) && p !== '/404/' && p !== '/search/');
        if (!site) throw new Error('站点地图需要站点地址：请设置 SITE_URL。');
        const previous = previousManifest();
        const before = previous?.sitemaps ?? {};
        // An edit that adds, removes and renames no page leaves every shard as it was: they hold
        // only addresses. Working them all out again took 0.14 s of a 3x edit (43,614 pages).
        // The pages' shard is made anyway: it holds the site's address, and so vouches for it.
        const unchanged =
          manifest.mode === 'incremental' &&
          previous !== null &&
          previous.globals === manifest.globals &&
          Object.keys(before).length > 0 &&
          samePages(previous.routes, manifest.routes) &&
          sitemapShards({}, staticPages, site).every((shard) => before[shard.file] === shard.digest);
        let sitemaps: Record<string, string> = before;
        let written = 0;
        if (!unchanged) {
          const routes = Object.fromEntries(Object.entries(manifest.routes).map(([r, paths]) => [r, Object.keys(paths)]));
          const shards = sitemapShards(routes, staticPages, site);
          for (const shard of shards) {
            if (manifest.mode === 'incremental' && before[shard.file] === shard.digest) continue;
            mkdirSync(out, { recursive: true });
            writeFileSync(join(out, shard.file), shard.body);
            written++;
          }
          sitemaps = Object.fromEntries(shards.map((s) => [s.file, s.digest]));
        }
        mkdirSync(out, { recursive: true });
        writeFileSync(
          join(out, 'sitemap-index.xml'),
          sitemapIndex(
            Object.keys(sitemaps).sort((a, b) => a.localeCompare(b)),
            site,
          ),
        );
        // Which images each page uses, for the next build made by difference: read from what
        // this build wrote, carried over for the pages it kept (so a release made by difference
        // can drop the images nobody uses). Reading every page back costs a second at 1x, so a
        // build that writes no manifest (`astro build` alone) does not.
        const manifestFile = siteEnv(env).SITE_RENDER_MANIFEST;
        if (manifestFile) {
          const images: Record<string, string[]> = {};
          const carried = previousManifest()?.images ?? {};
          const rendered = new Set(manifest.rendered);
          for (const pathname of [...dynamic, ...staticPages, '/404/', '/search/']) {
            const file = join(out, pathname === '/404/' ? '404.html' : outputFileOf(pathname));
            if (rendered.has(pathname) || !dynamic.has(pathname)) {
              if (existsSync(file) && /\.(?:html|xml)$/.test(file)) {
                const used = imagesIn(readFileSync(file, 'utf8'));
                if (used.length > 0) images[pathname] = used;
              }
            } else if (carried[pathname]) {
              images[pathname] = carried[pathname];
            }
          }
          writeManifest(manifestFile, sitemaps, images);
        }
        logger.info(
          `页面：生成 ${manifest.rendered.length} 个，沿用 ${manifest.skipped} 个（${manifest.mode === 'incremental' ? '增量' : '完整'}构建）；站点地图 ${Object.keys(sitemaps).length} 个分片，写入 ${written} 个${unchanged ? '（页面不变，沿用）' : ''}`,
        );
      },
    },
  };
}
