import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** How long a preview link (and the cookie it sets) is valid: an hour unless PREVIEW_LINK_TTL says otherwise. */
const DEFAULT_LINK_SECONDS = 3600;
const MAX_LINK_SECONDS = 24 * 3600;

/**
 * The preview button: opens the publish service's preview server (scripts/publish/
 * preview-server.ts), which builds the site with the draft and shows its page. Strapi asks for
 * the URL each time an editor opens a document, so each link is signed for that one document
 * and expires (PREVIEW_LINK_TTL seconds): HMAC-SHA256 with PREVIEW_SECRET, exactly as
 * previewLinkSignature() in preview-server.ts checks it. The secret itself is never in a URL
 * and never reaches the browser. Without PREVIEW_URL and PREVIEW_SECRET there is no preview
 * button.
 */
function preview(env: Core.Config.Shared.ConfigParams['env']): Core.Config.Admin['preview'] {
  const previewUrl = env('PREVIEW_URL', '');
  const secret = env('PREVIEW_SECRET', '');
  const enabled = previewUrl !== '' && secret !== '';
  const ttl = env.int('PREVIEW_LINK_TTL', DEFAULT_LINK_SECONDS);
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_LINK_SECONDS) {
    throw new Error(`PREVIEW_LINK_TTL=${ttl}：预览链接的有效期应为 60 到 ${MAX_LINK_SECONDS} 秒之间的整数`);
  }
  // The published tab sends editors to the public page itself, so both origins may be framed.
  const origins = [previewUrl, env('SITE_URL', '')].filter((u) => URL.canParse(u)).map((u) => new URL(u).origin);
  return {
    enabled,
    config: {
      allowedOrigins: origins,
      handler: (uid, { documentId, status }) => {
        if (!enabled || !uid.startsWith('api::')) return null;
        const expires = Math.floor(Date.now() / 1000) + ttl;
        const link = { uid, documentId: documentId ?? '', status: status ?? '', expires: String(expires) };
        const signature = createHmac('sha256', secret)
          .update(['fulian-preview-link', link.uid, link.documentId, link.status, link.expires].join('\n'))
          .digest('base64url');
        const url = new URL('/__preview', previewUrl);
        url.search = new URLSearchParams({ ...link, signature }).toString();
        return url.href;
      },
    },
  };
}

// Every secret comes from the per-install .env written by `npm start` (never a default).
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET') as string,
  },
  apiToken: {
    salt: env('API_TOKEN_SALT') as string,
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT') as string,
    },
  },
  secrets: {
    encryptionKey: env('ENCRYPTION_KEY') as string,
  },
  // Tests run the API alone, without building the admin bundle.
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  preview: preview(env),
  flags: {
    nps: false,
    promoteEE: false,
    docLinks: env.bool('FLAG_DOC_LINKS', true),
  },
});

export default config;
