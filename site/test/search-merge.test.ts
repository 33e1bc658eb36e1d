import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexSite } from '../src/search/index.ts';
import { mergeShards } from '../src/search/merge.ts';

// The merge of what changed (MergeState in merge.ts) must give the whole merge's index byte for
// byte, and fall back to the whole merge whenever its state does not fit: real Pagefind shards.

let work: string;
/** A site of 51 pages in 8 shards (10 pages a shard), indexed once; each case starts from a copy. */
let base: string;
const page = (title: string, extra = '') =>
  `<!doctype html><html lang="zh-CN"><body><article data-pagefind-body data-pagefind-filter="section:新闻"${extra}>` +
  `<h1>${title}</h1><p>${title}的正文，妇联家庭教育讲座上午09:00开始，巾帼志愿服务。</p></article></body></html>`;
const write = (site: string, path: string, html: string) => {
  mkdirSync(dirname(join(site, path)), { recursive: true });
  rmSync(join(site, path), { force: true });
  writeFileSync(join(site, path), html);
};
/** Every file of a folder, by path, with its bytes. */
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)).toString('base64')])
      .sort(([a], [b]) => (a as string).localeCompare(b as string)),
  );
const shardDirs = (state: string) =>
  readdirSync(join(state, 'shards'))
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => join(state, 'shards', name));
/** The index a whole merge of the same shards writes into an empty folder. */
const fresh = async (state: string, name: string) => {
  const target = join(work, name);
  await mergeShards(shardDirs(state), target);
  return snapshot(target);
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fulian-search-merge-'));
  base = join(work, 'base');
  for (let i = 0; i < 50; i++) write(join(base, 'site'), `news/n${i}/index.html`, page(`第${i}期家庭教育讲座`));
  write(join(base, 'site'), 'news/n7/index.html', page('第7期家庭教育讲座', ' data-pagefind-meta="date:2018年4月16日"'));
  const report = await indexSite({ outDir: join(base, 'site'), workDir: join(base, 'index'), pagesPerShard: 10 });
  expect(report.shards).toHaveLength(8);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the indexed base site and its work folder (state included). */
function copyBase(name: string) {
  const dir = join(work, name);
  cpSync(base, dir, { recursive: true });
  return { site: join(dir, 'site'), state: join(dir, 'index') };
}

describe('the merge of what changed', { timeout: 180_000 }, () => {
  it.each([
    { case: 'a page’s text edited', incremental: true, change: { 'news/n3/index.html': page('第3期家庭教育讲座（改期）') } },
    {
      case: 'a word gone from the site and a new one come',
      incremental: true,
      change: { 'news/n9/index.html': page('第9期家庭教育讲座').replace('巾帼志愿服务', '独一无二新词汇') },
    },
    {
      case: 'pages in two shards edited',
      incremental: true,
      change: { 'news/n1/index.html': page('第1期讲座改版'), 'news/n2/index.html': page('第2期讲座改版') },
    },
    {
      case: 'the page with a metadata field edited',
      incremental: true,
      change: { 'news/n7/index.html': page('第7期讲座', ' data-pagefind-meta="date:2019年5月1日"') },
    },
    {
      case: 'a page added (a shard’s page count changes)',
      incremental: false,
      change: { 'news/n60/index.html': page('新增的讲座') },
    },
    { case: 'a page removed', incremental: false, change: { 'news/n4/index.html': null } },
    {
      case: 'a metadata field new to a shard',
      incremental: false,
      change: { 'news/n5/index.html': page('第5期家庭教育讲座', ' data-pagefind-meta="author:市妇联"') },
    },
  ] as { case: string; incremental: boolean; change: Record<string, string | null> }[])(
    'gives the whole merge’s index: $case',
    async ({ case: name, incremental, change }) => {
      const { site, state } = copyBase(name.replace(/\W+/g, '-'));
      const changed: string[] = [];
      const removed: string[] = [];
      for (const [path, html] of Object.entries(change)) {
        if (html === null) {
          rmSync(join(site, path));
          removed.push(path);
        } else {
          write(site, path, html);
          changed.push(path);
        }
      }
      const report = await indexSite({
        outDir: site,
        workDir: state,
        changedPages: changed,
        removedPages: removed,
        pagesPerShard: 10,
      });
      expect(report.mergeIncremental).toBe(incremental);
      expect(snapshot(join(site, 'pagefind'))).toEqual(await fresh(state, `${name}-fresh`));

      // And the state it leaves serves the next edit as well.
      write(site, 'news/n0/index.html', page('第0期家庭教育讲座（再改）'));
      const next = await indexSite({ outDir: site, workDir: state, changedPages: ['news/n0/index.html'], pagesPerShard: 10 });
      expect(next.mergeIncremental).toBe(true);
      expect(snapshot(join(site, 'pagefind'))).toEqual(await fresh(state, `${name}-fresh-next`));
    },
  );
});

describe('a state that does not fit gives the whole merge', { timeout: 180_000 }, () => {
  /** Base shards, and the same with one page edited: they differ in one shard. */
  let before: string[];
  let after: string[];
  beforeAll(async () => {
    const { site, state } = copyBase('edited');
    write(site, 'news/n3/index.html', page('第3期家庭教育讲座（改期）'));
    await indexSite({ outDir: site, workDir: state, changedPages: ['news/n3/index.html'], pagesPerShard: 10 });
    before = shardDirs(join(base, 'index'));
    after = shardDirs(state);
    expect(after.filter((dir, i) => dir.split('/').pop() !== before[i]?.split('/').pop())).toHaveLength(1);
  }, 180_000);

  const stateFile = (state: string) => join(state, 'merge-state.v8');
  it.each([
    { case: 'nothing wrong', incremental: true, spoil: () => {} },
    { case: 'no state file', incremental: false, spoil: (state: string) => rmSync(stateFile(state)) },
    { case: 'a damaged state file', incremental: false, spoil: (state: string) => writeFileSync(stateFile(state), 'cut short') },
    {
      case: 'a state file cut short',
      incremental: false,
      spoil: (state: string) => writeFileSync(stateFile(state), readFileSync(stateFile(state)).subarray(0, 5000)),
    },
    {
      case: 'a state of another format',
      incremental: false,
      spoil: (state: string) => {
        const read = deserialize(readFileSync(stateFile(state))) as { format: number };
        writeFileSync(stateFile(state), serialize({ ...read, format: read.format + 1 }));
      },
    },
    {
      case: 'the kept shard caches gone',
      incremental: false,
      spoil: (state: string) => rmSync(join(state, 'caches'), { recursive: true }),
    },
    {
      case: 'a chunk of the previous index changed',
      incremental: false,
      spoil: (_state: string, target: string) => {
        for (const file of readdirSync(join(target, 'index')))
          writeFileSync(join(target, 'index', file), gzipSync(Buffer.from('pagefind_dcd\x81\x80')));
      },
    },
    {
      case: 'the target another index',
      incremental: false,
      spoil: (_state: string, target: string) => {
        rmSync(target, { recursive: true });
        mkdirSync(target);
      },
    },
  ] as { case: string; incremental: boolean; spoil: (state: string, target: string) => void }[])(
    '$case',
    async ({ case: name, incremental, spoil }) => {
      const dir = join(work, `spoil-${name.replace(/\W+/g, '-')}`);
      const state = join(dir, 'state');
      const target = join(dir, 'pagefind');
      expect((await mergeShards(before, target, { state })).incremental).toBe(false);
      spoil(state, target);
      expect((await mergeShards(after, target, { state })).incremental).toBe(incremental);
      await mergeShards(after, join(dir, 'fresh'));
      expect(snapshot(target)).toEqual(snapshot(join(dir, 'fresh')));
    },
  );

  it.each([
    { case: 'a shard added', from: () => before.slice(0, -1), to: () => before },
    { case: 'a shard removed', from: () => before, to: () => before.filter((_, i) => i !== 3) },
    { case: 'shards in another order', from: () => before, to: () => [...before].reverse() },
    { case: 'no shard changed', from: () => before, to: () => before },
  ])('$case', async ({ case: name, from, to }) => {
    const dir = join(work, `shards-${name.replace(/\W+/g, '-')}`);
    const state = join(dir, 'state');
    await mergeShards(from(), join(dir, 'pagefind'), { state });
    await mergeShards(to(), join(dir, 'pagefind'), { state });
    await mergeShards(to(), join(dir, 'fresh'));
    expect(snapshot(join(dir, 'pagefind'))).toEqual(snapshot(join(dir, 'fresh')));
  });
});
