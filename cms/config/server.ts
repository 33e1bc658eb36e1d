import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  // Loopback unless an operator says otherwise: the demo must not be reachable from the LAN.
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
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
