import { defineCollection } from 'astro:content';
import {
  categorySchema,
  lectureSchema,
  lectureSeriesSchema,
  newsSchema,
  reliefBatchSchema,
  reliefProgrammeSchema,
  siteSettingsSchema,
  trainingSchema,
} from '@fulian/shared-types';
import {
  categoryQuery,
  lectureQuery,
  lectureSeriesQuery,
  newsQuery,
  reliefBatchQuery,
  reliefProgrammeQuery,
  siteSettingsQuery,
  trainingQuery,
} from './cms/queries.ts';
import { cmsFromEnv } from './cms/settings.ts';
import { strapiLoader } from './cms/strapi-loader.ts';
import { strapiSingleLoader } from './cms/strapi-single-loader.ts';

// One client for the whole build: every collection reads the CMS the same way.
let client: ReturnType<typeof cmsFromEnv> | undefined;
const cms = () => {
  client ??= cmsFromEnv();
  return client;
};

/**
 * The collections the publish service may read by delta (cms/sync.ts): the documents editors
 * publish one at a time, which nothing else embeds. The small collections, which news,
 * lectures and batches embed (a category's name, a series, a programme), are always read whole.
 */
const DELTA_TYPES = new Set([
  'api::news.news',
  'api::training.training',
  'api::lecture.lecture',
  'api::relief-batch.relief-batch',
]);
const delta = (uid: string) => ({ uid, types: DELTA_TYPES });

export const collections = {
  news: defineCollection({
    loader: strapiLoader({
      name: 'news',
      label: '新闻',
      path: 'news-items',
      query: newsQuery,
      schema: newsSchema,
      markdownField: 'body',
      client: cms,
      delta: delta('api::news.news'),
    }),
  }),
  categories: defineCollection({
    loader: strapiLoader({
      name: 'categories',
      label: '新闻分类',
      path: 'categories',
      query: categoryQuery,
      schema: categorySchema,
      client: cms,
    }),
  }),
  trainings: defineCollection({
    loader: strapiLoader({
      name: 'trainings',
      label: '培训',
      path: 'trainings',
      query: trainingQuery,
      schema: trainingSchema,
      markdownField: 'body',
      client: cms,
      delta: delta('api::training.training'),
    }),
  }),
  lectures: defineCollection({
    loader: strapiLoader({
      name: 'lectures',
      label: '讲座',
      path: 'lectures',
      query: lectureQuery,
      schema: lectureSchema,
      markdownField: 'body',
      client: cms,
      delta: delta('api::lecture.lecture'),
    }),
  }),
  lectureSeries: defineCollection({
    loader: strapiLoader({
      name: 'lectureSeries',
      label: '讲座系列',
      path: 'lecture-series-list',
      query: lectureSeriesQuery,
      schema: lectureSeriesSchema,
      client: cms,
    }),
  }),
  reliefProgrammes: defineCollection({
    loader: strapiLoader({
      name: 'reliefProgrammes',
      label: '救助项目',
      path: 'relief-programmes',
      query: reliefProgrammeQuery,
      schema: reliefProgrammeSchema,
      markdownField: 'description',
      client: cms,
    }),
  }),
  reliefBatches: defineCollection({
    loader: strapiLoader({
      name: 'reliefBatches',
      label: '救助金发放批次',
      path: 'relief-batches',
      query: reliefBatchQuery,
      schema: reliefBatchSchema,
      markdownField: 'body',
      client: cms,
      delta: delta('api::relief-batch.relief-batch'),
    }),
  }),
  settings: defineCollection({
    loader: strapiSingleLoader({
      name: 'settings',
      label: '站点设置',
      path: 'site-setting',
      query: siteSettingsQuery,
      schema: siteSettingsSchema,
      id: 'site',
      client: cms,
    }),
  }),
};
