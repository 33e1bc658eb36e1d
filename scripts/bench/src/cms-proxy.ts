import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of Strapi for the site's builds. In `passthrough` mode
 * it changes nothing. In `cacheable` mode it answers for uploads the way the CMS would with
 * the fix docs/benchmarks.md proposes (uploads have content-hashed names, so they can be
 * served as immutable for a year, and a conditional GET gets 304): astro:assets then keeps
 * its encoded images between builds instead of fetching and encoding every cover again.
 * It lets the benchmark measure that fix without changing the CMS's configuration.
 */
export interface CmsProxy {
  url: string;
  mode: 'passthrough' | 'cacheable';
  stop(): Promise<void>;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function startCmsProxy(target: string): Promise<CmsProxy> {
  const upstream = new URL(target);
  const proxy: CmsProxy = { url: '', mode: 'passthrough', stop: async () => {} };
  const server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    const cacheable = proxy.mode === 'cacheable' && (req.url ?? '').startsWith('/uploads/');
    const since = cacheable ? req.headers['if-modified-since'] : undefined;
    if (cacheable) {
      delete headers['if-modified-since'];
      delete headers['if-none-match'];
    }
    const forward = request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (answer) => {
        const out = { ...answer.headers };
        if (cacheable && answer.statusCode === 200) {
          out['cache-control'] = IMMUTABLE;
          const modified = answer.headers['last-modified'];
          if (since && modified && Date.parse(modified) <= Date.parse(since)) {
            answer.resume();
            res.writeHead(304, { 'cache-control': IMMUTABLE, 'last-modified': modified });
            res.end();
            return;
          }
        }
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = async () => {
    server.closeAllConnections();
    server.close();
  };
  return proxy;
}
