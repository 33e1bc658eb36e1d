import { hash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import { type Cbor, decodeCbor, encodeCbor } from './cbor.ts';

/**
 * Merges the Pagefind indexes of the shards into one index, the one the site serves.
 *
 * Why: Pagefind's memory grows with the pages of one run (about 300 KB a page), so the site is
 * indexed in shards, one Pagefind process each. Served as shards (Pagefind's mergeIndex in the
 * browser), every query word costs one index chunk (about 27 KB: Pagefind cuts chunks at 20,000
 * word locations) per shard: a three-word query on a 16-shard site fetched about 1.3 MB. Merged,
 * a word costs one chunk, as with one Pagefind run over the whole site, and every page's word
 * count and every word's pages are kept. Two things differ from that run, both to keep the
 * first search small: a word keeps at most LOCATIONS_PER_PAGE locations a page, and chunks
 * are cut by size in bytes.
 *
 * The merge works on Pagefind 1.6's files as written (gzip of "pagefind_dcd" + CBOR): page
 * numbers are offset shard by shard (Pagefind stores each as the difference to the one before),
 * words of all shards are joined and cut into chunks, and filters are joined. A word's locations are copied as bytes, not
 * decoded. Files are named by a hash of their content, so a file already in the target (a
 * previous release's, hard-linked) is the same file and is kept; new files are written aside
 * and renamed; files no longer referenced are removed (unlinked).
 */

const HEADER = Buffer.from('pagefind_dcd');
/**
 * Where chunks are cut, in bytes of a chunk's CBOR (before gzip). A search downloads the chunk
 * of each query word whole, so a chunk is small: Pagefind's own chunks (20,000 word locations)
 * cost a query word 50–340 KB at 1x, most of it other words' entries. A chunk is cut after a
 * word whose hash ends in four zero bits once it holds CHUNK_MIN_BYTES (at CHUNK_MAX_BYTES in
 * any case): boundaries depend on the words, so an edit leaves the chunks without its words
 * byte for byte as they were (same name, no new file, nothing to compress again). More chunks
 * make the metadata every search loads first larger (1,430 chunks at 1x: 105 KB against 91 KB
 * with Pagefind's 380), which these sizes were chosen against, measured with
 * `site/e2e/search-measure.ts`.
 */
export const CHUNK_MIN_BYTES = 4000;
export const CHUNK_MAX_BYTES = 16000;

/**
 * Where the words (in index order, with their entries' size in bytes) are cut into chunks:
 * the index of each chunk's last word. A word as large as a whole chunk (a word on most
 * pages) stands alone, so a search for any other word never downloads its entries.
 */
export function chunkEnds(words: { word: string; bytes: number }[]): number[] {
  const ends: number[] = [];
  let size = 0;
  words.forEach(({ word, bytes }, i) => {
    if (bytes >= CHUNK_MAX_BYTES && size > 0) ends.push(i - 1);
    if (bytes >= CHUNK_MAX_BYTES) size = 0;
    size += bytes;
    if (size >= CHUNK_MAX_BYTES || (size >= CHUNK_MIN_BYTES && boundary(word))) {
      ends.push(i);
      size = 0;
    }
  });
  if (words.length > 0 && ends.at(-1) !== words.length - 1) ends.push(words.length - 1);
  return ends;
}
const boundary = (word: string) => {
  let fnv = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) fnv = Math.imul(fnv ^ word.charCodeAt(i), 0x01000193);
  return (fnv & 15) === 0;
};
/**
 * How many of a word's locations on one page the served index keeps. Pagefind stores every
 * one; a word on most pages (家庭, 妇联) then fills a 200–340 KB chunk, all of which the first
 * search for it downloads. Pagefind's ranking uses them as term frequency (BM25, which
 * saturates: a tenth occurrence adds little over a second) and to find an excerpt (the search
 * page makes its own from the page text, search/text.ts). The first two are kept, with the
 * weight markers before them: a page's heading comes first, so a word in the heading keeps
 * its heading weight. Pagefind's own shard output keeps all of them; only the merged index is
 * cut, and a shard's decoded cache records the number it was cut to.
 */
export const LOCATIONS_PER_PAGE = 2;

/**
 * A page's word locations (a CBOR array of differences, weight markers negative) cut after the
 * first LOCATIONS_PER_PAGE, with the markers before them; a marker with no location after it
 * says nothing and goes too. Walked head by head and copied as bytes: decoding and encoding
 * every such list doubled a cold merge.
 */
export function cutLocations(locs: Uint8Array): Uint8Array {
  const { head } = reader(locs);
  const list = head(0);
  let at = list.next;
  let kept = 0;
  let keptEnd = at;
  let positions = 0;
  for (let l = 0; l < list.n && positions < LOCATIONS_PER_PAGE; l++) {
    const loc = head(at);
    at = loc.next;
    if (loc.major === 0) {
      positions++;
      kept = l + 1;
      keptEnd = at;
    }
  }
  if (kept === list.n) return locs;
  const out = new Bytes();
  out.head(4, kept);
  out.push(locs.subarray(list.next, keptEnd));
  return out.bytes();
}
/** The Pagefind version whose file layout this merge reads. */
export const MERGE_FORMAT_VERSION = '1.6.0';

const EMPTY_ARRAY = Uint8Array.of(0x80);
/** CBOR heads of small unsigned integers and of a three-item array, made once: most page entries use them. */
const SMALL_UINTS = Array.from({ length: 256 }, (_, n) => cborHead(0, n));
const ARRAY_OF_3 = Uint8Array.of(0x83);
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function readPagefindFile(path: string): Uint8Array {
  const raw = gunzipSync(readFileSync(path));
  if (!raw.subarray(0, HEADER.length).equals(HEADER)) throw new Error(`不是 Pagefind 索引文件：${path}`);
  return raw.subarray(HEADER.length);
}

/**
 * Bytes appended into one growing buffer. A word's page entries are copied in here rather than
 * kept as views of the shard files: at 12,000 pages that is 4 million entries, and an object
 * per entry took the merge to 1.3 GB.
 */
