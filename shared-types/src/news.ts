import { z } from 'zod';
import { categorySchema } from './category.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { imageSchema } from './media.ts';
import { slugSchema } from './slug.ts';

/**
 * A published News document (新闻动态) exactly as the site's REST query returns it.
 * `date` is the day of the event reported; `publishedAt` is when the CMS published it.
 */
export const newsSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: z.string().trim().min(1).max(120),
  slug: slugSchema,
  date: isoDateSchema,
  summary: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1),
  source: z.string().trim().min(1).nullable(),
  cover: imageSchema.nullable(),
  category: categorySchema.nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export type News = z.infer<typeof newsSchema>;
