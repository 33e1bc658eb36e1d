import { defineCollection } from 'astro:content';
import { newsSchema } from '@fulian/shared-types';
import { newsQuery } from './cms/queries.ts';
import { cmsFromEnv } from './cms/settings.ts';
import { strapiLoader } from './cms/strapi-loader.ts';

const news = defineCollection({
  loader: strapiLoader({
    name: 'news',
    label: '新闻',
    path: 'news-items',
    query: newsQuery,
    schema: newsSchema,
    markdownField: 'body',
    client: cmsFromEnv,
  }),
});

export const collections = { news };
