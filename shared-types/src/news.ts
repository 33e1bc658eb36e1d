import type { z } from 'zod';
import { newsObject } from './generated/contracts.ts';

/**
 * A published News document (新闻动态) exactly as the site's REST query returns it.
 * `date` is the day of the event reported; `publishedAt` is when the CMS published it.
 */
export const newsSchema = newsObject;

export type News = z.infer<typeof newsSchema>;
