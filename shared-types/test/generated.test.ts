import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, renderGenerated } from '../scripts/generate.ts';
import { reliefBatchSchema, trainingSchema } from '../src/index.ts';
import { COMPONENTS, CONTENT_TYPES, modelOf, restPathOf, urlFields } from '../src/model/index.ts';

/**
 * Strapi's schema.json files and the zod contracts are generated from the content model
 * (src/model), so they agree by construction. What is left to prove: that the committed
 * files are what the model generates today, and that the model itself is coherent.
 */
const generated = renderGenerated();

describe('generated files are up to date (run `npm run generate` after changing src/model)', () => {
  test.each([...generated.keys()])('%s', (path) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(generated.get(path));
  });

  test('every Strapi schema in cms/src comes from the model', () => {
    const onDisk = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.json'))
        .map((file) => relative(ROOT, join(ROOT, dir, file)))
        .filter((path) => dir.endsWith('components') || path.endsWith('/schema.json'));
    const strapiFiles = [...onDisk('cms/src/api'), ...onDisk('cms/src/components')].sort();
    expect(strapiFiles).toEqual([...generated.keys()].filter((path) => path.startsWith('cms/')).sort());
  });
});

describe('the model is coherent', () => {
  test.each(CONTENT_TYPES.map((t) => [t.uid, t] as const))('%s', (_uid, type) => {
    for (const [name, field] of Object.entries(type.fields)) {
      if (field.type === 'relation') {
        const target = modelOf(field.target);
        expect(target, `${name} → ${field.target}`).toBeDefined();
        // Both sides of a relation name each other.
        const inverse = target?.fields[field.inversedBy ?? field.mappedBy ?? ''];
        expect(inverse, `${field.target} has no inverse of ${type.uid}.${name}`).toMatchObject({
          type: 'relation',
          target: type.uid,
        });
        if (Array.isArray(field.populate)) for (const f of field.populate) expect(target?.fields).toHaveProperty(f);
      }
      if (field.type === 'component') expect(modelOf(field.component), `${name} → ${field.component}`).toBeDefined();
      if (field.type === 'uid') expect(type.fields).toHaveProperty(field.targetField);
      expect(field.label.length).toBeGreaterThan(0);
      expect(field.help.length).toBeGreaterThan(0);
    }
    for (const column of type.admin?.columns ?? []) expect(type.fields).toHaveProperty(column);
    for (const path of urlFields(type.url ?? '')) {
      const [first, second] = path.split('.') as [string, string | undefined];
      const field = type.fields[first];
      expect(field, `${type.url} reads ${path}`).toBeDefined();
      if (second) expect(field).toMatchObject({ type: 'relation', populate: expect.arrayContaining([second]) });
    }
  });

  test('REST paths, Astro collections and contract names are each used once', () => {
    for (const names of [
      CONTENT_TYPES.map(restPathOf),
      CONTENT_TYPES.map((t) => t.astroCollection),
      [...CONTENT_TYPES, ...COMPONENTS].map((t) => t.contract),
      [...CONTENT_TYPES, ...COMPONENTS].map((t) => t.uid),
    ]) {
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('the contracts keep their refinements', () => {
  const batch = {
    id: 1,
    documentId: 'b1',
    title: '2018年第三批贫困妇女“四癌”救助金发放',
    slug: '2018-nian-di-san-pi',
    programme: { id: 2, documentId: 'p1', name: '贫困妇女“四癌”救助', slug: 'si-ai' },
    year: 2018,
    batchNumber: 3,
    disbursementDate: '2018-04-23',
    amount: '146122.00',
    recipientCount: 3,
    byDistrict: [
      { id: 1, label: '思明区', count: 1 },
      { id: 2, label: '湖里区', count: 2 },
    ],
    byAgeBand: [{ id: 3, label: '40-49岁', count: 3 }],
    byCancerType: [{ id: 4, label: '乳腺癌', count: 3 }],
    summary: null,
    body: null,
    publishedAt: '2018-04-23T08:00:00.000Z',
    updatedAt: '2018-04-23T08:00:00.000Z',
  };

  test('a relief batch as REST returns it passes', () => {
    expect(reliefBatchSchema.safeParse(batch).success).toBe(true);
  });

  test.each([
    [
      'a breakdown that does not add up',
      { byAgeBand: [{ id: 3, label: '40-49岁', count: 2 }] },
      '年龄分布合计 2 人，与救助人数 3 人不符',
    ],
    ['an amount in a float', { amount: '146122.5' }, '应为精确到分的金额字符串，如 "146122.00"'],
    ['a label longer than the CMS allows', { byCancerType: [{ id: 4, label: '癌'.repeat(21), count: 3 }] }, ''],
    ['a batch number out of range', { batchNumber: 100 }, ''],
    ['no programme', { programme: null }, ''],
  ])('%s is refused', (_name, change, message) => {
    const result = reliefBatchSchema.safeParse({ ...batch, ...change });
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });

  test('a training cannot end before it starts', () => {
    const training = {
      id: 1,
      documentId: 't1',
      title: '培训',
      slug: 'pei-xun',
      startDate: '2018-04-19',
      endDate: '2018-04-17',
      venue: '市妇女儿童活动中心',
      organisers: [{ id: 1, name: '厦门市妇女联合会', role: '主办' }],
      host: null,
      participantCount: 150,
      audience: null,
      registration: null,
      enquiryPhone: null,
      courses: [],
      summary: '摘要',
      body: '正文',
      cover: null,
      publishedAt: '2018-04-23T08:00:00.000Z',
      updatedAt: '2018-04-23T08:00:00.000Z',
    };
    expect(trainingSchema.safeParse({ ...training, endDate: '2018-04-19' }).success).toBe(true);
    expect(trainingSchema.safeParse(training).error?.issues[0]).toMatchObject({
      path: ['endDate'],
      message: '结束日期早于开始日期',
    });
  });
});
