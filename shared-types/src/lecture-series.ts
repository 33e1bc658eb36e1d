import { z } from 'zod';
import { slugSchema } from './slug.ts';

/** A lecture series (讲座系列) with the number of lectures it plans. */
export const lectureSeriesSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: z.string().trim().min(1),
  slug: slugSchema,
  plannedCount: z.number().int().positive(),
  description: z.string().trim().min(1).nullable(),
});

export type LectureSeries = z.infer<typeof lectureSeriesSchema>;
