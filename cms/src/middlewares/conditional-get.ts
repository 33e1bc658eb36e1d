import type { Core } from '@strapi/strapi';

/**
 * Answers 304 Not Modified to a conditional request for an upload that has not changed
 * (If-None-Match against its ETag, or If-Modified-Since against its Last-Modified).
 *
 * Strapi's static server sends Last-Modified with `max-age=0` but never a 304, so the site
 * build, which keeps its encoded cover images in its cache and asks Strapi whether each is
 * still current, downloaded and re-encoded every image on every build. A long max-age is no
 * way out: an upload keeps its URL when an editor replaces the file.
 *
 * Not koa's ctx.fresh: Node's fetch (Astro's included) adds `Cache-Control: no-cache` to any
 * request with a conditional header, and ctx.fresh then always says stale. That header asks
 * caches on the way to revalidate with the origin; this is the origin.
 */
const conditionalGet: Core.MiddlewareFactory = () => async (ctx, next) => {
  await next();
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
  if (!ctx.path.startsWith('/uploads/') || ctx.status !== 200 || !unchanged(ctx.request.headers, ctx.response.headers)) return;
  // The file stream koa-send opened will not be read now: close it.
  (ctx.body as { destroy?: () => void } | null)?.destroy?.();
  ctx.status = 304;
  ctx.body = null;
};

type Headers = Record<string, string | string[] | number | undefined>;

function unchanged(request: Headers, response: Headers): boolean {
  const ifNoneMatch = request['if-none-match'];
  const etag = response.etag;
  if (typeof ifNoneMatch === 'string') {
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    return typeof etag === 'string' && ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
  }
  const since = Date.parse(String(request['if-modified-since'] ?? ''));
  const modified = Date.parse(String(response['last-modified'] ?? ''));
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

export default conditionalGet;
