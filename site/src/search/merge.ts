import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Cbor, decodeCbor, encodeCbor } from './cbor.ts';

/**
 * Merges the Pagefind indexes of the shards into one index, the one the site serves.
 *
 * Why: Pagefind's memory grows with the pages of one run (about 300 KB a page), so the site is
 * indexed in shards, one Pagefind process each. Served as shards (Pagefind's mergeIndex in the
 * browser), every query word costs one index chunk (about 27 KB: Pagefind cuts chunks at 20,000
 * word locations) per shard: a three-word query on a 16-shard site fetched about 1.3 MB. Merged,
 * a word costs one chunk, as with one Pagefind run over the whole site, and the search ranks
 * exactly as that run would (every page's word count and every word's pages are kept).
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
 * Where chunks are cut. Pagefind cuts once a chunk holds 20,000 word locations, so one page
 * added moves every later boundary and every later chunk becomes a new file. Here a chunk is
 * cut after a word whose hash ends in four zero bits once it holds 8,000 locations (at 40,000
 * in any case): boundaries depend on the words, chunks keep Pagefind's size on average, and
 * an edit leaves the chunks without its words byte for byte as they were (same name, no new
 * file, nothing to compress again).
 */
const CHUNK_MIN = 8000;
const CHUNK_MAX = 40000;
const boundary = (word: string) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return (hash & 15) === 0;
};
/** The Pagefind version whose file layout this merge reads. */
export const MERGE_FORMAT_VERSION = '1.6.0';

const utf8 = new TextEncoder();
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
  pages: Bytes;
  count: number;
  /** The page number of the last page added: Pagefind stores each page as the difference to the one before. */
  last: number;
  /** Pagefind's chunk measure: for each page, its locations plus one. */
  size: number;
  variants: Cbor[];
}

interface Shard {
  entry: {
    version: string;
    languages: Record<string, { hash: string; wasm: string; page_count: number }>;
    include_characters?: string[];
  };
  meta: Cbor[];
}

