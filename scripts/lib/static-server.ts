import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/**
 * Serves a built site the way a CDN would: files as they are, directory index.html,
 * and the site's own 404 page for anything else.
 */
export async function serveStatic(dir: string, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
  const assets = sirv(dir, { dev: true, etag: true, extensions: ['html'] });
  const notFound = join(dir, '404.html');
  const server = createServer((req, res) => {
    assets(req, res, () => {
      res.statusCode = 404;
      if (existsSync(notFound)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        createReadStream(notFound).pipe(res);
      } else {
        res.end('Not found');
      }
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  return { url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`, server };
}
