import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
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
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return (hash & 15) === 0;
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

/** Content-hashed names as Pagefind makes them: "en_" and 7 hex digits, longer on a clash. */
function namer(language: string) {
  const taken = new Map<string, string>();
  return (body: Uint8Array, length = 7) => {
    const full = createHash('sha1').update(body).digest('hex');
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
}

/**
 * Merges the Pagefind outputs in `shardDirs` (in this order) into one index at `target`
 * (<outDir>/pagefind). See the module comment.
 */
export function mergeShards(shardDirs: string[], target: string): MergeReport {
  if (shardDirs.length === 0) throw new Error('没有可合并的搜索索引分片');
  const shards = shardDirs.map(loadShard);
  const first = shards[0] as DecodedShard;
  const [language, firstLanguage] = Object.entries(first.entry.languages)[0] as [string, { wasm: string }];
  const name = namer(language);

  const fields = Array.from(new Set(shards.flatMap((s) => s.fields))).sort(byBytes);
  const pages: Cbor[] = [];
  const words = new Map<string, MergedWord>();
  const filters = new Map<string, Map<string, number[]>>();

  for (const shard of shards) {
    const offset = pages.length;
    for (const page of shard.pages) pages.push(page);
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
      if (count > 0) {
        if (identity) {
          // The shard's entries as they are, the first one's page number made relative to the
          // page before it in the merged list (the others are differences within the shard).
          merged.pages.push(ARRAY_OF_3);
          const step = offset + (nums[i + 1] as number) - merged.last;
          merged.pages.push(step < 256 ? (SMALL_UINTS[step] as Uint8Array) : cborHead(0, step));
          merged.pages.push(blob.subarray(nums[i + 4], entriesEnd));
        } else appendRemapped(merged, blob.subarray(nums[i + 3], entriesEnd), count, offset, remap);
        merged.last = offset + (nums[i + 2] as number);
        merged.count += count;
      }
      if (variantsEnd - entriesEnd > 1 || blob[entriesEnd] !== 0x80) {
        for (const variant of decodeCbor(blob.slice(entriesEnd, variantsEnd)) as Cbor[]) {
          const key = JSON.stringify(variant);
          if (!merged.variants.some((v) => JSON.stringify(v) === key)) merged.variants.push(variant);
        }
      }
    });

    for (const [filter, values] of shard.filters) {
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
  }

  mkdirSync(join(target, 'index'), { recursive: true });
  mkdirSync(join(target, 'filter'), { recursive: true });
  mkdirSync(join(target, 'fragment'), { recursive: true });
  const keep = { index: new Set<string>(), filter: new Set<string>(), fragment: new Set<string>(), root: new Set<string>() };

  // Words in Pagefind's order (by UTF-8 bytes), cut into chunks at boundaries the words choose.
  // Sorted by their UTF-8 bytes, each encoded once.
  const sorted = Array.from(words.keys(), (word) => ({ word, text: Buffer.from(word) })).sort((a, b) =>
    Buffer.compare(a.text, b.text),
  );
  const chunks: [string, string, string][] = [];
  let chunk: { word: string; text: Buffer; merged: MergedWord }[] = [];
  const writeChunk = () => {
    const parts: Uint8Array[] = [cborHead(4, 1), cborHead(4, chunk.length)];
    for (const { text, merged } of chunk) {
      parts.push(ARRAY_OF_3, cborHead(3, text.length), text, cborHead(4, merged.count));
      for (const part of merged.pages) parts.push(part);
      parts.push(merged.variants.length === 0 ? EMPTY_ARRAY : encodeCbor(merged.variants));
    }
    const body = Buffer.concat(parts);
    const hash = name(body);
    writeNew(join(target, 'index', `${hash}.pf_index`), () => gzipped(body));
    keep.index.add(`${hash}.pf_index`);
    chunks.push([(chunk[0] as { word: string }).word, (chunk.at(-1) as { word: string }).word, hash]);
    chunk = [];
  };
  const sizes = sorted.map(({ word, text }) => {
    let bytes = text.length;
    for (const part of (words.get(word) as MergedWord).pages) bytes += part.length;
    return { word, bytes };
  });
  const cuts = new Set(chunkEnds(sizes));
  sorted.forEach(({ word, text }, i) => {
    chunk.push({ word, text, merged: words.get(word) as MergedWord });
    if (cuts.has(i)) writeChunk();
  });
  if (chunk.length > 0) writeChunk();
  for (let i = 0; i + 1 < chunks.length; i++) {
    const [a, b] = prefixes((chunks[i] as [string, string, string])[1], (chunks[i + 1] as [string, string, string])[0]);
    (chunks[i] as [string, string, string])[1] = a;
    (chunks[i + 1] as [string, string, string])[0] = b;
  }

  const filterMeta: [string, string][] = [];
  for (const filter of Array.from(filters.keys()).sort(byBytes)) {
    const values = filters.get(filter) as Map<string, number[]>;
    const body = encodeCbor([
      filter,
      Array.from(values.keys())
        .sort(byBytes)
        .map((v) => [v, values.get(v) as number[]]),
    ]);
    const hash = name(body);
    writeNew(join(target, 'filter', `${hash}.pf_filter`), () => gzipped(body));
    keep.filter.add(`${hash}.pf_filter`);
    filterMeta.push([filter, hash]);
  }

  const metaBody = encodeCbor([first.generator, pages, chunks, filterMeta, [], fields]);
  const metaHash = name(metaBody, 10);
  const metaFile = `pagefind.${metaHash}.pf_meta`;
  const metaBytes = gzipped(metaBody);
  writeNew(join(target, metaFile), metaBytes);
  keep.root.add(metaFile);

  // Fragments (one per page, named by their content) and Pagefind's own scripts, as built.
  const present = new Set(readdirSync(join(target, 'fragment')));
  shards.forEach((shard, s) => {
    for (const file of shard.fragments) {
      if (!present.has(file)) {
        linkSync(join(shardDirs[s] as string, 'fragment', file), join(target, 'fragment', file));
        present.add(file);
      }
      keep.fragment.add(file);
    }
  });
  for (const file of ['pagefind.js', 'pagefind-worker.js', `wasm.${firstLanguage.wasm}.pagefind`]) {
    const path = join(target, file);
    const source = readFileSync(join(shardDirs[0] as string, file));
    if (!existsSync(path) || !readFileSync(path).equals(source)) {
      rmSync(path, { force: true });
      writeNew(path, source);
    }
    keep.root.add(file);
  }
  const entry = {
    version: first.entry.version,
    languages: { [language]: { hash: metaHash, wasm: firstLanguage.wasm, page_count: pages.length } },
    include_characters: first.entry.include_characters ?? [],
  };
  const entryPath = join(target, 'pagefind-entry.json');
  writeFileSync(`${entryPath}.${process.pid}.tmp`, JSON.stringify(entry));
  renameSync(`${entryPath}.${process.pid}.tmp`, entryPath);
  keep.root.add('pagefind-entry.json');

  for (const folder of ['index', 'filter', 'fragment'] as const) {
    for (const file of folder === 'fragment' ? present : readdirSync(join(target, folder)))
      if (!keep[folder].has(file)) rmSync(join(target, folder, file), { force: true });
    keep.root.add(folder);
  }
  for (const file of readdirSync(target)) if (!keep.root.has(file)) rmSync(join(target, file), { recursive: true, force: true });
  return { pages: pages.length, chunks: chunks.length, metaBytes: metaBytes.length };
}
