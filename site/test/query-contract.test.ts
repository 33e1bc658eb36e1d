import * as contracts from '@fulian/shared-types';
import { CONTENT_TYPES } from '@fulian/shared-types/model';
import type { z } from 'astro/zod';
import { describe, expect, test } from 'vitest';
import * as queries from '../src/cms/queries.ts';

/**
 * The REST API returns exactly what the site's queries ask for, and each document is checked
 * against the contract generated from the content model. So the two must name the same
 * fields: a field asked for but missing from the contract would pass unchecked, and a field
 * in the contract the query does not ask for would fail every build.
 */
interface Query {
  fields: readonly string[];
  populate?: Record<string, boolean | { fields: readonly string[] }>;
}

const QUERIES: Record<string, Query> = {
  news: queries.newsQuery,
  category: queries.categoryQuery,
  training: queries.trainingQuery,
  lectureSeries: queries.lectureSeriesQuery,
  lecture: queries.lectureQuery,
  reliefProgramme: queries.reliefProgrammeQuery,
  reliefBatch: queries.reliefBatchQuery,
  siteSettings: queries.siteSettingsQuery,
};

/** The object schema under refinements, nullable and arrays, as far as its shape. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let inner: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    const def = (inner as unknown as { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType } }).def;
    if (def.type === 'object') return (inner as z.ZodObject).shape as Record<string, z.ZodType>;
    const next = def.innerType ?? def.element ?? def.in;
    if (!next) return undefined;
    inner = next;
  }
  return undefined;
}

describe.each(CONTENT_TYPES.map((type) => [type.contract, type] as const))('%s', (contract, type) => {
  const schema = (contracts as Record<string, unknown>)[`${contract}Schema`] as z.ZodType;
  const query = QUERIES[contract] as Query;

  test('the query asks for exactly the fields of the contract', () => {
    const shape = shapeOf(schema) ?? {};
    const asked = ['id', 'documentId', ...query.fields, ...Object.keys(query.populate ?? {})];
    expect(Object.keys(shape).sort()).toEqual(asked.sort());
  });

  test('every field asked for is declared in the model', () => {
    const declared = new Set([...Object.keys(type.fields), 'publishedAt', 'updatedAt']);
    for (const field of [...query.fields, ...Object.keys(query.populate ?? {})]) expect(declared).toContain(field);
  });

  test('populated relations and media hold what the query asks of them', () => {
    const shape = shapeOf(schema) ?? {};
    for (const [field, populate] of Object.entries(query.populate ?? {})) {
      if (typeof populate === 'boolean') continue;
      const nested = shapeOf(shape[field] as z.ZodType) ?? {};
      expect(Object.keys(nested).sort(), field).toEqual(['id', 'documentId', ...populate.fields].sort());
    }
  });
});
