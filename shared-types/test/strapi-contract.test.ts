import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  breakdownRowSchema,
  categorySchema,
  courseSchema,
  lectureSchema,
  lectureSeriesSchema,
  navLinkSchema,
  newsSchema,
  organiserSchema,
  reliefBatchSchema,
  reliefProgrammeSchema,
  siteSettingsSchema,
  speakerSchema,
  trainingSchema,
} from '../src/index.ts';

/**
 * Proves each shared-types contract says the same as the Strapi schema it mirrors, so
 * neither side can change without the other: every attribute the site reads exists with
 * the same type, required-ness, enumeration values, relation target and component shape;
 * every attribute the site does not read is listed here with the reason.
 */
interface StrapiAttribute {
  type: string;
  required?: boolean;
  relation?: string;
  target?: string;
  multiple?: boolean;
  enum?: string[];
  component?: string;
  repeatable?: boolean;
}

interface StrapiSchema {
  options?: { draftAndPublish?: boolean };
  attributes: Record<string, StrapiAttribute>;
}

interface Contract {
  file: string;
  schema: z.ZodObject;
  /** Attributes the site does not read, each with the reason. */
  unread?: Record<string, string>;
  /** Relation attribute -> the content type it must point at. */
  relations?: Record<string, string>;
  /** To-one relations the CMS's save rules make mandatory, so the contract may rely on them. */
  requiredRelations?: string[];
}

const cms = (path: string) => `../../cms/src/${path}`;

const CONTENT_TYPES: Record<string, Contract> = {
  news: {
    file: cms('api/news/content-types/news/schema.json'),
    schema: newsSchema,
    relations: { category: 'api::category.category' },
  },
  category: {
    file: cms('api/category/content-types/category/schema.json'),
    schema: categorySchema,
    unread: { news: 'inverse side of news.category; pages find news by their own category' },
  },
  training: { file: cms('api/training/content-types/training/schema.json'), schema: trainingSchema },
  lecture: {
    file: cms('api/lecture/content-types/lecture/schema.json'),
    schema: lectureSchema,
    relations: { series: 'api::lecture-series.lecture-series' },
  },
  'lecture-series': {
    file: cms('api/lecture-series/content-types/lecture-series/schema.json'),
    schema: lectureSeriesSchema,
    unread: { lectures: 'inverse side of lecture.series; series pages collect lectures from the lecture collection' },
  },
  'relief-programme': {
    file: cms('api/relief-programme/content-types/relief-programme/schema.json'),
    schema: reliefProgrammeSchema,
    unread: { batches: 'inverse side of relief-batch.programme; totals are computed from the batch collection' },
  },
  'relief-batch': {
    file: cms('api/relief-batch/content-types/relief-batch/schema.json'),
    schema: reliefBatchSchema,
    relations: { programme: 'api::relief-programme.relief-programme' },
    requiredRelations: ['programme'],
  },
  'site-setting': { file: cms('api/site-setting/content-types/site-setting/schema.json'), schema: siteSettingsSchema },
};

/** Each component's contract, by the component uid Strapi uses. */
const COMPONENTS: Record<string, Contract> = {
  'training.course': { file: cms('components/training/course.json'), schema: courseSchema },
  'event.organiser': { file: cms('components/event/organiser.json'), schema: organiserSchema },
  'event.speaker': { file: cms('components/event/speaker.json'), schema: speakerSchema },
  'relief.breakdown-row': { file: cms('components/relief/breakdown-row.json'), schema: breakdownRowSchema },
  'site.nav-link': { file: cms('components/site/nav-link.json'), schema: navLinkSchema },
};

/** Fields Strapi adds to documents (and `id` to component rows). */
const SYSTEM_FIELDS = new Set(['id', 'documentId', 'publishedAt', 'updatedAt', 'createdAt']);

/** The zod kind each scalar Strapi attribute type must have in a contract. */
const KIND: Record<string, string> = {
  string: 'string',
  text: 'string',
  richtext: 'string',
  uid: 'string',
  email: 'string',
  date: 'string',
  datetime: 'string',
  integer: 'number',
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
const elementOf = (schema: z.ZodType) => (schema.def as unknown as { element: z.ZodType }).element;
const read = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as StrapiSchema;

function checkContract(name: string, contract: Contract): void {
  const strapi = read(contract.file);
  const shape = contract.schema.shape as Record<string, z.ZodType>;
  const unread = contract.unread ?? {};

  describe(`the ${name} contract matches ${contract.file.replace('../../', '')}`, () => {
    it('names only attributes Strapi has, or system fields', () => {
      expect(Object.keys(shape).filter((key) => !SYSTEM_FIELDS.has(key) && !(key in strapi.attributes))).toEqual([]);
    });

    it('reads every attribute, or says why not', () => {
      expect(Object.keys(strapi.attributes).filter((key) => !(key in shape) && !(key in unread))).toEqual([]);
      for (const key of Object.keys(unread)) expect(strapi.attributes).toHaveProperty(key);
    });

    if (contract.file.includes('/content-types/')) {
      it('has publishedAt exactly when the type has draft and publish', () => {
        expect('publishedAt' in shape).toBe(strapi.options?.draftAndPublish === true);
      });
    }

    for (const [key, attribute] of Object.entries(strapi.attributes)) {
      const field = shape[key];
      if (!field) continue;
      it(`${key}: ${attribute.type}${attribute.required ? ', required' : ''}`, () => {
        const { inner, nullable } = unwrap(field);
        switch (attribute.type) {
          case 'media':
            expect(kindOf(inner)).toBe(attribute.multiple ? 'array' : 'object');
            expect(nullable).toBe(!attribute.required);
            return;
          case 'relation': {
            const toMany = attribute.relation?.endsWith('ToMany') ?? false;
            expect(kindOf(inner)).toBe(toMany ? 'array' : 'object');
            expect(attribute.target).toBe(contract.relations?.[key]);
            if (!toMany) expect(nullable).toBe(!contract.requiredRelations?.includes(key));
            return;
          }
          case 'component': {
            expect(kindOf(inner)).toBe(attribute.repeatable ? 'array' : 'object');
            const component = COMPONENTS[attribute.component ?? ''];
            expect(component, `contract for component ${attribute.component}`).toBeDefined();
            const element = attribute.repeatable ? elementOf(inner) : inner;
            expect(element).toBe(component?.schema);
            return;
          }
          default:
            expect(kindOf(inner)).toBe(KIND[attribute.type]);
            expect(nullable).toBe(!attribute.required);
            if (attribute.type === 'enumeration') {
              expect([...(inner as z.ZodEnum).options].sort()).toEqual([...(attribute.enum ?? [])].sort());
            }
        }
      });
    }
  });
}

for (const [name, contract] of Object.entries(CONTENT_TYPES)) checkContract(name, contract);
for (const [name, contract] of Object.entries(COMPONENTS)) checkContract(name, contract);

describe('every Strapi type of the project has a contract', () => {
  it('lists each content type and component found in cms/src', async () => {
    const { readdirSync } = await import('node:fs');
    const apis = readdirSync(new URL(cms('api'), import.meta.url));
    expect(apis.sort()).toEqual(Object.keys(CONTENT_TYPES).sort());
    const components = readdirSync(new URL(cms('components'), import.meta.url)).flatMap((category) =>
      readdirSync(new URL(cms(`components/${category}`), import.meta.url)).map(
        (file) => `${category}.${file.replace('.json', '')}`,
      ),
    );
    expect(components.sort()).toEqual(Object.keys(COMPONENTS).sort());
  });
});
