import type { IncomingMessage } from 'node:http';
import { hasSecret } from './webhook-events.ts';

/**
 * Who may read GET /status: the machine itself (an operator's curl, npm start's own links),
 * or a caller holding the webhook secret (a monitoring system). Everyone else gets 401: the
 * status names content, build errors and release history. A caller from another machine,
 * even with the secret, sees no absolute paths of this server.
 */
export type StatusAccess = 'local' | 'remote' | 'denied';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.replace(/^::ffff:/, '');
  return ip === '::1' || /^127\.\d+\.\d+\.\d+$/.test(ip);
}

export function statusAccess(req: IncomingMessage, secret: string): StatusAccess {
  // Behind a proxy every request comes from 127.0.0.1: a forwarded one is not local.
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  if (isLoopback(req.socket.remoteAddress) && !forwarded) return 'local';
  return hasSecret(req.headers.authorization, secret) ? 'remote' : 'denied';
}

/** The same value with every absolute filesystem path shortened to a name relative to a known root, or its last part. */
export function withoutPaths<T>(value: T, roots: string[]): T {
  const sorted = [...new Set(roots.map((r) => r.replace(/\/+$/, '')))]
    .filter((r) => r.length > 1)
    .sort((a, b) => b.length - a.length);
  const redact = (text: string): string => {
    let out = text;
    for (const root of sorted) out = out.split(`${root}/`).join('…/').split(root).join('…');
    // Whatever absolute path is left (a temp folder, a home directory): keep only its last part.
    return out.replace(/(?<![\w:/.…])\/(?:[\w.@+-]+\/)+([\w.@+-]+)/g, (match, last: string) =>
      /^\/(?:api|admin|uploads|status|webhook|__preview)\//.test(match) ? match : `…/${last}`,
    );
  };
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' ? redact(v) : v)) as T;
}
