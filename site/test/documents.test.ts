import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentStore, documentStore, forgetDocumentStores, getDocuments } from '../src/cms/documents.ts';

const entry = (id: string, digest = `d-${id}`) => ({
  id,
  digest,
  data: { documentId: `doc-${id}`, slug: id, title: `标题 ${id}` },
});
const folder = () => mkdtempSync(join(tmpdir(), 'fulian-documents-'));

afterEach(() => forgetDocumentStores());

describe('DocumentStore', () => {
  it('reads back what it saved: entries in order, their digests, the loader meta', () => {
    const file = join(folder(), 'documents', 'news.json');
    const store = new DocumentStore('news', file, 'stamp-1').load();
    expect(store.current).toBe(false);
    store.set(entry('b'));
    store.set(entry('a'));
    store.meta.set('newestPublishedAt', '2018-04-20T08:00:00.000Z');
    store.save();
    expect(store.current).toBe(true);

    const again = new DocumentStore('news', file, 'stamp-1').load();
    expect(again.current).toBe(true);
    expect(again.keys()).toEqual(['b', 'a']);
    expect(again.get('a')).toEqual({ ...entry('a'), collection: 'news' });
    expect(again.meta.get('newestPublishedAt')).toBe('2018-04-20T08:00:00.000Z');
  });

  it('hands out one array until the content changes', () => {
    const store = new DocumentStore('news', join(folder(), 'news.json'), 's');
    store.set(entry('a'));
    const first = store.list();
    expect(store.list()).toBe(first);
    store.set(entry('a', 'd-new'));
    const second = store.list();
    expect(second).not.toBe(first);
    expect(second[0]?.digest).toBe('d-new');
    store.delete('missing');
    expect(store.list()).toBe(second);
    store.delete('a');
    expect(store.list()).toEqual([]);
  });

  it.each([
    ['written under another stamp (the queries or contracts changed)', (file: string) => saved(file, 'old-stamp')],
    ['damaged', (file: string) => writeFileSync(file, '{"format":1,"stamp":"s","entries":[["a"')],
    ['absent', () => {}],
  ])('starts empty, and not current, when the file is %s', (_what, prepare) => {
    const dir = folder();
    const file = join(dir, 'news.json');
    prepare(file);
    const store = new DocumentStore('news', file, 's').load();
    expect(store.size).toBe(0);
    expect(store.current).toBe(false);
    expect(store.meta.get('newestPublishedAt')).toBeUndefined();
  });

  it('never leaves a half-written file: the save goes aside and is renamed', () => {
    const file = join(folder(), 'news.json');
    saved(file, 's');
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 1, stamp: 's', entries: [['a', 'd-a', entry('a').data]] });
  });
});

describe('getDocuments', () => {
  it('gives the entries a sync wrote in this process, as Astro entries', async () => {
    const site = folder();
    const env = { SITE_CACHE_DIR: join(site, 'cache') };
    const store = documentStore('news', env, site);
    store.set(entry('a'));
    store.save();
    // The pages' copy of the module finds the same store through globalThis.
    const news = await getDocuments('news', env, site);
    expect(news).toEqual([{ ...entry('a'), collection: 'news' }]);
    expect(await getDocuments('news', env, site)).toBe(news);
  });

  it('fails the build, saying what to do, when no sync wrote the store', async () => {
    const site = folder();
    mkdirSync(join(site, 'cache'), { recursive: true });
    await expect(getDocuments('trainings', { SITE_CACHE_DIR: join(site, 'cache') }, site)).rejects.toThrow(
      /文档库中没有“trainings”.*build --full/,
    );
  });
});

function saved(file: string, stamp: string) {
  const store = new DocumentStore('news', file, stamp);
  store.set(entry('a'));
  store.save();
}
