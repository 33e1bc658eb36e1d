import { once } from 'node:events';
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { siteHeadersFor } from './site-headers.ts';

/** What nginx's mime.types (plus the types fulian.conf adds) says for the site's files. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'text/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const ENCODINGS = [
  { ext: '.br', name: 'br', accepted: /\bbr\b/ },
  { ext: '.gz', name: 'gzip', accepted: /\bgzip\b/ },
] as const;

interface Found {
  path: string;
  size: number;
  mtime: Date;
}

/**
 * Serves a built site the way the shipped nginx config (deploy/nginx/fulian.conf) does: the
 * same headers (deploy/site-headers.json), files as they are, directory index.html, the
 * precompressed .br/.gz copies, and the site's own 404 page for anything else. It serves no
 * dotfile and follows no symlink inside the release, as nginx's disable_symlinks does.
 *
 * `dir` may be a symlink that the publish service switches to a new release (var/live). It is
 * resolved once per request, so each request is answered wholly from one release: never a
 * page of the new site with the size or 404 page of the old one.
 */
export async function serveStatic(dir: string, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    try {
      handle(dir, req, res);
    } catch (error) {
      process.stderr.write(`网站服务处理 ${req.method} ${req.url} 时出错：${(error as Error).stack}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      } else {
        res.destroy();
      }
    }
  });
  server.listen(port, host);
  await once(server, 'listening');
  return { url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`, server };
}

function handle(dir: string, req: IncomingMessage, res: ServerResponse): void {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '10' });
    res.end('网站尚未发布：还没有成功的构建。');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...siteHeadersFor('/'), Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('只接受 GET 和 HEAD 请求');
    return;
  }
  const pathname = urlPath(req.url ?? '/');
  if (pathname === null) {
    notFound(root, req, res);
    return;
  }

  let path = pathname;
  let found = path.endsWith('/') ? null : inRelease(root, path);
  // As nginx's try_files $uri $uri/ $uri.html: the folder (by redirect), then name.html.
  if (!path.endsWith('/') && !found && inRelease(root, `${path}/index.html`)) {
    // As nginx: /news -> /news/, relative, keeping the query.
    const query = (req.url ?? '').slice((req.url ?? '').split('?')[0]?.length ?? 0);
    res.writeHead(301, { ...siteHeadersFor(path), Location: `${path}/${query}` });
    res.end();
    return;
  }
  if (path.endsWith('/')) {
    path = `${path}index.html`;
    found = inRelease(root, path);
  } else if (!found && inRelease(root, `${path}.html`)) {
    path = `${path}.html`;
    found = inRelease(root, path);
  }
  if (!found) {
    notFound(root, req, res);
    return;
  }
  if (path === SEARCH_PAGE) {
    sendSearchPage(found, pathname, req, res);
    return;
  }
  send(root, path, found, pathname, 200, req, res);
}

/** The search page, which gets the reader's query in its box as nginx gives it (fulian.conf). */
const SEARCH_PAGE = '/search/index.html';
/**
 * The mark on the search page's box (SearchForm.astro) that becomes its value attribute; the
 * sub_filter in deploy/nginx/fulian.conf replaces the same text. Where nothing replaces it (a
 * CDN, a plain copy of dist/) it is an inert data attribute and the box is empty.
 */
export const SEARCH_BOX_MARKER = 'data-query-slot="value"';

/**
 * The text for the search box's value attribute from a raw query string, exactly as
 * deploy/nginx/search-query.js gives it to nginx: the first q (nginx's $arg_q: its name in any
 * case, still percent-encoded), + as a space, '' when not valid percent-encoded UTF-8, control
 * characters as spaces, trimmed, and escaped so that nothing in it can leave the attribute.
 */
export function searchBoxValue(rawQuery: string): string {
  const raw = /(?:^|&)q=([^&]*)/i.exec(rawQuery)?.[1] ?? '';
  let text: string;
  try {
    text = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    text = '';
  }
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

/**
 * As nginx's sub_filter answers: the page with the query in the box, never a precompressed
 * copy (a filter cannot edit those) and without ETag or Last-Modified (the body now depends
 * on the query); the site's headers as for any page.
 */
function sendSearchPage(file: Found, requested: string, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const body = Buffer.from(
    // A function, not a replacement string: a query holding $' or $` must stay text.
    readFileSync(file.path, 'utf8').replace(SEARCH_BOX_MARKER, () => `value="${searchBoxValue(query)}"`),
  );
  res.writeHead(200, {
    ...siteHeadersFor(requested),
    'Content-Type': CONTENT_TYPES['.html'] as string,
    Vary: 'Accept-Encoding',
    'Content-Length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The decoded path of a request URL, or null for one that names no file of a release. */
function urlPath(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://site').pathname);
  } catch {
    return null;
  }
  const segments = path.split('/');
  // Dotfiles and dot-folders are never served (a stray .env or .git must not leak), as in nginx.
  if (segments.some((s, i) => s.startsWith('.') && !(s === '.well-known' && i === 1)) || path.includes('\0')) return null;
  if (segments.some((s) => s.includes('\\'))) return null;
  return path;
}

/**
 * The regular file at `path` inside the release, if no symlink leads to it: the real path
 * must be the path itself, so neither a link out of the release nor one inside it is followed.
 */
function inRelease(root: string, path: string): Found | null {
  const full = join(root, path);
  if (!full.startsWith(root + sep)) return null;
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return null;
  }
  if (real !== full) return null;
  const stat = statSync(real);
  return stat.isFile() ? { path: real, size: stat.size, mtime: stat.mtime } : null;
}

function send(
  root: string,
  path: string,
  file: Found,
  requested: string,
  status: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const compressible = /^(?:text\/|application\/(?:javascript|json|rss\+xml)|image\/svg)/.test(type);
  let body = file;
  let encoding: string | null = null;
  if (compressible) {
    const accepted = String(req.headers['accept-encoding'] ?? '');
    for (const candidate of ENCODINGS) {
      const copy = candidate.accepted.test(accepted) ? inRelease(root, path + candidate.ext) : null;
      if (copy) {
        body = copy;
        encoding = candidate.name;
        break;
      }
    }
  }
  const etag = `"${body.mtime.getTime().toString(16)}-${body.size.toString(16)}"`;
  const headers: Record<string, string | number> = {
    // The 404 page carries the headers of /404.html, as nginx's internal redirect gives it.
    ...siteHeadersFor(status === 404 ? '/404.html' : requested),
    'Content-Type': type,
    'Last-Modified': file.mtime.toUTCString(),
    ETag: etag,
  };
  if (compressible) headers.Vary = 'Accept-Encoding';
  if (encoding) headers['Content-Encoding'] = encoding;
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = body.size;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A release pruned while one of its files is being sent: end this response, not the server.
  createReadStream(body.path)
    .once('error', () => res.destroy())
    .pipe(res);
}

function notFound(root: string, req: IncomingMessage, res: ServerResponse): void {
  const page = inRelease(root, '/404.html');
  if (page) {
    send(root, '/404.html', page, '/404.html', 404, req, res);
    return;
  }
  res.writeHead(404, { ...siteHeadersFor('/404.html'), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}
