import { cpSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SITE_DIR } from '@fulian/tooling/paths';
import { type Measured, measure } from './measure.ts';

/**
 * The baseline: scripts/bench/naive-site, a Strapi → Astro site written the way the Astro
 * docs' Strapi guide does it (getStaticPaths fetches the list, each page fetches its document
 * with populate=*, Markdown through marked, covers linked from the CMS). It is copied next to
 * the run and given the site's node_modules, so it builds with exactly the same Astro.
 */

export const NAIVE_TEMPLATE = join(ROOT, 'scripts', 'bench', 'naive-site');

export function prepareNaive(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  cpSync(NAIVE_TEMPLATE, dir, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.astro)$/.test(src) });
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(SITE_DIR, 'node_modules'), modules, 'dir');
  return dir;
}

export async function buildNaive(
  dir: string,
  options: { cmsUrl: string; token: string; siteUrl: string; outDir: string; cacheDir: string; logFile: string },
): Promise<Measured> {
  rmSync(options.outDir, { recursive: true, force: true });
  rmSync(options.cacheDir, { recursive: true, force: true });
  rmSync(join(dir, '.astro'), { recursive: true, force: true });
  const result = await measure(process.execPath, [join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: dir,
    logFile: options.logFile,
    env: {
      ...process.env,
      STRAPI_URL: options.cmsUrl,
      STRAPI_TOKEN: options.token,
      SITE_URL: options.siteUrl,
      NAIVE_OUT_DIR: options.outDir,
      NAIVE_CACHE_DIR: options.cacheDir,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `the naive site's build failed (exit ${result.exitCode}). Log ${options.logFile}:\n${result.output.slice(-3000)}`,
    );
  }
  return result;
}
