import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBodies } from '../src/cms/body-store.ts';
import { BODIES_PER_THREAD, EarlyBodies, renderBodies } from '../src/cms/render-bodies.ts';
import { renderMarkdown } from '../src/lib/markdown.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const markdown = (i: number) =>
  i % 7 === 0
    ? null // a document without a body
    : `## 第${i}期\n\n妇联**第${i}次**活动，详见[通知](https://example.org/${i})。<script>alert(${i})</script>\n\n- 一\n- 二\n`;

describe('renderBodies', () => {
  it.each([
    ['on threads', BODIES_PER_THREAD * 2 + 17],
    ['on this thread', 40],
  ])('writes %s a body per digest, hostile HTML removed', async (_how, count) => {
    dir = mkdtempSync(join(tmpdir(), 'render-bodies-'));
    const sources = Array.from({ length: count }, (_, i) => ({ digest: `d${i}`, markdown: markdown(i) }));
    await renderBodies(dir, 'news', sources);
    const bodies = readBodies(dir, 'news');
    expect(bodies.size).toBe(count);
    for (let i = 0; i < count; i++) {
      const text = markdown(i);
      expect(bodies.get(`d${i}`)).toBe(text === null ? '' : renderMarkdown(text));
    }
    expect(bodies.get('d1')).not.toContain('<script');
    // Another collection's bodies are its own.
    expect(readBodies(dir, 'trainings').size).toBe(0);
  });

  it.each([
    ['enough for threads', BODIES_PER_THREAD + 300],
    ['too few for threads (rendered after the read)', 300],
  ])('keeps the bodies rendered while the CMS was read, and the rest are rendered after: %s', async (_what, count) => {
    dir = mkdtempSync(join(tmpdir(), 'render-bodies-'));
    const early = new EarlyBodies(dir, 'news', 2);
    // Pages of documents as they arrive: one read again (a pull that started over), a body
    // missing, bodies several documents share under digests of their own.
    const sources = Array.from({ length: count }, (_, i) => ({ digest: `x${i}`, markdown: markdown(i % (count - 40)) }));
    for (let page = 0; page * 100 < count; page++) early.add(sources.slice(page * 100, page * 100 + 100));
    early.add(sources.slice(0, 100));
    await early.finish();
    // What the loader does next: render what the store does not have (the preview's draft,
    // say, or everything when the threads never started).
    const late = { digest: 'late', markdown: '晚到的**正文**' };
    const missing = [...sources, late].filter((source) => !readBodies(dir, 'news').has(source.digest));
    expect(missing.length).toBe(count > BODIES_PER_THREAD ? 1 : count + 1);
    // What it says it wrote is what the store holds: the loader trusts it instead of the store.
    const said = [...sources, late].filter((source) => early.wrote(source.digest));
    expect(said.length).toBe(count + 1 - missing.length);
    for (const source of said) expect(readBodies(dir, 'news').has(source.digest)).toBe(true);
    await renderBodies(dir, 'news', missing);
    const bodies = readBodies(dir, 'news');
    expect(bodies.size).toBe(count + 1);
    for (const source of [...sources, late]) {
      expect(bodies.get(source.digest)).toBe(typeof source.markdown === 'string' ? renderMarkdown(source.markdown) : '');
    }
  });
});
