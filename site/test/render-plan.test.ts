import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentManifest,
  derivedFrom,
  fingerprint,
  outputFileOf,
  pathnameOf,
  planPaths,
  type RenderManifest,
  readManifest,
  removedFiles,
  resetRenderPlan,
  setGlobals,
  writeManifest,
} from '../src/build/render-plan.ts';

const entry = (id: string, digest: string, title = id) => ({ id, collection: 'news', digest, data: { title } });

afterEach(() => {
  resetRenderPlan();
  delete process.env.SITE_RENDER_MODE;
  delete process.env.SITE_RENDER_PREVIOUS;
});

describe('pathnameOf and outputFileOf', () => {
  it.each([
    ['/news/[slug]/', { slug: 'a' }, '/news/a/', 'news/a/index.html'],
    ['/news/[...page]/', { page: undefined }, '/news/', 'news/index.html'],
    ['/news/[...page]/', { page: 'page/3' }, '/news/page/3/', 'news/page/3/index.html'],
    [
      '/news/category/[category]/[...page]/',
      { category: 'x', page: undefined },
      '/news/category/x/',
      'news/category/x/index.html',
    ],
    ['/[section]/rss.xml', { section: 'news' }, '/news/rss.xml', 'news/rss.xml'],
    ['/[calendar].ics', { calendar: 'events' }, '/events.ics', 'events.ics'],
    ['/archive/[...index]/', { index: undefined }, '/archive/', 'archive/index.html'],
    ['/relief/[programme]/[file]', { programme: 'p', file: 'batches.csv' }, '/relief/p/batches.csv', 'relief/p/batches.csv'],
  ])('%s with %o is %s, written to %s', (pattern, params, pathname, file) => {
    expect(pathnameOf(pattern, params)).toBe(pathname);
    expect(outputFileOf(pathname)).toBe(file);
  });
});

describe('fingerprint', () => {
  it('reduces content entries to their identity and digest', () => {
    expect(fingerprint({ entry: entry('a', 'd1') })).toBe('{"entry":"news/a@d1"}');
  });
  it('changes when an entry, or the order of entries, changes', () => {
    const one = fingerprint([entry('a', 'd1'), entry('b', 'd2')]);
    expect(fingerprint([entry('a', 'd1'), entry('b', 'd3')])).not.toBe(one);
    expect(fingerprint([entry('b', 'd2'), entry('a', 'd1')])).not.toBe(one);
    expect(fingerprint([entry('a', 'd1'), entry('b', 'd2')])).toBe(one);
  });
  it("reduces an object derived from an entry to the entry's identity and digest, by kind", () => {
    const card = (e: ReturnType<typeof entry>) => derivedFrom({ title: e.data.title, href: `/news/${e.id}/` }, e, 'card');
    expect(fingerprint({ cards: [card(entry('a', 'd1'))] })).toBe('{"cards":["card:news/a@d1"]}');
    // A new digest (any field of the document changed) changes the key; so does another kind.
    expect(fingerprint([card(entry('a', 'd2'))])).not.toBe(fingerprint([card(entry('a', 'd1'))]));
    const other = derivedFrom({ title: 'a' }, entry('a', 'd1'), 'feed-item');
    expect(fingerprint([other])).toBe('["feed-item:news/a@d1"]');
    // An object not marked is spelled out as it is.
    expect(fingerprint([{ title: 'a' }])).toBe('[{"title":"a"}]');
  });
});

function plan(mode: 'full' | 'incremental', previous?: string) {
  resetRenderPlan();
  process.env.SITE_RENDER_MODE = mode;
  if (previous) process.env.SITE_RENDER_PREVIOUS = previous;
  setGlobals(['settings-v1']);
}

