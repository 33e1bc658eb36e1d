import { hash } from 'node:crypto';
import { type BigIntStats, closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inThread } from '../build/task-thread.ts';
import { searchBody, stageBody } from './page.ts';
import { openStagedStore, type Signature, type StagedStore } from './staged-store.ts';

export const digest = (text: string) => hash('sha1', text, 'base64url');

/** What staging a set of pages did. */
export interface StagedShare {
  /** Pages whose staged text was (re)written in this run. */
  segmented: number;
}

/** What staging found for one page: gone from the index, unchanged, a new page digest only, or new staged text. */
interface Staging {
  path: string;
  gone?: boolean;
  page?: string;
  body?: string;
  html?: string;
  signature?: Signature;
}

/**
 * A file's signature as stat gives it (inode, size, modification time in ns), to tell later
 * whether it changed without reading it; '' when it cannot tell. File times are kept to the
 * kernel's tick (a few ms), so a file changed within a tick of being read could keep its
 * time, and one read while half written has the size it had then. A signature is therefore
 * given only to a file last modified a second or more before it was read (`readAt`, ms):
 * any change after the read then carries a later time. This is git's rule for a "racily
 * clean" index entry. The build writes each page once; the follower reads a page a poll
 * (a second) after it appeared, so nearly every page gets one.
 */
export function fileSignature(stat: BigIntStats, readAt: number): Signature {
  if (stat.mtimeMs > BigInt(Math.floor(readAt)) - 1000n) return '';
  return signatureOf(stat);
}

/** The signature a file has now, to compare with a stored one (never ''). */
export function signatureOf(stat: BigIntStats): Signature {
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

/** Below this many pages one thread is quicker than starting workers. */
export const PAGES_PER_WORKER = 1000;

/** Pages a transaction writes: small enough that the other thread seldom waits long for the lock. */
const BATCH = 100;

/** A staged page: the small page Pagefind reads for one built page. */
export function stagedPage(lang: string, html: string): string {
  return `<!doctype html><html lang="${lang.replace(/[^\w-]/g, '')}"><head><meta charset="utf-8"></head><body>${stageBody(html)}</body></html>`;
}

/**
 * Stages each of `paths` (relative to `site`) that Pagefind indexes into the store: a small
 * page holding only the element(s) marked data-pagefind-body, prepared by stageBody (words
 * split, Chinese punctuation between blocks, downloads left out). Most pages of a rebuild are
 * byte for byte the same as before and are not parsed again; a page whose surroundings changed
 * (menu, footer) but not its content is not segmented again. A path that no longer exists, or
 * no longer has indexed content, leaves the store.
 */
export function stagePages(site: string, store: StagedStore, paths: string[]): StagedShare {
  let segmented = 0;
  for (let start = 0; start < paths.length; start += BATCH) {
    // Read and segment outside the transaction, so another thread's writes never wait on it.
    const work = paths.slice(start, start + BATCH).map((path): Staging => {
      let page: string;
      let signature: Signature;
      let fd: number;
      try {
        fd = openSync(join(site, path), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, gone: true };
        throw error;
      }
      try {
        // The signature of what is read: stat taken first, so a file still growing has a
        // smaller size than the one it ends with.
        const stat = fstatSync(fd, { bigint: true });
        const readAt = Date.now();
        // Read straight into a string: a Buffer a page is memory outside the thread's heap
        // limit (the follower's), which only a later collection gives back.
        page = readFileSync(fd, 'utf8');
        signature = Buffer.byteLength(page) === Number(stat.size) ? fileSignature(stat, readAt) : '';
      } finally {
        closeSync(fd);
      }
      if (!page.includes('data-pagefind-body')) return { path, gone: true };
      const before = store.digests(path);
      const pageDigest = digest(page);
      if (before?.page === pageDigest) return { path, page: pageDigest, signature };
      const body = searchBody(page);
      if (!body) return { path, gone: true };
      const bodyDigest = digest(`${body.lang}\n${body.html}`);
      if (before?.body === bodyDigest) return { path, page: pageDigest, signature };
      return { path, page: pageDigest, body: bodyDigest, html: stagedPage(body.lang, body.html), signature };
    });
    store.transaction(() => {
      for (const item of work) {
        if (item.gone) store.remove(item.path);
        else if (item.page && item.body && item.html !== undefined) {
          store.put(item.path, { page: item.page, body: item.body }, item.html, item.signature ?? '');
          segmented++;
        } else if (item.page) store.touch(item.path, item.page, item.signature ?? '');
      }
    });
  }
  return { segmented };
}

/**
 * stagePages over many pages, shared among worker threads (each with a heap and a connection
 * to the store of its own) when there are enough of them: segmenting 36,000 pages on one
 * thread took 65 s.
 */
export async function stageInParallel(site: string, storeFile: string, paths: string[], threads: number): Promise<StagedShare> {
  const workers = Math.max(1, Math.min(threads, Math.floor(paths.length / PAGES_PER_WORKER)));
  if (workers === 1) {
    const store = openStagedStore(storeFile);
    try {
      return stagePages(site, store, paths);
    } finally {
      store.close();
    }
  }
  const shares = Array.from({ length: workers }, (_, w) => paths.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    shares.map((share) =>
      inThread<StagedShare>(new URL('./stage-worker.ts', import.meta.url), { site, storeFile, paths: share }, '搜索索引分词'),
    ),
  );
  return { segmented: results.reduce((sum, r) => sum + r.segmented, 0) };
}
