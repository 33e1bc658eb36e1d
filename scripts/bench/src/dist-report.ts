import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median, percentile } from './measure.ts';

/**
 * What a built site weighs: total size and files, and per page type the HTML+CSS a browser
 * downloads (gzipped) and the JavaScript it runs. Page types are found, not listed: each HTML
 * file of dist is matched to the route of src/pages that made it (Astro's own precedence:
 * static segments before [param] before [...rest]), so new pages show up by themselves.
 * Without a pages folder (Hugo, or a route that matches nothing) the type is the path with
 * its variable segments folded (see foldPath).
 */

export interface PageTypeReport {
  type: string;
  pages: number;
  /** An example page of this type, relative to dist. */
  example: string;
  htmlCssGzipMedian: number;
  htmlCssGzipP95: number;
  htmlCssGzipMax: number;
  /** JavaScript a page loads (external files, raw bytes) or holds inline; JSON-LD is data, not counted. */
  jsBytesMedian: number;
  jsBytesMax: number;
  jsGzipMax: number;
}

export interface DistReport {
  bytes: number;
  files: number;
  htmlPages: number;
  byExtension: Record<string, { files: number; bytes: number }>;
  pageTypes: PageTypeReport[];
}

interface Route {
  pattern: string;
  segments: string[];
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The page routes of an Astro site, from its src/pages file names. */
export function routesOf(pagesDir: string): Route[] {
  return walk(pagesDir)
    .map((file) => relative(pagesDir, file).split(sep))
    .filter((parts) => parts.every((p) => !p.startsWith('_')) && /\.(astro|md|mdx|html)$/.test(parts.at(-1) ?? ''))
    .map((parts) => {
      const last = (parts.at(-1) as string).replace(/\.(astro|md|mdx|html)$/, '');
      const segments = [...parts.slice(0, -1), last].filter((s, i, all) => !(s === 'index' && i === all.length - 1));
      return { pattern: `/${segments.join('/')}`, segments };
    });
}

/** 3 for a static segment, 2 for one with a [param] in it, 1 for a [...rest]. */
function weight(segment: string): number {
  if (segment.startsWith('[...')) return 1;
  return segment.includes('[') ? 2 : 3;
}

function segmentMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('[')) return pattern === value;
  const regex = pattern.replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/\[[^\]]+\]/g, '[^/]+');
  return new RegExp(`^${regex}$`).test(value);
}

function matches(route: string[], path: string[]): boolean {
  if (route.length === 0) return path.length === 0;
  const [head, ...rest] = route as [string, ...string[]];
  if (head.startsWith('[...')) {
    for (let take = 0; take <= path.length; take++) if (matches(rest, path.slice(take))) return true;
    return false;
  }
  return path.length > 0 && segmentMatches(head, path[0] as string) && matches(rest, path.slice(1));
}

function better(a: Route, b: Route): boolean {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const wa = a.segments[i] === undefined ? 0 : weight(a.segments[i] as string);
    const wb = b.segments[i] === undefined ? 0 : weight(b.segments[i] as string);
    if (wa !== wb) return wa > wb;
  }
  return false;
}

/** news/2018/04 → news/[n]/[n]; a long slug-like segment → [slug]. */
export function foldPath(segments: string[]): string {
  const folded = segments.map((s, i) => {
    if (/^\d+$/.test(s)) return '[n]';
    // Deeper than the first level, a segment with a hyphen or digits is almost always a slug.
    if (i > 0 && (/-/.test(s) || /\d/.test(s))) return '[slug]';
    return s;
  });
  return `/${folded.join('/')}`;
}

/** dist/news/abc/index.html → ['news', 'abc']; dist/404.html → ['404']. */
function pathSegments(dist: string, file: string): string[] {
  const parts = relative(dist, file).split(sep);
  const last = parts.at(-1) as string;
  if (last === 'index.html') return parts.slice(0, -1);
  return [...parts.slice(0, -1), last.replace(/\.html$/, '')];
}

export function classify(routes: Route[], segments: string[]): string {
  let best: Route | undefined;
  for (const route of routes) {
    if (matches(route.segments, segments) && (!best || better(route, best))) best = route;
  }
  return best ? best.pattern : foldPath(segments);
}

