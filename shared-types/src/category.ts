import type { z } from 'zod';
import { categoryObject } from './generated/contracts.ts';

/** A news category (工作动态, 党建工作 ...), editable by editors in the CMS. */
export const categorySchema = categoryObject;

export type Category = z.infer<typeof categorySchema>;
