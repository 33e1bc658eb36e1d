import { z } from 'zod';
import { breakdownRowSchema } from './components.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { yuanSchema } from './money.ts';
import { reliefProgrammeSchema } from './relief-programme.ts';
import { slugSchema } from './slug.ts';

export const BREAKDOWNS = ['byDistrict', 'byAgeBand', 'byCancerType'] as const;

/**
 * A published relief batch (救助金发放批次): aggregates only, never a recipient's identity.
 * The contract restates the CMS's save rules, so figures the site publishes always add up.
 */
export const reliefBatchSchema = z
  .object({
    id: z.number().int(),
    documentId: z.string().min(1),
    title: z.string().trim().min(1).max(120),
    slug: slugSchema,
    programme: reliefProgrammeSchema.pick({ id: true, documentId: true, name: true, slug: true }),
    year: z.number().int().min(2000).max(2100),
    batchNumber: z.number().int().positive(),
    disbursementDate: isoDateSchema,
    amount: yuanSchema,
    recipientCount: z.number().int().nonnegative(),
    byDistrict: z.array(breakdownRowSchema),
    byAgeBand: z.array(breakdownRowSchema),
    byCancerType: z.array(breakdownRowSchema),
    summary: z.string().trim().min(1).nullable(),
    body: z.string().trim().min(1).nullable(),
    publishedAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .superRefine((batch, ctx) => {
    for (const field of BREAKDOWNS) {
      const rows = batch[field];
      const sum = rows.reduce((total, row) => total + row.count, 0);
      if (sum !== batch.recipientCount) {
        ctx.addIssue({ code: 'custom', path: [field], message: `合计 ${sum} 人，与救助人数 ${batch.recipientCount} 人不符` });
      }
      const labels = rows.map((row) => row.label);
      const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
      if (repeated.length > 0) ctx.addIssue({ code: 'custom', path: [field], message: `类别重复：${repeated.join('、')}` });
    }
  });

export type ReliefBatch = z.infer<typeof reliefBatchSchema>;
export type Breakdown = (typeof BREAKDOWNS)[number];
