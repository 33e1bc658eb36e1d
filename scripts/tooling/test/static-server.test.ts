import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '@fulian/publisher/precompress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/processes.ts';
import { cacheControlFor, NGINX_DIR, renderNginxSnippets, SITE_HEADERS, siteHeadersFor } from '../src/site-headers.ts';
import { SEARCH_BOX_MARKER, serveStatic } from '../src/static-server.ts';
import { boxValueIn, SEARCH_QUERY_CASES } from './search-queries.ts';

// `npm start`'s static server against the rules of the shipped nginx config: the same headers
// from deploy/site-headers.json, no dotfiles, no symlinks, precompressed copies, the 404 page.
// (npm run test:deploy checks nginx itself against the same file.)

let work: string;
let server: Server;
let url: string;
const PAGE = `<!doctype html><html lang="zh-CN"><title>新闻</title>${'<p>妇联新闻动态</p>'.repeat(60)}</html>`;
/** The search page as the site writes it: the box with its empty value, the mark nginx fills. */
const SEARCH = `<!doctype html><html lang="zh-CN"><title>搜索</title><form action="/search/"><input id="page-search" ${SEARCH_BOX_MARKER} name="q" type="search"></form>${'<p>按栏目浏览</p>'.repeat(60)}</html>`;

/** The bytes as sent (fetch would decompress them). */
async function raw(path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fulian-static-'));
  const release = join(work, 'releases/one');
  for (const d of ['news', 'search', '_astro', '.git', 'pagefind']) mkdirSync(join(release, d), { recursive: true });
  writeFileSync(join(release, 'search/index.html'), SEARCH);
  writeFileSync(join(release, 'index.html'), PAGE);
  writeFileSync(join(release, 'news/index.html'), PAGE);
  writeFileSync(join(release, '404.html'), '<!doctype html><title>页面未找到</title>');
  writeFileSync(join(release, '_astro/site.abc123.css'), `body{color:#333}${' '.repeat(400)}`);
  writeFileSync(join(release, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(release, 'rss.xml'), '<rss version="2.0"></rss>');
  writeFileSync(join(release, 'pagefind/pagefind-entry.json'), '{}');
  writeFileSync(join(release, '.env'), 'SECRET=1');
  writeFileSync(join(release, '.git/config'), '[core]');
  writeFileSync(join(work, 'outside.txt'), 'outside the release');
  await precompress(release);
  symlinkSync(join(work, 'outside.txt'), join(release, 'leak.txt'));
  symlinkSync(join(release, 'index.html'), join(release, 'alias.html'));
  symlinkSync(release, join(work, 'live-link'));
  renameSync(join(work, 'live-link'), join(work, 'live'));
  const port = await freePort();
  ({ server } = await serveStatic(join(work, 'live'), port));
  url = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the headers of deploy/site-headers.json', () => {
  it('go with every answer, and nginx’s snippets are generated from the same file', async () => {
    for (const path of ['/', '/news/', '/_astro/site.abc123.css', '/favicon.svg', '/rss.xml', '/pagefind/pagefind-entry.json']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      for (const [name, value] of Object.entries(siteHeadersFor(path)))
        expect(response.headers.get(name), `${path} ${name}`).toBe(value);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    for (const [name, text] of Object.entries(renderNginxSnippets())) {
      expect(
        readFileSync(join(NGINX_DIR, name), 'utf8'),
        `deploy/nginx/${name} is stale: node scripts/lib/site-headers.ts --write`,
      ).toBe(text);
    }
  });

  it('cache hashed assets for a year and pages, feeds and search files briefly', () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect(cacheControlFor('/_astro/index.Bx1.css')).toBe(immutable);
    expect(cacheControlFor('/_img/3f/abc.webp')).toBe(immutable);
    for (const path of ['/', '/news/', '/404.html', '/rss.xml', '/events.ics', '/pagefind/pagefind.js', '/relief/a/data.csv']) {
      expect(cacheControlFor(path), path).toBe('public, max-age=60, must-revalidate');
    }
    expect(cacheControlFor('/favicon.svg')).toBe('public, max-age=86400');
  });

  it('allow no inline script or style', () => {
    const csp = SITE_HEADERS.security['Content-Security-Policy'] as string;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'[^;]*;/);
  });
});

