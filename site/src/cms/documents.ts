import type { CollectionEntry, CollectionKey } from 'astro:content';
import { createHash, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { siteEnv } from '../env.ts';

/**
 * The document store: news, trainings, lectures and relief batches, the collections that grow
 * with the archive, kept beside Astro's cache instead of in Astro's content store.
 *
 * Each collection is one file in V8's serialisation format (`node:v8`), not JSON: every build
 * process reads the whole store, and reading 34 MB of JSON at 3x (UTF-8 decoding, then parsing)
 * took 0.29 s against 0.19 s (format 3). A file V8 cannot read is a damaged file: the
 * collection is read from the CMS whole again.
 *
 * Astro's store is one devalue file that every build loads, sorts, serialises (at least twice
 * in a sync whose loaders wait on HTTP, since each write is debounced by 500 ms), checks
 * reference by reference, bundles into the server build as one `JSON.parse("…")` module and
 * parses again to render. At 36,882 documents that was 30 MB and about 14 s of every one-edit
 * publish: the work grew with the archive, not with the edit (docs/benchmarks.md). Here each
 * collection is one file, read once per build process and written once per sync of
 * that collection, and shared in memory between the loaders and the pages (they run in one
 * process; globalThis is the one object the config's and the pages' module graphs share).
 *
 * A sync that changed a few documents does not write the whole file again (23 MB of news at 3x,
 * half a second of every one-edit publish): it appends what changed to a journal beside it
 * (`news.v8.journal`, one JSON line a save), and the journal is folded into a new file once it
 * grows past an eighth of the file's size, or when a sync read the collection whole.
 *
 * Entries keep Astro's shape ({ id, collection, data, digest }), so the sections, the render
 * plan's fingerprints and CollectionEntry types work as before; the loaders' schemas still
 * describe `data` for Astro's type generation, and Astro's store keeps the small collections.
 */

/** The collections kept here; content.config.ts gives their loaders `documents: true`. */
export const DOCUMENT_COLLECTIONS = ['news', 'trainings', 'lectures', 'reliefBatches'] as const;
export type DocumentCollection = (typeof DOCUMENT_COLLECTIONS)[number] & CollectionKey;

export interface StoredDocument {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  digest: string;
}

interface StoreFile {
  format: typeof FORMAT;
  /** What wrote it: a store written under another contract or query is not read (stampOf). */
  stamp: string;
  /** What the loader keeps between syncs, e.g. the newest publication time read. */
  meta: Record<string, string>;
  /** Names this writing of the file: the journal's lines belong to it (JournalLine.base). */
  base: string;
  /** [id, digest, data], in the order the store held them. */
  entries: [string, string, Record<string, unknown>][];
}

/**
 * One save's changes, appended as one line: replayed in order on the file's entries, they give
 * the store as that save left it. Sets keep an entry's place, as a Map does; new ids go last.
 */
interface JournalLine {
  base: string;
  set: [string, string, Record<string, unknown>][];
  delete: string[];
  /** The whole meta, as of this save. */
  meta: Record<string, string>;
}

const FORMAT = 3;

/** The journal is folded into the file once it holds more than this share of the file's bytes. */
const JOURNAL_SHARE = 1 / 8;

/** One collection's documents, in memory. The loader's subset of Astro's DataStore and MetaStore. */
export class DocumentStore {
  readonly #entries = new Map<string, StoredDocument>();
  readonly #meta = new Map<string, string>();
  #list: StoredDocument[] | null = null;
  /** Whether this store is the collection's current content: read under this stamp, or saved. */
  #current = false;
  /**
   * What the journal can be appended to: the file's base name and bytes, and the journal's
   * bytes. Null when the next save must write the whole file (nothing read, or cleared).
   */
  #written: { base: string; fileBytes: number; journalBytes: number } | null = null;
  /** Ids set or deleted since the last load or save. */
  readonly #touched = new Set<string>();

  readonly collection: string;
  readonly file: string;
  readonly stamp: string;

  constructor(collection: string, file: string, stamp: string) {
    this.collection = collection;
    this.file = file;
    this.stamp = stamp;
  }

  get(id: string): StoredDocument | undefined {
    return this.#entries.get(id);
  }
  has(id: string): boolean {
    return this.#entries.has(id);
  }
  keys(): string[] {
    return [...this.#entries.keys()];
  }
  values(): StoredDocument[] {
    return this.list();
  }
  get size(): number {
    return this.#entries.size;
  }
  set(entry: { id: string; data: Record<string, unknown>; digest: string }): void {
    this.#entries.set(entry.id, { id: entry.id, collection: this.collection, data: entry.data, digest: entry.digest });
    this.#touched.add(entry.id);
    this.#list = null;
  }
  delete(id: string): void {
    if (this.#entries.delete(id)) {
      this.#touched.add(id);
      this.#list = null;
    }
  }
  clear(): void {
    this.#entries.clear();
    this.#meta.clear();
    this.#touched.clear();
    this.#written = null;
    this.#list = null;
  }

  /** The entries as one array, the same array until the store changes (callers must not change it). */
  list(): StoredDocument[] {
    this.#list ??= [...this.#entries.values()];
    return this.#list;
  }

  /** The loader's own values between syncs (Astro's MetaStore). */
  readonly meta = {
    get: (key: string): string | undefined => this.#meta.get(key),
    set: (key: string, value: string): void => {
      this.#meta.set(key, value);
    },
  };

  /** Whether a sync wrote this store under the current stamp (it is not a leftover or a blank). */
  get current(): boolean {
    return this.#current;
  }

  /** The journal of changes appended to the file (see the module comment). */
  get journal(): string {
    return `${this.file}.journal`;
  }

  /**
   * Reads the file and its journal, if the file was written under this stamp; otherwise the
   * store starts empty. A journal of another writing of the file (left by a crash between the
   * new file's rename and the journal's removal) is not read: the file holds its changes.
   */
  load(): this {
    this.clear();
    this.#current = false;
    if (!existsSync(this.file)) return this;
    let parsed: StoreFile;
    let fileBytes: number;
    try {
      const bytes = readFileSync(this.file);
      fileBytes = bytes.length;
      parsed = deserialize(bytes) as StoreFile;
    } catch {
      // A damaged file costs a full read of the collection from the CMS, nothing more.
      return this;
    }
    if (parsed?.format !== FORMAT || parsed.stamp !== this.stamp || !Array.isArray(parsed.entries)) return this;
    for (const [id, digest, data] of parsed.entries) this.#entries.set(id, { id, collection: this.collection, data, digest });
    for (const [key, value] of Object.entries(parsed.meta)) this.#meta.set(key, value);
    let journalBytes = 0;
    if (existsSync(this.journal)) {
      const text = readFileSync(this.journal, 'utf8');
      // A line cut short by a crash ends the journal: its save never finished, and the
      // meta of the line before it still says where the next delta read starts.
      const lines = text.split('\n');
      for (const line of lines) {
        if (line === '') continue;
        let change: JournalLine;
        try {
          change = JSON.parse(line) as JournalLine;
        } catch {
          break;
        }
        if (change.base !== parsed.base) break;
        for (const [id, digest, data] of change.set) this.#entries.set(id, { id, collection: this.collection, data, digest });
        for (const id of change.delete) this.#entries.delete(id);
        this.#meta.clear();
        for (const [key, value] of Object.entries(change.meta)) this.#meta.set(key, value);
        journalBytes += Buffer.byteLength(line) + 1;
      }
    }
    // A journal with a damaged or foreign tail is folded into a new file at the next save.
    this.#written = {
      base: parsed.base,
      fileBytes,
      journalBytes: journalBytes === byteLength(this.journal) ? journalBytes : Infinity,
    };
    this.#touched.clear();
    this.#current = true;
    return this;
  }

  /**
   * Saves the store: the changes since the last load or save as one journal line, or, when
   * there is no file to append to or the journal has grown, the whole store as a new file
   * (written aside and renamed into place: a crash never leaves half of one) and no journal.
   */
  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const written = this.#written;
    if (written) {
      const line: JournalLine = {
        base: written.base,
        set: [...this.#touched].flatMap((id) => {
          const e = this.#entries.get(id);
          return e ? [[e.id, e.digest, e.data] as [string, string, Record<string, unknown>]] : [];
        }),
        delete: [...this.#touched].filter((id) => !this.#entries.has(id)),
        meta: Object.fromEntries(this.#meta),
      };
      const text = `${JSON.stringify(line)}\n`;
      const bytes = Buffer.byteLength(text);
      if (written.journalBytes + bytes <= written.fileBytes * JOURNAL_SHARE) {
        // One write of one line: a crash leaves at most a cut line, which load() ignores.
        appendFileSync(this.journal, text);
        written.journalBytes += bytes;
        this.#touched.clear();
        this.#current = true;
        return;
      }
    }
    const body: StoreFile = {
      format: FORMAT,
      stamp: this.stamp,
      meta: Object.fromEntries(this.#meta),
      base: randomUUID(),
      entries: this.list().map((e) => [e.id, e.digest, e.data]),
    };
    const bytes = serialize(body);
    const partial = `${this.file}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, this.file);
    // The new file holds everything: the old journal, now of another base, goes.
    rmSync(this.journal, { force: true });
    this.#written = { base: body.base, fileBytes: bytes.length, journalBytes: 0 };
    this.#touched.clear();
    this.#current = true;
  }
}

function byteLength(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Where the stores are: beside Astro's cache (the same default as astro.config.ts's cacheDir). */
export function documentsDir(env: NodeJS.ProcessEnv = process.env, siteDir = process.cwd()): string {
  return resolve(siteDir, siteEnv(env).SITE_CACHE_DIR, 'documents');
}

const stamps = new Map<string, string>();

/**
 * The version of what decides a stored document's fields: the queries, the shared-types
 * contracts, this file and the loader. Astro empties its own store when its configuration
 * changes; this store is not read under another stamp, so the loaders read the CMS whole again.
 */
export function stampOf(siteDir = process.cwd()): string {
  const known = stamps.get(siteDir);
  if (known) return known;
  const hash = createHash('sha256').update(`format ${FORMAT}\0`);
  const add = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) add(join(path, name));
    else hash.update(path.slice(siteDir.length)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const file of ['src/cms/queries.ts', 'src/cms/strapi-loader.ts', 'src/cms/documents.ts', '../shared-types/src']) {
    add(resolve(siteDir, file));
  }
  const stamp = hash.digest('hex').slice(0, 16);
  stamps.set(siteDir, stamp);
  return stamp;
}

// The loaders run in the config's module graph and the pages in Vite's: each has its own copy
// of this module, and globalThis is what they share (as build/render-plan.ts does).
const STORES = Symbol.for('fulian.documents');
type WithStores = { [STORES]?: Map<string, DocumentStore> };

function stores(): Map<string, DocumentStore> {
  const holder = globalThis as WithStores;
  holder[STORES] ??= new Map();
  return holder[STORES];
}

/** The store of one collection, read from its file the first time this process asks for it. */
export function documentStore(collection: string, env: NodeJS.ProcessEnv = process.env, siteDir = process.cwd()): DocumentStore {
  const file = join(documentsDir(env, siteDir), `${collection}.v8`);
  const held = stores().get(collection);
  if (held && held.file === file) return held;
  const store = new DocumentStore(collection, file, stampOf(siteDir)).load();
  stores().set(collection, store);
  return store;
}

/** Forgets the stores held in memory; for tests, which run several builds in one process. */
export function forgetDocumentStores(): void {
  delete (globalThis as WithStores)[STORES];
}

/**
 * Every published document of a collection, for pages: what `getCollection` gives for
 * collections in Astro's store. The array is shared: sort or filter a copy. A store that no
 * sync has written (a damaged cache) fails the build rather than publish an empty section.
 */
export async function getDocuments<C extends DocumentCollection>(
  collection: C,
  env: NodeJS.ProcessEnv = process.env,
  siteDir = process.cwd(),
): Promise<readonly CollectionEntry<C>[]> {
  const store = documentStore(collection, env, siteDir);
  if (!store.current) {
    throw new Error(
      `文档库中没有“${collection}”（${store.file}）：内容同步没有按当前代码写出它。请完整重新构建（npm run publisher -- build --full）。`,
    );
  }
  return store.list() as unknown as readonly CollectionEntry<C>[];
}