function readShard(dir: string): Shard {
  const entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as Shard['entry'];
  if (entry.version !== MERGE_FORMAT_VERSION) {
    throw new Error(`搜索索引合并只支持 Pagefind ${MERGE_FORMAT_VERSION}，分片 ${dir} 由 ${entry.version} 生成`);
  }
  const languages = Object.entries(entry.languages);
  if (languages.length !== 1) throw new Error(`分片 ${dir} 有 ${languages.length} 种语言的索引，应为 1 种`);
  const [, language] = languages[0] as [string, { hash: string }];
  const meta = decodeCbor(readPagefindFile(join(dir, `pagefind.${language.hash}.pf_meta`))) as Cbor[];
  if (!Array.isArray(meta) || meta.length !== 6)
    throw new Error(`分片 ${dir} 的元数据格式与 Pagefind ${MERGE_FORMAT_VERSION} 不符`);
  if ((meta[4] as Cbor[]).length > 0) throw new Error(`分片 ${dir} 含排序字段（data-pagefind-sort），合并不支持`);
  return { entry, meta };
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
  const shards = shardDirs.map(readShard);
  const first = shards[0] as Shard;
  const [language, firstLanguage] = Object.entries(first.entry.languages)[0] as [string, { wasm: string }];
  const name = namer(language);

  const fields = Array.from(new Set(shards.flatMap((s) => s.meta[5] as string[]))).sort(byBytes);
  const pages: Cbor[] = [];
  const words = new Map<string, MergedWord>();
  const filters = new Map<string, Map<string, number[]>>();

  shards.forEach((shard, s) => {
    const dir = shardDirs[s] as string;
    const offset = pages.length;
    pages.push(...(shard.meta[1] as Cbor[]));
    const remap = (shard.meta[5] as string[]).map((field) => fields.indexOf(field));
    const identity = remap.every((to, from) => to === from);

    for (const [, , hash] of shard.meta[2] as [string, string, string][]) {
      const bytes = readPagefindFile(join(dir, 'index', `${hash}.pf_index`));
      const { head, skip } = reader(bytes);
      let at = head(0).next; // WordIndex: [words]
      const list = head(at);
      at = list.next;
      for (let w = 0; w < list.n; w++) {
        at = head(at).next; // PackedWord: [word, pages, variants]
        const text = head(at);
        const word = Buffer.from(bytes.subarray(text.next, text.next + text.n)).toString('utf8');
        at = text.next + text.n;
        let merged = words.get(word);
        if (!merged) {
          merged = { pages: new Bytes(), count: 0, last: 0, size: 0, variants: [] };
          words.set(word, merged);
        }
        const entries = head(at);
        at = entries.next;
        let page = offset; // this shard's page numbers, from its own deltas
        for (let p = 0; p < entries.n; p++) {
          at = head(at).next; // PackedPage: [page number delta, locs, meta_locs]
          const delta = head(at);
          page += delta.n;
          const locsStart = delta.next;
          const locs = head(locsStart);
          const locsEnd = skip(locsStart);
          const metaLocs = head(locsEnd);
          const metaEnd = skip(locsEnd);
          merged.pages.push(ARRAY_OF_3);
          const step = page - merged.last;
          merged.pages.push(step < 256 ? (SMALL_UINTS[step] as Uint8Array) : cborHead(0, step));
          merged.last = page;
          merged.pages.push(bytes.subarray(locsStart, locsEnd));
          if (identity) merged.pages.push(metaLocs.n === 0 ? EMPTY_ARRAY : bytes.subarray(locsEnd, metaEnd));
          else {
            // Locations in metadata fields start with a marker -(field index + 1): renumber the fields.
            const metaLocs = (decodeCbor(bytes.slice(locsEnd, metaEnd)) as number[]).map((v) =>
              v < 0 ? -1 - (remap[-1 - v] as number) : v,
            );
            merged.pages.push(encodeCbor(metaLocs));
          }
          merged.count++;
          // Pagefind's measure for cutting chunks: each page's locations, in text and metadata, plus one.
          merged.size += locs.n + metaLocs.n + 1;
          at = metaEnd;
        }
        const variantsEnd = skip(at);
        for (const variant of decodeCbor(bytes.slice(at, variantsEnd)) as Cbor[]) {
          const key = JSON.stringify(variant);
          if (!merged.variants.some((v) => JSON.stringify(v) === key)) merged.variants.push(variant);
        }
        at = variantsEnd;
      }
    }

    for (const [filter, hash] of shard.meta[3] as [string, string][]) {
      const [, values] = decodeCbor(readPagefindFile(join(dir, 'filter', `${hash}.pf_filter`))) as [string, [string, number[]][]];
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
  });

  mkdirSync(join(target, 'index'), { recursive: true });
  mkdirSync(join(target, 'filter'), { recursive: true });
  mkdirSync(join(target, 'fragment'), { recursive: true });
  const keep = { index: new Set<string>(), filter: new Set<string>(), fragment: new Set<string>(), root: new Set<string>() };

  // Words in Pagefind's order (by UTF-8 bytes), cut into chunks at boundaries the words choose.
  const sorted = Array.from(words.keys()).sort(byBytes);
  const chunks: [string, string, string][] = [];
  let chunk: string[] = [];
  let size = 0;
  const writeChunk = () => {
    const out = new Bytes();
    out.head(4, 1);
    out.head(4, chunk.length);
    for (const word of chunk) {
      const merged = words.get(word) as MergedWord;
      const text = utf8.encode(word);
      out.head(4, 3);
      out.head(3, text.length);
      out.push(text);
      out.head(4, merged.count);
      out.push(merged.pages.bytes());
      out.push(merged.variants.length === 0 ? EMPTY_ARRAY : encodeCbor(merged.variants));
    }
    const body = out.bytes().slice();
    const hash = name(body);
    writeNew(join(target, 'index', `${hash}.pf_index`), () => gzipped(body));
    keep.index.add(`${hash}.pf_index`);
    chunks.push([chunk[0] as string, chunk.at(-1) as string, hash]);
    chunk = [];
    size = 0;
  };
  for (const word of sorted) {
    chunk.push(word);
    size += (words.get(word) as MergedWord).size;
    if (size >= CHUNK_MAX || (size >= CHUNK_MIN && boundary(word))) writeChunk();
  }
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

  const metaBody = encodeCbor([first.meta[0] as string, pages, chunks, filterMeta, [], fields]);
  const metaHash = name(metaBody, 10);
  const metaFile = `pagefind.${metaHash}.pf_meta`;
  const metaBytes = gzipped(metaBody);
  writeNew(join(target, metaFile), metaBytes);
  keep.root.add(metaFile);

  // Fragments (one per page, named by their content) and Pagefind's own scripts, as built.
  for (const dir of shardDirs) {
    for (const file of readdirSync(join(dir, 'fragment'))) {
      if (!existsSync(join(target, 'fragment', file))) linkSync(join(dir, 'fragment', file), join(target, 'fragment', file));
      keep.fragment.add(file);
    }
  }
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
    for (const file of readdirSync(join(target, folder)))
      if (!keep[folder].has(file)) rmSync(join(target, folder, file), { force: true });
    keep.root.add(folder);
  }
  for (const file of readdirSync(target)) if (!keep.root.has(file)) rmSync(join(target, file), { recursive: true, force: true });
  return { pages: pages.length, chunks: chunks.length, metaBytes: metaBytes.length };
}
