import type { Core } from '@strapi/strapi';
import { uploadLimits } from '../src/security/upload-rules';

/**
 * The browser origins allowed to call the CMS with credentials: the admin's own public
 * address, the public site and the preview server, as configured; nothing else. Strapi's
 * default reflects any Origin, which let a page on another port of the same host read a
 * logged-in editor's session.
 */
function allowedOrigins(env: Core.Config.Shared.ConfigParams['env']): string[] {
  const port = env.int('PORT', 1337);
  const configured = [env('CMS_PUBLIC_URL', ''), env('SITE_URL', ''), env('PREVIEW_URL', '')];
  // Without a public URL the admin is reached on its own port, by either loopback name.
  const local = env('CMS_PUBLIC_URL', '') ? [] : [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return [...new Set([...configured.filter((u) => URL.canParse(u)).map((u) => new URL(u).origin), ...local])];
}

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    name: 'strapi::cors',
    config: {
      origin: allowedOrigins(env),
      credentials: true,
      // Browsers cache a preflight for a day at most anyway; a short one lets a changed list apply.
      maxAge: 600,
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  // Says in Chinese what the bare 413 of strapi::body means.
  'global::upload-too-large',
  // The parser stops reading at the limit instead of writing 60 MB to disk first.
  { name: 'strapi::body', config: { formidable: { maxFileSize: uploadLimits().maxBytes } } },
  // Every uploaded file, sniffed and decoded before any route sees it: src/security/upload-rules.ts.
  'global::upload-guard',
  'strapi::session',
  'strapi::favicon',
  // Per client IP, across every account name: see src/middlewares/admin-login-limit.ts.
  'global::admin-login-limit',
  // Before strapi::public, so that it sees the file's response: see src/middlewares/conditional-get.ts.
  'global::conditional-get',
  'strapi::public',
];

export default config;
