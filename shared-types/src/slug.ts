import { z } from 'zod';
import { SLUG_PATTERN } from './rules/slug.ts';

/** URL-safe ASCII: lower-case letters, digits and single hyphens, as pages are named by it. */
export const slugSchema = z.string().regex(SLUG_PATTERN, '应为小写字母、数字和连字符组成的网址名（slug）');
