import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, throwIfFailed } from '@fulian/site/build';
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
 * The demo content in a throwaway Strapi, built by the real Astro build and served from
 * dist the way a CDN would: what browser tests and screenshots look at. `prepare` may add
 * content through the CMS's REST API before the build.
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
        cmsUrl: cms.url,
        buildToken: cms.buildToken,
        siteUrl: url,
        outDir: dist,
        cacheDir: join(work, 'cache'),
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
