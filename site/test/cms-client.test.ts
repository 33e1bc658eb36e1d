import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST_PAGE_SIZE } from '@fulian/shared-types/model';
import { afterEach, describe, expect, it } from 'vitest';
import { CmsClient, PAGE_SIZE } from '../src/cms/client.ts';
import { CmsRequestError } from '../src/cms/errors.ts';
import { PreviewCmsClient } from '../src/cms/preview.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

let server: Server | undefined;
const requests: URL[] = [];

async function serve(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    handler(req, res, url);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  requests.length = 0;
  if (server) {
    server.close();
    await once(server, 'close');
    server = undefined;
  }
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A Strapi-shaped list endpoint over `total` documents. */
function collection(total: number): Handler {
  return (req, res, url) => {
    if (req.headers.authorization !== 'Bearer secret-token')
      return json(res, 401, { error: { message: 'Missing or invalid credentials' } });
    const page = Number(url.searchParams.get('pagination[page]'));
    const pageSize = Number(url.searchParams.get('pagination[pageSize]'));
    const start = (page - 1) * pageSize;
    const data = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => ({ id: start + i + 1 }));
    json(res, 200, { data, meta: { pagination: counted(url, { page, pageSize, total }) } });
  };
}

/** Strapi's pagination block: the count only when asked (`withCount`, which defaults to true). */
function counted(url: URL, { page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  return url.searchParams.get('pagination[withCount]') === 'false'
    ? { page, pageSize }
    : { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
}

// Pages of 100 keep these collections small; the default is the CMS's limit (last test below).
const client = (baseUrl: string, extra: Partial<ConstructorParameters<typeof CmsClient>[0]> = {}) =>
  new CmsClient({ baseUrl, token: 'secret-token', backoffMs: 5, retries: 3, pageSize: 100, ...extra });

describe('CmsClient.getAll', () => {
  it("gives the CMS's clock at the first page of the read, from its Date header", async () => {
    const url = await serve((req, res, u) => {
      res.setHeader(
        'Date',
        u.searchParams.get('pagination[page]') === '1' ? 'Thu, 03 Dec 2026 01:22:25 GMT' : 'Thu, 03 Dec 2026 01:22:27 GMT',
      );
      collection(150)(req, res, u);
    });
    const read = await client(url).readAll('news-items');
    expect(read.documents).toHaveLength(150);
    expect(read.serverTime).toBe('2026-12-03T01:22:25.000Z');
  });

  it('gives no clock when the CMS sends no Date header', async () => {
    const url = await serve((req, res, u) => {
      res.sendDate = false;
      collection(3)(req, res, u);
    });
    expect((await client(url).readAll('news-items')).serverTime).toBeUndefined();
  });

  it('pages through the collection 100 at a time until pageCount, asking for published documents only', async () => {
    const url = await serve(collection(250));
    const documents = await client(url).getAll('news-items', { fields: ['title'] });
    expect(documents).toHaveLength(250);
    expect(documents.map((d) => (d as { id: number }).id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.pathname).toBe('/api/news-items');
      expect(request.searchParams.get('pagination[pageSize]')).toBe('100');
      expect(request.searchParams.get('status')).toBe('published');
      expect(request.searchParams.get('fields[0]')).toBe('title');
    }
    expect(requests[0]?.searchParams.get('pagination[page]')).toBe('1');
    expect(requests.map((r) => r.searchParams.get('pagination[page]')).sort()).toEqual(['1', '2', '3']);
  });

  it("asks for as many documents a page as Strapi's rest.maxLimit allows, unless told otherwise", async () => {
    const url = await serve(collection(PAGE_SIZE + 1));
    const documents = await new CmsClient({ baseUrl: url, token: 'secret-token' }).getAll('news-items');
    expect(documents).toHaveLength(PAGE_SIZE + 1);
    expect(PAGE_SIZE).toBe(REST_PAGE_SIZE);
    expect(requests.map((r) => r.searchParams.get('pagination[pageSize]'))).toEqual([String(PAGE_SIZE), String(PAGE_SIZE)]);
  });

  it('asks for at most three pages at once after the first, and keeps the documents in page order', async () => {
    let open = 0;
    let most = 0;
    const pages = collection(1_050);
    const url = await serve((req, res, u) => {
      open++;
      most = Math.max(most, open);
      const page = Number(u.searchParams.get('pagination[page]'));
      // Early pages answer last: the order of the result must not follow the order of answers.
      setTimeout(
        () => {
          open--;
          pages(req, res, u);
        },
        page === 1 ? 0 : 40 - page * 3,
      );
    });
    const documents = await client(url).getAll('news-items');
    expect(documents.map((d) => (d as { id: number }).id)).toEqual(Array.from({ length: 1_050 }, (_, i) => i + 1));
    expect(requests).toHaveLength(11);
    expect(most).toBe(3);
  });

  it('fails with the failing page named, after the pages already asked for have answered', async () => {
    const pages = collection(500);
    const url = await serve((req, res, u) => {
      if (u.searchParams.get('pagination[page]') === '3') return json(res, 404, { error: { message: 'Not Found' } });
      pages(req, res, u);
    });
    const error = await client(url)
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as Error).message).toContain('pagination[page]=3');
    expect((error as Error).message).toContain('HTTP 404');
  });

  it('returns an empty list only when the CMS really has no documents', async () => {
    const url = await serve(collection(0));
    expect(await client(url).getAll('news-items')).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('retries a 503 and then succeeds', async () => {
    let calls = 0;
    const list = collection(3);
    const url = await serve((req, res, u) => {
      calls++;
      if (calls <= 2) return json(res, 503, { error: { message: 'Service Unavailable' } });
      list(req, res, u);
    });
    const documents = await client(url).getAll('news-items');
    expect(documents).toHaveLength(3);
    expect(calls).toBe(3);
  });

  it('gives up after bounded retries on a CMS that keeps failing', async () => {
    const url = await serve((_req, res) => json(res, 500, { error: { message: 'Internal Server Error' } }));
    const error = await client(url)
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as CmsRequestError).status).toBe(500);
    expect((error as Error).message).toContain(`${url}/api/news-items`);
    expect((error as Error).message).toContain('Internal Server Error');
    expect(requests).toHaveLength(4);
  });

  it('fails at once on 401, naming the URL and the token variable, never the token', async () => {
    const url = await serve(collection(3));
    const error = await client(url, { token: 'wrong' })
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as CmsRequestError).status).toBe(401);
    expect((error as Error).message).toContain(`${url}/api/news-items`);
    expect((error as Error).message).toContain('CMS_BUILD_TOKEN');
    expect((error as Error).message).not.toContain('wrong');
    expect(requests).toHaveLength(1);
  });

  it('fails on a body that is not JSON', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('<html>proxy error</html>');
    });
    const error = await client(url)
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as Error).message).toMatch(/不是有效的 JSON/);
    expect((error as Error).message).toContain('proxy error');
  });

  it('fails on JSON that is not a Strapi list', async () => {
    const url = await serve((_req, res) => json(res, 200, { data: { id: 1 } }));
    const error = await client(url)
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as Error).message).toContain('meta.pagination');
  });

  it('fails on connection refused with a message naming the URL and the cause', async () => {
    const url = await serve(collection(1));
    server?.close();
    await once(server as Server, 'close');
    server = undefined;
    const error = await client(url)
      .getAll('news-items')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as Error).message).toContain(`${url}/api/news-items`);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('reads the collection again when it changes while being paged', async () => {
    let total = 150;
    const url = await serve((req, res, u) => {
      const page = u.searchParams.get('pagination[page]');
      collection(total)(req, res, u);
      if (page === '1' && total === 150) total = 151; // an editor publishes mid-pull
    });
    const documents = await client(url).getAll('news-items');
    expect(documents).toHaveLength(151);
    expect(requests.length).toBe(4);
  });

  it('asks only the first page to count the documents', async () => {
    const url = await serve(collection(250));
    await client(url).getAll('news-items');
    const asked = requests.map((r) => [r.searchParams.get('pagination[page]'), r.searchParams.get('pagination[withCount]')]);
    expect(asked.sort()).toEqual([
      ['1', 'true'],
      ['2', 'false'],
      ['3', 'false'],
    ]);
  });

  it('reads the collection again when a republish mid-pull doubles one document and skips another', async () => {
    // Strapi gives a republished document a new row, last in id order: the same total, but
    // every later document moves back by one across the page boundary.
    let order = Array.from({ length: 150 }, (_, i) => `doc-${i + 1}`);
    const url = await serve((_req, res, u) => {
      const page = Number(u.searchParams.get('pagination[page]'));
      const pageSize = Number(u.searchParams.get('pagination[pageSize]'));
      const data = order.slice((page - 1) * pageSize, page * pageSize).map((documentId) => ({ documentId }));
      json(res, 200, { data, meta: { pagination: counted(u, { page, pageSize, total: order.length }) } });
      if (page === 1 && order[0] === 'doc-1') order = [...order.slice(1), 'doc-1'];
    });
    const documents = (await client(url).getAll('news-items')) as { documentId: string }[];
    expect(documents).toHaveLength(150);
    expect(new Set(documents.map((d) => d.documentId)).size).toBe(150);
    expect(requests).toHaveLength(4);
  });

  it('hands each page to onPage as it arrives, and the pages read again after a change too', async () => {
    let total = 250;
    const url = await serve((req, res, u) => {
      const page = u.searchParams.get('pagination[page]');
      collection(total)(req, res, u);
      if (page === '2' && total === 250) total = 251;
    });
    const pages: number[][] = [];
    const read = await client(url).readAll(
      'news-items',
      {},
      { onPage: (documents) => pages.push(documents.map((d) => (d as { id: number }).id)) },
    );
    expect(read.documents).toHaveLength(251);
    // The first pull's three pages (it saw the total move), then the second pull's three.
    expect(pages).toHaveLength(6);
    expect(new Set(pages.flat())).toEqual(new Set(read.documents.map((d) => (d as { id: number }).id)));
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const fake: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ data: [], meta: { pagination: { page: 1, pageSize: 100, pageCount: 0, total: 0 } } }));
    };
    await client('http://cms.invalid', { fetch: fake }).getAll('news-items');
    expect(seen[0]).toMatch(/^http:\/\/cms\.invalid\/api\/news-items\?/);
  });
});

describe('PreviewCmsClient', () => {
  // The loaders read with readAll, other callers with getAll: the draft is in both.
  it.each(['readAll', 'getAll'] as const)('puts the previewed draft in place of its published version (%s)', async (method) => {
    const url = await serve((_req, res, u) => {
      if (u.pathname === '/api/news-items/doc2') {
        expect(u.searchParams.get('status')).toBe('draft');
        return json(res, 200, { data: { documentId: 'doc2', title: '草稿', publishedAt: null } });
      }
      const published = [
        { documentId: 'doc1', title: '一' },
        { documentId: 'doc2', title: '二（已发布）' },
      ];
      json(res, 200, { data: published, meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } } });
    });
    const preview = new PreviewCmsClient({
      baseUrl: url,
      token: 'secret-token',
      target: { collection: 'news-items', documentId: 'doc2' },
    });
    const read = method === 'readAll' ? (await preview.readAll('news-items')).documents : await preview.getAll('news-items');
    expect(read.map((d) => (d as { title: string }).title)).toEqual(['一', '草稿']);
    expect(typeof (read[1] as { publishedAt: unknown }).publishedAt).toBe('string');
  });
});
