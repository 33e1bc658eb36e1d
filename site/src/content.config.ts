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
import * as model from '@fulian/shared-types/model';
import { restPathOf } from '@fulian/shared-types/model';
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
import { programmeProblem } from './lib/relief-programme-links.ts';

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
const DELTA_TYPES = new Set([model.news.uid, model.training.uid, model.lecture.uid, model.reliefBatch.uid]);
const delta = (uid: string) => ({ uid, types: DELTA_TYPES });
// The same four grow with the archive: they are kept in the document store (cms/documents.ts),
// not in Astro's content store, and pages read them with getDocuments().

export const collections = {
  news: defineCollection({
    loader: strapiLoader({
      name: model.news.astroCollection,
      label: '新闻',
      path: restPathOf(model.news),
      query: newsQuery,
      schema: newsSchema,
      markdownField: 'body',
      client: cms,
      delta: delta(model.news.uid),
      documents: true,
    }),
  }),
  categories: defineCollection({
    loader: strapiLoader({
      name: model.category.astroCollection,
      label: '新闻分类',
      path: restPathOf(model.category),
      query: categoryQuery,
      schema: categorySchema,
      client: cms,
    }),
  }),
  trainings: defineCollection({
    loader: strapiLoader({
      name: model.training.astroCollection,
      label: '培训',
      path: restPathOf(model.training),
      query: trainingQuery,
      schema: trainingSchema,
      markdownField: 'body',
      client: cms,
      delta: delta(model.training.uid),
      documents: true,
    }),
  }),
  lectures: defineCollection({
    loader: strapiLoader({
      name: model.lecture.astroCollection,
      label: '讲座',
      path: restPathOf(model.lecture),
      query: lectureQuery,
      schema: lectureSchema,
      markdownField: 'body',
      client: cms,
      delta: delta(model.lecture.uid),
      documents: true,
    }),
  }),
  lectureSeries: defineCollection({
    loader: strapiLoader({
      name: model.lectureSeries.astroCollection,
      label: '讲座系列',
      path: restPathOf(model.lectureSeries),
      query: lectureSeriesQuery,
      schema: lectureSeriesSchema,
      client: cms,
    }),
  }),
  reliefProgrammes: defineCollection({
    loader: strapiLoader({
      name: model.reliefProgramme.astroCollection,
      label: '救助项目',
      path: restPathOf(model.reliefProgramme),
      query: reliefProgrammeQuery,
      schema: reliefProgrammeSchema,
      markdownField: 'description',
      client: cms,
    }),
  }),
  reliefBatches: defineCollection({
    loader: strapiLoader({
      name: model.reliefBatch.astroCollection,
      label: '救助金发放批次',
      path: restPathOf(model.reliefBatch),
      query: reliefBatchQuery,
      schema: reliefBatchSchema,
      markdownField: 'body',
      client: cms,
      delta: delta(model.reliefBatch.uid),
      documents: true,
      // A published batch whose programme is not public fails the build, naming both.
      explain: (document, before) => programmeProblem(document, (before?.programme ?? null) as never),
    }),
  }),
  settings: defineCollection({
    loader: strapiSingleLoader({
      name: model.siteSetting.astroCollection,
      label: '站点设置',
      path: restPathOf(model.siteSetting),
      query: siteSettingsQuery,
      schema: siteSettingsSchema,
      id: 'site',
      client: cms,
    }),
  }),
};
