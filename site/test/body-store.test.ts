import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bodyHtml,
  bodyStoreDir,
  hasBody,
  hasRendererStore,
  markRendererStore,
  pruneBodies,
  pruneOtherRenderers,
  readBodies,
  removeBody,
  rendererDigest,
  writeBodies,
  writeBody,
} from '../src/cms/body-store.ts';

const SITE = join(import.meta.dirname, '..');
let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the files the renderer's version is read from. */
function siteCopy(markdown: string, marked = '18.2.1'): string {
  const dir = mkdtempSync(join(scratch, 'site-'));
  mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'src', 'lib', 'markdown.ts'), markdown);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { marked, 'sanitize-html': '2.18.1' } }));
  return dir;
}

describe('the body store is kept per version of the Markdown renderer', () => {
  it('changes its folder when the renderer or its libraries change, and only then', () => {
    scratch = mkdtempSync(join(tmpdir(), 'body-store-'));
    const a = siteCopy('export const renderMarkdown = (s: string) => s;');
    const same = siteCopy('export const renderMarkdown = (s: string) => s;');
    const fixed = siteCopy('export const renderMarkdown = (s: string) => s.replace(/</g, "&lt;");');
    const newerMarked = siteCopy('export const renderMarkdown = (s: string) => s;', '18.3.0');
    const env = { SITE_CACHE_DIR: join(scratch, 'cache') };
    expect(rendererDigest(a)).toBe(rendererDigest(same));
    expect(new Set([rendererDigest(a), rendererDigest(fixed), rendererDigest(newerMarked)]).size).toBe(3);
    expect(bodyStoreDir(env, a)).toBe(join(scratch, 'cache', 'bodies', rendererDigest(a)));
    expect(bodyStoreDir(env, fixed)).not.toBe(bodyStoreDir(env, a));
    // The real renderer's version is read from the site's own files.
    expect(rendererDigest(SITE)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('knows a collection read whole by this renderer, and drops what older renderers wrote', () => {
    scratch = mkdtempSync(join(tmpdir(), 'body-store-'));
    const env = { SITE_CACHE_DIR: join(scratch, 'cache') };
    const old = bodyStoreDir(env, siteCopy('old'));
    const current = bodyStoreDir(env, siteCopy('new'));
    writeBody(old, 'news', 'd1', '<p>旧</p>');
    writeBody(old, 'trainings', 't1', '<p>旧</p>');
    expect(hasRendererStore(current, 'news')).toBe(false);

    writeBody(current, 'news', 'd1', '<p>新</p>');
    expect(hasRendererStore(current, 'news')).toBe(false);
    markRendererStore(current, 'news');
    pruneOtherRenderers(current, 'news');
    expect(hasRendererStore(current, 'news')).toBe(true);
    expect(hasRendererStore(current, 'trainings')).toBe(false);
    expect(readBodies(old, 'news').size).toBe(0);
    // Another collection's old bodies go when that collection is read whole, then the store.
    expect(readBodies(old, 'trainings').size).toBe(1);
    markRendererStore(current, 'trainings');
    pruneOtherRenderers(current, 'trainings');
    expect(readdirSync(join(scratch, 'cache', 'bodies'))).toEqual([current.split('/').at(-1)]);
  });

  it('removes the file-per-body folders of earlier versions of the store', () => {
    scratch = mkdtempSync(join(tmpdir(), 'body-store-'));
    const env = { SITE_CACHE_DIR: join(scratch, 'cache') };
    const older = join(scratch, 'cache', 'bodies', 'older-renderer');
    mkdirSync(join(older, 'news'), { recursive: true });
    writeFileSync(join(older, 'news', 'd1.html'), '<p>旧</p>');
    const current = bodyStoreDir(env, siteCopy('new'));
    // The same renderer, its bodies still one file each.
    mkdirSync(join(current, 'news'), { recursive: true });
    writeFileSync(join(current, 'news', 'd1.html'), '<p>旧格式</p>');
    expect(hasRendererStore(current, 'news')).toBe(false);
    writeBody(current, 'news', 'd1', '<p>新</p>');
    markRendererStore(current, 'news');
    pruneOtherRenderers(current, 'news');
    expect(existsSync(join(current, 'news'))).toBe(false);
    expect(existsSync(older)).toBe(false);
    expect(readBodies(current, 'news')).toEqual(new Map([['d1', '<p>新</p>']]));
  });
});

describe('bodies', () => {
  it('are written, replaced, removed and pruned by collection and digest', () => {
    scratch = mkdtempSync(join(tmpdir(), 'body-store-'));
    const dir = join(scratch, 'bodies', 'v1');
    writeBodies(dir, 'news', [
      ['a', '<p>甲</p>'],
      ['b', '<p>乙</p>'],
      ['c', ''],
    ]);
    writeBody(dir, 'trainings', 'a', '<p>培训</p>');
    expect([hasBody(dir, 'news', 'a'), hasBody(dir, 'news', 'x'), hasBody(dir, 'trainings', 'b')]).toEqual([true, false, false]);
    writeBody(dir, 'news', 'a', '<p>甲改</p>');
    removeBody(dir, 'news', 'b');
    expect(readBodies(dir, 'news')).toEqual(
      new Map([
        ['a', '<p>甲改</p>'],
        ['c', ''],
      ]),
    );
    expect(pruneBodies(dir, 'news', new Set(['c']))).toBe(1);
    expect([...readBodies(dir, 'news').keys()]).toEqual(['c']);
    expect(readBodies(dir, 'trainings').get('a')).toBe('<p>培训</p>');
  });

  it('give a page its body, and fail the build naming the entry when one is missing', () => {
    scratch = mkdtempSync(join(tmpdir(), 'body-store-'));
    const site = siteCopy('renderer');
    const cwd = process.cwd();
    const before = process.env.SITE_CACHE_DIR;
    process.chdir(site);
    process.env.SITE_CACHE_DIR = join(scratch, 'cache');
    try {
      writeBody(bodyStoreDir(), 'news', 'd1', '<p>正文</p>');
      writeBody(bodyStoreDir(), 'news', 'empty', '');
      expect(bodyHtml({ collection: 'news', id: 'a', digest: 'd1' })).toBe('<p>正文</p>');
      expect(bodyHtml({ collection: 'news', id: 'b', digest: 'empty' })).toBe('');
      expect(() => bodyHtml({ collection: 'news', id: 'gone', digest: 'd2' })).toThrow(/没有 news\/gone 的正文.*build --full/);
      expect(() => bodyHtml({ collection: 'news', id: 'nodigest' })).toThrow(/没有 news\/nodigest/);
      // An entry whose body shows media-library photos: `<body digest>~<photos' digest>`.
      expect(bodyHtml({ collection: 'news', id: 'c', digest: 'd1~photos1' })).toBe('<p>正文</p>');
      expect(hasBody(bodyStoreDir(), 'news', 'd1~photos2')).toBe(true);
      removeBody(bodyStoreDir(), 'news', 'd1~photos2');
      expect(hasBody(bodyStoreDir(), 'news', 'd1')).toBe(false);
    } finally {
      process.chdir(cwd);
      if (before === undefined) delete process.env.SITE_CACHE_DIR;
      else process.env.SITE_CACHE_DIR = before;
    }
  });
});