describe('what it serves', () => {
  it('directories as their index.html, and /news as a redirect to /news/', async () => {
    const page = await fetch(`${url}/news/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(PAGE);
    const bare = await fetch(`${url}/news?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/news/?x=1');
  });

  it('the precompressed copies to a browser that accepts them', async () => {
    const br = await raw('/', { 'Accept-Encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);
    const gz = await raw('/', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(PAGE);
    const plain = await fetch(`${url}/`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('the search page with the query in its box, escaped, as nginx gives it (no script needed)', async () => {
    for (const { name, query, box } of SEARCH_QUERY_CASES) {
      const response = await raw(`/search/${query ? `?${query}` : ''}`, { 'Accept-Encoding': 'br, gzip' });
      // Never the precompressed copy, which holds the empty box.
      expect(response.headers['content-encoding'], name).toBeUndefined();
      expect(response.headers['content-security-policy'], name).toBe(SITE_HEADERS.security['Content-Security-Policy']);
      expect(response.headers.etag, name).toBeUndefined();
      const html = response.body.toString();
      expect(boxValueIn(html), name).toBe(box);
      // Nothing but the value changed: no tag, quote or handler got out of it.
      const value = /<input id="page-search" value="([^"]*)"/.exec(html)?.[1];
      expect(value, name).toBeDefined();
      expect(value, name).not.toMatch(/[<>"']/);
      expect(html.replace(`value="${value}"`, SEARCH_BOX_MARKER), name).toBe(SEARCH);
    }
    expect((await raw('/search/index.html?q=%E8%AE%B2%E5%BA%A7', {})).body.toString()).toContain('value="讲座"');
  });

  it('answers 304 to a browser that has the file', async () => {
    const first = await fetch(`${url}/rss.xml`);
    const again = await fetch(`${url}/rss.xml`, { headers: { 'If-None-Match': first.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe(cacheControlFor('/rss.xml'));
  });

  it('no dotfile, no symlink out of the release or within it: the 404 page instead', async () => {
    for (const path of ['/.env', '/.git/config', '/%2eenv', '/leak.txt', '/alias.html', '/../outside.txt', '/no-such-page/']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(404);
      const text = await response.text();
      expect(text, path).toContain('页面未找到');
      expect(response.headers.get('content-security-policy'), path).toBe(SITE_HEADERS.security['Content-Security-Policy']);
      expect(response.headers.get('cache-control'), path).toBe(cacheControlFor('/404.html'));
    }
  });
});

describe('precompress', () => {
  it('writes new copies beside changed files and never writes into a hard-linked one', async () => {
    const site = join(work, 'pre');
    const next = join(work, 'pre-next');
    mkdirSync(site);
    mkdirSync(next);
    writeFileSync(join(site, 'a.html'), PAGE);
    writeFileSync(join(site, 'b.html'), PAGE);
    writeFileSync(join(site, 'tiny.html'), '<p>小</p>');
    writeFileSync(join(site, 'photo.png'), Buffer.alloc(4096));
    expect(await precompress(site)).toMatchObject({ compressed: 2, current: 0, removed: 0 });
    expect(statSync(join(site, 'photo.png.gz'), { throwIfNoEntry: false })).toBeUndefined();
    expect(statSync(join(site, 'tiny.html.gz'), { throwIfNoEntry: false })).toBeUndefined();

    // The next release: hard links of the previous one, then the build rewrites a.html and drops b.html.
    for (const name of ['a.html', 'a.html.gz', 'a.html.br', 'b.html.gz', 'b.html.br'])
      linkSync(join(site, name), join(next, name));
    const changed = PAGE.replace('新闻', '新的新闻');
    writeFileSync(join(next, 'a.html.new'), changed);
    renameSync(join(next, 'a.html.new'), join(next, 'a.html'));
    expect(await precompress(next)).toMatchObject({ compressed: 1, current: 0, removed: 2 });
    expect(gunzipSync(readFileSync(join(next, 'a.html.gz'))).toString()).toBe(changed);
    expect(brotliDecompressSync(readFileSync(join(next, 'a.html.br'))).toString()).toBe(changed);
    // The previous release still has its own copies, unchanged.
    expect(gunzipSync(readFileSync(join(site, 'a.html.gz'))).toString()).toBe(PAGE);
    expect(statSync(join(site, 'b.html.br')).nlink).toBe(1);
    // Nothing changed: nothing is written.
    expect(await precompress(next)).toMatchObject({ compressed: 0, current: 1, removed: 0 });
  });

  it('refuses a release holding a symlink, which nginx would follow', async () => {
    await expect(precompress(join(work, 'releases/one'))).rejects.toThrow(/符号链接 (?:leak\.txt|alias\.html)/);
  });
});
