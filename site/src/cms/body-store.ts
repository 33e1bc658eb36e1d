import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  return resolve(siteDir, siteEnv(env).SITE_CACHE_DIR, 'bodies');
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
