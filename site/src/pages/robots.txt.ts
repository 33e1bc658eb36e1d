import type { APIRoute } from 'astro';
import { siteEnv } from '../env.ts';

/** Everything is public; the sitemap says where it all is. Preview builds ask not to be indexed. */
export const GET: APIRoute = ({ site }) => {
  const preview = siteEnv().SITE_PREVIEW;
  const lines = preview
    ? ['User-agent: *', 'Disallow: /']
    : ['User-agent: *', 'Allow: /', '', `Sitemap: ${new URL('/sitemap-index.xml', site).href}`];
  return new Response(`${lines.join('\n')}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
