import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBodies } from '../src/cms/body-store.ts';
import { BODIES_PER_THREAD, renderBodies } from '../src/cms/render-bodies.ts';
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
});
