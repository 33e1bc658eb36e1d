import { z } from 'zod';
import { slugSchema } from './slug.ts';

/** A relief programme (救助项目), e.g. 贫困妇女“四癌”救助. */
export const reliefProgrammeSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: z.string().trim().min(1),
  slug: slugSchema,
  description: z.string().trim().min(1),
  eligibility: z.string().trim().min(1),
});

export type ReliefProgramme = z.infer<typeof reliefProgrammeSchema>;
