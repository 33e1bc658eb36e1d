import { createHash, hash } from 'node:crypto';

/**
 * The sitemap, from the render plan's list of every page rather than from the pages a build
 * happened to render (an incremental build renders a handful). It is split into shards per
 * route, and large routes into hash buckets whose number only changes when the route doubles
 * in size, so a publish rewrites the one shard its page falls in and the index.
 */

/** URLs per shard before a route is split further (the protocol allows 50,000). */
const SHARD_TARGET = 2_000;

export interface SitemapShard {
  /** File name at the site's root, e.g. sitemap-news-slug-3.xml */
  file: string;
  body: string;
  digest: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function bucketOf(pathname: string, buckets: number): number {
  return hash('sha1', pathname, 'buffer').readUInt32BE(0) % buckets;
}

/** A route pattern as a file-name part: /news/[slug]/ → news-slug */
function routeName(pattern: string): string {
  const name = pattern
    .replace(/\[(\.\.\.)?([^\]]+)\]/g, '$2')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'home';
}

/**
 * Shards for every HTML page: `routes` maps each dynamic route's pattern to its pathnames,
 * `staticPages` lists the pathnames of routes without parameters.
 */
export function sitemapShards(routes: Record<string, string[]>, staticPages: string[], site: URL): SitemapShard[] {
  const groups = new Map<string, string[]>();
  const add = (file: string, pathname: string) => {
    const group = groups.get(file);
    if (group) group.push(pathname);
    else groups.set(file, [pathname]);
  };
  for (const pathname of staticPages) add('sitemap-pages.xml', pathname);
  for (const [pattern, pathnames] of Object.entries(routes)) {
    const pages = pathnames.filter((p) => p.endsWith('/'));
    if (pages.length === 0) continue;
    // A power of two, so that a growing route is split again only when it doubles.
    let buckets = 1;
    while (pages.length / buckets > SHARD_TARGET) buckets *= 2;
    for (const pathname of pages) {
      add(`sitemap-${routeName(pattern)}-${buckets === 1 ? 0 : bucketOf(pathname, buckets)}.xml`, pathname);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, pathnames]) => {
      const urls = [...pathnames]
        .sort()
        .map((p) => `<url><loc>${escapeXml(new URL(p, site).href)}</loc></url>`)
        .join('');
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>\n`;
      return { file, body, digest: createHash('sha256').update(body).digest('base64url').slice(0, 22) };
    });
}

/** The sitemap index over the shards' files (sitemapShards' order: by name). */
export function sitemapIndex(files: string[], site: URL): string {
  const entries = files.map((file) => `<sitemap><loc>${escapeXml(new URL(file, site).href)}</loc></sitemap>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>\n`;
}

/**
 * Whether two render plans hold the same pages, route by route (`routes` of a RenderManifest:
 * pattern → pathname → key; the keys are not compared). The sitemap's shards hold only the
 * pages' addresses, so between two such plans only the site's address or the code can change
 * them.
 */
export function samePages(a: Record<string, Record<string, string>>, b: Record<string, Record<string, string>>): boolean {
  const patterns = Object.keys(a);
  if (patterns.length !== Object.keys(b).length) return false;
  return patterns.every((pattern) => {
    const before = a[pattern];
    const after = b[pattern];
    if (!before || !after) return false;
    const pathnames = Object.keys(before);
    return pathnames.length === Object.keys(after).length && pathnames.every((pathname) => pathname in after);
  });
}
