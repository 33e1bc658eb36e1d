import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bodyStoreDir,
  hasRendererStore,
  markRendererStore,
  pruneOtherRenderers,
  rendererDigest,
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
    markRendererStore(current, 'news');
    pruneOtherRenderers(current, 'news');
    expect(hasRendererStore(current, 'news')).toBe(true);
    expect(existsSync(join(old, 'news'))).toBe(false);
    // Another collection's old bodies go when that collection is read whole, then the folder.
    expect(existsSync(join(old, 'trainings'))).toBe(true);
    markRendererStore(current, 'trainings');
    pruneOtherRenderers(current, 'trainings');
    expect(readdirSync(join(scratch, 'cache', 'bodies'))).toEqual([current.split('/').at(-1)]);
  });
});
