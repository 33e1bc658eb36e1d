import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  futimesSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { inThread } from '@fulian/site/task-thread';

/** Text the web server would otherwise compress on every request. */
const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|xml|txt|ics|csv|svg|webmanifest|map)$/i;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 256;
const ENCODINGS = ['.gz', '.br'] as const;

export interface PrecompressResult {
  /** Files given new .gz and .br copies. */
  compressed: number;
  /** Files whose copies were already current (carried over from an earlier release). */
  current: number;
  /** Copies removed because their file is gone. */
  removed: number;
  /** Bytes of the compressible files, and of their brotli copies. */
  bytes: { original: number; brotli: number };
}

/**
 * Writes `file.gz` and `file.br` beside every compressible file of a built site, for nginx's
 * gzip_static and brotli_static (and the static server of `npm start`). A post-build step the
 * publisher calls on a release before it goes live. Throws for a release holding a symlink.
 *
 * Never writes into an existing file: a release may share files with the previous one as hard
 * links, so a copy that exists is replaced by a new file renamed over it (a missing one is
 * created in place, exclusively). A copy is current when its modification time equals its
 * file's (set here on the new copy once it is whole);
 * a file rewritten by the build has a new time, so its inherited copies are replaced, and
 * copies of files that are gone are unlinked.
 */
export async function precompress(
  dir: string,
  changes?: PrecompressChanges,
  options: PrecompressOptions = {},
): Promise<PrecompressResult> {
  if (changes) return precompressChanges(dir, changes, options);
  const result: PrecompressResult = { compressed: 0, current: 0, removed: 0, bytes: { original: 0, brotli: 0 } };
  const files = new Set<string>();
  const copies: string[] = [];
  const skip = new Set(options.skip ?? []);
  // Top level first: a skipped folder is not even listed (another step may be writing it).
  const entries = readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    skip.has(entry.name)
      ? []
      : entry.isDirectory()
        ? readdirSync(join(dir, entry.name), { recursive: true, withFileTypes: true })
        : [entry],
  );
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) {
      // nginx would follow it (deploy/nginx/fulian.conf): a link out of the release could
      // publish any file the web server can read. The build never makes one.
      throw new Error(`网站目录中有符号链接 ${relative(dir, path)}：不发布这个版本（构建不会生成符号链接，请检查是谁放进去的）`);
    }
    if (!entry.isFile()) continue;
    if (entry.name.endsWith('.gz') || entry.name.endsWith('.br')) copies.push(path);
    else files.add(path);
  }
  for (const copy of copies) {
    const source = copy.slice(0, -3);
    if (!files.has(source) || !COMPRESSIBLE.test(source)) {
      // Pagefind and the build write no .gz/.br files of their own; anything else here is ours.
      unlinkSync(copy);
      result.removed++;
    }
  }

  await compressAll(
    dir,
    [...files].filter((path) => COMPRESSIBLE.test(path)),
    result,
    options,
  );
  return result;
}

export interface PrecompressOptions {
  /**
   * Top-level folders the full walk leaves out, files and copies alike: the search index,
   * written by the search step while the rest of the release is compressed beside it.
   */
  skip?: string[];
  /**
   * Compress on threads at the lowest priority: beside another step (the search index), they
   * use only the time it leaves over, and never slow it down.
   */
  background?: boolean;
}

/**
 * What an incremental release changed, as paths relative to its folder: the publisher knows
 * them (release-diff.ts), so the copies of the other files, current by construction (hard
 * links of the previous release's file and copies), are neither read nor statted. Copies of
 * removed files go with them (removeFiles in release-diff.ts).
 */
export interface PrecompressChanges {
  /** Files written or replaced since the previous release. */
  written: string[];
  /**
   * Folders rewritten wholesale (the search index): every compressible file directly in them
   * is checked, and copies whose file is gone are removed. Not recursive: Pagefind's
   * subfolders hold its own gzipped formats, one file a page, none of them compressible.
   */
  folders?: string[];
}

/**
 * The incremental form of precompress: the same result as the full walk on a release made
 * from a fully precompressed previous release plus `changes`, in time proportional to the
 * changes. The full walk stays for full builds (and the nightly run) and as the reference the
 * differential test compares against.
 */
