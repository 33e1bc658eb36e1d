import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  // Loopback unless an operator says otherwise: the demo must not be reachable from the LAN.
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  // The address editors and the public reach the CMS at (https://cms.example.gov.cn behind
  // nginx). Strapi builds the admin's links and its cookies' path from it.
  url: env('CMS_PUBLIC_URL', ''),
  // Behind the reverse proxy (deploy/), trust its X-Forwarded-* headers: the client's real IP
  // is what the login rate limits key on, and X-Forwarded-Proto: https makes the admin session
  // cookie Secure. Only the last hop counts (maxIpsCount 1): nginx appends the address it saw,
  // so a client cannot pick its own IP by sending X-Forwarded-For itself.
  proxy: {
    koa: env.bool('CMS_BEHIND_PROXY', false),
    maxIpsCount: 1,
  },
  // Uploads live here; tests point it at a temporary folder.
  dirs: {
    public: env('PUBLIC_DIR', './public'),
  },
  app: {
    keys: env.array('APP_KEYS') as string[],
  },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});

export default config;
