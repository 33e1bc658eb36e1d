import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pagefindVersion } from './pagefind.ts';

/** Digests of a page as built and of the text staged for it. */
export type Digests = { page: string; body: string };

/**
 * What the page's file looked like when it was read: inode, size and modification time (ns),
 * or '' when that cannot vouch for the content (stage.ts fileSignature). A file whose
 * signature is unchanged is not read again (indexSite), as git trusts its index.
 */
export type Signature = string;

/**
 * The search step's staged pages (stage.ts), one SQLite file in its work folder: a row per
 * indexed page, with the digests of the page as built and of its marked element, and the
 * small page Pagefind reads (words split).
 *
 * One file, not a staged page per file: creating a file costs 0.3-0.6 ms on the build
 * machine's disk (a new inode), and a cold publish at 1x created 12,000 staged pages, made a
 * folder for each, then linked and unlinked them once more into each shard's run folder:
 * 14 of the 34 s of staging on one thread were spent in the file system. A row is written in
 * microseconds, inside a transaction for a batch of pages.
 *
 * A row is whole or absent (each batch is a transaction): its html always belongs to its
 * digests, so a crash between staging and indexing leaves nothing that a later run trusts
 * wrongly. Which release the rows describe is kept in `meta` (indexSite's `since`).
 */
export interface StagedStore {
  readonly db: DatabaseSync;
  /** The digests stored for a page, or undefined. */
  digests(path: string): Digests | undefined;
  /** Stores a page's staged text (a new row or a changed one). */
  put(path: string, digests: Digests, html: string, signature: Signature): void;
  /** Records a new page digest and file signature for a page whose staged text is unchanged. */
  touch(path: string, page: string, signature: Signature): void;
  /**
   * The stored file signatures ('' where none vouches for a page) of `paths`, or of every page:
   * an edit asks for its dozen pages, not the 37,000 rows of a 3x site (0.15 s).
   */
  signatures(paths?: string[]): Map<string, Signature>;
  remove(path: string): void;
  /** Every stored page with the digest of its staged text, sorted by path. */
  all(): Array<{ path: string; body: string }>;
  /** The staged text of one page. */
  html(path: string): string | undefined;
  /**
   * The staged text of many pages, in one query: a shard's 400 pages one lookup at a time
   * cost 0.05 ms each on a quiet machine and 0.18 ms during a cold publish.
   */
  htmlOf(paths: string[]): Array<{ path: string; html: string }>;
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Runs `work` in one write transaction (waiting for another thread's to end). */
  transaction<T>(work: () => T): T;
  close(): void;
}

/**
 * Opens (and makes) the store in `file`. Several threads may open it at once: each batch is
 * a transaction of its own, and a thread waits for another's to end (busy_timeout).
 */
export function openStagedStore(file: string): StagedStore {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file, { timeout: 60_000 });
  // WAL: readers never wait on the writer; a crash loses at most the last batch, whose pages
  // the next run stages again (their digests are not stored either). The staged HTML is the
  // last column: a row's first kilobyte is kept in its page and the rest in overflow pages, so
  // reading every page's digests or signature never reads the HTML (all signatures at 3x:
  // 0.22 s with the signature after the HTML).
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304;
    CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, page TEXT NOT NULL, body TEXT NOT NULL,
      signature TEXT NOT NULL DEFAULT '', html TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
  const statements = {
    digests: db.prepare('SELECT page, body FROM pages WHERE path = ?'),
    put: db.prepare('INSERT OR REPLACE INTO pages (path, page, body, html, signature) VALUES (?, ?, ?, ?, ?)'),
    touch: db.prepare('UPDATE pages SET page = ?, signature = ? WHERE path = ?'),
    signatures: db.prepare('SELECT path, signature FROM pages'),
    signaturesOf: db.prepare('SELECT path, signature FROM pages WHERE path IN (SELECT value FROM json_each(?))'),
    htmlOf: db.prepare('SELECT path, html FROM pages WHERE path IN (SELECT value FROM json_each(?))'),
    remove: db.prepare('DELETE FROM pages WHERE path = ?'),
    all: db.prepare('SELECT path, body FROM pages ORDER BY path'),
    html: db.prepare('SELECT html FROM pages WHERE path = ?'),
    meta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  } satisfies Record<string, StatementSync>;
  return {
    db,
    digests: (path) => statements.digests.get(path) as Digests | undefined,
    put: (path, digests, html, signature) => statements.put.run(path, digests.page, digests.body, html, signature),
    touch: (path, page, signature) => statements.touch.run(page, signature, path),
    signatures: (paths) =>
      new Map(
        (
          (paths ? statements.signaturesOf.all(JSON.stringify(paths)) : statements.signatures.all()) as Array<{
            path: string;
            signature: string;
          }>
        ).map((row) => [row.path, row.signature]),
      ),
    htmlOf: (paths) => statements.htmlOf.all(JSON.stringify(paths)) as Array<{ path: string; html: string }>,
    remove: (path) => statements.remove.run(path),
    all: () => statements.all.all() as Array<{ path: string; body: string }>,
    html: (path) => (statements.html.get(path) as { html: string } | undefined)?.html,
    meta: (key) => (statements.meta.get(key) as { value: string } | undefined)?.value,
    setMeta: (key, value) => statements.setMeta.run(key, value),
    transaction(work) {
      // IMMEDIATE: take the write lock now (waiting up to the timeout), not at the first
      // write, where two threads' deferred transactions could deadlock.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => db.close(),
  };
}

/** Bump when the staged text or the shard layout would come out differently for the same pages. */
export const FORMAT = 9;

/** What the work folder's contents depend on besides the pages: its format, ICU's and Pagefind's versions. */
export function searchFormat(): string {
  return `${FORMAT}\n${process.versions.icu ?? 'none'}\n${pagefindVersion()}`;
}

/** The store's file in the search step's work folder. */
export const STORE_FILE = 'staged.sqlite';

/**
 * The store of the search step's work folder, when it was made under `format` (indexSite's
 * searchFormat: the code's format, ICU's and Pagefind's versions) and `full` is not asked for.
 * Otherwise the whole work folder (staged pages, shards, merge state) is removed and the store
 * made again, empty.
 */
export function openWorkStore(workDir: string, format: string, full = false): StagedStore {
  const file = join(workDir, STORE_FILE);
  // Asked before the store is opened: another format's table may lack a column this one's
  // statements name.
  if (existsSync(file) && !full && storedFormat(file) === format) return openStagedStore(file);
  rmSync(workDir, { recursive: true, force: true });
  const made = openStagedStore(file);
  made.setMeta('format', format);
  return made;
}

/** The format a store file was made under, or undefined (none recorded, or not a store). */
function storedFormat(file: string): string | undefined {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { timeout: 60_000 });
    return (db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined)?.value;
  } catch (error) {
    // No meta table, or not an SQLite file at all: nothing of it is kept. Anything else (a
    // full disk, no permission) is not a reason to delete the work folder.
    if (/no such table|not a database/.test((error as Error).message)) return undefined;
    throw error;
  } finally {
    db?.close();
  }
}
