import { z } from 'zod';
import { breakdownRowSchema } from './components.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { yuanSchema } from './money.ts';
import { reliefProgrammeSchema } from './relief-programme.ts';
import { BREAKDOWNS, type BreakdownField, checkBreakdown } from './rules/relief.ts';
import { slugSchema } from './slug.ts';

export { BREAKDOWNS };

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
      // Personal numbers are refused at save; the contract keeps to the figures, so a label
      // the CMS accepted under an older rule does not stop every build.
      for (const issue of checkBreakdown(field, batch[field], batch.recipientCount)) {
        if (issue.kind === 'personal') continue;
        ctx.addIssue({
          code: 'custom',
          path: issue.kind === 'sum' ? [field] : [field, issue.index, 'label'],
          message: issue.message,
        });
      }
    }
  });

export type ReliefBatch = z.infer<typeof reliefBatchSchema>;
export type Breakdown = BreakdownField;
