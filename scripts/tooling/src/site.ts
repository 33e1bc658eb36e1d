import { join } from 'node:path';
import { SITE_DIR } from './paths.ts';
import { run } from './processes.ts';

const ASTRO_BIN = join(SITE_DIR, 'node_modules/astro/bin/astro.mjs');

export interface SiteBuildOptions {
  cmsUrl: string;
  token: string;
  /** The public address the site will be served at: feeds and canonical links use it. */
  siteUrl: string;
  outDir?: string;
  cacheDir?: string;
  quiet?: boolean;
}

/** Runs the real `astro build` in its own process, reading the CMS over REST. */
export async function buildSite(options: SiteBuildOptions): Promise<{ output: string; outDir: string }> {
  const outDir = options.outDir ?? join(SITE_DIR, 'dist');
  const { output } = await run(process.execPath, [ASTRO_BIN, 'build'], {
    cwd: SITE_DIR,
    quiet: options.quiet ?? false,
    env: {
      ...process.env,
      CMS_URL: options.cmsUrl,
      CMS_BUILD_TOKEN: options.token,
      SITE_URL: options.siteUrl,
      SITE_OUT_DIR: outDir,
      ...(options.cacheDir ? { SITE_CACHE_DIR: options.cacheDir } : {}),
      ASTRO_TELEMETRY_DISABLED: '1',
      // Plain text: callers read the output (CI=true would turn colours on).
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  return { output, outDir };
}
