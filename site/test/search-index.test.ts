import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../src/search/cbor.ts';
import { indexSite, pagePath, shardCount, shardOf } from '../src/search/index.ts';
import {
  CHUNK_MAX_BYTES,
  CHUNK_MIN_BYTES,
  chunkEnds,
  cutLocations,
  LOCATIONS_PER_PAGE,
  mergeShards,
} from '../src/search/merge.ts';
import { STORE_FILE } from '../src/search/staged-store.ts';

// The real Pagefind binary over small sites: shards, incremental runs and hard-linked releases.

let work: string;
const release = (name: string) => join(work, name);
const page = (title: string, section = '新闻') =>
  `<!doctype html><html lang="zh-CN"><body><nav>菜单</nav><article data-pagefind-body data-pagefind-filter="section:${section}">` +
  `<h1>${title}</h1><p>${title}的正文，上午09:00开始。</p></article></body></html>`;
const write = (site: string, path: string, html: string) => {
  mkdirSync(dirname(join(site, path)), { recursive: true });
  rmSync(join(site, path), { force: true }); // a new file, as the publisher writes into a hard-linked release
  writeFileSync(join(site, path), html);
};
const entry = (site: string) =>
  JSON.parse(readFileSync(join(site, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
    languages: { en: { hash: string; page_count: number } };
  };
const decode = (path: string) => decodeCbor(gunzipSync(readFileSync(path)).subarray('pagefind_dcd'.length)) as any;
/** Every indexed page's URL and title as written, read from the served index's fragments. */
const indexed = (site: string) =>
  readdirSync(join(site, 'pagefind', 'fragment'))
    .map((file) => {
      const json = JSON.parse(
        gunzipSync(readFileSync(join(site, 'pagefind', 'fragment', file)))
          .toString('utf8')
          .slice(12),
      );
      return `${json.url} ${json.meta.heading}`;
    })
    .sort();
/** The served index as Pagefind's search reads it: for each word, its pages (by fragment) with their locations. */
function wordsOf(site: string): Record<string, string[]> {
  const dir = join(site, 'pagefind');
  const meta = decode(join(dir, `pagefind.${entry(site).languages.en.hash}.pf_meta`));
  const words: Record<string, string[]> = {};
  for (const [, , hash] of meta[2]) {
    for (const [word, pages] of decode(join(dir, 'index', `${hash}.pf_index`))[0]) {
      let page = 0;
      words[word] = pages
        .map(([delta, locs, metaLocs]: [number, number[], number[]]) => {
          page += delta;
          const [fragment, wordCount] = meta[1][page];
          return `${fragment} ${wordCount} ${locs} ${metaLocs.map((v) => (v < 0 ? meta[5][-1 - v] : v))}`;
        })
        .sort();
    }
  }
  return words;
}
/** A hard-linked copy of a release, as the publisher makes the next one. */
function linkCopy(from: string, to: string) {
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    if (entry.isDirectory()) mkdirSync(target, { recursive: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      linkSync(source, target);
    }
  }
}
const snapshot = (site: string) =>
  Object.fromEntries(
    readdirSync(site, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [relative(site, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)).toString('base64')]),
  );

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'fulian-search-index-'));
  const a = release('a');
  for (let i = 0; i < 50; i++) write(a, `news/n${i}/index.html`, page(`第${i}期家庭教育讲座`));
  // One page with a date: the shards' metadata fields differ, and the merge must renumber them.
  write(
    a,
    'news/n0/index.html',
    page('第0期家庭教育讲座').replace('<article ', '<article data-pagefind-meta="date:2018年4月16日" '),
  );
  write(a, 'relief/p/index.html', page('救助项目', '救助'));
  write(a, 'news/n9/index.html', page('第9期家庭教育讲座').replace('</p>', '巾帼建功，巾帼志愿，巾帼家政，巾帼创业。</p>'));
  write(a, 'news/index.html', '<html><body><ul><li>列表页不建索引</li></ul></body></html>');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('shards', () => {
  it('double in number as the site grows, and a page stays in its shard or moves to its new half', () => {
    expect([0, 1000, 1001, 4000, 4001].map((n) => shardCount(n, 1000))).toEqual([1, 1, 2, 4, 8]);
    // The default: 500 pages a shard, so 12,243 pages (the 1x corpus) make 32 shards.
    expect([500, 501, 12243].map((n) => shardCount(n))).toEqual([1, 2, 32]);
    for (const path of ['news/a/index.html', 'relief/x/y/index.html']) expect(shardOf(path, 8) % 4).toBe(shardOf(path, 4));
    expect(pagePath('/news/a/')).toBe('news/a/index.html');
    expect(pagePath('news/a')).toBe('news/a/index.html');
    expect(pagePath('news/a/index.html')).toBe('news/a/index.html');
  });
});

