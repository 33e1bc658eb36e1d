import { z } from 'zod';
import { YUAN_PATTERN } from './rules/money.ts';

/**
 * An amount of yuan exact to the fen, as a decimal string ("146122.00"). Kept a string from
 * the database to the page so no binary float ever rounds it.
 */
export const yuanSchema = z.string().regex(YUAN_PATTERN, '应为精确到分的金额字符串，如 "146122.00"');