class Bytes {
  buffer = new Uint8Array(32);
  length = 0;
  push(bytes: Uint8Array) {
    if (this.length + bytes.length > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < this.length + bytes.length) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  head(major: number, n: number) {
    this.push(cborHead(major, n));
  }
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

function cborHead(major: number, n: number): Uint8Array {
  const m = major << 5;
  if (n < 24) return Uint8Array.of(m | n);
  if (n < 0x100) return Uint8Array.of(m | 24, n);
  if (n < 0x10000) return Uint8Array.of(m | 25, n >> 8, n & 0xff);
  const out = new Uint8Array(5);
  out[0] = m | 26;
  new DataView(out.buffer).setUint32(1, n);
  return out;
}

/** The head of a CBOR item: its major type, its count or value, and where its content starts. */
interface Head {
  major: number;
  n: number;
  next: number;
}

function reader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = (at: number): Head => {
    const first = bytes[at] as number;
    const major = first >> 5;
    const info = first & 31;
    if (info < 24) return { major, n: info, next: at + 1 };
    if (info === 24) return { major, n: bytes[at + 1] as number, next: at + 2 };
    if (info === 25) return { major, n: view.getUint16(at + 1), next: at + 3 };
    if (info === 26) return { major, n: view.getUint32(at + 1), next: at + 5 };
    if (info === 27) return { major, n: Number(view.getBigUint64(at + 1)), next: at + 9 };
    throw new Error(`Pagefind 索引里有不支持的 CBOR 编码（位置 ${at}）`);
  };
  /** The offset just past the CBOR item at `at`. */
  const skip = (at: number): number => {
    const { major, n, next } = head(at);
    if (major === 0 || major === 1 || major === 7) return next;
    if (major === 2 || major === 3) return next + n;
    if (major !== 4 && major !== 5) throw new Error(`Pagefind 索引里有不支持的 CBOR 类型 ${major}`);
    let end = next;
    const items = major === 5 ? n * 2 : n;
    for (let i = 0; i < items; i++) end = skip(end);
    return end;
  };
  return { head, skip };
}

interface MergedWord {
  /**
   * The word's page entries, as views of the shards' decoded bytes and small heads, joined
   * only when its chunk is written: copying each word's entries into a growing buffer of its
   * own cost more in copies and garbage collection than the rest of the merge.
   */
  pages: Uint8Array[];
  count: number;
  /** The page number of the last page added: Pagefind stores each page as the difference to the one before. */
  last: number;
  variants: Cbor[];
}

interface ShardEntry {
  version: string;
  languages: Record<string, { hash: string; wasm: string; page_count: number }>;
  include_characters?: string[];
}

/**
 * A shard's index as the merge needs it, decoded once and kept beside the shard's Pagefind
 * output (merge-cache.v8): a shard's folder is named by the digest of its pages and never
 * changes, so its decoded form never goes stale. An edit rebuilds one shard; the merge then
 * decodes that one, and reads the others' decoded form without unzipping or parsing them
 * (at 1x that took 5.7 of the merge's 5.7 s on a busy machine).
 *
 * Per word, `nums` holds WORD_FIELDS numbers, and `blob` its page entries as Pagefind wrote
 * them, locations cut to LOCATIONS_PER_PAGE (a word's first page number is the difference to page 0 of the shard,
 * so only that first entry's head is rewritten when shards are joined).
 */
interface DecodedShard {
  format: number;
  /** LOCATIONS_PER_PAGE when it was decoded: the entries in `blob` are cut to it. */
  locationsPerPage: number;
  entry: ShardEntry;
  /** pf_meta's items: [0] Pagefind's version string, [1] the pages, [5] the metadata fields. */
  generator: Cbor;
  pages: Cbor[];
  fields: string[];
  words: string[];
  nums: Uint32Array;
  blob: Uint8Array;
  filters: [string, [string, number[]][]][];
  fragments: string[];
}

/** Bump when DecodedShard changes shape or meaning. */
const DECODED_FORMAT = 2;
const CACHE_FILE = 'merge-cache.v8';
/** count, first page, last page, entries start, first entry's rest start, entries end, variants end. */
const WORD_FIELDS = 7;

function readEntry(dir: string): ShardEntry {
  const entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as ShardEntry;
  if (entry.version !== MERGE_FORMAT_VERSION) {
    throw new Error(`搜索索引合并只支持 Pagefind ${MERGE_FORMAT_VERSION}，分片 ${dir} 由 ${entry.version} 生成`);
  }
  const languages = Object.entries(entry.languages);
  if (languages.length !== 1) throw new Error(`分片 ${dir} 有 ${languages.length} 种语言的索引，应为 1 种`);
  return entry;
}

/** Reads a shard's Pagefind output into its decoded form. */
function decodeShard(dir: string): DecodedShard {
  const entry = readEntry(dir);
  const [, language] = Object.entries(entry.languages)[0] as [string, { hash: string }];
  const meta = decodeCbor(readPagefindFile(join(dir, `pagefind.${language.hash}.pf_meta`))) as Cbor[];
  if (!Array.isArray(meta) || meta.length !== 6)
    throw new Error(`分片 ${dir} 的元数据格式与 Pagefind ${MERGE_FORMAT_VERSION} 不符`);
  if ((meta[4] as Cbor[]).length > 0) throw new Error(`分片 ${dir} 含排序字段（data-pagefind-sort），合并不支持`);

  const words: string[] = [];
  const nums: number[] = [];
  const blob = new Bytes();
  for (const [, , hash] of meta[2] as [string, string, string][]) {
    const bytes = readPagefindFile(join(dir, 'index', `${hash}.pf_index`));
    const { head, skip } = reader(bytes);
    let at = head(0).next; // WordIndex: [words]
    const list = head(at);
    at = list.next;
    for (let w = 0; w < list.n; w++) {
      at = head(at).next; // PackedWord: [word, pages, variants]
      const text = head(at);
      words.push(Buffer.from(bytes.subarray(text.next, text.next + text.n)).toString('utf8'));
      at = text.next + text.n;
      const entries = head(at);
      at = entries.next;
      const start = blob.length;
      let page = 0;
      let first = -1;
      let firstRest = 0;
      for (let p = 0; p < entries.n; p++) {
        const entryStart = at;
        at = head(at).next; // PackedPage: [page number delta, locs, meta_locs]
        const delta = head(at);
        page += delta.n;
        if (p === 0) {
          first = page;
          firstRest = blob.length + (delta.next - entryStart);
        }
        const locs = head(delta.next);
        const locsEnd = skip(delta.next);
        const entryEnd = skip(locsEnd);
        if (locs.n > LOCATIONS_PER_PAGE) {
          // More locations than are kept: the first LOCATIONS_PER_PAGE, with the weight markers
          // before them (see LOCATIONS_PER_PAGE).
          blob.push(bytes.subarray(entryStart, delta.next));
          blob.push(cutLocations(bytes.subarray(delta.next, locsEnd)));
          blob.push(bytes.subarray(locsEnd, entryEnd));
        } else blob.push(bytes.subarray(entryStart, entryEnd));
        at = entryEnd;
      }
      const entriesEnd = blob.length;
      const variantsEnd = skip(at);
      blob.push(bytes.subarray(at, variantsEnd));
      at = variantsEnd;
      nums.push(entries.n, Math.max(first, 0), page, start, firstRest, entriesEnd, blob.length);
    }
  }
  const filters = (meta[3] as [string, string][]).map(
    ([, hash]) => decodeCbor(readPagefindFile(join(dir, 'filter', `${hash}.pf_filter`))) as [string, [string, number[]][]],
  );
  return {
    format: DECODED_FORMAT,
    locationsPerPage: LOCATIONS_PER_PAGE,
    entry,
    generator: meta[0] as Cbor,
    pages: meta[1] as Cbor[],
    fields: meta[5] as string[],
    words,
    nums: Uint32Array.from(nums),
    blob: blob.bytes().slice(),
    filters,
    fragments: readdirSync(join(dir, 'fragment')).sort(),
  };
}

/** A shard's decoded form: from its cache file when there is one, else decoded and cached. */
export function loadShard(dir: string): DecodedShard {
  const cache = join(dir, CACHE_FILE);
  if (existsSync(cache)) {
    try {
      const cached = deserialize(readFileSync(cache)) as DecodedShard;
      if (
        cached.format === DECODED_FORMAT &&
        cached.locationsPerPage === LOCATIONS_PER_PAGE &&
        cached.entry.version === MERGE_FORMAT_VERSION
      )
        return cached;
    } catch {
      // A cache cut short (the machine stopped while writing it): decode the shard again.
    }
  }
  const decoded = decodeShard(dir);
  const temp = `${cache}.${process.pid}.tmp`;
  writeFileSync(temp, serialize(decoded));
  renameSync(temp, cache);
  return decoded;
}

function gzipped(body: Uint8Array): Buffer {
  return gzipSync(Buffer.concat([HEADER, body]));
}

/** Writes the file at `path` unless a file of that (content-hashed) name is there already. */
function writeNew(path: string, bytes: Uint8Array | (() => Uint8Array)) {
  if (existsSync(path)) return;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, typeof bytes === 'function' ? bytes() : bytes);
  renameSync(temp, path);
}

