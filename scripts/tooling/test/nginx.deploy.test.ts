/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '@fulian/publisher/precompress';
import { launchChromium } from '@fulian/testkit/browser';
import { solidPng } from '@fulian/testkit/cms-helpers';
import { buildDemoSite, type DemoSite } from '@fulian/testkit/demo-site';
import { type RunningNginx, startNginx } from '@fulian/tooling/nginx';
import { ROOT } from '@fulian/tooling/paths';
import { SITE_HEADERS, siteHeadersFor } from '@fulian/tooling/site-headers';
import { SEARCH_BOX_MARKER } from '@fulian/tooling/static-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TYPES } from '../../../site/e2e/page-types.ts';
import { boxValueIn, SEARCH_QUERY_CASES } from './search-queries.ts';

// The shipped production setup, run for real: Debian's nginx with deploy/nginx/fulian.conf
// serving a release of the demo site built by the real Astro build from a throwaway Strapi
// (which it also proxies), looked at with plain HTTP and in chromium. `npm run test:deploy`;
// `.ci/run` runs it after `npm test`, which never needs nginx.

let site: DemoSite;
let nginx: RunningNginx;
let browser: Browser;
let srv: string;
let releaseA: string;
let releaseB: string;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=60, must-revalidate';
const DAY = 'public, max-age=86400';

