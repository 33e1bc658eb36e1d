import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { siteEnv } from '../env.ts';
import { SharedLimiter } from './limiter.ts';
import { ImageStore, type ImageStoreRecord } from './store.ts';

/**
 * The one store of a build process. Astro bundles the pages apart from astro.config.ts, so the
 * integration and the pages each get their own copy of this module: the state lives on
 * globalThis, under a registered symbol, for both copies to share.
 */
interface Runtime {
  outDir?: string;
  store?: ImageStore;
  /** The encoder slots of the build, shared with its second rendering thread. */
  encoderSlots?: SharedArrayBuffer;
}

/** Encodes at once for the whole build: each holds a decoded image (about 100 MB at the peak). */
const ENCODES = 2;

const KEY = Symbol.for('fulian.site.images');
const shared = globalThis as Record<symbol, Runtime | undefined>;
shared[KEY] ??= {};
const runtime = shared[KEY];

/** The repository's root (where pnpm-workspace.yaml is), from the build's working folder. */
function repositoryRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Where the store lives, kept across builds and releases:
 * 1. SITE_IMAGE_STORE_DIR;
 * 2. else `images/` in the publish folder, PUBLISH_DIR (relative to the repository), beside
 *    releases/ and cache/;
 * 3. else `var/images/` in the repository (the publish folder's default);
 * 4. else, outside a checkout, `node_modules/.cache/fulian-images` of the working folder.
 * Relative paths are taken from the working folder (Astro's root: the site folder).
 */
export function storeDir(processEnv: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const env = siteEnv(processEnv);
  if (env.SITE_IMAGE_STORE_DIR) return resolve(cwd, env.SITE_IMAGE_STORE_DIR);
  const root = repositoryRoot(cwd);
  if (root) return env.PUBLISH_DIR ? resolve(root, env.PUBLISH_DIR, 'images') : join(root, 'var', 'images');
  return join(cwd, 'node_modules', '.cache', 'fulian-images');
}

/**
 * Called by the integration with Astro's resolved outDir, before any page renders; and by a
 * second rendering thread with the same folder and the main thread's encoder slots.
 */
export function configureImages(options: { outDir: string; encoderSlots?: SharedArrayBuffer }): void {
  runtime.outDir = options.outDir;
  runtime.encoderSlots = options.encoderSlots ?? SharedLimiter.memory(ENCODES);
  runtime.store = undefined;
}

/** The encoder slots of this build, for its second rendering thread. */
export function encoderSlots(): SharedArrayBuffer {
  runtime.encoderSlots ??= SharedLimiter.memory(ENCODES);
  return runtime.encoderSlots;
}

/**
 * The build's store. Outside Astro (plain Node), the output folder is SITE_OUT_DIR, or
 * `dist` of the working folder, as in astro.config.ts.
 */
export function defaultStore(processEnv: NodeJS.ProcessEnv = process.env): ImageStore {
  const env = siteEnv(processEnv);
  runtime.store ??= new ImageStore({
    dir: storeDir(processEnv),
    outDir: runtime.outDir ?? resolve(env.SITE_OUT_DIR),
    encoder: new SharedLimiter(encoderSlots()),
    ...(env.CMS_URL ? { cmsUrl: env.CMS_URL } : {}),
  });
  return runtime.store;
}

/** The output folder the integration configured: a second rendering thread configures the same. */
export function configuredOutDir(): string | undefined {
  return runtime.outDir;
}

/** What this thread's store did, if a page used it (a second rendering thread hands it over). */
export function imageRecord(): ImageStoreRecord | null {
  return runtime.store?.record() ?? null;
}

/** Adds what a second rendering thread's store did to this build's store (parallel-render.ts). */
export function addImageRecord(record: ImageStoreRecord): void {
  defaultStore().add(record);
}