describe('the served index, kept small for the first search', () => {
  // Locations are differences, weight markers negative (-25: weight 24, the body's; -169: a heading's).
  it.each([
    { locs: [], kept: [] },
    { locs: [-25, 5], kept: [-25, 5] },
    { locs: [-25, 5, 3], kept: [-25, 5, 3] },
    { locs: [-25, 5, 3, 7, 2], kept: [-25, 5, 3] },
    { locs: [-25, 300, 70000, 7], kept: [-25, 300, 70000] },
    { locs: [-169, 3, -25, 40, 6], kept: [-169, 3, -25, 40] },
    { locs: [-25, 5, 3, -169, 9], kept: [-25, 5, 3] },
    { locs: [-25, 5, -169], kept: [-25, 5] },
  ])('keeps the first locations of a word on a page, with their weights: $locs', ({ locs, kept }) => {
    expect(LOCATIONS_PER_PAGE).toBe(2);
    expect(decodeCbor(cutLocations(encodeCbor(locs)))).toEqual(kept);
  });

  const small = Math.floor(CHUNK_MIN_BYTES / 4);
  it.each([
    { case: 'no words', bytes: [], ends: [] },
    { case: 'small words share one chunk', bytes: [small, small], ends: [1] },
    { case: 'a chunk ends at its size limit', bytes: [CHUNK_MAX_BYTES - 1, 1, small], ends: [1, 2] },
    { case: 'a word as large as a chunk stands alone', bytes: [small, CHUNK_MAX_BYTES * 3, small], ends: [0, 1, 2] },
    { case: 'two large words, each alone', bytes: [CHUNK_MAX_BYTES, CHUNK_MAX_BYTES], ends: [0, 1] },
  ])('cuts chunks by size: $case', ({ bytes, ends }) => {
    // w0–w2 are words whose hash marks no boundary (checked), so only sizes cut here.
    const words = bytes.map((b, i) => ({ word: `w${i}`, bytes: b }));
    expect(chunkEnds(words)).toEqual(ends);
  });

  it('cuts where a word marks a boundary once a chunk holds its minimum, so an edit moves no other boundary', () => {
    const words = Array.from({ length: 400 }, (_, i) => ({ word: `词${i}`, bytes: 500 }));
    const ends = chunkEnds(words);
    const sizes = ends.map((end, i) => (end - (i === 0 ? -1 : (ends[i - 1] as number))) * 500);
    expect(sizes.slice(0, -1).every((s) => s >= CHUNK_MIN_BYTES && s <= CHUNK_MAX_BYTES)).toBe(true);
    // One word grows (a page added): only the chunk it is in changes.
    const grown = words.map((w, i) => (i === 100 ? { ...w, bytes: 700 } : w));
    const after = chunkEnds(grown);
    const chunkOf = (list: number[], i: number) => list.findIndex((end) => end >= i);
    const moved = ends.filter((end) => !after.includes(end));
    expect(moved.every((end) => chunkOf(ends, end) === chunkOf(ends, 100))).toBe(true);
  });
});

