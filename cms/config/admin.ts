import type { Core } from '@strapi/strapi';

/**
 * The preview button: opens the publish service's preview server (scripts/publisher/src/
 * preview-server.ts), which builds the site with the draft and shows its page. The URL carries
 * PREVIEW_SECRET; only logged-in editors get it from the admin. Without PREVIEW_URL and
 * PREVIEW_SECRET there is no preview button.
 */
function preview(env: Core.Config.Shared.ConfigParams['env']): Core.Config.Admin['preview'] {
  const previewUrl = env('PREVIEW_URL', '');
  const secret = env('PREVIEW_SECRET', '');
  const enabled = previewUrl !== '' && secret !== '';
  // The published tab sends editors to the public page itself, so both origins may be framed.
  const origins = [previewUrl, env('SITE_URL', '')].filter((u) => URL.canParse(u)).map((u) => new URL(u).origin);
  return {
    enabled,
    config: {
      allowedOrigins: origins,
      handler: (uid, { documentId, status }) => {
        if (!enabled || !uid.startsWith('api::')) return null;
        const url = new URL('/__preview', previewUrl);
        url.searchParams.set('uid', uid);
        if (documentId) url.searchParams.set('documentId', documentId);
        if (status) url.searchParams.set('status', status);
        url.searchParams.set('secret', secret);
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
