import { z } from 'zod';
import { slugSchema } from './slug.ts';

/** A news category (工作动态, 党建工作 ...), editable by editors in the CMS. */
export const categorySchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: z.string().trim().min(1),
  slug: slugSchema,
});

export type Category = z.infer<typeof categorySchema>;
