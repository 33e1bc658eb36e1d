import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
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
    [
      'cut short',
      (file: string) => {
        saved(file, 's');
        const bytes = readFileSync(file);
        writeFileSync(file, bytes.subarray(0, bytes.length - 7));
      },
    ],
    [
      'of the JSON format before it',
      (file: string) =>
        writeFileSync(file, JSON.stringify({ format: 2, stamp: 's', meta: {}, base: 'b', entries: [['a', 'd-a', {}]] })),
    ],
    ['another value V8 can read', (file: string) => writeFileSync(file, serialize(['a', 'b']))],
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
    expect(deserialize(readFileSync(file))).toMatchObject({ format: 3, stamp: 's', entries: [['a', 'd-a', entry('a').data]] });
    expect(readdirSync(dirname(file))).toEqual(['news.json']);
  });
});

describe('DocumentStore journal', () => {
  /** A store of `count` entries saved whole, and loaded again as a later build would. */
  const big = (count = 200) => {
    const file = join(folder(), 'news.json');
    const store = new DocumentStore('news', file, 's');
    for (let i = 0; i < count; i++) store.set(entry(`e${i}`));
    store.meta.set('newestPublishedAt', '2020-01-01T00:00:00.000Z');
    store.save();
    return { file, store: new DocumentStore('news', file, 's').load() };
  };
  const snapshot = (store: DocumentStore) => ({
    entries: store.list().map((e) => [e.id, e.digest, e.data]),
    meta: store.meta.get('newestPublishedAt'),
  });

  it('appends a small save to the journal, leaves the file alone, and reads back the same store', () => {
    const { file, store } = big();
    const before = readFileSync(file);
    store.set(entry('e5', 'd-edited'));
    store.delete('e7');
    store.set(entry('new'));
    store.meta.set('newestPublishedAt', '2020-02-02T00:00:00.000Z');
    store.save();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readFileSync(store.journal, 'utf8').trim().split('\n')).toHaveLength(1);

    const again = new DocumentStore('news', file, 's').load();
    expect(again.current).toBe(true);
    expect(snapshot(again)).toEqual(snapshot(store));
    // A set keeps the entry's place; a new entry goes last; a deleted one is gone.
    expect(again.keys().slice(4, 7)).toEqual(['e4', 'e5', 'e6']);
    expect(again.get('e5')?.digest).toBe('d-edited');
    expect(again.has('e7')).toBe(false);
    expect(again.keys().at(-1)).toBe('new');
  });

  it('replays several saves in order, each from the store the one before left', () => {
    const { file, store } = big();
    for (let i = 0; i < 5; i++) {
      store.set(entry('e1', `d-${i}`));
      store.meta.set('newestPublishedAt', `2020-03-0${i + 1}T00:00:00.000Z`);
      store.save();
      const again = new DocumentStore('news', file, 's').load();
      expect(snapshot(again)).toEqual(snapshot(store));
    }
    expect(readFileSync(store.journal, 'utf8').trim().split('\n')).toHaveLength(5);
    // A store loaded with its journal appends to it as well.
    const later = new DocumentStore('news', file, 's').load();
    later.delete('e2');
    later.save();
    expect(readFileSync(store.journal, 'utf8').trim().split('\n')).toHaveLength(6);
    expect(new DocumentStore('news', file, 's').load().has('e2')).toBe(false);
  });

  it('folds the journal into a new file once it outgrows an eighth of the file', () => {
    const { file, store } = big(40);
    const before = readFileSync(file);
    let saves = 0;
    while (existsSync(store.journal) || saves === 0) {
      store.set(entry(`e${saves % 40}`, `d-round-${saves}`));
      store.save();
      saves++;
      expect(saves).toBeLessThan(100);
    }
    // The save that would have passed the share wrote the file whole and dropped the journal.
    expect(saves).toBeGreaterThan(1);
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(snapshot(new DocumentStore('news', file, 's').load())).toEqual(snapshot(store));
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  it('writes the whole file when many entries changed at once (a whole read)', () => {
    const { file, store } = big(40);
    for (let i = 0; i < 40; i++) store.set(entry(`e${i}`, `d-all-${i}`));
    store.save();
    expect(existsSync(store.journal)).toBe(false);
    expect(snapshot(new DocumentStore('news', file, 's').load())).toEqual(snapshot(store));
  });

  it('ignores a line cut short by a crash, and folds the journal at the next save', () => {
    const { file, store } = big();
    store.set(entry('e1', 'd-kept'));
    store.save();
    appendFileSync(store.journal, '{"base":"x","set":[["e2","d-lost"');
    const again = new DocumentStore('news', file, 's').load();
    expect(again.get('e1')?.digest).toBe('d-kept');
    expect(again.get('e2')?.digest).toBe('d-e2');
    again.set(entry('e3', 'd-after'));
    again.save();
    expect(existsSync(again.journal)).toBe(false);
    const last = new DocumentStore('news', file, 's').load();
    expect([last.get('e1')?.digest, last.get('e2')?.digest, last.get('e3')?.digest]).toEqual(['d-kept', 'd-e2', 'd-after']);
  });

  it('does not read the journal of an earlier writing of the file', () => {
    const { file, store } = big();
    store.set(entry('e1', 'd-journal'));
    store.save();
    const journal = readFileSync(store.journal, 'utf8');
    // A whole save (another base), then the old journal put back, as a crash between the
    // new file's rename and the journal's removal would leave it.
    const whole = new DocumentStore('news', file, 's');
    whole.set(entry('only'));
    whole.save();
    writeFileSync(whole.journal, journal);
    expect(new DocumentStore('news', file, 's').load().keys()).toEqual(['only']);
  });

  it('starts over from nothing after clear(): the next save writes the file whole', () => {
    const { file, store } = big();
    store.clear();
    store.set(entry('fresh'));
    store.save();
    expect(existsSync(store.journal)).toBe(false);
    expect(new DocumentStore('news', file, 's').load().keys()).toEqual(['fresh']);
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
