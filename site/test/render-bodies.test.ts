import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BODIES_PER_THREAD, renderBodies } from '../src/cms/render-bodies.ts';
import { renderMarkdown } from '../src/lib/markdown.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const markdown = (i: number) =>
  i % 7 === 0
    ? null // a document without a body
    : `## 第${i}期\n\n妇联**第${i}次**活动，详见[通知](https://example.org/${i})。<script>alert(${i})</script>\n\n- 一\n- 二\n`;

describe('renderBodies', () => {
  it('writes on threads exactly what one thread writes, a file per digest, hostile HTML removed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'render-bodies-'));
    const count = BODIES_PER_THREAD * 2 + 17; // enough for two threads
    const sources = Array.from({ length: count }, (_, i) => ({ digest: `d${i}`, markdown: markdown(i) }));
    await renderBodies(dir, 'news', sources);
    const files = readdirSync(join(dir, 'news'));
    expect(files).toHaveLength(count);
    for (const i of [0, 1, 2, 500, count - 1]) {
      const text = markdown(i);
      expect(readFileSync(join(dir, 'news', `d${i}.html`), 'utf8')).toBe(text === null ? '' : renderMarkdown(text));
    }
    expect(readFileSync(join(dir, 'news', 'd1.html'), 'utf8')).not.toContain('<script');
    expect(files.some((f) => f.includes('.partial'))).toBe(false);
  });
});
