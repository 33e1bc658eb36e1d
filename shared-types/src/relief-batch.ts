import type { z } from 'zod';
import { reliefBatchObject } from './generated/contracts.ts';
import { BREAKDOWNS, type BreakdownField, checkBreakdown } from './rules/relief.ts';

export { BREAKDOWNS };

/**
 * A published relief batch (救助金发放批次): aggregates only, never a recipient's identity.
 * The contract restates the CMS's save rules, so figures the site publishes always add up.
 */
export const reliefBatchSchema = reliefBatchObject.superRefine((batch, ctx) => {
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
