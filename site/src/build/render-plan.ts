import { createHash, hash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { siteEnv } from '../env.ts';

/**
 * Which pages a build renders.
 *
 * Every dynamic route hands its paths to `planPaths()`. Each path gets a key: a digest of
 * everything the page reads (its params, its props with content entries reduced to
 * `collection/id@digest`, and the build's globals: site settings, which every page shows, the
 * templates and the build configuration; see lib/plan.ts). A full build renders every path;
 * an incremental build renders only the paths whose key differs from the previous build's
 * manifest, and the publisher takes every other file from the previous release. The manifest
 * of this build (every path with its key, and the paths rendered) is written at the end of the
 * build, so the publisher also learns which paths disappeared.
 *
 * The one rule that keeps this correct: a page reads nothing but its props, the globals and
 * the date (pages that depend on the date put it in their props). Routes without
 * getStaticPaths (home, the site-wide feed, the relief index, the site map page, search,
 * about, 404, robots.txt) are rendered on every build; each is small. The section feeds, the
 * calendar and the archive index are planned routes of one path each.
 * The differential test (publisher package) compares incremental releases with full builds.
 */

export interface RenderManifest {
  version: typeof MANIFEST_VERSION;
  /** Digest of what every page reads besides its props. */
  globals: string;
  /** Route pattern → pathname → key. */
  routes: Record<string, Record<string, string>>;
  /** Pathnames rendered by this build, dynamic routes only. */
  rendered: string[];
  /** Sitemap shard file → digest of its content (see sitemap.ts). */
  sitemaps?: Record<string, string>;
  /**
   * Pathname → the image files its output references (site-relative, e.g. `_astro/a.webp`),
   * for every page of the site: rendered pages are read by the build, the others are carried
   * over. An image no page references any more is deleted from a release made by difference.
   */
  images?: Record<string, string[]>;
}

/**
 * 2: image files are written once, in `imageFiles`, and pages name them by index. At 3x the
 * per-page lists spelled out every file name again: 7.5 of the manifest's 10.3 MB, written by
 * every build and read by the next build and by the publisher.
 */
const MANIFEST_VERSION = 2;

/** The manifest as written to its file: see MANIFEST_VERSION. */
interface ManifestFile extends Omit<RenderManifest, 'images'> {
  imageFiles: string[];
  images: Record<string, number[]>;
}

/**
 * Reads a manifest written by `writeManifest`. Null when the file is missing, unreadable or of
 * another version: the caller renders everything (a build) or refuses to go on (the publisher).
 */
export function readManifest(file: string): RenderManifest | null {
  let parsed: ManifestFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ManifestFile;
  } catch {
    return null;
  }
  if (parsed?.version !== MANIFEST_VERSION) return null;
  const { imageFiles, images, ...rest } = parsed;
  const byPage: Record<string, string[]> = {};
  for (const [pathname, indices] of Object.entries(images)) {
    byPage[pathname] = indices.map((i) => {
      const name = imageFiles[i];
      if (name === undefined) throw new Error(`页面清单 ${file} 已损坏：页面 ${pathname} 引用了不存在的图片序号 ${i}。`);
      return name;
    });
  }
  return { ...rest, images: byPage };
}

