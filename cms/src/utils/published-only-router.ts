import { factories, type UID } from '@strapi/strapi';

/**
 * The core router of a content type with every read behind the published-only policy:
 * Strapi 5 would otherwise serve drafts to any token allowed to find (strapi/strapi#25326).
 * Creates go through the import-drafts-only policy: the import token may not publish.
 */
export function publishedOnlyRouter(uid: UID.ContentType) {
  return factories.createCoreRouter(uid, {
    config: {
      find: { policies: ['global::published-only'] },
      findOne: { policies: ['global::published-only'] },
      create: { policies: ['global::import-drafts-only'] },
    },
  });
}
