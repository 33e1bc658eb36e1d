import { once } from 'node:events';
import { createReadStream, existsSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/** One sirv handler per release folder; only the latest few are kept. */
const HANDLERS_KEPT = 4;

/**
 * Serves a built site the way a CDN would: files as they are, directory index.html,
 * and the site's own 404 page for anything else.
 *
 * `dir` may be a symlink that the publish service switches to a new release (var/live). It is
 * resolved once per request, so each request is answered wholly from one release: never a
 * page of the new site with the size or 404 page of the old one.
 */
export async function serveStatic(dir: string, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
  const handlers = new Map<string, ReturnType<typeof sirv>>();
  const handlerFor = (root: string) => {
    let handler = handlers.get(root);
    if (!handler) {
      handler = sirv(root, { dev: true, etag: true, extensions: ['html'] });
      handlers.set(root, handler);
      for (const old of [...handlers.keys()].slice(0, -HANDLERS_KEPT)) handlers.delete(old);
    }
    return handler;
  };

  const server = createServer((req, res) => {
    let root: string;
    try {
      root = realpathSync(dir);
    } catch {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('网站尚未发布：还没有成功的构建。');
      return;
    }
    handlerFor(root)(req, res, () => {
      const notFound = join(root, '404.html');
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