/** Image files written for content (covers, body photos); scripts and styles are not content. */
const IMAGE_REFERENCE = /\/((?:_astro|_img)\/[^"'\s)?#<>]+\.(?:avif|webp|jpe?g|png|gif))/g;

/** The image files a page's output references. */
export function imagesIn(text: string): string[] {
  return [...new Set([...text.matchAll(IMAGE_REFERENCE)].map((m) => m[1] as string))].sort();
}

export type RenderMode = 'full' | 'incremental';

interface PlanState {
  mode: RenderMode;
  /** SITE_PLANNED_PAGES: where the output files of the paths kept are listed as routes plan. */
  plannedFile: string | undefined;
  previous: RenderManifest | null;
  globals: string | null;
  routes: Record<string, Record<string, string>>;
  rendered: string[];
  skipped: number;
}

// Pages run in Vite's module graph and the integration in the config's: they see different
// copies of this module, and globalThis is the one place they share.
const STATE = Symbol.for('fulian.render-plan');
type WithState = { [STATE]?: PlanState };

function readPrevious(file: string | undefined): RenderManifest | null {
  if (!file || !existsSync(file)) return null;
  try {
    return readManifest(file);
  } catch {
    // A damaged manifest only costs a full render.
    return null;
  }
}

function state(processEnv: NodeJS.ProcessEnv = process.env): PlanState {
  const holder = globalThis as WithState;
  if (!holder[STATE]) {
    const env = siteEnv(processEnv);
    const mode: RenderMode = env.SITE_RENDER_MODE;
    holder[STATE] = {
      mode,
      plannedFile: env.SITE_PLANNED_PAGES,
      previous: mode === 'incremental' ? readPrevious(env.SITE_RENDER_PREVIOUS) : null,
      globals: null,
      routes: {},
      rendered: [],
      skipped: 0,
    };
  }
  return holder[STATE];
}

/** Resets the plan; for tests, which run several plans in one process. */
export function resetRenderPlan(): void {
  delete (globalThis as WithState)[STATE];
}

function digest(value: string): string {
  // One-shot hashing: a Hash object a path cost twice the time (43,614 paths at 3x).
  return hash('sha256', value, 'base64url').slice(0, 22);
}

export type EntryLike = { id: string; collection: string; data: unknown; digest?: string | number };

function isEntry(value: object): value is EntryLike {
  const v = value as Partial<EntryLike>;
  return typeof v.id === 'string' && typeof v.collection === 'string' && 'data' in v;
}

// Objects made from one content entry alone (with the code and globals every key holds),
// mapped to that entry's identity. Shared through globalThis, as the plan's state is.
const IDENTITIES = Symbol.for('fulian.render-plan.identities');
const sharedIdentities = globalThis as { [IDENTITIES]?: WeakMap<object, string> };
sharedIdentities[IDENTITIES] ??= new WeakMap();
const identities = sharedIdentities[IDENTITIES];

/**
 * Marks an object derived from one entry by the site's code alone (a list card), so that a
 * key holds the entry's identity and digest instead of the object's every field: the archive's
 * year and month pages hold all 36,000 cards at 3x between them, and spelling each out was
 * most of the time the plan took. `kind` tells apart two objects made from the same entry.
 */
export function derivedFrom<T extends object>(value: T, entry: EntryLike, kind: string): T {
  identities.set(value, `${kind}:${entry.collection}/${entry.id}@${entry.digest ?? digest(JSON.stringify(entry.data))}`);
  return value;
}

/**
 * A stable text of what a page's props hold. Content entries become their identity and
 * digest (the loader's digest covers every field of the document, the body included), so a
 * list page's key changes exactly when one of its entries, or their order, does.
 */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    const derived = v && typeof v === 'object' ? identities.get(v) : undefined;
    if (derived !== undefined) return derived;
    if (v && typeof v === 'object' && !Array.isArray(v) && isEntry(v)) {
      return `${v.collection}/${v.id}@${v.digest ?? digest(JSON.stringify(v.data))}`;
    }
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v.values()];
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

/** `/news/[slug]/` with { slug: 'a' } → `/news/a/`; a missing rest parameter drops out. */
export function pathnameOf(pattern: string, params: Record<string, string | undefined>): string {
  // Split once per pattern: a route's every path goes through here (43,614 at 3x).
  let parts = patternParts.get(pattern);
  if (!parts) {
    parts = pattern.split(/\[(?:\.\.\.)?([^\]]+)\]/);
    patternParts.set(pattern, parts);
  }
  // Literals at even places, parameter names at odd ones.
  let filled = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) filled += (params[parts[i] as string] ?? '') + (parts[i + 1] as string);
  return filled.includes('//') ? filled.replace(/\/{2,}/g, '/') : filled;
}
const patternParts = new Map<string, string[]>();

/** The file a pathname is written to (build.format 'directory', trailingSlash 'always'). */
export function outputFileOf(pathname: string): string {
  const relative = pathname.replace(/^\/+/, '');
  return pathname.endsWith('/') ? `${relative}index.html` : relative;
}

/**
 * Sets what every page reads besides its props. Called once per build, by the first route
 * to plan its paths (from `siteGlobals()` in globals.ts).
 */
export function setGlobals(parts: unknown): void {
  const s = state();
  const value = digest(fingerprint([parts, templatesDigest()]));
  if (s.globals !== null && s.globals !== value) {
    throw new Error('本次构建中站点的全局内容（站点设置、分类等）前后不一致，无法判断哪些页面需要重新生成。');
  }
  s.globals = value;
}

export interface PlannedPath {
  params: Record<string, string | undefined>;
  props?: object;
}

/**
 * Keeps the paths this build must render and records every path's key. `pattern` is the
 * route's URL pattern, e.g. `/news/[slug]/`, `/news/[...page]/` or `/[section]/rss.xml`.
 */