describe('planPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-plan-'));
  const paths = (digests: Record<string, string>) =>
    Object.entries(digests).map(([slug, digest]) => ({ params: { slug }, props: { entry: entry(slug, digest) } }));

  it('renders everything in a full build and records every key', () => {
    plan('full');
    expect(planPaths('/news/[slug]/', paths({ a: '1', b: '2' }))).toHaveLength(2);
    const manifest = currentManifest();
    expect(Object.keys(manifest.routes['/news/[slug]/'] ?? {})).toEqual(['/news/a/', '/news/b/']);
    expect(manifest.rendered).toEqual(['/news/a/', '/news/b/']);
  });

  it('renders only changed and new paths in an incremental build, and names the vanished ones', () => {
    plan('full');
    planPaths('/news/[slug]/', paths({ a: '1', b: '2', c: '3' }));
    const first = join(dir, 'first.json');
    writeManifest(first, {});

    plan('incremental', first);
    const kept = planPaths('/news/[slug]/', paths({ a: '1', b: 'changed', d: '4' }));
    expect(kept.map((p) => p.params.slug)).toEqual(['b', 'd']);
    const second = join(dir, 'second.json');
    const next = writeManifest(second, {});
    const before = readManifest(first) as RenderManifest;
    expect(removedFiles(before, next)).toEqual(['news/c/index.html']);
  });

  it('renders everything again when the globals changed', () => {
    plan('full');
    planPaths('/news/[slug]/', paths({ a: '1' }));
    const first = join(dir, 'globals.json');
    writeManifest(first, {});
    resetRenderPlan();
    process.env.SITE_RENDER_MODE = 'incremental';
    process.env.SITE_RENDER_PREVIOUS = first;
    setGlobals(['settings-v2']);
    expect(planPaths('/news/[slug]/', paths({ a: '1' }))).toHaveLength(1);
  });

  it('refuses to plan before the globals are known, and duplicate paths', () => {
    resetRenderPlan();
    expect(() => planPaths('/news/[slug]/', paths({ a: '1' }))).toThrow(/siteGlobals/);
    plan('full');
    expect(() => planPaths('/news/[slug]/', [...paths({ a: '1' }), ...paths({ a: '2' })])).toThrow(/重复/);
  });
});

describe('the manifest file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-manifest-'));

  it('names each image file once, and reads back what was written', () => {
    resetRenderPlan();
    process.env.SITE_RENDER_MODE = 'full';
    delete process.env.SITE_RENDER_PREVIOUS;
    setGlobals(['settings']);
    planPaths('/news/[slug]/', [{ params: { slug: 'a' } }, { params: { slug: 'b' } }]);
    const file = join(dir, 'images.json');
    const images = { '/news/a/': ['_img/x.webp', '_img/shared.avif'], '/news/b/': ['_img/shared.avif'], '/': [] };
    const written = writeManifest(file, { 'sitemap-0.xml': 'd' }, images);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.imageFiles).toEqual(['_img/x.webp', '_img/shared.avif']);
    expect(onDisk.images).toEqual({ '/news/a/': [0, 1], '/news/b/': [1], '/': [] });
    expect(readManifest(file)).toEqual(written);
  });

  it('reads no manifest of another version, or none at all', () => {
    const old = join(dir, 'v1.json');
    writeFileSync(old, JSON.stringify({ version: 1, globals: 'g', routes: {}, rendered: [], images: {} }));
    expect(readManifest(old)).toBeNull();
    expect(readManifest(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(join(dir, 'cut.json'), '{"version":2,"glo');
    expect(readManifest(join(dir, 'cut.json'))).toBeNull();
  });

  it('says which page names an image the file does not have', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 2, globals: 'g', routes: {}, rendered: [], imageFiles: ['a.webp'], images: { '/x/': [3] } }),
    );
    expect(() => readManifest(bad)).toThrow(/\/x\/.*3/);
  });
});

describe('images in releases made by difference', () => {
  it('finds the image files a page references, and only images', async () => {
    const { imagesIn } = await import('../src/build/render-plan.ts');
    const html =
      '<link href="/_astro/index.B1.css"><img src="/_astro/c.DzA.webp" srcset="/_astro/c.x1.avif 400w, /_astro/c.x2.avif 800w">' +
      '<meta content="https://www.example.gov.cn/_img/abc-1200.jpg"><script src="/_astro/elder.js"></script>';
    expect(imagesIn(html)).toEqual(['_astro/c.DzA.webp', '_astro/c.x1.avif', '_astro/c.x2.avif', '_img/abc-1200.jpg']);
  });

  it('deletes an image no page uses any more', () => {
    const base = { version: 2 as const, globals: 'g', routes: {}, rendered: [] };
    const before = { ...base, images: { '/news/a/': ['_img/old.webp', '_img/shared.webp'], '/news/b/': ['_img/shared.webp'] } };
    const after = { ...base, images: { '/news/a/': ['_img/new.webp'], '/news/b/': ['_img/shared.webp'] } };
    expect(removedFiles(before, after)).toEqual(['_img/old.webp']);
  });
});
