import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { indexSite, SearchStaging } from '@fulian/site/search';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildFollower } from '../src/follow-build.ts';
import { precompress } from '../src/precompress.ts';

// The follower against the steps it runs ahead of: a release made with it (pages staged and
// compressed while the "build" still writes, one page caught half written) must equal a
// release made without it, file for file, with the real Pagefind binary.

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'follow-build-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const page = (title: string) =>
  `<!doctype html><html lang="zh-CN"><body><nav>菜单</nav><article data-pagefind-body data-pagefind-filter="section:新闻">` +
  `<h1>${title}</h1><p>${title}的正文，${'妇联为妇女儿童办实事。'.repeat(30)}上午09:00开始。</p></article></body></html>\n`;

const write = (dir: string, path: string, text: string) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};

/** Every file with the bytes a reader gets (copies decompressed), and Pagefind's files by name. */
function served(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    out[relative(dir, path)] = path.endsWith('.gz')
      ? gunzipSync(bytes).toString()
      : path.endsWith('.br')
        ? brotliDecompressSync(bytes).toString()
        : bytes.toString('base64');
  }
  return out;
}

const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('timed out');
};

describe('BuildFollower', () => {
  it('gives the same release as staging and compressing after the build, a half-written page included', async () => {
    const out = join(work, 'out');
    const titles = Array.from({ length: 24 }, (_, i) => `第${i + 1}条新闻`);
    const pages = titles.map((title, i) => [`news/n${i}/index.html`, page(title)] as const);
    const staging = new SearchStaging(join(work, 'search'));
    const follower = new BuildFollower(out, staging, { intervalMs: 10 }).start();

    // The first half, and one page cut off mid-write, as Astro's output looks mid-build.
    for (const [path, html] of pages.slice(0, 12)) write(out, path, html);
    const [halfPath, halfHtml] = pages[12] as readonly [string, string];
    write(out, halfPath, halfHtml.slice(0, halfHtml.length / 2));
    // The files above were all written before the follower's first look: it takes the 12
    // complete pages and leaves the cut one for a later look.
    await waitFor(() => follower.handled >= 12);
    expect(follower.handled).toBe(12);
    expect(Object.keys(staging.staged)).toHaveLength(12);
    // The page is finished and the rest are written; the follower may or may not see them.
    write(out, halfPath, halfHtml);
    for (const [path, html] of pages.slice(13)) write(out, path, html);
    write(out, 'rss.xml', `<rss>${'<item>妇联</item>'.repeat(40)}</rss>`);
    const followed = await follower.stop();
    expect(followed.pages).toBeGreaterThanOrEqual(12);

    const reference = join(work, 'reference');
    cpSync(out, reference, { recursive: true, filter: (source) => !/\.(gz|br)$/.test(source) });

    const report = await indexSite({ outDir: out, workDir: join(work, 'search'), staging, pagesPerShard: 10 });
    await precompress(out);
    const expected = await indexSite({ outDir: reference, workDir: join(work, 'search-reference'), pagesPerShard: 10 });
    await precompress(reference);

    expect(report.pagesIndexed).toBe(24);
    expect(report.pagesStaged).toBe(expected.pagesStaged);
    expect(served(out)).toEqual(served(reference));
    // The half-written page's copies hold the whole page, not the half the follower saw.
    expect(gunzipSync(readFileSync(join(out, `${halfPath}.gz`))).toString()).toBe(halfHtml);
  });

  it('reports what stopped it, so the publisher fails the build instead of going on', async () => {
    const notAFolder = join(work, 'file');
    writeFileSync(notAFolder, 'x');
    const follower = new BuildFollower(notAFolder, new SearchStaging(join(work, 'search')), { intervalMs: 5 }).start();
    await new Promise((r) => setTimeout(r, 50));
    await expect(follower.stop()).rejects.toThrow(/ENOTDIR/);
  });
});
