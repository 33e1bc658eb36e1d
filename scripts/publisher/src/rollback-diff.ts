import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The documents a release shows: one page per news item, training, lecture, lecture series
 * and relief batch (list pages, numbered pages and category pages are not documents). Keyed
 * by URL path, with the page's title.
 */
const DOCUMENT_PAGES: { dir: string; depth: 1 | 2; kind: string; skip?: RegExp }[] = [
  { dir: 'news', depth: 1, kind: '新闻', skip: /^(\d+|category)$/ },
  { dir: 'trainings', depth: 1, kind: '培训', skip: /^\d+$/ },
  { dir: 'lectures', depth: 1, kind: '讲座', skip: /^(\d+|series)$/ },
  { dir: 'lectures/series', depth: 1, kind: '讲座系列' },
  { dir: 'relief', depth: 2, kind: '救助金发放' },
];

export interface DocumentPage {
  path: string;
  kind: string;
  title: string;
}

function titleOf(html: string): string {
  const match = /<title>([^<]*)<\/title>/.exec(html);
  return (match?.[1] ?? '').replace(/\s+-\s+[^-]+$/, '').trim() || '（无标题）';
}

function dirs(path: string): string[] {
  return existsSync(path)
    ? readdirSync(path, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
}

export function documentPages(releaseDir: string): Map<string, DocumentPage> {
  const pages = new Map<string, DocumentPage>();
  const add = (parts: string[], kind: string) => {
    const file = join(releaseDir, ...parts, 'index.html');
    if (!existsSync(file)) return;
    const path = `/${parts.join('/')}/`;
    pages.set(path, { path, kind, title: titleOf(readFileSync(file, 'utf8')) });
  };
  for (const { dir, depth, kind, skip } of DOCUMENT_PAGES) {
    const base = dir.split('/');
    for (const name of dirs(join(releaseDir, dir))) {
      if (skip?.test(name)) continue;
      if (depth === 1) add([...base, name], kind);
      else for (const child of dirs(join(releaseDir, dir, name))) add([...base, name, child], kind);
    }
  }
  return pages;
}

/** What switching from one release to another would bring back and take away. */
export function diffReleases(fromDir: string | null, toDir: string): { reappear: DocumentPage[]; vanish: DocumentPage[] } {
  const from = fromDir ? documentPages(fromDir) : new Map<string, DocumentPage>();
  const to = documentPages(toDir);
  return {
    reappear: [...to.values()].filter((p) => !from.has(p.path)),
    vanish: [...from.values()].filter((p) => !to.has(p.path)),
  };
}

export function describePages(pages: DocumentPage[]): string {
  return pages.map((p) => `  ${p.kind}《${p.title}》 ${p.path}`).join('\n');
}
