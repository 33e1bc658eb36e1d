import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, throwIfFailed } from '@fulian/site/build';
import { ROOT, SITE_DIR } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { serveStatic } from '@fulian/tooling/static-server';
import { startThrowawayCms, type ThrowawayCms } from './throwaway-cms.ts';

export interface DemoSite {
  url: string;
  dist: string;
  cms: ThrowawayCms;
  stop(): Promise<void>;
}

/**
 * A copy of site/ (sources only; node_modules linked) for one build. Astro builds of one site
 * folder cannot overlap, since they share its .astro/ build folder: built from a copy, the
 * demo site can be built while another test builds site/ itself (npm test's two lanes).
 */
function siteCopy(work: string): string {
  const root = join(work, 'site-tree', 'site');
  cpSync(SITE_DIR, root, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.astro)$/.test(src) });
  copyFileSync(join(ROOT, 'tsconfig.base.json'), join(work, 'site-tree', 'tsconfig.base.json'));
  symlinkSync(join(SITE_DIR, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * The demo content in a throwaway Strapi, built by the real Astro build (from a copy of
 * site/, with an image store of its own) and served from dist the way a CDN would: what
 * browser tests and screenshots look at. `prepare` may add content through the CMS's REST
 * API before the build.
 */
export async function buildDemoSite(prepare?: (cms: ThrowawayCms) => Promise<void>): Promise<DemoSite> {
  const cms = await startThrowawayCms({ CMS_LOAD_DEMO: 'true' });
  const work = mkdtempSync(join(tmpdir(), 'fulian-demo-'));
  let server: Server | undefined;
  try {
    await prepare?.(cms);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dist = join(work, 'dist');
    throwIfFailed(
      await buildSite({
        root: siteCopy(work),
        cmsUrl: cms.url,
        buildToken: cms.buildToken,
        siteUrl: url,
        outDir: dist,
        cacheDir: join(work, 'cache'),
        imageStoreDir: join(work, 'images'),
      }),
    );
    const served = await serveStatic(dist, port);
    server = served.server;
    return {
      url,
      dist,
      cms,
      stop: async () => {
        server?.close();
        await cms.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.close();
    await cms.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