const gzipAsync = promisify(gzip);

/**
 * Writes index chunks (gzip of "pagefind_dcd" + the body) that are not in the target yet, on
 * zlib's threads, a few at a time. An edit at 3x rewrites about 300 chunks (57 MB before gzip:
 * the words on most pages stand alone in 200–300 KB chunks, and the edited shard's part of
 * each changed), and gzip on the merge's own thread was 2.2 s of its 2.7 s. The bytes are the
 * same as gzipSync's (same zlib, same level).
 */
class ChunkWriter {
  readonly #running = new Set<Promise<void>>();
  readonly #limit = Math.max(2, availableParallelism());
  #failure: unknown;

  async add(path: string, body: Uint8Array): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    if (existsSync(path)) return;
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const task = gzipAsync(Buffer.concat([HEADER, body])).then(
      (bytes) => {
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, bytes);
        renameSync(temp, path);
      },
      (error: unknown) => {
        this.#failure ??= error;
      },
    );
    const tracked = task.finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  /** Waits for every chunk; the first failure is thrown. */
  async done(): Promise<void> {
    await Promise.all(this.#running);
    if (this.#failure !== undefined) throw this.#failure;
  }
}

const sha1 = (body: Uint8Array) => hash('sha1', body, 'hex');

/**
 * Content-hashed names as Pagefind makes them: "en_" and 7 hex digits, longer on a clash. A
 * name depends on the files named before it (a clash lengthens the later one), so every merge
 * names all files in the same order, from their full hashes.
 */
function namer(language: string) {
  const taken = new Map<string, string>();
  return (full: string, length = 7) => {
    for (let n = length; n <= full.length; n++) {
      const name = `${language}_${full.slice(0, n)}`;
      const owner = taken.get(name);
      if (!owner || owner === full) {
        taken.set(name, full);
        return name;
      }
    }
    throw new Error('搜索索引文件名冲突');
  };
}

function prefixes(a: string, b: string): [string, string] {
  const ca = Array.from(a);
  const cb = Array.from(b);
  let common = 0;
  while (common < ca.length && common < cb.length && ca[common] === cb[common]) common++;
  return [ca.slice(0, common + 1).join(''), cb.slice(0, common + 1).join('')];
}

/**
 * A shard's page entries for one word, joined to the merged word when the shard's metadata
 * fields number differently from the merged list: every entry is walked and its metadata
 * locations renumbered (locations in metadata fields start with a marker -(field index + 1)).
 */
function appendRemapped(merged: MergedWord, bytes: Uint8Array, count: number, offset: number, remap: number[]): void {
  const { head, skip } = reader(bytes);
  let at = 0;
  let page = offset;
  for (let p = 0; p < count; p++) {
    at = head(at).next;
    const delta = head(at);
    page += delta.n;
    const locsEnd = skip(delta.next);
    const metaEnd = skip(locsEnd);
    merged.pages.push(ARRAY_OF_3);
    merged.pages.push(cborHead(0, page - merged.last));
    merged.last = page;
    merged.pages.push(bytes.subarray(delta.next, locsEnd));
    const metaLocs = (decodeCbor(bytes.slice(locsEnd, metaEnd)) as number[]).map((v) =>
      v < 0 ? -1 - (remap[-1 - v] as number) : v,
    );
    merged.pages.push(encodeCbor(metaLocs));
    at = metaEnd;
  }
}

export interface MergeReport {
  pages: number;
  chunks: number;
  /** Size of the metadata file every search loads first, in bytes. */
  metaBytes: number;
  /** Whether only what changed since the previous merge was merged again (see MergeOptions.state). */
  incremental: boolean;
}

export interface MergeOptions {
  /**
   * A folder of the merger's own, kept between runs and never inside a release: a merge leaves
   * there what the next one needs to merge again only the shards that changed (MergeState).
   * Without it, every merge is a whole one.
   */
  state?: string;
}

/**
 * What a merge leaves for the next one. An edit rebuilds one shard of 128, yet a whole merge
 * walks every shard's 4,000 words (515,000 runs at 3x) and hashes every chunk again: 2 s for a
 * one-page change. With this, a merge whose shards differ from the previous one's only in a
 * few shards of the same page counts (an edit) recomputes only the words whose entries in
 * those shards changed, reading their merged entries back from the previous index's chunks,
 * and writes only the chunks holding them. The result is the whole merge's, byte for byte.
 *
 * The state is deleted when a merge starts and written when it has finished: a state on disk
 * always describes a finished merge, whose target is recognised by its pagefind-entry.json
 * (which names the metadata file by a hash of its content, so of every chunk's name).
 */
interface MergeState {
  format: number;
  decoded: number;
  pagefind: string;
  locationsPerPage: number;
  chunkBytes: [number, number];
  /** The pagefind-entry.json the merge wrote. */
  entry: string;
  shards: ShardState[];
  fields: string[];
  generator: Cbor;
  /** Every word of the index in index order, one a line. */
  words: string;
  /** Each word's size as chunkEnds counts it. */
  sizes: Uint32Array;
  /** The index of each chunk's first word. */
  chunkStarts: Uint32Array;
  /** Each chunk's full SHA-1: its name comes from it. */
  chunkHashes: string[];
}

interface ShardState {
  /** The shard's pagefind-entry.json: it names the shard's metadata file by content, so the shard's whole index. */
  id: string;
  pages: number;
  fields: string[];
  filters: DecodedShard['filters'];
  /** Its pages as CBOR items of the merged metadata's page list. */
  pageItems: Uint8Array;
  /** Its fragments' file names, each between newlines. */
  fragments: string;
  /** Its decoded cache, hard-linked into the state folder's caches/ under this name: its folder goes when it is rebuilt. */
  cache: string;
}

/** Bump when MergeState changes shape or meaning. */
const STATE_FORMAT = 1;
const STATE_FILE = 'merge-state.v8';
/** More changed shards than this and a whole merge costs about the same. */
const MAX_CHANGED_FRACTION = 1 / 8;

/**
 * Merges the Pagefind outputs in `shardDirs` (in this order) into one index at `target`
 * (<outDir>/pagefind). See the module comment, and MergeState for `options.state`.
 */
export async function mergeShards(shardDirs: string[], target: string, options: MergeOptions = {}): Promise<MergeReport> {
  if (shardDirs.length === 0) throw new Error('没有可合并的搜索索引分片');
  const previous = options.state === undefined ? undefined : takeState(options.state);
  if (previous && options.state !== undefined) {
    let report: MergeReport | undefined;
    try {
      report = await mergeChanged(previous, shardDirs, target, options.state);
    } catch {
      // A state that does not fit the target or the shards (a file missing, another hash):
      // the whole merge below writes the index from the shards alone.
      report = undefined;
    }
    if (report) return report;
  }
  return await mergeAll(shardDirs, target, options.state);
}

/** The previous merge's state, removed from disk until this merge has finished. */
function takeState(dir: string): MergeState | undefined {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  let state: MergeState | undefined;
  try {
    state = deserialize(readFileSync(path)) as MergeState;
  } catch {
    state = undefined;
  }
  rmSync(path, { force: true });
  if (
    !state ||
    state.format !== STATE_FORMAT ||
    state.decoded !== DECODED_FORMAT ||
    state.pagefind !== MERGE_FORMAT_VERSION ||
    state.locationsPerPage !== LOCATIONS_PER_PAGE ||
    state.chunkBytes?.[0] !== CHUNK_MIN_BYTES ||
    state.chunkBytes?.[1] !== CHUNK_MAX_BYTES
  )
    return undefined;
  return state;
}

function writeState(dir: string, state: MergeState) {
  mkdirSync(join(dir, 'caches'), { recursive: true });
  const path = join(dir, STATE_FILE);
  writeFileSync(`${path}.${process.pid}.tmp`, serialize(state));
  renameSync(`${path}.${process.pid}.tmp`, path);
  const caches = new Set(state.shards.map((s) => s.cache));
  for (const file of readdirSync(join(dir, 'caches'))) if (!caches.has(file)) rmSync(join(dir, 'caches', file), { force: true });
}

/** Hard-links a shard's decoded cache into the state folder, under a name given by the shard's id. */
function keepCache(dir: string, shardDir: string, id: string): string {
  mkdirSync(join(dir, 'caches'), { recursive: true });
  const file = `${sha1(Buffer.from(id))}.v8`;
  const path = join(dir, 'caches', file);
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  linkSync(join(shardDir, CACHE_FILE), temp);
  renameSync(temp, path);
  return file;
}

/** Whether a shard's words can be merged again alone: no word without pages, none with variants. */
function incrementable(shard: DecodedShard): boolean {
  const { nums, blob } = shard;
  for (let i = 0; i < nums.length; i += WORD_FIELDS) {
    if (nums[i] === 0 || (nums[i + 6] as number) - (nums[i + 5] as number) !== 1 || blob[nums[i + 5] as number] !== 0x80)
      return false;
  }
  return !shard.words.some((word) => word.includes('\n'));
}

/** A shard's pages as the items of a CBOR array (the array's head left off). */
function pageItems(pages: Cbor[]): Uint8Array {
  const encoded = encodeCbor(pages);
  return encoded.subarray(reader(encoded).head(0).next);
}

/** The whole merge: every shard's words joined, every chunk hashed (written if new). */
async function mergeAll(shardDirs: string[], target: string, stateDir: string | undefined): Promise<MergeReport> {
  const shards = shardDirs.map(loadShard);
  const first = shards[0] as DecodedShard;
  const [language] = Object.entries(first.entry.languages)[0] as [string, unknown];
  const name = namer(language);
  let canResume = stateDir !== undefined;

  const fields = Array.from(new Set(shards.flatMap((s) => s.fields))).sort(byBytes);
  let pageCount = 0;
  const words = new Map<string, MergedWord>();

  for (const shard of shards) {
    const offset = pageCount;
    pageCount += shard.pages.length;
    const remap = shard.fields.map((field) => fields.indexOf(field));
    const identity = remap.every((to, from) => to === from);
    const { nums, blob } = shard;

    shard.words.forEach((word, w) => {
      const i = w * WORD_FIELDS;
      const count = nums[i] as number;
      const entriesEnd = nums[i + 5] as number;
      const variantsEnd = nums[i + 6] as number;
      let merged = words.get(word);
      if (!merged) {
        merged = { pages: [], count: 0, last: 0, variants: [] };
        words.set(word, merged);
      }
      if (count > 0) appendRun(merged, shard, w, offset, identity ? undefined : remap);
      else canResume = false;
      if (variantsEnd - entriesEnd > 1 || blob[entriesEnd] !== 0x80) {
        canResume = false;
        for (const variant of decodeCbor(blob.slice(entriesEnd, variantsEnd)) as Cbor[]) {
          const key = JSON.stringify(variant);
          if (!merged.variants.some((v) => JSON.stringify(v) === key)) merged.variants.push(variant);
        }
      }
    });
  }

  mkdirSync(join(target, 'index'), { recursive: true });
  mkdirSync(join(target, 'filter'), { recursive: true });
  mkdirSync(join(target, 'fragment'), { recursive: true });

  // Words in Pagefind's order (by UTF-8 bytes), cut into chunks at boundaries the words choose.
  // Sorted by their UTF-8 bytes, each encoded once.
  const sorted = Array.from(words.keys(), (word) => ({ word, text: Buffer.from(word) })).sort((a, b) =>
    Buffer.compare(a.text, b.text),
  );
  const chunks: [string, string, string][] = [];
  const chunkStarts: number[] = [];
  const chunkHashes: string[] = [];
  const sizes = sorted.map(({ word, text }) => {
    let bytes = text.length;
    for (const part of (words.get(word) as MergedWord).pages) bytes += part.length;
    return { word, bytes };
  });
  let start = 0;
  const writer = new ChunkWriter();
  for (const end of chunkEnds(sizes)) {
    const parts: Uint8Array[] = [cborHead(4, 1), cborHead(4, end - start + 1)];
    for (let i = start; i <= end; i++) {
      const { text, word } = sorted[i] as { word: string; text: Buffer };
      const merged = words.get(word) as MergedWord;
      parts.push(ARRAY_OF_3, cborHead(3, text.length), text, cborHead(4, merged.count));
      for (const part of merged.pages) parts.push(part);
      parts.push(merged.variants.length === 0 ? EMPTY_ARRAY : encodeCbor(merged.variants));
    }
    const body = Buffer.concat(parts);
    const full = sha1(body);
    const hash = name(full);
    await writer.add(join(target, 'index', `${hash}.pf_index`), body);
    chunks.push([(sorted[start] as { word: string }).word, (sorted[end] as { word: string }).word, hash]);
    chunkStarts.push(start);
    chunkHashes.push(full);
    start = end + 1;
  }
  await writer.done();

  // Fragments (one per page, named by their content).
  const present = new Set(readdirSync(join(target, 'fragment')));
  const keepFragments = new Set<string>();
  shards.forEach((shard, s) => {
    for (const file of shard.fragments) {
      if (!present.has(file)) {
        linkSync(join(shardDirs[s] as string, 'fragment', file), join(target, 'fragment', file));
        present.add(file);
      }
      keepFragments.add(file);
    }
  });
  for (const file of present) if (!keepFragments.has(file)) rmSync(join(target, 'fragment', file), { force: true });

  const items = shards.map((shard) => pageItems(shard.pages));
  const written = finishIndex(target, {
    name,
    language,
    entry: first.entry,
    generator: first.generator,
    fields,
    shardPages: shards.map((s) => s.pages.length),
    pageItems: items,
    filters: shards.map((s) => s.filters),
    chunks,
    firstShard: shardDirs[0] as string,
  });

  if (stateDir !== undefined && canResume && sorted.every(({ word }) => !word.includes('\n'))) {
    const ids = shardDirs.map((dir) => readFileSync(join(dir, 'pagefind-entry.json'), 'utf8'));
    writeState(stateDir, {
      format: STATE_FORMAT,
      decoded: DECODED_FORMAT,
      pagefind: MERGE_FORMAT_VERSION,
      locationsPerPage: LOCATIONS_PER_PAGE,
      chunkBytes: [CHUNK_MIN_BYTES, CHUNK_MAX_BYTES],
      entry: written.entry,
      shards: shards.map((shard, s) => ({
        id: ids[s] as string,
        pages: shard.pages.length,
        fields: shard.fields,
        filters: shard.filters,
        pageItems: items[s] as Uint8Array,
        fragments: `\n${shard.fragments.join('\n')}\n`,
        cache: keepCache(stateDir, shardDirs[s] as string, ids[s] as string),
      })),
      fields,
      generator: first.generator,
      words: sorted.map(({ word }) => word).join('\n'),
      sizes: Uint32Array.from(sizes, (s) => s.bytes),
      chunkStarts: Uint32Array.from(chunkStarts),
      chunkHashes,
    });
  }
  return { pages: pageCount, chunks: chunks.length, metaBytes: written.metaBytes, incremental: false };
}

/** Joins a shard's entries for its word `w` to `merged`, the first one's page number made relative to the page before it. */
function appendRun(merged: MergedWord, shard: DecodedShard, w: number, offset: number, remap: number[] | undefined) {
  const { nums, blob } = shard;
  const i = w * WORD_FIELDS;
  const count = nums[i] as number;
  if (remap) appendRemapped(merged, blob.subarray(nums[i + 3], nums[i + 5]), count, offset, remap);
  else {
    // The shard's entries as they are, the first one's page number made relative to the
    // page before it in the merged list (the others are differences within the shard).
    merged.pages.push(ARRAY_OF_3);
    const step = offset + (nums[i + 1] as number) - merged.last;
    merged.pages.push(step < 256 ? (SMALL_UINTS[step] as Uint8Array) : cborHead(0, step));
    merged.pages.push(blob.subarray(nums[i + 4], nums[i + 5]));
  }
  merged.last = offset + (nums[i + 2] as number);
  merged.count += count;
}

interface IndexParts {
  name: (full: string, length?: number) => string;
  language: string;
  entry: ShardEntry;
  generator: Cbor;
  fields: string[];
  /** Each shard's number of pages. */
  shardPages: number[];
  pageItems: Uint8Array[];
  filters: DecodedShard['filters'][];
  /** [first word, last word, file name] of each chunk, in order; the words are cut to prefixes here. */
  chunks: [string, string, string][];
  firstShard: string;
}

/**
 * What both merges write once the chunks are named: filters, metadata, Pagefind's scripts and
 * entry; then the chunks, filters and root files the index no longer references go
 * (fragments are each merge's own work).
 */
function finishIndex(target: string, parts: IndexParts): { metaBytes: number; entry: string } {
  const { name, chunks, language } = parts;
  for (let i = 0; i + 1 < chunks.length; i++) {
    const [a, b] = prefixes((chunks[i] as [string, string, string])[1], (chunks[i + 1] as [string, string, string])[0]);
    (chunks[i] as [string, string, string])[1] = a;
    (chunks[i + 1] as [string, string, string])[0] = b;
  }
  const keep = {
    index: new Set(chunks.map(([, , hash]) => `${hash}.pf_index`)),
    filter: new Set<string>(),
    root: new Set<string>(),
  };

  const filters = new Map<string, Map<string, number[]>>();
  let offset = 0;
  parts.filters.forEach((shardFilters, s) => {
    for (const [filter, values] of shardFilters) {
      let merged = filters.get(filter);
      if (!merged) {
        merged = new Map();
        filters.set(filter, merged);
      }
      for (const [value, list] of values) {
        const into = merged.get(value) ?? [];
        for (const page of list) into.push(page + offset);
        merged.set(value, into);
      }
    }
    offset += parts.shardPages[s] as number;
  });
  const pageCount = offset;
  const filterMeta: [string, string][] = [];
  for (const filter of Array.from(filters.keys()).sort(byBytes)) {
    const values = filters.get(filter) as Map<string, number[]>;
    const body = encodeCbor([
      filter,
      Array.from(values.keys())
        .sort(byBytes)
        .map((v) => [v, values.get(v) as number[]]),
    ]);
    const hash = name(sha1(body));
    writeNew(join(target, 'filter', `${hash}.pf_filter`), () => gzipped(body));
    keep.filter.add(`${hash}.pf_filter`);
    filterMeta.push([filter, hash]);
  }

  // encodeCbor([generator, pages, chunks, filters, [], fields]), the pages joined as encoded shard by shard.
  const metaBody = Buffer.concat([
    cborHead(4, 6),
    encodeCbor(parts.generator),
    cborHead(4, pageCount),
    ...parts.pageItems,
    encodeCbor(chunks),
    encodeCbor(filterMeta),
    encodeCbor([]),
    encodeCbor(parts.fields),
  ]);
  const metaHash = name(sha1(metaBody), 10);
  const metaFile = `pagefind.${metaHash}.pf_meta`;
  const metaBytes = gzipped(metaBody);
  writeNew(join(target, metaFile), metaBytes);
  keep.root.add(metaFile);

  // Pagefind's own scripts, as built.
  const wasm = (parts.entry.languages[language] as { wasm: string }).wasm;
  for (const file of ['pagefind.js', 'pagefind-worker.js', `wasm.${wasm}.pagefind`]) {
    const path = join(target, file);
    const source = readFileSync(join(parts.firstShard, file));
    if (!existsSync(path) || !readFileSync(path).equals(source)) {
      rmSync(path, { force: true });
      writeNew(path, source);
    }
    keep.root.add(file);
  }
  const entry = JSON.stringify({
    version: parts.entry.version,
    languages: { [language]: { hash: metaHash, wasm, page_count: pageCount } },
    include_characters: parts.entry.include_characters ?? [],
  });
  const entryPath = join(target, 'pagefind-entry.json');
  writeFileSync(`${entryPath}.${process.pid}.tmp`, entry);
  renameSync(`${entryPath}.${process.pid}.tmp`, entryPath);
  keep.root.add('pagefind-entry.json');

  for (const folder of ['index', 'filter'] as const) {
    for (const file of readdirSync(join(target, folder)))
      if (!keep[folder].has(file)) rmSync(join(target, folder, file), { force: true });
  }
  for (const folder of ['index', 'filter', 'fragment']) keep.root.add(folder);
  for (const file of readdirSync(target)) if (!keep.root.has(file)) rmSync(join(target, file), { recursive: true, force: true });
  return { metaBytes: metaBytes.length, entry };
}

/** UTF-8 byte order (Pagefind's order of words) without encoding: code point by code point. */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The first index in 0..length-1 for which `before(i)` is false (`before` true then false along the list). */
function bisect(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The value of the CBOR head at `at`, its major type then in headMajor and its end in headEnd: read without allocating, for every page of a word. */
let headMajor = 0;
let headEnd = 0;
function readHead(bytes: Uint8Array, at: number): number {
  const first = bytes[at] as number;
  headMajor = first >> 5;
  const info = first & 31;
  if (info < 24) {
    headEnd = at + 1;
    return info;
  }
  if (info === 24) {
    headEnd = at + 2;
    return bytes[at + 1] as number;
  }
  if (info === 25) {
    headEnd = at + 3;
    return ((bytes[at + 1] as number) << 8) | (bytes[at + 2] as number);
  }
  if (info === 26) {
    headEnd = at + 5;
    return (
      (bytes[at + 1] as number) * 0x1000000 +
      (((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 8) | (bytes[at + 4] as number))
    );
  }
  throw new Error(`Pagefind 索引里有不支持的 CBOR 编码（位置 ${at}）`);
}

const lastMajor = () => headMajor;

/** A merged page entry ([page step, locations, metadata locations]) at `at`: its step, where its locations start, and its end. */
let entryStep = 0;
let entryRest = 0;
function entryEnd(bytes: Uint8Array, at: number): number {
  if (bytes[at] !== 0x83) throw new Error('搜索索引词块格式不符');
  entryStep = readHead(bytes, at + 1);
  if (lastMajor() !== 0) throw new Error('搜索索引词块格式不符');
  entryRest = headEnd;
  let end = headEnd;
  for (let list = 0; list < 2; list++) {
    const n = readHead(bytes, end);
    if (lastMajor() !== 4) throw new Error('搜索索引词块格式不符');
    end = headEnd;
    for (let i = 0; i < n; i++) {
      readHead(bytes, end);
      if (lastMajor() > 1) throw new Error('搜索索引词块格式不符');
      end = headEnd;
    }
  }
  return end;
}

/** A word of the previous index as its chunk holds it: the number of its pages and their entries. */
interface OldWord {
  count: number;
  entries: Uint8Array;
}

/** A chunk of the previous index, read back from the target and checked against its hash. */
function readChunk(target: string, file: string, full: string, words: string[]): OldWord[] {
  const body = readPagefindFile(join(target, 'index', file));
  if (sha1(body) !== full) throw new Error(`搜索索引词块与记录不符：${file}`);
  const out: OldWord[] = [];
  if (body[0] !== 0x81) throw new Error('搜索索引词块格式不符');
  const n = readHead(body, 1);
  let at = headEnd;
  if (n !== words.length) throw new Error('搜索索引词块格式不符');
  for (let w = 0; w < n; w++) {
    if (body[at] !== 0x83) throw new Error('搜索索引词块格式不符');
    const length = readHead(body, at + 1);
    const text = Buffer.from(body.buffer, body.byteOffset + headEnd, length).toString('utf8');
    if (text !== words[w]) throw new Error('搜索索引词块格式不符');
    const count = readHead(body, headEnd + length);
    const start = headEnd;
    at = start;
    // The last word's entries end before the chunk's last byte: a word on most pages stands
    // alone in a chunk of hundreds of KB, not walked here.
    if (w === n - 1 && body[body.length - 1] === 0x80) at = body.length - 1;
    else for (let p = 0; p < count; p++) at = entryEnd(body, at);
    out.push({ count, entries: body.subarray(start, at) });
    if (body[at] !== 0x80) throw new Error('搜索索引词块格式不符');
    at++;
  }
  return out;
}

/** A shard that changed since the previous merge, before and now, at its place among the merged pages. */
interface Edit {
  shard: number;
  before: DecodedShard;
  now: DecodedShard;
  nowIndex: Map<string, number>;
  /** Its pages in the merged list: from..to (exclusive). */
  from: number;
  to: number;
  remap: number[] | undefined;
}

const sameRun = (a: DecodedShard, i: number, b: DecodedShard, j: number) => {
  const x = i * WORD_FIELDS;
  const y = j * WORD_FIELDS;
  for (let f = 0; f < 3; f++) if (a.nums[x + f] !== b.nums[y + f]) return false;
  const one = a.blob.subarray(a.nums[x + 4], a.nums[x + 5]);
  const two = b.blob.subarray(b.nums[y + 4], b.nums[y + 5]);
  return Buffer.from(one.buffer, one.byteOffset, one.length).equals(two);
};

/**
 * A word's merged entries with the changed shards' entries replaced: the entries of other
 * shards are copied as bytes, only the first one after a changed shard gets its page step
 * written again (the page before it may have changed).
 */
function splice(old: OldWord | undefined, edits: Edit[], word: string): MergedWord {
  const merged: MergedWord = { pages: [], count: 0, last: 0, variants: [] };
  let e = 0;
  const addRun = (edit: Edit) => {
    const w = edit.nowIndex.get(word);
    if (w !== undefined) appendRun(merged, edit.now, w, edit.from, edit.remap);
  };
  if (old) {
    const bytes = old.entries;
    let at = 0;
    let copyFrom = 0;
    let page = 0;
    const flush = (to: number) => {
      if (to > copyFrom) merged.pages.push(bytes.subarray(copyFrom, to));
    };
    for (let p = 0; p < old.count; p++) {
      const end = entryEnd(bytes, at);
      const previous = page;
      page += entryStep;
      while (e < edits.length && (edits[e] as Edit).to <= page) {
        flush(at);
        copyFrom = at;
        addRun(edits[e] as Edit);
        e++;
      }
      if (e < edits.length && page >= (edits[e] as Edit).from) {
        flush(at);
        copyFrom = end;
      } else {
        if (merged.last !== previous) {
          flush(at);
          merged.pages.push(ARRAY_OF_3, cborHead(0, page - merged.last), bytes.subarray(entryRest, end));
          copyFrom = end;
        }
        merged.last = page;
        merged.count++;
        if (e === edits.length) {
          // Past the last changed shard, and this entry placed: the rest is as it was.
          merged.count += old.count - p - 1;
          at = bytes.length;
          break;
        }
      }
      at = end;
    }
    flush(at);
  }
  for (; e < edits.length; e++) addRun(edits[e] as Edit);
  return merged;
}

/**
 * The merge of what changed (see MergeState), or undefined when the state does not allow it
 * (then the whole merge runs). Throws when the target turns out not to be what the state
 * describes; the caller then merges whole.
 */
async function mergeChanged(
  state: MergeState,
  shardDirs: string[],
  target: string,
  stateDir: string,
): Promise<MergeReport | undefined> {
  if (shardDirs.length !== state.shards.length) return undefined;
  const ids = shardDirs.map((dir) => readFileSync(join(dir, 'pagefind-entry.json'), 'utf8'));
  const changed = ids.flatMap((id, s) => (id === (state.shards[s] as ShardState).id ? [] : [s]));
  if (changed.length > Math.max(2, shardDirs.length * MAX_CHANGED_FRACTION)) return undefined;
  const entryPath = join(target, 'pagefind-entry.json');
  if (!existsSync(entryPath) || readFileSync(entryPath, 'utf8') !== state.entry) return undefined;

  const offsets: number[] = [];
  let pageCount = 0;
  for (const shard of state.shards) {
    offsets.push(pageCount);
    pageCount += shard.pages;
  }
  const edits: Edit[] = [];
  for (const s of changed) {
    const kept = state.shards[s] as ShardState;
    const before = deserialize(readFileSync(join(stateDir, 'caches', kept.cache))) as DecodedShard;
    if (
      before.format !== DECODED_FORMAT ||
      before.locationsPerPage !== LOCATIONS_PER_PAGE ||
      JSON.stringify(before.entry) !== JSON.stringify(JSON.parse(kept.id))
    )
      return undefined;
    const now = loadShard(shardDirs[s] as string);
    // Another page count moves the page numbers of every later shard: most words change.
    if (now.pages.length !== kept.pages || JSON.stringify(now.fields) !== JSON.stringify(kept.fields) || !incrementable(now))
      return undefined;
    const remap = now.fields.map((field) => state.fields.indexOf(field));
    edits.push({
      shard: s,
      before,
      now,
      nowIndex: new Map(now.words.map((word, w) => [word, w])),
      from: offsets[s] as number,
      to: (offsets[s] as number) + kept.pages,
      remap: remap.every((to, from) => to === from) ? undefined : remap,
    });
  }

  // The words whose entries in a changed shard differ: only theirs are merged again.
  const affected = new Set<string>();
  for (const edit of edits) {
    const beforeIndex = new Map(edit.before.words.map((word, w) => [word, w]));
    for (const [word, w] of edit.nowIndex) {
      const old = beforeIndex.get(word);
      if (old === undefined || !sameRun(edit.before, old, edit.now, w)) affected.add(word);
    }
    for (const word of beforeIndex.keys()) if (!edit.nowIndex.has(word)) affected.add(word);
  }

  const [language] = Object.entries((JSON.parse(ids[0] as string) as ShardEntry).languages)[0] as [string, unknown];
  const oldWords = state.words === '' ? [] : state.words.split('\n');
  const { chunkStarts, chunkHashes } = state;
  if (state.sizes.length !== oldWords.length || chunkStarts.length !== chunkHashes.length) return undefined;
  const oldName = namer(language);
  const oldFiles = chunkHashes.map((full) => `${oldName(full)}.pf_index`);
  const chunkOf = (i: number) => bisect(chunkStarts.length, (c) => (chunkStarts[c] as number) <= i) - 1;
  const chunkEnd = (c: number) => (c + 1 < chunkStarts.length ? (chunkStarts[c + 1] as number) : oldWords.length) - 1;
  const readChunks = new Map<number, OldWord[]>();
  const oldWord = (i: number): OldWord => {
    const c = chunkOf(i);
    let words = readChunks.get(c);
    if (!words) {
      const start = chunkStarts[c] as number;
      words = readChunk(target, oldFiles[c] as string, chunkHashes[c] as string, oldWords.slice(start, chunkEnd(c) + 1));
      readChunks.set(c, words);
    }
    return words[i - (chunkStarts[c] as number)] as OldWord;
  };
  const indexOf = (word: string) => {
    const i = bisect(oldWords.length, (k) => compareUtf8(oldWords[k] as string, word) < 0);
    return oldWords[i] === word ? i : -1;
  };

  const spliced = new Map<string, MergedWord>();
  for (const word of affected) {
    const i = indexOf(word);
    spliced.set(word, splice(i < 0 ? undefined : oldWord(i), edits, word));
  }

  // The new word list: the old one without words left with no page, with the new words in their place.
  const added = Array.from(affected)
    .filter((word) => indexOf(word) < 0 && (spliced.get(word) as MergedWord).count > 0)
    .sort(compareUtf8);
  const words: string[] = [];
  const sizes: number[] = [];
  const oldIndex: number[] = [];
  const sizeOf = (word: string, merged: MergedWord) => {
    let bytes = Buffer.byteLength(word);
    for (const part of merged.pages) bytes += part.length;
    return bytes;
  };
  let a = 0;
  const addNew = (upTo: string | undefined) => {
    for (; a < added.length && (upTo === undefined || compareUtf8(added[a] as string, upTo) < 0); a++) {
      const word = added[a] as string;
      words.push(word);
      sizes.push(sizeOf(word, spliced.get(word) as MergedWord));
      oldIndex.push(-1);
    }
  };
  oldWords.forEach((word, i) => {
    addNew(word);
    const merged = spliced.get(word);
    if (merged && merged.count === 0) return;
    words.push(word);
    sizes.push(merged ? sizeOf(word, merged) : (state.sizes[i] as number));
    oldIndex.push(i);
  });
  addNew(undefined);

  mkdirSync(join(target, 'index'), { recursive: true });
  mkdirSync(join(target, 'filter'), { recursive: true });
  mkdirSync(join(target, 'fragment'), { recursive: true });
  const present = new Set(readdirSync(join(target, 'index')));
  const name = namer(language);
  const chunks: [string, string, string][] = [];
  const starts: number[] = [];
  const hashes: string[] = [];
  let start = 0;
  const writer = new ChunkWriter();
  for (const end of chunkEnds(words.map((word, i) => ({ word, bytes: sizes[i] as number })))) {
    // A chunk of the same words as a previous one, none of them merged again, is that chunk.
    const first = oldIndex[start] as number;
    const c = first < 0 ? -1 : chunkOf(first);
    let same = c >= 0 && chunkStarts[c] === first && chunkEnd(c) === oldIndex[end] && chunkEnd(c) - first === end - start;
    for (let i = start; same && i <= end; i++) if (spliced.has(words[i] as string)) same = false;
    let full: string;
    let body: Buffer | undefined;
    if (same) full = chunkHashes[c] as string;
    else {
      const parts: Uint8Array[] = [cborHead(4, 1), cborHead(4, end - start + 1)];
      for (let i = start; i <= end; i++) {
        const word = words[i] as string;
        const text = Buffer.from(word);
        parts.push(ARRAY_OF_3, cborHead(3, text.length), text);
        const merged = spliced.get(word);
        if (merged) {
          parts.push(cborHead(4, merged.count));
          for (const part of merged.pages) parts.push(part);
        } else {
          const old = oldWord(oldIndex[i] as number);
          parts.push(cborHead(4, old.count), old.entries);
        }
        parts.push(EMPTY_ARRAY);
      }
      body = Buffer.concat(parts);
      full = sha1(body);
    }
    const hash = name(full);
    const file = `${hash}.pf_index`;
    if (body) await writer.add(join(target, 'index', file), body);
    else if (!present.has(file)) throw new Error(`搜索索引缺少词块 ${file}`);
    chunks.push([words[start] as string, words[end] as string, hash]);
    starts.push(start);
    hashes.push(full);
    start = end + 1;
  }
  await writer.done();

  // Fragments: the changed shards' new ones linked in, those no shard holds any more removed.
  const shardStates = state.shards.map((kept, s) => {
    const edit = edits.find((x) => x.shard === s);
    if (!edit) return kept;
    return {
      id: ids[s] as string,
      pages: kept.pages,
      fields: edit.now.fields,
      filters: edit.now.filters,
      pageItems: pageItems(edit.now.pages),
      fragments: `\n${edit.now.fragments.join('\n')}\n`,
      cache: kept.cache,
    };
  });
  for (const edit of edits) {
    const before = new Set(edit.before.fragments);
    const now = new Set(edit.now.fragments);
    for (const file of now) {
      const path = join(target, 'fragment', file);
      if (!before.has(file) && !existsSync(path)) linkSync(join(shardDirs[edit.shard] as string, 'fragment', file), path);
    }
    for (const file of before) {
      if (now.has(file) || shardStates.some((s) => s.fragments.includes(`\n${file}\n`))) continue;
      rmSync(join(target, 'fragment', file), { force: true });
    }
  }

  const firstEdit = edits.find((edit) => edit.shard === 0);
  const generator = firstEdit ? firstEdit.now.generator : state.generator;
  const written = finishIndex(target, {
    name,
    language,
    entry: JSON.parse(ids[0] as string) as ShardEntry,
    generator,
    fields: state.fields,
    shardPages: state.shards.map((s) => s.pages),
    pageItems: shardStates.map((s) => s.pageItems),
    filters: shardStates.map((s) => s.filters),
    chunks,
    firstShard: shardDirs[0] as string,
  });

  for (const edit of edits)
    (shardStates[edit.shard] as ShardState).cache = keepCache(
      stateDir,
      shardDirs[edit.shard] as string,
      ids[edit.shard] as string,
    );
  writeState(stateDir, {
    ...state,
    entry: written.entry,
    shards: shardStates,
    generator,
    words: words.join('\n'),
    sizes: Uint32Array.from(sizes),
    chunkStarts: Uint32Array.from(starts),
    chunkHashes: hashes,
  });
  return { pages: pageCount, chunks: chunks.length, metaBytes: written.metaBytes, incremental: true };
}
