import { z } from 'zod';

/** The pagination block Strapi's REST API puts in `meta` of every list response. */
export const paginationSchema = z.object({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pageCount: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

/** A list response: documents are checked one by one later, against their own contract. */
export const listResponseSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: paginationSchema }),
});

export type Pagination = z.infer<typeof paginationSchema>;
export type ListResponse = z.infer<typeof listResponseSchema>;
