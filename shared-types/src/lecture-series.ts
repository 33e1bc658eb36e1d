import type { z } from 'zod';
import { lectureSeriesObject } from './generated/contracts.ts';

/** A lecture series (讲座系列) with the number of lectures it plans. */
export const lectureSeriesSchema = lectureSeriesObject;

export type LectureSeries = z.infer<typeof lectureSeriesSchema>;