// Real Pagefind processes on a machine that may be busy: generous limits.
describe('indexSite', { timeout: 180_000 }, () => {
  it('indexes every marked page in shards, merged into one index that matches one Pagefind run over the whole site', async () => {
    const report = await indexSite({ outDir: release('a'), workDir: join(work, 'index'), pagesPerShard: 10 });
    expect(report.pagesIndexed).toBe(51);
    expect(report.shards.length).toBeGreaterThan(4);
    expect(report.shards.every((s) => s.built && s.pages > 0 && s.ms !== undefined)).toBe(true);
    expect(report.shards.reduce((sum, s) => sum + s.pages, 0)).toBe(51);
    expect(entry(release('a')).languages.en.page_count).toBe(51);
    expect(
      readdirSync(join(release('a'), 'pagefind'))
        .filter((f) => !/^pagefind\.en_\w+\.pf_meta$/.test(f))
        .sort(),
    ).toEqual(
      ['filter', 'fragment', 'index', 'pagefind-entry.json', 'pagefind-worker.js', 'pagefind.js', 'wasm.en.pagefind'].sort(),
    );
    const pages = indexed(release('a'));
    expect(pages).toHaveLength(51);
    expect(pages).toContain('/news/n7/ 第7期家庭教育讲座');
    expect(pages.some((p) => p.startsWith('/news/ '))).toBe(false);

    // A word many times on one page keeps its page, and its first LOCATIONS_PER_PAGE locations.
    const repeated = wordsOf(release('a')).巾帼 ?? [];
    expect(repeated).toHaveLength(1);
    expect(
      (repeated[0] as string)
        .split(' ')[2]
        ?.split(',')
        .filter((l) => Number(l) >= 0),
    ).toHaveLength(LOCATIONS_PER_PAGE);

    const single = release('single');
    cpSync(release('a'), single, { recursive: true });
    rmSync(join(single, 'pagefind'), { recursive: true });
    await indexSite({ outDir: single, workDir: join(work, 'index-single'), pagesPerShard: 1000 });
    expect(wordsOf(release('a'))).toEqual(wordsOf(single));
  });

  it('rebuilds only the shard an edit touches, never writing into the previous release, and matches a full build', async () => {
    const a = release('a');
    const b = release('b');
    const state = join(work, 'index');
    const first = await indexSite({ outDir: a, workDir: state, pagesPerShard: 10 });
    const before = snapshot(a);

    linkCopy(a, b);
    write(b, 'news/n3/index.html', page('第3期家庭教育讲座（改期）'));
    rmSync(join(b, 'news', 'n5'), { recursive: true });
    const second = await indexSite({
      outDir: b,
      workDir: state,
      changedPages: ['/news/n3/'],
      removedPages: ['/news/n5/'],
      pagesPerShard: 10,
    });

    const touched = new Set([shardOf('news/n3/index.html', 8), shardOf('news/n5/index.html', 8)]);
    expect(second.shards.filter((s) => s.built)).toHaveLength(touched.size);
    expect(second.pagesStaged).toBe(1);
    const kept = second.shards.filter((s) => !s.built).map((s) => s.name);
    expect(kept.every((name) => first.shards.some((s) => s.name === name))).toBe(true);
    // The previous release reads exactly as before; b's unchanged index files are hard links still.
    expect(snapshot(a)).toEqual(before);
    const fragment = readdirSync(join(b, 'pagefind', 'fragment')).find((f) =>
      existsSync(join(a, 'pagefind', 'fragment', f)),
    ) as string;
    expect(statSync(join(b, 'pagefind', 'fragment', fragment)).ino).toBe(statSync(join(a, 'pagefind', 'fragment', fragment)).ino);
    expect(readdirSync(join(b, 'pagefind', 'fragment'))).toHaveLength(50);
    const pages = indexed(b);
    expect(pages).toContain('/news/n3/ 第3期家庭教育讲座（改期）');
    expect(pages.some((p) => p.startsWith('/news/n5/'))).toBe(false);

    // A full build of the same pages from scratch puts every page in the same shard.
    const c = release('c');
    cpSync(b, c, { recursive: true });
    rmSync(join(c, 'pagefind'), { recursive: true });
    const full = await indexSite({ outDir: c, workDir: join(work, 'index-full'), full: true, pagesPerShard: 10 });
    expect(full.shards.map((s) => s.name)).toEqual(second.shards.map((s) => s.name));
    expect(indexed(c)).toEqual(pages);
    expect(wordsOf(c)).toEqual(wordsOf(b));
  });

  it('merges from each shard’s decoded cache exactly as from its Pagefind files, and decodes a damaged cache again', async () => {
    const state = join(work, 'index');
    await indexSite({ outDir: release('a'), workDir: state, pagesPerShard: 10 });
    const shardsDir = join(state, 'shards');
    const shards = readdirSync(shardsDir)
      .sort()
      .map((name) => join(shardsDir, name));
    const caches = shards.map((dir) => join(dir, 'merge-cache.v8'));
    expect(caches.every((file) => existsSync(file))).toBe(true);

    for (const file of caches) rmSync(file);
    await mergeShards(shards, join(work, 'decoded'));
    await mergeShards(shards, join(work, 'cached'));
    writeFileSync(caches[0] as string, 'cut short');
    await mergeShards(shards, join(work, 'damaged'));
    expect(snapshot(join(work, 'cached'))).toEqual(snapshot(join(work, 'decoded')));
    expect(snapshot(join(work, 'damaged'))).toEqual(snapshot(join(work, 'decoded')));
    expect(statSync(caches[0] as string).size).toBeGreaterThan(100);
    expect(snapshot(join(work, 'decoded'))).toEqual(snapshot(join(release('a'), 'pagefind')));
  });

  it('finds changes itself when not told, and replaces an index of the old one-piece layout', async () => {
    const a = release('a');
    mkdirSync(join(a, 'pagefind', 'fragment'), { recursive: true });
    writeFileSync(join(a, 'pagefind', 'pagefind.js'), '// old');
    const state = join(work, 'index');
    await indexSite({ outDir: a, workDir: state });
    expect(readFileSync(join(a, 'pagefind', 'pagefind.js'), 'utf8')).not.toBe('// old');
    expect(readdirSync(join(a, 'pagefind', 'fragment'))).toHaveLength(51);
    const again = await indexSite({ outDir: a, workDir: state });
    expect(again.shards.every((s) => !s.built)).toBe(true);
    expect(again.pagesStaged).toBe(0);
    write(a, 'news/n1/index.html', page('第1期家庭教育讲座', '新闻').replace('<nav>菜单</nav>', '<nav>新菜单</nav>'));
    const menu = await indexSite({ outDir: a, workDir: state });
    expect(menu.pagesStaged).toBe(0);
    expect(menu.shards.every((s) => !s.built)).toBe(true);
    write(a, 'news/n50/index.html', page('新增的讲座'));
    const added = await indexSite({ outDir: a, workDir: state });
    expect(added.pagesIndexed).toBe(52);
    expect(indexed(a)).toContain('/news/n50/ 新增的讲座');
  });

  it('starts a work folder of another format afresh, even when its table has other columns', async () => {
    const a = release('a');
    const state = join(work, 'index');
    mkdirSync(state, { recursive: true });
    // The shape of format 7: no signature column, which this format's statements name.
    const old = new DatabaseSync(join(state, STORE_FILE));
    old.exec(`CREATE TABLE pages (path TEXT PRIMARY KEY, page TEXT NOT NULL, body TEXT NOT NULL, html TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta VALUES ('format', '7'), ('release', 'a');
      INSERT INTO pages VALUES ('news/gone/index.html', 'x', 'y', '<html><body data-pagefind-body>旧</body></html>');`);
    old.close();
    writeFileSync(join(state, 'leftover'), '');
    const report = await indexSite({ outDir: a, workDir: state, release: 'a' });
    expect(report.pagesIndexed).toBe(51);
    expect(existsSync(join(state, 'leftover'))).toBe(false);
    expect(indexed(a)).not.toContain('旧');
  });

  it('compares every page when the work folder last indexed a release that never went live', async () => {
    const [a, b, c] = [release('a'), release('b'), release('c')];
    const state = join(work, 'index');
    await indexSite({ outDir: a, workDir: state, release: 'A', pagesPerShard: 10 });
    // B is indexed, then fails later (precompression, the switch): A stays live.
    linkCopy(a, b);
    write(b, 'news/n3/index.html', page('第3期家庭教育讲座（改期）'));
    await indexSite({ outDir: b, workDir: state, since: 'A', release: 'B', changedPages: ['/news/n3/'], pagesPerShard: 10 });
    expect(indexed(b)).toContain('/news/n3/ 第3期家庭教育讲座（改期）');
    // C is made from A: told only of its own change, the search step must not keep B's n3.
    const logged: string[] = [];
    linkCopy(a, c);
    write(c, 'news/n4/index.html', page('第4期家庭教育讲座（新）'));
    const third = await indexSite({
      outDir: c,
      workDir: state,
      since: 'A',
      release: 'C',
      changedPages: ['/news/n4/'],
      pagesPerShard: 10,
      log: (line) => logged.push(line),
    });
    expect(logged.some((line) => line.includes('上次索引的是版本 B，不是 A'))).toBe(true);
    expect(third.pagesStaged).toBe(2);
    expect(indexed(c)).toContain('/news/n3/ 第3期家庭教育讲座');
    expect(indexed(c)).toContain('/news/n4/ 第4期家庭教育讲座（新）');
    expect(indexed(c).some((p) => p.includes('改期'))).toBe(false);
    // The next edit, from C, is trusted again: one page looked at.
    linkCopy(c, b + '2');
    write(b + '2', 'news/n6/index.html', page('第6期家庭教育讲座（新）'));
    const fourth = await indexSite({
      outDir: b + '2',
      workDir: state,
      since: 'C',
      release: 'D',
      changedPages: ['/news/n6/'],
      pagesPerShard: 10,
    });
    expect(fourth.pagesStaged).toBe(1);
    expect(fourth.shards.filter((s) => s.built)).toHaveLength(1);
  });

  it('fails with Pagefind’s reason when the index cannot be written, leaving the release as it was', async () => {
    const a = release('a');
    writeFileSync(join(a, 'pagefind'), 'a file where the index folder goes');
    await expect(indexSite({ outDir: a, workDir: join(work, 'index') })).rejects.toThrow();
    expect(readFileSync(join(a, 'pagefind'), 'utf8')).toBe('a file where the index folder goes');
  });
});
