import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pausePublishing, readPause, resumePublishing } from '../src/pause.ts';
import { admitRelease, incomingDir, liveRelease, type PublishLayout, publishLayout, switchLive } from '../src/releases.ts';
import { rollback } from '../src/rollback.ts';
import { documentPages } from '../src/rollback-diff.ts';

let root: string;
let layout: PublishLayout;

/** A release whose document pages are the given paths, each titled "<title> - 示例市妇联". */
function release(id: string, pages: Record<string, string>): string {
  const dir = incomingDir(layout, id);
  const files: Record<string, string> = { 'index.html': '<title>首页</title>', 'news/2/index.html': '<title>新闻 第2页</title>' };
  for (const [path, title] of Object.entries(pages))
    files[`${path.replace(/^\/|\/$/g, '')}/index.html`] = `<title>${title} - 示例市妇联</title>`;
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  admitRelease(layout, id);
  return id;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fulian-rollback-'));
  layout = publishLayout(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('rollback', () => {
  it("finds a release's documents, not its list pages", () => {
    const id = release('20261201-000001-000', {
      '/news/shi-fu-lian-kai-hui/': '市妇联开会',
      '/news/category/gongzuo/': '工作动态',
      '/lectures/series/jiating-jiaoyu/': '家庭教育系列',
      '/relief/liang-ai/2024-1/': '2024年第一批',
      '/relief/liang-ai/': '两癌救助',
    });
    const pages = [...documentPages(join(layout.releases, id)).values()].map((p) => `${p.kind} ${p.title} ${p.path}`).sort();
    expect(pages).toEqual([
      '救助金发放 2024年第一批 /relief/liang-ai/2024-1/',
      '新闻 市妇联开会 /news/shi-fu-lian-kai-hui/',
      '讲座系列 家庭教育系列 /lectures/series/jiating-jiaoyu/',
    ]);
  });

  it('refuses to bring back withdrawn documents without --force, naming them; nothing changes', () => {
    const old = release('20261201-000001-000', { '/news/a/': '留着的新闻', '/news/withdrawn/': '已撤下的新闻' });
    const live = release('20261201-000002-000', { '/news/a/': '留着的新闻', '/news/new/': '后来发布的新闻' });
    switchLive(layout, live);
    expect(() => rollback(layout, { to: old })).toThrow(
      /1 篇内容现在已撤下或删除[\s\S]*新闻《已撤下的新闻》 \/news\/withdrawn\/[\s\S]*--force/,
    );
    expect(liveRelease(layout)).toBe(live);
    expect(readPause(layout)).toBeNull();
  });

  it('with --force, switches, lists what reappears and vanishes, and pauses automatic publishing', () => {
    const old = release('20261201-000001-000', { '/news/a/': '留着的新闻', '/news/withdrawn/': '已撤下的新闻' });
    const live = release('20261201-000002-000', { '/news/a/': '留着的新闻', '/news/new/': '后来发布的新闻' });
    switchLive(layout, live);
    const result = rollback(layout, { to: old, force: true });
    expect(result.reappear.map((p) => p.title)).toEqual(['已撤下的新闻']);
    expect(result.vanish.map((p) => p.title)).toEqual(['后来发布的新闻']);
    expect(liveRelease(layout)).toBe(old);
    expect(readPause(layout)).toMatchObject({ release: old, reason: `运维人员回退到版本 ${old}（原为 ${live}）` });
    expect(resumePublishing(layout)).toBe(true);
    expect(readPause(layout)).toBeNull();
    expect(resumePublishing(layout)).toBe(false);
  });

  it('needs no --force when the older release only lacks newer documents', () => {
    const old = release('20261201-000001-000', { '/news/a/': '留着的新闻' });
    const live = release('20261201-000002-000', { '/news/a/': '留着的新闻', '/news/new/': '后来发布的新闻' });
    switchLive(layout, live);
    const result = rollback(layout);
    expect(result.to).toBe(old);
    expect(result.vanish.map((p) => p.path)).toEqual(['/news/new/']);
    expect(readPause(layout)).not.toBeNull();
  });

  it('a pause file that cannot be read still counts as paused', () => {
    pausePublishing(layout, { since: 'x', release: 'y', reason: 'z' });
    writeFileSync(join(root, 'publish-paused.json'), '{');
    expect(readPause(layout)?.reason).toContain('无法读取');
  });
});
