/**
 * What the site asks Strapi for, per collection: exactly the fields the pages and feeds
 * use, so responses stay small and a new CMS field can't leak into the site unseen.
 */
const IMAGE_FIELDS = ['url', 'alternativeText', 'width', 'height', 'mime'];

export const newsQuery = {
  fields: ['title', 'slug', 'date', 'summary', 'body', 'source', 'publishedAt', 'updatedAt'],
  populate: {
    cover: { fields: IMAGE_FIELDS },
    category: { fields: ['name', 'slug'] },
  },
};
