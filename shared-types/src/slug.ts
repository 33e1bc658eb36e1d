import { z } from 'zod';

/** URL-safe ASCII: lower-case letters, digits and single hyphens, as pages are named by it. */
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '应为小写字母、数字和连字符组成的网址名（slug）');
