import { z } from 'zod';
import { organiserSchema, speakerSchema } from './components.ts';
import { isoDateTimeSchema } from './dates.ts';
import { lectureSeriesSchema } from './lecture-series.ts';
import { imageSchema } from './media.ts';
import { slugSchema } from './slug.ts';

/** A published Lecture (讲座) as the site's REST query returns it. */
export const lectureSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: z.string().trim().min(1).max(120),
  slug: slugSchema,
  startsAt: isoDateTimeSchema,
  venue: z.string().trim().min(1),
  speakers: z.array(speakerSchema),
  series: lectureSeriesSchema.nullable(),
  organisers: z.array(organiserSchema),
  audience: z.string().trim().min(1).nullable(),
  /** 报名方式 and 咨询电话: how to sign up and whom to ask (optional). */
  registration: z.string().trim().min(1).max(300).nullable(),
  enquiryPhone: z.string().trim().min(1).max(60).nullable(),
  attendance: z.number().int().nonnegative().nullable(),
  summary: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1),
  cover: imageSchema.nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export type Lecture = z.infer<typeof lectureSchema>;
