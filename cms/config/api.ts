import { REST_PAGE_SIZE } from '@fulian/shared-types/model';
import type { Core } from '@strapi/strapi';

const config: Core.Config.Api = {
  rest: {
    defaultLimit: 25,
    // The site's loader reads this many at a time (REST_PAGE_SIZE says why so many).
    maxLimit: REST_PAGE_SIZE,
    withCount: true,
    strictParams: true,
  },
  documents: {
    strictParams: true,
    strictRelations: true,
  },
};

export default config;
