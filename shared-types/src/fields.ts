import { z } from 'zod';

/**
 * The building blocks the generated contracts (src/generated/contracts.ts) are written in:
 * one per kind of Strapi attribute, as the REST API returns it.
 */

/** Text an editor filled in: trimmed, not empty, within the model's length and pattern. */
export function text(rules: { max?: number; regex?: RegExp } = {}) {
  let schema = z.string().trim().min(1);
  if (rules.max !== undefined) schema = schema.max(rules.max);
  if (rules.regex) schema = schema.regex(rules.regex);
  return schema;
}

/** A whole number within the model's bounds. */
export function integer(rules: { min?: number; max?: number } = {}) {
  let schema = z.number().int();
  if (rules.min !== undefined) schema = schema.min(rules.min);
  if (rules.max !== undefined) schema = schema.max(rules.max);
  return schema;
}
