import type { Core } from '@strapi/strapi';

/**
 * Cache headers for uploads (/uploads/*), in front of Strapi's static server:
 *
 * 1. A versioned URL, `/uploads/<file>?v=<updatedAt in ms>` with the upload's current
 *    `updatedAt`, is served `Cache-Control: public, max-age=31536000, immutable`: those bytes
 *    never change under that URL. The version is needed because Strapi keeps the file name
 *    (its `hash` and `ext`), and so the URL, when an editor replaces a file in the media
 *    library (`replace` in @strapi/upload's services/upload: "keep a constant hash and
 *    extension so the file url doesn't change when the file is replaced"), while `updatedAt`
 *    moves. The site's image store asks for versioned URLs and downloads each version once.
 *    A version that is not the file's current one gets the plain headers below, so a stale
 *    version can never be cached as immutable with the new bytes.
 * 2. Otherwise Strapi's own headers (Last-Modified, `max-age=0`), plus a 304 Not Modified to a
 *    conditional request for an upload that has not changed (If-None-Match against its ETag,
 *    or If-Modified-Since against its Last-Modified), which Strapi's static server never sends.
 *
 * Not koa's ctx.fresh: Node's fetch adds `Cache-Control: no-cache` to any request with a
 * conditional header, and ctx.fresh then always says stale. That header asks caches on the
 * way to revalidate with the origin; this is the origin.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const conditionalGet: Core.MiddlewareFactory = (_config, { strapi }) => {
  /** True when `version` is the current `updatedAt` (in ms) of the upload at this URL. */
  async function isCurrentVersion(path: string, version: string): Promise<boolean> {
    if (!/^\d{1,15}$/.test(version)) return false;
    const file = (await strapi.db.query('plugin::upload.file').findOne({ select: ['updatedAt'], where: { url: path } })) as {
      updatedAt?: string | Date;
    } | null;
    return file?.updatedAt !== undefined && String(new Date(file.updatedAt).getTime()) === version;
  }

  return async (ctx, next) => {
    await next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (!ctx.path.startsWith('/uploads/') || ctx.status !== 200) return;
    const version = ctx.query.v;
    if (typeof version === 'string' && (await isCurrentVersion(ctx.path, version))) {
      ctx.set('Cache-Control', IMMUTABLE);
    }
    if (!unchanged(ctx.request.headers, ctx.response.headers)) return;
    // The file stream koa-send opened will not be read now: close it.
    (ctx.body as { destroy?: () => void } | null)?.destroy?.();
    ctx.status = 304;
    ctx.body = null;
  };
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
