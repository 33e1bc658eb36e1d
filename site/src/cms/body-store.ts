import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { siteEnv } from '../env.ts';

/**
 * Rendered document bodies, on disk beside Astro's cache, one file per collection and digest.
 *
 * Astro's content store is loaded, written and bundled whole by every build, so it keeps each
 * document's fields only. The bodies (three quarters of the store's bytes at 12,000 documents)
 * are written once when a document changes and read by the few pages a build renders. The
 * name is the entry's digest, which covers the Markdown source: an edit writes a new file, and
 * a build never reads a body that does not belong to the entry it renders.
 */
export function bodyStoreDir(env: NodeJS.ProcessEnv = process.env, siteDir = process.cwd()): string {
  // The same default as astro.config.ts's cacheDir, resolved from the site's folder.
  return resolve(siteDir, siteEnv(env).SITE_CACHE_DIR, 'bodies', rendererDigest(siteDir));
}

const renderers = new Map<string, string>();

/**
 * The version of the code that turns Markdown into a stored body: the renderer's source and
 * the pinned versions of marked and sanitize-html. Bodies are kept under it, so a change to the
 * renderer (a sanitiser fix above all) reaches every stored body, not only those whose Markdown
 * changes next: the store of an older renderer is not read, the loaders read every document
 * again into the new one (hasRendererStore) and the old one is deleted (pruneOtherRenderers).
 */
export function rendererDigest(siteDir = process.cwd()): string {
  const known = renderers.get(siteDir);
  if (known) return known;
  const pkg = JSON.parse(readFileSync(join(siteDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const digest = createHash('sha256')
    .update(readFileSync(join(siteDir, 'src', 'lib', 'markdown.ts')))
    .update(`\0marked@${pkg.dependencies?.marked}\0sanitize-html@${pkg.dependencies?.['sanitize-html']}`)
    .digest('hex')
    .slice(0, 16);
  renderers.set(siteDir, digest);
  return digest;
}

/** Whether the current renderer's store holds this collection's bodies (a whole read wrote them). */
export function hasRendererStore(dir: string, collection: string): boolean {
  return existsSync(join(dir, collection));
}

/** Marks the collection's bodies as written by the current renderer (after a whole read). */
export function markRendererStore(dir: string, collection: string): void {
  mkdirSync(join(dir, collection), { recursive: true });
}

/** Deletes the collection's bodies rendered by other renderer versions, and their emptied folders. */
export function pruneOtherRenderers(dir: string, collection: string): void {
  const root = dirname(dir);
  for (const version of readdirSync(root)) {
    const other = join(root, version);
    if (other === dir) continue;
    rmSync(join(other, collection), { recursive: true, force: true });
    if (readdirSync(other).length === 0) rmSync(other, { recursive: true, force: true });
  }
}

const fileOf = (dir: string, collection: string, digest: string) => join(dir, collection, `${digest}.html`);

export function hasBody(dir: string, collection: string, digest: string): boolean {
  return existsSync(fileOf(dir, collection, digest));
}

/** Writes a body aside and renames it into place: a crash never leaves half of one. */
export function writeBody(dir: string, collection: string, digest: string, html: string): void {
  const file = fileOf(dir, collection, digest);
  mkdirSync(join(dir, collection), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, html);
  renameSync(partial, file);
}

/** Deletes one body (an entry that changed or went). */
export function removeBody(dir: string, collection: string, digest: string): void {
  rmSync(fileOf(dir, collection, digest), { force: true });
}

/** Deletes the bodies of a collection that no current entry names. */
export function pruneBodies(dir: string, collection: string, keep: Set<string>): number {
  const folder = join(dir, collection);
  if (!existsSync(folder)) return 0;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.html') || keep.has(name.slice(0, -'.html'.length))) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * The rendered body of a content entry ('' when the document has none: the loader writes an
 * empty file for it). A missing file means a damaged cache, and a page without its text
 * must not go live, so it fails the build.
 */
export function bodyHtml(entry: { collection: string; id: string; digest?: string | number }): string {
  const file = entry.digest !== undefined ? fileOf(bodyStoreDir(), entry.collection, String(entry.digest)) : undefined;
  if (!file || !existsSync(file)) {
    throw new Error(
      `正文缓存中没有 ${entry.collection}/${entry.id} 的正文${file ? `（${file}）` : ''}：请完整重新构建（npm run publisher -- build --full）。`,
    );
  }
  return readFileSync(file, 'utf8');
}