export function planPaths<T extends PlannedPath>(pattern: string, paths: T[]): T[] {
  const s = state();
  if (s.globals === null) {
    throw new Error(`路由 ${pattern} 在设定全局内容之前规划了页面：请先调用 siteGlobals()。`);
  }
  const keys: Record<string, string> = {};
  const previous = s.previous && s.previous.globals === s.globals ? s.previous.routes[pattern] : undefined;
  const kept: T[] = [];
  for (const path of paths) {
    const pathname = pathnameOf(pattern, path.params);
    if (keys[pathname] !== undefined) throw new Error(`路由 ${pattern} 生成了重复的页面 ${pathname}`);
    const key = digest(fingerprint([path.params, path.props ?? null]));
    keys[pathname] = key;
    if (s.mode === 'incremental' && previous?.[pathname] === key) {
      s.skipped++;
      continue;
    }
    kept.push(path);
    s.rendered.push(pathname);
  }
  s.routes[pattern] = keys;
  // One write a route: Astro plans every route before it renders the first page.
  if (s.plannedFile && kept.length > 0) {
    appendFileSync(s.plannedFile, kept.map((path) => `${outputFileOf(pathnameOf(pattern, path.params))}\n`).join(''));
  }
  return kept;
}

/** This build's manifest, once every route has planned its paths. */
export function currentManifest(): RenderManifest & { mode: RenderMode; skipped: number } {
  const s = state();
  return {
    version: MANIFEST_VERSION,
    globals: s.globals ?? '',
    routes: s.routes,
    rendered: s.rendered,
    mode: s.mode,
    skipped: s.skipped,
  };
}

/** The previous build's manifest, when this build is incremental and has one. */
export function previousManifest(): RenderManifest | null {
  return state().previous;
}

/**
 * Files of the previous release that this build's site no longer has: pages whose path is
 * gone, and sitemap shards no longer written. The publisher deletes them from the new release.
 */
export function removedFiles(previous: RenderManifest, next: RenderManifest): string[] {
  const removed: string[] = [];
  for (const [pattern, paths] of Object.entries(previous.routes)) {
    const now = next.routes[pattern] ?? {};
    for (const pathname of Object.keys(paths)) if (!(pathname in now)) removed.push(outputFileOf(pathname));
  }
  for (const file of Object.keys(previous.sitemaps ?? {})) if (!(file in (next.sitemaps ?? {}))) removed.push(file);
  const used = new Set(Object.values(next.images ?? {}).flat());
  for (const file of new Set(Object.values(previous.images ?? {}).flat())) if (!used.has(file)) removed.push(file);
  return removed.sort();
}

/** Writes the manifest (aside, then renamed: a crash never leaves half of one). */
export function writeManifest(
  file: string,
  sitemaps: Record<string, string>,
  images: Record<string, string[]> = {},
): RenderManifest {
  const { mode: _mode, skipped: _skipped, ...rest } = currentManifest();
  const manifest: RenderManifest = { ...rest, sitemaps, images };
  const imageFiles: string[] = [];
  const indexOf = new Map<string, number>();
  const indexed: Record<string, number[]> = {};
  for (const [pathname, files] of Object.entries(images)) {
    indexed[pathname] = files.map((name) => {
      let i = indexOf.get(name);
      if (i === undefined) {
        i = imageFiles.push(name) - 1;
        indexOf.set(name, i);
      }
      return i;
    });
  }
  const written: ManifestFile = { ...rest, sitemaps, imageFiles, images: indexed };
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(written));
  renameSync(partial, file);
  return manifest;
}

/**
 * Digest of the site's own code and configuration: a template change re-renders every page.
 * The build runs in site/, so the sources are found from the working directory.
 */
let templates: string | undefined;
export function templatesDigest(siteDir = process.cwd()): string {
  if (templates !== undefined) return templates;
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  for (const dir of ['src', 'public']) if (existsSync(join(siteDir, dir))) walk(resolve(siteDir, dir));
  for (const file of ['astro.config.ts', 'package.json', '../pnpm-lock.yaml', '../shared-types/src']) {
    const path = resolve(siteDir, file);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  for (const file of files) {
    hash.update(file.slice(siteDir.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  // What the pages print from the environment: the public address. The CMS's address is not
  // printed: every image is named by its content in the image store (site/src/images/).
  hash.update(siteEnv().SITE_URL);
  templates = hash.digest('base64url').slice(0, 22);
  return templates;
}
