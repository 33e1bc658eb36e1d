import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompress } from '../src/precompress.ts';
import { linkTree, removeFiles } from '../src/release-diff.ts';

const page = (title: string) =>
  `<!doctype html><html lang="zh-CN"><title>${title}</title><p>${'妇联新闻正文。'.repeat(80)}</p></html>`;

let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a file the way a build's output lands in a release: a new inode renamed over the name. */
function put(dir: string, file: string, text: string) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.new`, text);
  renameSync(`${path}.new`, path);
}

/** Every file of a release with the bytes a reader gets: copies are decompressed. */
function served(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    const text = path.endsWith('.gz')
      ? gunzipSync(bytes).toString()
      : path.endsWith('.br')
        ? brotliDecompressSync(bytes).toString()
        : bytes.toString();
    out[relative(dir, path)] = text;
  }
  return out;
}

const folders = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

function release(dir: string) {
  put(dir, 'index.html', page('首页'));
  put(dir, 'news/a/index.html', page('甲'));
  put(dir, 'news/b/index.html', page('乙'));
  put(dir, 'news/gone/index.html', page('将删除'));
  put(dir, 'rss.xml', `<rss>${'<item>妇联</item>'.repeat(40)}</rss>`);
  put(dir, 'tiny.txt', 'small');
  put(dir, 'pagefind/pagefind-entry.json', JSON.stringify({ version: '1.6.0', pad: 'x'.repeat(400) }));
  put(dir, 'pagefind/pagefind.js', `// old\n${'var a=1;'.repeat(60)}`);
  put(dir, 'pagefind/index/en_1.pf_index', 'binary');
}

describe('precompress after an incremental release', () => {
  it('gives the same release as the full walk, touching only what changed', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'precompress-'));
    const previous = join(scratch, 'previous');
    release(previous);
    const first = await precompress(previous);
    expect(first.compressed).toBe(7);

    const incoming = join(scratch, 'incoming');
    await linkTree(previous, incoming);
    // What an incremental build does: pages renamed over, a page removed, the index rewritten.
    put(incoming, 'news/a/index.html', page('甲（改）'));
    put(incoming, 'news/new/index.html', page('新稿'));
    put(incoming, 'rss.xml', `<rss>${'<item>新</item>'.repeat(50)}</rss>`);
    removeFiles(incoming, ['news/gone/index.html']);
    put(incoming, 'pagefind/pagefind-entry.json', JSON.stringify({ version: '1.6.0', pad: 'y'.repeat(400) }));
    rmSync(join(incoming, 'pagefind/pagefind.js'));
    put(incoming, 'pagefind/pagefind-worker.js', `// new\n${'var b=2;'.repeat(60)}`);

    const reference = join(scratch, 'reference');
    await linkTree(incoming, reference);

    const result = await precompress(incoming, {
      written: ['news/a/index.html', 'news/new/index.html', 'rss.xml'],
      folders: ['pagefind'],
    });
    await precompress(reference);

    expect(result.compressed).toBe(5); // 3 written files, the new entry file and the new worker
    expect(result.removed).toBe(2); // pagefind.js's two copies
    expect(served(incoming)).toEqual(served(reference));
    expect(folders(incoming)).toEqual(folders(reference));
    expect(folders(incoming)).not.toContain('news/gone');
    // The previous release, live while this runs, is untouched: its copies still match its files.
    expect(gunzipSync(readFileSync(join(previous, 'news/a/index.html.gz'))).toString()).toBe(page('甲'));
    expect(statSync(join(previous, 'pagefind/pagefind.js.br')).isFile()).toBe(true);
  });

  it('leaves a skipped folder alone, in the background, and then its own part makes the full walk', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'precompress-'));
    const dir = join(scratch, 'release');
    release(dir);
    // A stale copy in the skipped folder: the full walk would remove it, the skipping one must not look.
    put(dir, 'pagefind/gone.js.gz', 'stale');
    const reference = join(scratch, 'reference');
    await linkTree(dir, reference);

    const site = await precompress(dir, undefined, { skip: ['pagefind'], background: true });
    expect(site.compressed).toBe(5); // index.html, three news pages, rss.xml
    expect(readdirSync(join(dir, 'pagefind')).sort()).toEqual(['gone.js.gz', 'index', 'pagefind-entry.json', 'pagefind.js']);
    const index = await precompress(dir, { written: [], folders: ['pagefind'] });
    expect(index).toMatchObject({ compressed: 2, removed: 1 });

    await precompress(reference);
    expect(served(dir)).toEqual(served(reference));
  });

  it('refuses a symlink among the written files', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'precompress-'));
    const dir = join(scratch, 'release');
    release(dir);
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc/passwd', join(dir, 'news/leak.html'));
    await expect(precompress(dir, { written: ['news/leak.html'] })).rejects.toThrow(/符号链接 news\/leak\.html/);
  });

  it('shares a large site among threads, each copy holding its own file', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'precompress-'));
    const dir = join(scratch, 'release');
    for (let i = 0; i < 450; i++) put(dir, `news/n${i}/index.html`, page(`第${i}条`));
    const result = await precompress(dir);
    expect(result).toMatchObject({ compressed: 450, current: 0, removed: 0 });
    const copies = served(dir);
    for (let i = 0; i < 450; i++) {
      expect(copies[`news/n${i}/index.html.gz`]).toBe(page(`第${i}条`));
      expect(copies[`news/n${i}/index.html.br`]).toBe(page(`第${i}条`));
    }
    expect(await precompress(dir)).toMatchObject({ compressed: 0, current: 450 });
  });
});
