import type { z } from 'zod';
import { trainingObject } from './generated/contracts.ts';

/** A published Training (培训) as the site's REST query returns it; it ends no earlier than it starts. */
export const trainingSchema = trainingObject.refine((t) => t.endDate >= t.startDate, {
  path: ['endDate'],
  message: '结束日期早于开始日期',
});

export type Training = z.infer<typeof trainingSchema>;
