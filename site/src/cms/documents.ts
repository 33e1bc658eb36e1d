import type { CollectionEntry, CollectionKey } from 'astro:content';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { siteEnv } from '../env.ts';

/**
 * The document store: news, trainings, lectures and relief batches, the collections that grow
 * with the archive, kept beside Astro's cache instead of in Astro's content store.
 *
 * Astro's store is one devalue file that every build loads, sorts, serialises (at least twice
 * in a sync whose loaders wait on HTTP, since each write is debounced by 500 ms), checks
 * reference by reference, bundles into the server build as one `JSON.parse("…")` module and
 * parses again to render. At 36,882 documents that was 30 MB and about 14 s of every one-edit
 * publish: the work grew with the archive, not with the edit (docs/benchmarks.md). Here each
 * collection is one plain JSON file, read once per build process and written once per sync of
 * that collection, and shared in memory between the loaders and the pages (they run in one
 * process; globalThis is the one object the config's and the pages' module graphs share).
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
  /** [id, digest, data], in the order the store held them. */
  entries: [string, string, Record<string, unknown>][];
}

const FORMAT = 1;

/** One collection's documents, in memory. The loader's subset of Astro's DataStore and MetaStore. */
export class DocumentStore {
  readonly #entries = new Map<string, StoredDocument>();
  readonly #meta = new Map<string, string>();
  #list: StoredDocument[] | null = null;
  /** Whether this store is the collection's current content: read under this stamp, or saved. */
  #current = false;

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
    this.#list = null;
  }
  delete(id: string): void {
    if (this.#entries.delete(id)) this.#list = null;
  }
  clear(): void {
    this.#entries.clear();
    this.#meta.clear();
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

  /** Reads the file, if there is one written under this stamp; otherwise the store starts empty. */
  load(): this {
    this.clear();
    this.#current = false;
    if (!existsSync(this.file)) return this;
    let parsed: StoreFile;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8')) as StoreFile;
    } catch {
      // A damaged file costs a full read of the collection from the CMS, nothing more.
      return this;
    }
    if (parsed.format !== FORMAT || parsed.stamp !== this.stamp) return this;
    for (const [id, digest, data] of parsed.entries) this.#entries.set(id, { id, collection: this.collection, data, digest });
    for (const [key, value] of Object.entries(parsed.meta)) this.#meta.set(key, value);
    this.#current = true;
    return this;
  }

  /** Writes the store aside and renames it into place: a crash never leaves half of one. */
  save(): void {
    const body: StoreFile = {
      format: FORMAT,
      stamp: this.stamp,
      meta: Object.fromEntries(this.#meta),
      entries: this.list().map((e) => [e.id, e.digest, e.data]),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(body));
    renameSync(partial, this.file);
    this.#current = true;
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
  const file = join(documentsDir(env, siteDir), `${collection}.json`);
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
