import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { siteEnv } from '../env.ts';

/**
 * Rendered document bodies, beside Astro's cache, one SQLite file per version of the renderer
 * (node:sqlite), a row per collection and digest.
 *
 * Astro's content store is loaded, written and bundled whole by every build, so it keeps each
 * document's fields only. The bodies (three quarters of the store's bytes at 12,000 documents)
 * are written once when a document changes and read by the few pages a build renders. The key
 * is the entry's digest, which covers the Markdown source: an edit writes a new row, and a
 * build never reads a body that does not belong to the entry it renders.
 *
 * One file, not a file per body: a whole read of 10,000 news spent 2.5 s of each rendering
 * thread creating and renaming files, and the pages of a full build 1.4 s opening them again;
 * a transaction writes them all at once, and an indexed read costs microseconds.
 */
export function bodyStoreDir(env: NodeJS.ProcessEnv = process.env, siteDir = process.cwd()): string {
  // Every rendered page asks (bodyHtml): checking the whole environment each time cost 0.3 s
  // of a 1x build. The answer depends on the site's folder and SITE_CACHE_DIR alone.
  const key = `${siteDir}\0${env.SITE_CACHE_DIR ?? ''}`;
  let dir = storeDirs.get(key);
  if (dir === undefined) {
    // The same default as astro.config.ts's cacheDir, resolved from the site's folder.
    dir = resolve(siteDir, siteEnv(env).SITE_CACHE_DIR, 'bodies', rendererDigest(siteDir));
    storeDirs.set(key, dir);
  }
  return dir;
}
const storeDirs = new Map<string, string>();

const FILE = 'bodies.sqlite';

/**
 * The layout of the store's file, folded into rendererDigest: a store written in another layout
 * is left for pruneOtherRenderers, and the loaders read every document again into a new one.
 * 2: a rowid table. The first layout (WITHOUT ROWID, the bodies in the primary key's b-tree)
 * suits small rows only (SQLite's guidance: under about a twentieth of a page); bodies are
 * 4-5 KB, and a 1x build spent 1.7 s writing them and 1.8 s reading them back, against 0.6 s
 * and about 1 s with the bodies in a rowid table beside an index on (collection, digest).
 */
const STORE_FORMAT = 2;

const renderers = new Map<string, string>();

