import { z } from 'zod';
import { courseSchema, organiserSchema } from './components.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { imageSchema } from './media.ts';
import { slugSchema } from './slug.ts';

/** A published Training (培训) as the site's REST query returns it. */
export const trainingSchema = z
  .object({
    id: z.number().int(),
    documentId: z.string().min(1),
    title: z.string().trim().min(1).max(120),
    slug: slugSchema,
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    venue: z.string().trim().min(1),
    organisers: z.array(organiserSchema),
    host: z.string().trim().min(1).nullable(),
    participantCount: z.number().int().nonnegative().nullable(),
    audience: z.string().trim().min(1).nullable(),
    /** 报名方式 and 咨询电话: how to sign up and whom to ask (optional). */
    registration: z.string().trim().min(1).max(300).nullable(),
    enquiryPhone: z.string().trim().min(1).max(60).nullable(),
    courses: z.array(courseSchema),
    summary: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1),
    cover: imageSchema.nullable(),
    publishedAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .refine((t) => t.endDate >= t.startDate, { path: ['endDate'], message: '结束日期早于开始日期' });

export type Training = z.infer<typeof trainingSchema>;
