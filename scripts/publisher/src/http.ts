import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class BodyTooLarge extends Error {}

/** The request body as text; rejects with BodyTooLarge past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`请求体超过 ${limit} 字节`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** A plain Chinese page for people: preview errors and refusals. */
export function sendPage(res: ServerResponse, status: number, title: string, paragraphs: string[]): void {
  const html = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = paragraphs.map((p) => `<p style="white-space:pre-wrap">${html(p)}</p>`).join('\n');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
      `<title>${html(title)}</title></head><body style="font:16px/1.6 sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem">` +
      `<h1>${html(title)}</h1>\n${body}</body></html>`,
  );
}

/**
 * Listens and resolves with the address. A handler that throws is a bug: it is printed, and
 * the request gets a 500 with the message instead of hanging.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port: number,
  host: string,
): Promise<{ server: Server; url: string; port: number }> {
  const listener: RequestListener = (req, res) => {
    handler(req, res).catch((error: unknown) => {
      process.stderr.write(
        `发布服务处理 ${req.method} ${req.url} 时出错：${error instanceof Error ? error.stack : String(error)}\n`,
      );
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      sendJson(res, 500, { error: `发布服务内部错误：${error instanceof Error ? error.message : String(error)}` });
    });
  };
  const server = createServer(listener);
  server.listen(port, host);
  await once(server, 'listening');
  const actual = (server.address() as AddressInfo).port;
  return { server, url: `http://${host}:${actual}`, port: actual };
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}
