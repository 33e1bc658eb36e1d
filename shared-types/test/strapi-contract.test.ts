import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { categorySchema, newsSchema } from '../src/index.ts';

/**
 * Proves each shared-types contract says the same as the Strapi schema it mirrors, so
 * neither side can change without the other: every attribute the site reads exists with
 * the right type, required-ness and relation shape; every other attribute is listed as
 * deliberately unread.
 */
interface StrapiAttribute {
  type: string;
  required?: boolean;
  relation?: string;
  target?: string;
  mappedBy?: string;
  multiple?: boolean;
  enum?: string[];
  allowedTypes?: string[];
}

interface Contract {
  file: string;
  schema: z.ZodObject;
  /** Attributes of the Strapi type the site does not read, each with the reason. */
  unread: Record<string, string>;
  /** Relation targets must map to these contracts. */
  relations?: Record<string, string>;
}

const CONTRACTS: Record<string, Contract> = {
  news: {
    file: '../../cms/src/api/news/content-types/news/schema.json',
    schema: newsSchema,
    unread: {},
    relations: { category: 'api::category.category' },
  },
  category: {
    file: '../../cms/src/api/category/content-types/category/schema.json',
    schema: categorySchema,
    unread: { news: 'inverse side of news.category; pages find news by their own category' },
  },
};

/** Fields Strapi adds to every document of a draft-and-publish type. */
const SYSTEM_FIELDS = new Set(['id', 'documentId', 'publishedAt', 'updatedAt', 'createdAt']);

/** The zod kind each Strapi attribute type must have in a contract. */
const KIND: Record<string, string> = {
  string: 'string',
  text: 'string',
  richtext: 'string',
  uid: 'string',
  email: 'string',
  date: 'string',
  datetime: 'string',
  time: 'string',
  // Exact decimals arrive as strings so no float rounding can happen on the way.
  decimal: 'string',
  integer: 'number',
  biginteger: 'string',
  float: 'number',
  boolean: 'boolean',
  enumeration: 'enum',
};

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    const def = inner.def as { type: string; innerType?: z.ZodType };
    if ((def.type === 'nullable' || def.type === 'optional') && def.innerType) {
      nullable = true;
      inner = def.innerType;
    } else {
      return { inner, nullable };
    }
  }
}

const kindOf = (schema: z.ZodType) => (schema.def as { type: string }).type;

for (const [name, contract] of Object.entries(CONTRACTS)) {
  const strapi = JSON.parse(readFileSync(new URL(contract.file, import.meta.url), 'utf8')) as {
    options?: { draftAndPublish?: boolean };
    attributes: Record<string, StrapiAttribute>;
  };
  const shape = contract.schema.shape as Record<string, z.ZodType>;

  describe(`the ${name} contract matches ${contract.file}`, () => {
    it('names only attributes Strapi has, or system fields', () => {
      const unknown = Object.keys(shape).filter((key) => !SYSTEM_FIELDS.has(key) && !(key in strapi.attributes));
      expect(unknown).toEqual([]);
    });

    it('reads every attribute, or says why not', () => {
      const unaccounted = Object.keys(strapi.attributes).filter((key) => !(key in shape) && !(key in contract.unread));
      expect(unaccounted).toEqual([]);
      for (const key of Object.keys(contract.unread)) expect(strapi.attributes).toHaveProperty(key);
    });

    it('has publishedAt exactly when the type has draft and publish', () => {
      expect('publishedAt' in shape).toBe(strapi.options?.draftAndPublish === true);
    });

    for (const [key, attribute] of Object.entries(strapi.attributes)) {
      const field = shape[key];
      if (!field) continue;
      it(`${key}: ${attribute.type}${attribute.required ? ', required' : ''}`, () => {
        const { inner, nullable } = unwrap(field);
        if (attribute.type === 'media') {
          expect(kindOf(inner)).toBe(attribute.multiple ? 'array' : 'object');
          expect(nullable).toBe(!attribute.required);
          return;
        }
        if (attribute.type === 'relation') {
          const toMany = attribute.relation?.endsWith('ToMany') ?? false;
          expect(kindOf(inner)).toBe(toMany ? 'array' : 'object');
          expect(attribute.target).toBe(contract.relations?.[key]);
          if (!toMany) expect(nullable).toBe(true);
          return;
        }
        expect(kindOf(inner)).toBe(KIND[attribute.type]);
        expect(nullable).toBe(!attribute.required);
        if (attribute.type === 'enumeration') {
          expect([...(inner as z.ZodEnum).options].sort()).toEqual([...(attribute.enum ?? [])].sort());
        }
      });
    }
  });
}