/** One request, with the bytes as sent (fetch would decompress them). */
function request(
  path: string,
  options: { headers?: Record<string, string>; method?: string; body?: Buffer } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(`${nginx.url}${path}`, { headers: options.headers ?? {}, method: options.method ?? 'GET' }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    // A server that refuses a large body answers and closes while it is still being sent.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}

/** The first file of the release matching `pattern`, as a URL path. */
function sample(pattern: RegExp): string {
  const found = readdirSync(releaseA, { recursive: true, withFileTypes: true }).find(
    (e) => e.isFile() && pattern.test(`/${relative(releaseA, join(e.parentPath, e.name))}`),
  );
  if (!found) throw new Error(`the demo release has no file matching ${pattern}`);
  return `/${relative(releaseA, join(found.parentPath, found.name))}`;
}

beforeAll(async () => {
  site = await buildDemoSite(async (cms) => {
    // A cover, so the release has encoded images under the hashed-asset folder.
    const cover = await cms.upload('cover.png', solidPng(64, 48), 'image/png', '测试封面');
    const news = await cms.api('POST', '/api/news-items', {
      data: { title: '带封面的新闻', slug: 'dai-fengmian', date: '2018-04-29', summary: '摘要', body: '正文', cover },
    });
    if (news.status !== 201) throw new Error(`creating a news item with a cover: HTTP ${news.status}`);
  });
  srv = mkdtempSync(join(tmpdir(), 'fulian-srv-'));
  const releases = join(srv, 'var/releases');
  releaseA = join(releases, '20260101-000000-000');
  releaseB = join(releases, '20260101-000100-000');
  mkdirSync(releases, { recursive: true });
  cpSync(site.dist, releaseA, { recursive: true });
  // What must never be served: dotfiles. (Symlinks never get this far: precompress refuses
  // a release holding one, scripts/tooling/test/static-server.test.ts.)
  writeFileSync(join(releaseA, '.env'), 'SECRET=do-not-serve');
  mkdirSync(join(releaseA, '.git'));
  writeFileSync(join(releaseA, '.git/config'), '[core]');
  await precompress(releaseA);
  // The next release: the same site with a changed home page, as a publish would make it.
  cpSync(releaseA, releaseB, { recursive: true, verbatimSymlinks: true });
  const home = readFileSync(join(releaseA, 'index.html'), 'utf8').replace('</main>', '<p id="release-b">B</p></main>');
  rmSync(join(releaseB, 'index.html'));
  writeFileSync(join(releaseB, 'index.html'), home);
  await precompress(releaseB);
  symlinkSync(releaseA, join(srv, 'var/live'));
  nginx = await startNginx({ srv, cms: new URL(site.cms.url).host });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await site?.stop();
  if (srv) rmSync(srv, { recursive: true, force: true });
});

describe('headers and cache rules, per file type', () => {
  const types = (): Record<string, { path: string; cache: string; type: string }> => ({
    home: { path: '/', cache: SHORT, type: 'text/html; charset=utf-8' },
    article: { path: PAGE_TYPES['news article'] as string, cache: SHORT, type: 'text/html; charset=utf-8' },
    'RSS feed': { path: '/rss.xml', cache: SHORT, type: 'text/xml; charset=utf-8' },
    'iCalendar feed': { path: '/events.ics', cache: SHORT, type: 'text/calendar; charset=utf-8' },
    sitemap: { path: '/sitemap-index.xml', cache: SHORT, type: 'text/xml; charset=utf-8' },
    'statistics CSV': { path: sample(/\.csv$/), cache: SHORT, type: 'text/csv; charset=utf-8' },
    'statistics JSON': { path: sample(/^\/relief\/.*\.json$/), cache: SHORT, type: 'application/json; charset=utf-8' },
    'search script': { path: '/pagefind/pagefind.js', cache: SHORT, type: 'application/javascript; charset=utf-8' },
    'search index entry': { path: '/pagefind/pagefind-entry.json', cache: SHORT, type: 'application/json; charset=utf-8' },
    'search shard': { path: sample(/^\/pagefind\/.*\.pf_(?:index|fragment)$/), cache: SHORT, type: 'application/octet-stream' },
    'elder-mode script': { path: '/elder-mode.js', cache: SHORT, type: 'application/javascript; charset=utf-8' },
    robots: { path: '/robots.txt', cache: SHORT, type: 'text/plain; charset=utf-8' },
    'hashed stylesheet': { path: sample(/^\/_astro\/.*\.css$/), cache: IMMUTABLE, type: 'text/css; charset=utf-8' },
    'hashed image': { path: sample(/^\/(?:_astro|_img)\/.*\.(?:webp|avif|jpg|png)$/), cache: IMMUTABLE, type: '' },
    favicon: { path: '/favicon.svg', cache: DAY, type: 'image/svg+xml; charset=utf-8' },
  });

  it('every security header on every file type, and the cache rule of its type', async () => {
    for (const [name, { path, cache, type }] of Object.entries(types())) {
      const response = await request(path);
      expect(response.status, `${name} ${path}`).toBe(200);
      for (const [header, value] of Object.entries(SITE_HEADERS.security)) {
        expect(response.headers[header.toLowerCase()], `${name} ${path}: ${header}`).toBe(value);
      }
      expect(response.headers['cache-control'], `${name} ${path}`).toBe(cache);
      if (type) expect(response.headers['content-type'], `${name} ${path}`).toBe(type);
      // Plain HTTP: no HSTS (it is sent over HTTPS only), and no version in Server.
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers.server).toBe('nginx');
    }
  });

  it('npm start’s static server sends the same headers for the same files', async () => {
    for (const [name, { path }] of Object.entries(types())) {
      const fromNginx = await request(path);
      const fromStart = await fetch(`${site.url}${path}`);
      expect(fromStart.status, `${name} ${path}`).toBe(200);
      for (const header of [...Object.keys(siteHeadersFor(path)), 'Content-Type']) {
        expect(fromStart.headers.get(header), `${name} ${path}: ${header}`).toBe(fromNginx.headers[header.toLowerCase()] ?? null);
      }
    }
    const missing = await fetch(`${site.url}/no-such-page/`);
    const fromNginx = await request('/no-such-page/');
    for (const header of Object.keys(siteHeadersFor('/404.html'))) {
      expect(missing.headers.get(header), `404 ${header}`).toBe(fromNginx.headers[header.toLowerCase()] ?? null);
    }
  });

  it('the precompressed brotli and gzip copies, with Vary', async () => {
    for (const path of ['/', '/rss.xml', sample(/^\/_astro\/.*\.css$/)]) {
      const file = readFileSync(join(releaseA, path.endsWith('/') ? `${path}index.html` : path));
      const br = await request(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers.vary, path).toBe('Accept-Encoding');
      expect(brotliDecompressSync(br.body).equals(file), path).toBe(true);
      const gz = await request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gz.body).equals(file), path).toBe(true);
      const plain = await request(path);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.body.equals(file), path).toBe(true);
    }
  });

  it('the site’s 404 page, with a 404 status and the same headers, for anything not in the release', async () => {
    const page = readFileSync(join(releaseA, '404.html'));
    for (const path of ['/no-such-page/', '/_astro/missing.js', '/.env', '/%2eenv', '/.git/config']) {
      const response = await request(path);
      expect(response.status, path).toBe(404);
      expect(response.body.equals(page), path).toBe(true);
      expect(response.headers['content-security-policy'], path).toBe(SITE_HEADERS.security['Content-Security-Policy']);
      // Never cached for a year, even where a hashed asset was asked for.
      expect(response.headers['cache-control'], path).toBe(SHORT);
    }
    const bare = await request('/news');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/news/');
    expect((await request('/', { method: 'POST', body: Buffer.from('x') })).status).toBe(403);
  });
});

