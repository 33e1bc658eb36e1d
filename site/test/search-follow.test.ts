import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followBuild, indexSite } from '../src/search/index.ts';
import { fileSignature, signatureOf } from '../src/search/stage.ts';
import { openStagedStore, STORE_FILE } from '../src/search/staged-store.ts';

// followBuild with a make-believe build: a planned list that grows, pages that appear after it.

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'search-follow-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const page = (title: string) =>
  `<!doctype html><html lang="zh-CN"><body><nav>菜单</nav><article data-pagefind-body><h1>${title}</h1><p>${title}的正文，市妇联举办。</p></article></body></html>`;
const put = (site: string, file: string, html: string) => {
  mkdirSync(dirname(join(site, file)), { recursive: true });
  writeFileSync(join(site, file), html);
};
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('followBuild', { timeout: 60_000 }, () => {
  it('stages the pages a build lists and writes, and the search step keeps what still matches', async () => {
    const site = join(work, 'out');
    const state = join(work, 'index');
    const planned = join(work, 'planned.txt');
    const follower = followBuild({ outDir: site, workDir: state, plannedFile: planned, intervalMs: 20 });
    // The render plan lists a route's pages before they are written; one page is never written.
    appendFileSync(planned, `${Array.from({ length: 30 }, (_, i) => `news/n${i}/index.html`).join('\n')}\n`);
    appendFileSync(planned, 'news/never/index.html\nabout/index.html\n');
    for (let i = 0; i < 30; i++) put(site, `news/n${i}/index.html`, page(`第${i}期讲座`));
    put(site, 'about/index.html', '<!doctype html><html><body>没有标记的页面</body></html>');
    // Until the thread has staged them all (a busy machine may take a while).
    const rows = () => {
      // Not made here: the thread makes it (a store without its format would be thrown away).
      if (!existsSync(join(state, STORE_FILE))) return 0;
      const store = openStagedStore(join(state, STORE_FILE));
      try {
        return store.all().length;
      } finally {
        store.close();
      }
    };
    for (const deadline = Date.now() + 30_000; rows() < 30 && Date.now() < deadline; ) await tick(20);
    // Written again after the follower read it (a page still being written when read).
    put(site, 'news/n7/index.html', page('第7期讲座（改）'));
    const { staged } = await follower.stop();
    expect(staged).toBe(30);

    const store = openStagedStore(join(state, STORE_FILE));
    expect(store.all()).toHaveLength(30);
    expect(store.meta('release')).toBe('');
    store.close();

    const report = await indexSite({ outDir: site, workDir: state, release: 'A' });
    // Only the page that changed after the follower read it is staged again.
    expect(report.pagesStaged).toBe(1);
    expect(report.pagesIndexed).toBe(30);
    const again = openStagedStore(join(state, STORE_FILE));
    expect(again.html('news/n7/index.html')).toContain('（改）');
    again.close();
  });

  it('leaves unread the pages whose file is the one it staged, and reads a page rewritten to the same size', async () => {
    const site = join(work, 'out');
    const state = join(work, 'index');
    const planned = join(work, 'planned.txt');
    const follower = followBuild({ outDir: site, workDir: state, plannedFile: planned, intervalMs: 20 });
    const files = Array.from({ length: 12 }, (_, i) => `news/m${i}/index.html`);
    // Written a while ago, as a build's pages are by the time the follower reads them.
    const past = new Date(Date.now() - 10_000);
    for (const [i, file] of files.entries()) {
      put(site, file, page(`第${i}期培训`));
      utimesSync(join(site, file), past, past);
    }
    appendFileSync(planned, `${files.join('\n')}\n`);
    const rows = () => {
      if (!existsSync(join(state, STORE_FILE))) return 0;
      const store = openStagedStore(join(state, STORE_FILE));
      try {
        return [...store.signatures().values()].filter(Boolean).length;
      } finally {
        store.close();
      }
    };
    for (const deadline = Date.now() + 30_000; rows() < 12 && Date.now() < deadline; ) await tick(20);
    expect((await follower.stop()).staged).toBe(12);

    // The same number of bytes, another text: only the new time tells them apart.
    const changed = join(site, files[3] as string);
    const before = statSync(changed).size;
    put(site, files[3] as string, page('第9期培训'));
    expect(statSync(changed).size).toBe(before);
    const report = await indexSite({ outDir: site, workDir: state, release: 'A' });
    expect(report.pagesRead).toBe(1);
    expect(report.pagesStaged).toBe(1);
    expect(report.pagesIndexed).toBe(12);
    const store = openStagedStore(join(state, STORE_FILE));
    expect(store.html(files[3] as string)).toContain('第 9 期 培训');
    store.close();

    // Nothing changed since. The rewritten page was read within a second of being written, so
    // its signature could not vouch for it: it alone is read again (and found unchanged).
    const again = await indexSite({ outDir: site, workDir: state, release: 'B' });
    expect(again.pagesRead).toBe(1);
    expect(again.pagesStaged).toBe(0);
    // Once it is older than that, nothing is read.
    utimesSync(changed, past, past);
    expect((await indexSite({ outDir: site, workDir: state, release: 'C' })).pagesRead).toBe(1);
    expect((await indexSite({ outDir: site, workDir: state, release: 'D' })).pagesRead).toBe(0);
  });

  it('vouches for a file only when it was last changed a second or more before it was read', () => {
    const file = join(work, 'p.html');
    writeFileSync(file, page('甲'));
    const stat = statSync(file, { bigint: true });
    const modified = Number(stat.mtimeMs);
    expect(fileSignature(stat, modified + 200)).toBe('');
    expect(fileSignature(stat, modified + 999)).toBe('');
    expect(fileSignature(stat, modified + 1500)).toBe(signatureOf(stat));
    expect(signatureOf(stat)).toBe(`${stat.ino}:${stat.size}:${stat.mtimeNs}`);
  });

  it('reports a failure of its thread when stopped', async () => {
    const site = join(work, 'out');
    const planned = join(work, 'planned.txt');
    // The work folder is a file: the thread cannot open its store.
    writeFileSync(join(work, 'index'), 'not a folder');
    const follower = followBuild({ outDir: site, workDir: join(work, 'index', 'nested'), plannedFile: planned, intervalMs: 20 });
    put(site, 'news/a/index.html', page('甲'));
    appendFileSync(planned, 'news/a/index.html\n');
    await tick(200);
    await expect(follower.stop()).rejects.toThrow(/搜索索引预分词出错/);
  });
});

describe('the staged store', () => {
  it('reads the signatures of the pages asked for by name, and of every page when none are named', () => {
    const store = openStagedStore(join(work, 'index', STORE_FILE));
    try {
      for (const [i, path] of ['a/index.html', 'b/index.html', 'c/index.html'].entries()) {
        store.put(path, { page: `p${i}`, body: `b${i}` }, page(path), `1:${i}:100`);
      }
      // An edit looks at a dozen pages of 43,000 (3x): it must not read every row.
      expect(store.signatures(['b/index.html', 'gone/index.html'])).toEqual(new Map([['b/index.html', '1:1:100']]));
      expect(store.signatures([])).toEqual(new Map());
      expect([...store.signatures().keys()].sort()).toEqual(['a/index.html', 'b/index.html', 'c/index.html']);
    } finally {
      store.close();
    }
  });
});
