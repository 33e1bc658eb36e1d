import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  // Before strapi::public, so that it sees the file's response: see src/middlewares/conditional-get.ts.
  'global::conditional-get',
  'strapi::public',
];

export default config;
