import { factories } from '@strapi/strapi';

// Reads go through the published-only policy: Strapi 5 would otherwise serve drafts to
// any token allowed to find (strapi/strapi#25326).
export default factories.createCoreRouter('api::category.category', {
  config: {
    find: { policies: ['global::published-only'] },
    findOne: { policies: ['global::published-only'] },
  },
});