const gzipSize = (bytes: Buffer | string) => gzipSync(bytes, { level: 6 }).length;

export function analyseDist(dist: string, pagesDir?: string): DistReport {
  const files = walk(dist);
  const byExtension: DistReport['byExtension'] = {};
  let bytes = 0;
  for (const file of files) {
    const size = statSync(file).size;
    bytes += size;
    const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '(none)';
    byExtension[ext] ??= { files: 0, bytes: 0 };
    byExtension[ext].files++;
    byExtension[ext].bytes += size;
  }

  const routes = pagesDir && existsSync(pagesDir) ? routesOf(pagesDir) : [];
  const assetCache = new Map<string, { raw: number; gzip: number }>();
  const asset = (ref: string, page: string) => {
    const clean = ref.split(/[?#]/)[0] as string;
    if (/^(https?:)?\/\//.test(clean) || clean.startsWith('data:')) return { raw: 0, gzip: 0 };
    const path = clean.startsWith('/') ? join(dist, clean) : join(page, '..', clean);
    let known = assetCache.get(path);
    if (!known) {
      const content = existsSync(path) ? readFileSync(path) : undefined;
      known = content ? { raw: content.length, gzip: gzipSize(content) } : { raw: 0, gzip: 0 };
      assetCache.set(path, known);
    }
    return known;
  };

  const groups = new Map<string, { example: string; htmlCss: number[]; js: number[]; jsGzip: number[] }>();
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  for (const file of htmlFiles) {
    const html = readFileSync(file, 'utf8');
    let css = 0;
    for (const match of html.matchAll(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/gi)) {
      const href = /\bhref=["']?([^"' >]+)/i.exec(match[0])?.[1];
      if (href) css += asset(href, file).gzip;
    }
    let js = 0;
    let jsGzip = 0;
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const attributes = match[1] ?? '';
      const type = /\btype=["']?([^"' >]+)/i.exec(attributes)?.[1]?.toLowerCase();
      if (type && !/(javascript|module|ecmascript)/.test(type)) continue; // JSON-LD, templates: data
      const src = /\bsrc=["']?([^"' >]+)/i.exec(attributes)?.[1];
      if (src) {
        const a = asset(src, file);
        js += a.raw;
        jsGzip += a.gzip;
      } else if ((match[2] ?? '').trim()) {
        js += Buffer.byteLength(match[2] ?? '');
        jsGzip += gzipSize(match[2] ?? '');
      }
    }
    for (const match of html.matchAll(/<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/gi)) {
      const href = /\bhref=["']?([^"' >]+)/i.exec(match[0])?.[1];
      if (href) {
        const a = asset(href, file);
        js += a.raw;
        jsGzip += a.gzip;
      }
    }
    const type = classify(routes, pathSegments(dist, file));
    let group = groups.get(type);
    if (!group) {
      group = { example: relative(dist, file), htmlCss: [], js: [], jsGzip: [] };
      groups.set(type, group);
    }
    group.htmlCss.push(gzipSize(html) + css);
    group.js.push(js);
    group.jsGzip.push(jsGzip);
  }

  const pageTypes = [...groups.entries()]
    .map(([type, g]) => ({
      type,
      pages: g.htmlCss.length,
      example: g.example,
      htmlCssGzipMedian: median(g.htmlCss),
      htmlCssGzipP95: percentile(g.htmlCss, 95),
      htmlCssGzipMax: Math.max(...g.htmlCss),
      jsBytesMedian: median(g.js),
      jsBytesMax: Math.max(...g.js),
      jsGzipMax: Math.max(...g.jsGzip),
    }))
    .sort((a, b) => b.pages - a.pages || a.type.localeCompare(b.type));

  return { bytes, files: files.length, htmlPages: htmlFiles.length, byExtension, pageTypes };
}

export function folderSize(dir: string): { bytes: number; files: number } {
  const files = walk(dir);
  return { bytes: files.reduce((sum, f) => sum + statSync(f).size, 0), files: files.length };
}