async function precompressChanges(
  dir: string,
  changes: PrecompressChanges,
  options: PrecompressOptions,
): Promise<PrecompressResult> {
  const result: PrecompressResult = { compressed: 0, current: 0, removed: 0, bytes: { original: 0, brotli: 0 } };
  const paths = new Set(changes.written.filter((file) => COMPRESSIBLE.test(file)).map((file) => join(dir, file)));
  for (const folder of changes.folders ?? []) {
    if (!existsSync(join(dir, folder))) continue;
    for (const entry of readdirSync(join(dir, folder), { withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isSymbolicLink()) throw new Error(`网站目录中有符号链接 ${relative(dir, path)}：不发布这个版本`);
      if (!entry.isFile()) continue;
      if (entry.name.endsWith('.gz') || entry.name.endsWith('.br')) {
        // A copy whose file the index no longer has (the index's files are named by content).
        const source = path.slice(0, -3);
        if (!existsSync(source) || !COMPRESSIBLE.test(source)) {
          unlinkSync(path);
          result.removed++;
        }
      } else if (COMPRESSIBLE.test(entry.name)) paths.add(path);
    }
  }
  for (const path of paths) {
    // The build never writes a symlink; one here would let nginx publish any file it can read.
    if (lstatSync(path).isSymbolicLink()) throw new Error(`网站目录中有符号链接 ${relative(dir, path)}：不发布这个版本`);
  }
  await compressAll(dir, [...paths], result, options);
  return result;
}

/**
 * Gives every file of `work` current .gz and .br copies (or none, below MIN_BYTES), on worker
 * threads with zlib's synchronous calls. The asynchronous calls on libuv's pool cost three to
 * four times the CPU for the same copies (a cold publish at 1x: 34 s of CPU, 16 s of it in the
 * kernel, against about 9 s for gzip and brotli themselves), so the work is shared among
 * threads, each compressing its files one after another.
 */
async function compressAll(dir: string, work: string[], result: PrecompressResult, options: PrecompressOptions): Promise<void> {
  if (work.length === 0) return;
  const threads = Math.max(1, Math.min(availableParallelism(), Math.ceil(work.length / FILES_PER_THREAD)));
  // In the background even a few files go to a thread: this one's priority is the caller's.
  const counts =
    threads === 1 && !options.background
      ? [compressFiles(dir, work)]
      : await Promise.all(
          Array.from({ length: threads }, (_, t) =>
            inThread<FileCounts>(
              new URL('./precompress-worker.ts', import.meta.url),
              { dir, files: work.filter((_, i) => i % threads === t), background: options.background === true },
              '预压缩',
            ),
          ),
        );
  for (const count of counts) {
    result.compressed += count.compressed;
    result.current += count.current;
    result.bytes.original += count.original;
    result.bytes.brotli += count.brotli;
  }
}

/** Below this many files a thread costs more to start than it saves. */
const FILES_PER_THREAD = 200;

export interface FileCounts {
  compressed: number;
  current: number;
  original: number;
  brotli: number;
}

/** One thread's share of compressAll: each file's copies, made one after another. */
export function compressFiles(dir: string, files: string[]): FileCounts {
  const counts: FileCounts = { compressed: 0, current: 0, original: 0, brotli: 0 };
  for (const path of files) {
    const stat = statSync(path);
    if (stat.size < MIN_BYTES) {
      for (const ext of ENCODINGS) rmSync(path + ext, { force: true });
      continue;
    }
    counts.original += stat.size;
    const states = ENCODINGS.map((ext) => copyState(path + ext, stat.mtimeMs));
    if (states.every((state) => state === 'current')) {
      counts.current++;
      counts.brotli += statSync(`${path}.br`).size;
      continue;
    }
    const data = readFileSync(path);
    // Level 6, zlib's default: on 3,000 pages of a 1x site (16.8 KB each) level 9 took 0.200 ms
    // a page, 6 0.173 ms, for copies of 31.5 and 31.6 % of the page; nearly every client
    // takes the brotli copy anyway.
    const gz = gzipSync(data, { level: 6 });
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        // 11 is the smallest and the slowest: worth it for hashed assets, few and compressed
        // once, then served for a year. Pages are many and change with their content: on 500
        // article pages quality 9 took 9.4 ms a page, quality 5 0.39 ms, for copies 2.5 %
        // larger (2.03 → 2.08 MB). At 9, a cold publish of 15,000 pages spent 3.4 minutes here.
        [constants.BROTLI_PARAM_QUALITY]: relative(dir, path).startsWith('_astro') ? 11 : 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    writeCopy(`${path}.gz`, gz, stat.mtime, states[0] === 'absent');
    writeCopy(`${path}.br`, br, stat.mtime, states[1] === 'absent');
    counts.brotli += br.length;
    counts.compressed++;
  }
  return counts;
}

/** Whether a copy is there and belongs to its file's current version (by modification time). */
function copyState(copy: string, mtimeMs: number): 'current' | 'stale' | 'absent' {
  const stat = statSync(copy, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  // Within a millisecond: utimes keeps less precision than the file system gives the build.
  return Math.abs(stat.mtimeMs - mtimeMs) < 1 ? 'current' : 'stale';
}

/**
 * Writes a copy. Where there was none (every copy of a full build), it is created in place with
 * O_EXCL: nothing can share a file that did not exist. Its time is set last, so a copy cut short
 * never looks current. Over an existing copy, which may be hard-linked into another release, a
 * new file is renamed over the name, leaving the old one untouched.
 */
function writeCopy(path: string, data: Buffer, mtime: Date, absent: boolean): void {
  if (absent) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      // Made since it was looked for: fall through to the rename.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        writeFileSync(fd, data);
        futimesSync(fd, mtime, mtime);
      } finally {
        closeSync(fd);
      }
      return;
    }
  }
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, data, { flag: 'wx' });
  utimesSync(temporary, mtime, mtime);
  renameSync(temporary, path);
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('用法：node scripts/publish/precompress.ts <网站目录>\n');
    process.exit(2);
  }
  const started = performance.now();
  const r = await precompress(dir);
  process.stdout.write(
    `压缩了 ${r.compressed} 个文件，${r.current} 个沿用原有压缩件，删除 ${r.removed} 个过期压缩件；` +
      `${(r.bytes.original / 1e6).toFixed(1)} MB → brotli ${(r.bytes.brotli / 1e6).toFixed(1)} MB，` +
      `用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒\n`,
  );
}