/**
 * The version of the code that turns Markdown into a stored body: the renderer's source and
 * the pinned versions of marked and sanitize-html, and the store's layout. Bodies are kept under it, so a change to the
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
    .update(`\0store@${STORE_FORMAT}`)
    .digest('hex')
    .slice(0, 16);
  renderers.set(siteDir, digest);
  return digest;
}

interface Store {
  db: DatabaseSync;
  has: StatementSync;
  get: StatementSync;
  put: StatementSync;
  remove: StatementSync;
  digests: StatementSync;
}

// One connection per store and module copy (the loaders' and the pages' are two, in one process).
const stores = new Map<string, Store>();

/** The store in `dir`, opened (and made, unless `create` is false) on first use. */
function store(dir: string, create = true): Store | undefined {
  const known = stores.get(dir);
  if (known) return known;
  const file = join(dir, FILE);
  if (!create && !existsSync(file)) return undefined;
  mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(file);
  // WAL: the pages read while nothing writes; a crash loses at most the last transaction,
  // which the next build writes again (a missing body is rendered again: strapi-loader.ts).
  // A whole read's one transaction fills the log with every body: it is cut back after.
  // Not memory-mapped (mmap_size): reading every body through a map was 0.1-0.3 s quicker at
  // 1x, but the mapped file counts in the build's resident memory (about 220 MB at 3x, beside
  // a peak of 1.75-1.8 GB against the 2 GB goal).
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304;
    CREATE TABLE IF NOT EXISTS bodies (collection TEXT NOT NULL, digest TEXT NOT NULL, html TEXT NOT NULL,
      UNIQUE (collection, digest));
    CREATE TABLE IF NOT EXISTS complete (collection TEXT PRIMARY KEY) WITHOUT ROWID;`);
  const opened: Store = {
    db,
    has: db.prepare('SELECT 1 FROM bodies WHERE collection = ? AND digest = ?'),
    get: db.prepare('SELECT html FROM bodies WHERE collection = ? AND digest = ?'),
    put: db.prepare('INSERT OR REPLACE INTO bodies (collection, digest, html) VALUES (?, ?, ?)'),
    remove: db.prepare('DELETE FROM bodies WHERE collection = ? AND digest = ?'),
    digests: db.prepare('SELECT digest FROM bodies WHERE collection = ?'),
  };
  stores.set(dir, opened);
  return opened;
}

function close(dir: string): void {
  stores.get(dir)?.db.close();
  stores.delete(dir);
}

/** Runs `work` in one transaction. */
function inTransaction<T>(s: Store, work: () => T): T {
  s.db.exec('BEGIN');
  try {
    const result = work();
    s.db.exec('COMMIT');
    return result;
  } catch (error) {
    s.db.exec('ROLLBACK');
    throw error;
  }
}

/** Whether the current renderer's store holds this collection's bodies (a whole read wrote them). */
export function hasRendererStore(dir: string, collection: string): boolean {
  const s = store(dir, false);
  return s !== undefined && s.db.prepare('SELECT 1 FROM complete WHERE collection = ?').get(collection) !== undefined;
}

/** Marks the collection's bodies as written by the current renderer (after a whole read). */
export function markRendererStore(dir: string, collection: string): void {
  (store(dir) as Store).db.prepare('INSERT OR IGNORE INTO complete (collection) VALUES (?)').run(collection);
  // The file-per-body layout of earlier versions of this store, under the same renderer.
  rmSync(join(dir, collection), { recursive: true, force: true });
}

/** Deletes the collection's bodies rendered by other renderer versions, and their emptied stores. */
export function pruneOtherRenderers(dir: string, collection: string): void {
  const root = dirname(dir);
  for (const version of readdirSync(root)) {
    const other = join(root, version);
    if (other === dir || !statSync(other).isDirectory()) continue;
    const s = store(other, false);
    if (s) {
      s.db.prepare('DELETE FROM bodies WHERE collection = ?').run(collection);
      s.db.prepare('DELETE FROM complete WHERE collection = ?').run(collection);
      const left = s.db.prepare('SELECT count(*) AS n FROM bodies').get() as { n: number };
      if (left.n === 0) {
        close(other);
        rmSync(other, { recursive: true, force: true });
        continue;
      }
    }
    // A folder of the file-per-body layout.
    rmSync(join(other, collection), { recursive: true, force: true });
    if (existsSync(other) && readdirSync(other).length === 0) rmSync(other, { recursive: true, force: true });
  }
}

export function hasBody(dir: string, collection: string, digest: string): boolean {
  return store(dir)?.has.get(collection, bodyKey(digest)) !== undefined;
}

/**
 * The part of an entry's digest that names its body. An entry whose body shows media-library
 * photos has `<body digest>~<photos' digest>` (strapi-loader.ts): a photo replaced in the media
 * library changes the entry, and so its pages, while its body's text, rendered once, is the same.
 */
export function bodyKey(digest: string): string {
  const at = digest.indexOf('~');
  return at === -1 ? digest : digest.slice(0, at);
}

/** Writes one body (a transaction of its own: a crash never leaves half of one). */
export function writeBody(dir: string, collection: string, digest: string, html: string): void {
  (store(dir) as Store).put.run(collection, digest, html);
}

/** Writes many bodies in one transaction. */
export function writeBodies(dir: string, collection: string, bodies: Iterable<readonly [digest: string, html: string]>): void {
  const s = store(dir) as Store;
  inTransaction(s, () => {
    for (const [digest, html] of bodies) s.put.run(collection, digest, html);
  });
}

/** Deletes one body (an entry that changed or went). */
export function removeBody(dir: string, collection: string, digest: string): void {
  store(dir)?.remove.run(collection, bodyKey(digest));
}

/** Deletes the bodies of a collection that no current entry names. */
export function pruneBodies(dir: string, collection: string, keep: Set<string>): number {
  const s = store(dir, false);
  if (!s) return 0;
  const gone = (s.digests.all(collection) as { digest: string }[]).map((row) => row.digest).filter((d) => !keep.has(d));
  inTransaction(s, () => {
    for (const digest of gone) s.remove.run(collection, digest);
  });
  return gone.length;
}

/** Every body of a collection, by digest: for tests and the operator's checks. */
export function readBodies(dir: string, collection: string): Map<string, string> {
  const s = store(dir, false);
  if (!s) return new Map();
  const rows = s.db.prepare('SELECT digest, html FROM bodies WHERE collection = ?').all(collection) as {
    digest: string;
    html: string;
  }[];
  return new Map(rows.map((row) => [row.digest, row.html]));
}

/**
 * The rendered body of a content entry ('' when the document has none: the loader stores an
 * empty body for it). A missing body means a damaged cache, and a page without its text
 * must not go live, so it fails the build.
 */
export function bodyHtml(entry: { collection: string; id: string; digest?: string | number }): string {
  const dir = bodyStoreDir();
  const row =
    entry.digest !== undefined
      ? (store(dir, false)?.get.get(entry.collection, bodyKey(String(entry.digest))) as { html: string } | undefined)
      : undefined;
  if (!row) {
    throw new Error(
      `正文缓存中没有 ${entry.collection}/${entry.id} 的正文（${join(dir, FILE)}）：请完整重新构建（npm run publisher -- build --full）。`,
    );
  }
  return row.html;
}
