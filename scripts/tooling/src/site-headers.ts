import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

/**
 * The public site's response headers, read from deploy/site-headers.json: the one source for
 * the shipped nginx config (whose header snippets are generated from it here) and for
 * `npm start`'s static server, so that development matches production.
 */
export interface SiteHeaders {
  /** Sent with every response of the site, 404 page included. */
  security: Record<string, string>;
  /** Strict-Transport-Security, sent over HTTPS only (a browser ignores it over HTTP anyway). */
  hsts: string;
  /** First match wins; the last rule (pattern null) is the default. Patterns are case-insensitive. */
  cache: { what: string; pattern: string | null; cacheControl: string }[];
}

export const SITE_HEADERS_FILE = join(ROOT, 'deploy/site-headers.json');
export const NGINX_DIR = join(ROOT, 'deploy/nginx');

export const SITE_HEADERS: SiteHeaders = readSiteHeaders();

function readSiteHeaders(): SiteHeaders {
  const json = JSON.parse(readFileSync(SITE_HEADERS_FILE, 'utf8')) as SiteHeaders;
  const last = json.cache.at(-1);
  if (!last || last.pattern !== null)
    throw new Error(`${SITE_HEADERS_FILE}: the last cache rule must be the default (pattern null)`);
  for (const [name, value] of Object.entries(json.security)) {
    // nginx's add_header takes a double-quoted value; the static server sends it as is.
    if (/["\\\n]/.test(value)) throw new Error(`${SITE_HEADERS_FILE}: ${name} may not contain quotes, backslashes or newlines`);
  }
  return json;
}

const cacheRules = SITE_HEADERS.cache.map((rule) => ({
  ...rule,
  regex: rule.pattern === null ? null : new RegExp(rule.pattern, 'i'),
}));

/** The Cache-Control of a URL path (without query), as nginx's map decides it for $uri. */
export function cacheControlFor(path: string): string {
  for (const rule of cacheRules) if (!rule.regex || rule.regex.test(path)) return rule.cacheControl;
  throw new Error('unreachable: the default cache rule matches every path');
}

/** Every header the site sends with a response for `path`, whatever its status. */
export function siteHeadersFor(path: string, { https = false } = {}): Record<string, string> {
  return {
    ...SITE_HEADERS.security,
    ...(https ? { 'Strict-Transport-Security': SITE_HEADERS.hsts } : {}),
    'Cache-Control': cacheControlFor(path),
  };
}

const GENERATED =
  '# Generated from deploy/site-headers.json by `node scripts/tooling/src/site-headers.ts --write`: edit that file.\n';

/** The two nginx snippets deploy/nginx/fulian.conf includes, as they must be on disk. */
export function renderNginxSnippets(headers: SiteHeaders = SITE_HEADERS): Record<string, string> {
  const map = [
    GENERATED,
    '# http level: the Cache-Control of each URI (first matching rule wins, as in the JSON).',
    'map $uri $fulian_cache_control {',
    ...headers.cache.map((rule) =>
      rule.pattern === null
        ? `    default "${rule.cacheControl}";  # ${rule.what}`
        : `    "~*${rule.pattern}" "${rule.cacheControl}";  # ${rule.what}`,
    ),
    '}',
    '# HSTS only over HTTPS: nginx sends no header whose value is empty.',
    'map $scheme $fulian_hsts {',
    `    https "${headers.hsts}";`,
    '    default "";',
    '}',
    '',
  ].join('\n');
  const site = [
    GENERATED,
    '# Included in every location that serves the site. A location with add_header of its own',
    '# inherits none from the server level, so the site locations all include this one file.',
    ...Object.entries(headers.security).map(([name, value]) => `add_header ${name} "${value}" always;`),
    'add_header Strict-Transport-Security $fulian_hsts always;',
    'add_header Cache-Control $fulian_cache_control always;',
    '',
  ].join('\n');
  return { 'cache-control.map.conf': map, 'site-headers.conf': site };
}

if (import.meta.main) {
  if (!process.argv.includes('--write')) {
    process.stdout.write(
      'usage: node scripts/tooling/src/site-headers.ts --write   (regenerates deploy/nginx/*.conf snippets)\n',
    );
    process.exit(2);
  }
  for (const [name, text] of Object.entries(renderNginxSnippets())) {
    writeFileSync(join(NGINX_DIR, name), text);
    process.stdout.write(`wrote deploy/nginx/${name}\n`);
  }
}
