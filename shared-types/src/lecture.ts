import type { z } from 'zod';
import { lectureObject } from './generated/contracts.ts';

/** A published Lecture (讲座) as the site's REST query returns it. */
export const lectureSchema = lectureObject;

export type Lecture = z.infer<typeof lectureSchema>;