describe('the search page without script', () => {
  it('the release marks the box, and fulian.conf fills that very mark', () => {
    const page = readFileSync(join(releaseA, 'search/index.html'), 'utf8');
    expect(page.split(SEARCH_BOX_MARKER)).toHaveLength(2);
    expect(page).toMatch(new RegExp(`<input id="page-search"[^>]* ${SEARCH_BOX_MARKER}`));
    expect(readFileSync(join(ROOT, 'deploy/nginx/fulian.conf'), 'utf8')).toContain(`sub_filter '${SEARCH_BOX_MARKER}'`);
  });

  it('keeps the query in the box, decoded and escaped, as npm start’s server does, with the same headers', async () => {
    const shipped = readFileSync(join(releaseA, 'search/index.html'), 'utf8');
    for (const { name, query, box } of SEARCH_QUERY_CASES) {
      const path = `/search/${query ? `?${query}` : ''}`;
      const response = await request(path);
      expect(response.status, name).toBe(200);
      const html = response.body.toString();
      expect(boxValueIn(html), name).toBe(box);
      // Only the value differs from the page as shipped: nothing in a query becomes markup.
      const value = /<input id="page-search"[^>]*? value="([^"]*)"/.exec(html)?.[1];
      expect(value, name).toBeDefined();
      expect(value, name).not.toMatch(/[<>"']/);
      expect(html.replace(`value="${value}"`, SEARCH_BOX_MARKER), name).toBe(shipped);
      for (const [header, expected] of Object.entries(SITE_HEADERS.security)) {
        expect(response.headers[header.toLowerCase()], `${name}: ${header}`).toBe(expected);
      }
      // npm start's server answers the same bytes.
      const fromStart = await new Promise<Buffer>((resolve, reject) => {
        httpRequest(`${site.url}${path}`, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        })
          .on('error', reject)
          .end();
      });
      expect(fromStart.toString(), name).toBe(html);
    }
    // Never the precompressed copy (which holds the empty box): compressed per request instead.
    const compressed = await request('/search/?q=%E8%AE%B2%E5%BA%A7', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(boxValueIn(gunzipSync(compressed.body).toString())).toBe('讲座');
    // The folder's address and its index.html alike.
    expect(boxValueIn((await request('/search/index.html?q=%E8%AE%B2%E5%BA%A7')).body.toString())).toBe('讲座');
    // njs ran without an exception (other tests leave their own refusals in the log).
    expect(nginx.errorLog()).not.toMatch(/js exception|js_set|search-query/);
  });

  it('in chromium with JavaScript off: the typed query stays in the box, the way on is shown, and no dead control', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      for (const typed of ['家庭教育 讲座', `<script>alert("x")</script>"'><img src=x onerror=alert(1)> & 妇联`]) {
        await page.goto(`${nginx.url}/`);
        await page.fill('#page-search', typed);
        await Promise.all([page.waitForURL(/\/search\/\?q=/), page.click('.home-search button')]);
        expect(await page.inputValue('#page-search')).toBe(typed);
        // Typed into the box and sent again, it stays.
        await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator('#page-search').press('Enter')]);
        expect(await page.inputValue('#page-search')).toBe(typed);
        expect(await page.locator('form[role="search"] :is(img, script, svg), [onerror]').count()).toBe(0);
        // No control that needs script, and a way on: sections, months, the site map.
        expect(await page.locator('#section-filter').isVisible()).toBe(false);
        expect(await page.locator('.more-results').count()).toBe(0);
        // (chromium's javaScriptEnabled: false leaves <noscript> unrendered, so its text is read
        // from the markup; a browser with script turned off shows it.)
        expect(await page.locator('#search-results noscript').innerHTML()).toContain('搜索结果需要浏览器启用 JavaScript');
        for (const href of ['/news/', '/trainings/', '/lectures/', '/relief/', '/archive/', '/sitemap/']) {
          expect(await page.locator(`#search-fallback a[href="${href}"]`).isVisible(), href).toBe(true);
        }
      }
      await page.click('#search-fallback a[href="/sitemap/"]');
      expect(new URL(page.url()).pathname).toBe('/sitemap/');
    } finally {
      await context.close();
    }
    expect(dialogs).toEqual([]);
  });

  it('with JavaScript on, a hostile query is only text: no dialog, no CSP violation, the box holds it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    try {
      const typed = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
      await page.goto(`${nginx.url}/search/?q=${encodeURIComponent(typed)}`, { waitUntil: 'networkidle' });
      await page.waitForSelector('#search-results h2');
      expect(await page.inputValue('#page-search')).toBe(typed);
      expect(
        await page.locator('form[role="search"] :is(img, script, svg), #search-results :is(img, script), [onerror]').count(),
      ).toBe(0);
      expect(await page.locator('#section-filter').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
  });
});

describe('the CMS behind the same nginx', () => {
  it('proxies /api and /uploads to Strapi, and refuses an upload above the limit before it reaches Strapi', async () => {
    const api = await request('/api/news-items?pagination[pageSize]=1', {
      headers: { Authorization: `Bearer ${site.cms.buildToken}` },
    });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body.toString()).data).toHaveLength(1);
    // Strapi's own answers (not the site's 404 page, not its CSP).
    const refused = await request('/api/news-items');
    expect([401, 403]).toContain(refused.status);
    expect(JSON.parse(refused.body.toString()).error).toBeTruthy();
    expect(refused.headers['content-security-policy']).not.toBe(SITE_HEADERS.security['Content-Security-Policy']);
    expect((await request('/uploads/no-such-file.png')).headers['content-type']).not.toBe('text/html; charset=utf-8');

    const tooLarge = await request('/api/upload', {
      method: 'POST',
      headers: { Authorization: `Bearer ${site.cms.writeToken}`, 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(26 * 1024 * 1024),
    });
    expect(tooLarge.status).toBe(413);
  });
});

describe('in chromium', () => {
  it('every page type loads with zero Content-Security-Policy violations, and its scripts work', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    // Reported by the page itself, from the first script on, and by chromium's console.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const violations: string[] = [];
    const errors: string[] = [];
    for (const [name, path] of Object.entries(PAGE_TYPES)) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(`${name}: ${message.text()}`);
        else if (message.type() === 'error' && !message.text().includes('404')) errors.push(`${name}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
      const response = await page.goto(`${nginx.url}${path}`, { waitUntil: 'networkidle' });
      expect(response?.status(), name).toBe(name === 'not found' ? 404 : 200);
      if (name === 'search') {
        // Pagefind (WebAssembly) ran under the policy and found something.
        await page.waitForSelector('#search-results .entry-card', { timeout: 15_000 });
      }
      if (name === 'home') {
        // The elder-mode script, now a file, switches and remembers.
        await page.click('.elder-on');
        expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
        await page.reload({ waitUntil: 'networkidle' });
        expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
        await page.evaluate(() => localStorage.removeItem('elder-mode'));
      }
      const reported = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      violations.push(...reported.map((v) => `${name}: ${v}`));
      await page.close();
    }
    await context.close();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('no inline script or style attribute left in any page of the release', () => {
    for (const entry of readdirSync(releaseA, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
      const html = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      const where = relative(releaseA, join(entry.parentPath, entry.name));
      for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        const [, attributes = '', body = ''] = script;
        if (/type="application\/ld\+json"/.test(attributes)) continue;
        expect(body.trim(), `${where}: inline script`).toBe('');
        expect(attributes, `${where}: script without src`).toMatch(/\bsrc=/);
      }
      expect(html, `${where}: <style>`).not.toMatch(/<style\b/);
      expect(html, `${where}: style attribute`).not.toMatch(/\sstyle=/);
      expect(html, `${where}: event handler attribute`).not.toMatch(/\son[a-z]+=/);
    }
  });
});

describe('switching var/live', () => {
  it('answers 200 requests while the live link flips between two releases, each from one release, with no error', async () => {
    const css = sample(/^\/_astro\/.*\.css$/);
    const live = join(srv, 'var/live');
    const logBefore = nginx.errorLog().length;
    let flips = 0;
    let switching = true;
    const flipper = (async () => {
      while (switching) {
        // As the publish service does it: a new link, renamed over the old one.
        const next = join(srv, 'var/.live-next');
        rmSync(next, { force: true });
        symlinkSync(flips % 2 === 0 ? releaseB : releaseA, next);
        renameSync(next, live);
        flips++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const paths = ['/', '/news/', css, '/rss.xml', '/no-such-page/'];
    const results: { path: string; status: number; body: Buffer; encoding: string | undefined }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 200) {
          const path = paths[next++ % paths.length] as string;
          const response = await request(path, { headers: { 'Accept-Encoding': next % 3 === 0 ? 'br' : 'identity' } });
          results.push({ path, status: response.status, body: response.body, encoding: response.headers['content-encoding'] });
        }
      }),
    );
    switching = false;
    await flipper;
    expect(results).toHaveLength(200);
    expect(flips).toBeGreaterThan(10);
    const homes = [readFileSync(join(releaseA, 'index.html')), readFileSync(join(releaseB, 'index.html'))];
    for (const r of results) {
      expect(r.status, r.path).toBe(r.path === '/no-such-page/' ? 404 : 200);
      if (r.path === '/') {
        const body = r.encoding === 'br' ? brotliDecompressSync(r.body) : r.body;
        expect(
          homes.some((h) => h.equals(body)),
          'the home page of A or of B, whole',
        ).toBe(true);
      }
    }
    expect(nginx.errorLog().slice(logBefore)).not.toMatch(/\[(?:error|crit|alert|emerg)\]/);
  });
});

describe('the systemd units', () => {
  it('are valid for this machine’s systemd, with restart on failure', () => {
    if (!existsSync('/usr/bin/systemd-analyze')) throw new Error('systemd-analyze missing: install Debian’s systemd package');
    const dir = mkdtempSync(join(tmpdir(), 'fulian-units-'));
    try {
      const units = ['fulian-cms.service', 'fulian-publisher.service'];
      for (const unit of units) {
        const text = readFileSync(join(ROOT, 'deploy/systemd', unit), 'utf8');
        expect(text, unit).toMatch(/^Restart=on-failure$/m);
        // The one machine-specific path: Node 24, which this machine has at process.execPath.
        writeFileSync(join(dir, unit), text.replaceAll('/opt/fulian-node/bin/node', process.execPath));
      }
      const verify = spawnSync('/usr/bin/systemd-analyze', ['verify', ...units.map((u) => join(dir, u))], { encoding: 'utf8' });
      // Unknown keys are only warnings: any output is a finding.
      expect(`${verify.stdout}${verify.stderr}`.trim()).toBe('');
      expect(verify.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
