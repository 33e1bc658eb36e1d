/**
 * Writes what the content model (src/model) implies, so that it is declared once:
 *   - Strapi's schema.json of every content type and component (cms/src/api, cms/src/components);
 *   - the zod objects of the REST contracts (src/generated/contracts.ts).
 * The generated files are committed; shared-types/test/generated.test.ts fails when one is
 * stale. Run it after changing the model:  npm run generate
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPONENTS, CONTENT_TYPES, type ComponentConfig, type ContentTypeConfig, type Field } from '../src/model/index.ts';
import { SLUG_PATTERN } from '../src/rules/slug.ts';

/** The repository's root, from which generated paths are given. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** One attribute of Strapi's schema.json. */
function strapiAttribute(field: Field): Record<string, unknown> {
  const required = field.required ? { required: true } : {};
  switch (field.type) {
    case 'string':
    case 'text':
    case 'richtext':
      return {
        type: field.type,
        ...required,
        ...(field.unique ? { unique: true } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.pattern ? { regex: field.pattern.source } : {}),
      };
    case 'email':
    case 'date':
    case 'datetime':
      return { type: field.type, ...required };
    case 'uid':
      return { type: 'uid', targetField: field.targetField, ...required, regex: SLUG_PATTERN.source };
    case 'integer':
      return {
        type: 'integer',
        ...required,
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
      };
    case 'enumeration':
      return { type: 'enumeration', enum: [...field.values], ...required, ...(field.default ? { default: field.default } : {}) };
    case 'component':
      return { type: 'component', repeatable: field.repeatable, component: field.component, ...required };
    case 'media':
      return { type: 'media', multiple: false, required: Boolean(field.required), allowedTypes: [...field.allowedTypes] };
    case 'relation':
      // Strapi cannot require a relation; the CMS's save rules do (document-rules.ts).
      return {
        type: 'relation',
        relation: field.relation,
        target: field.target,
        ...(field.inversedBy ? { inversedBy: field.inversedBy } : {}),
        ...(field.mappedBy ? { mappedBy: field.mappedBy } : {}),
      };
  }
}

function attributes(fields: ContentTypeConfig['fields']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, strapiAttribute(field)]));
}

function contentTypeSchema(type: ContentTypeConfig): unknown {
  return {
    kind: type.kind,
    collectionName: type.collectionName,
    info: {
      singularName: type.singularName,
      pluralName: type.pluralName,
      displayName: type.displayName,
      description: type.description,
    },
    options: { draftAndPublish: type.draftAndPublish },
    pluginOptions: {},
    attributes: attributes(type.fields),
  };
}

function componentSchema(component: ComponentConfig): unknown {
  return {
    collectionName: component.collectionName,
    info: { displayName: component.displayName, icon: component.icon, description: component.description },
    options: {},
    attributes: attributes(component.fields),
  };
}

/** cms/src/api/news/content-types/news/schema.json for api::news.news */
export function schemaPath(type: ContentTypeConfig): string {
  const [api, name] = type.uid.replace(/^api::/, '').split('.') as [string, string];
  return `cms/src/api/${api}/content-types/${name}/schema.json`;
}

export function componentPath(component: ComponentConfig): string {
  const [category, name] = component.uid.split('.') as [string, string];
  return `cms/src/components/${category}/${name}.json`;
}

const contractOf = (uid: string): string => {
  const found = [...CONTENT_TYPES, ...COMPONENTS].find((t) => t.uid === uid);
  if (!found) throw new Error(`模型中没有 ${uid}`);
  return `${found.contract}Object`;
};

/** The zod expression of one field, as the site's REST query returns it. */
function zodField(field: Field): string | null {
  let expression: string;
  let nullable = !field.required;
  switch (field.type) {
    case 'string':
    case 'text':
    case 'richtext':
      if (field.contract === 'yuan') expression = 'yuanSchema';
      else {
        const rules = [
          ...(field.maxLength !== undefined ? [`max: ${field.maxLength}`] : []),
          ...(field.pattern ? [`regex: /${field.pattern.source}/`] : []),
        ];
        expression = rules.length > 0 ? `text({ ${rules.join(', ')} })` : 'text()';
      }
      break;
    case 'email':
      expression = 'z.email()';
      break;
    case 'uid':
      expression = 'slugSchema';
      break;
    case 'integer': {
      const rules = [
        ...(field.min !== undefined ? [`min: ${field.min}`] : []),
        ...(field.max !== undefined ? [`max: ${field.max}`] : []),
      ];
      expression = rules.length > 0 ? `integer({ ${rules.join(', ')} })` : 'integer()';
      break;
    }
    case 'date':
      expression = 'isoDateSchema';
      break;
    case 'datetime':
      expression = 'isoDateTimeSchema';
      break;
    case 'enumeration':
      expression = `z.enum([${field.values.map((v) => `'${v}'`).join(', ')}])`;
      break;
    case 'component':
      expression = field.repeatable ? `z.array(${contractOf(field.component)})` : contractOf(field.component);
      if (field.repeatable) nullable = false;
      break;
    case 'media':
      expression = 'imageSchema';
      break;
    case 'relation': {
      if (!field.populate) return null;
      const target = contractOf(field.target);
      expression =
        field.populate === 'all'
          ? target
          : `${target}.pick({ ${['id', 'documentId', ...field.populate].map((f) => `${f}: true`).join(', ')} })`;
      break;
    }
  }
  return nullable ? `${expression}.nullable()` : expression;
}

function zodObject(name: string, system: string[], fields: ContentTypeConfig['fields'], trailer: string[]): string {
  const lines = [...system];
  for (const [field, declaration] of Object.entries(fields)) {
    const expression = zodField(declaration);
    if (expression) lines.push(`${field}: ${expression}`);
  }
  lines.push(...trailer);
  return `export const ${name} = z.object({\n${lines.map((l) => `  ${l},`).join('\n')}\n});\n`;
}

/** Content types after the types their contracts embed. */
function inDependencyOrder(types: readonly ContentTypeConfig[]): ContentTypeConfig[] {
  const done: ContentTypeConfig[] = [];
  const visit = (type: ContentTypeConfig) => {
    if (done.includes(type)) return;
    for (const field of Object.values(type.fields)) {
      if (field.type === 'relation' && field.populate) {
        const target = types.find((t) => t.uid === field.target);
        if (target) visit(target);
      }
    }
    done.push(type);
  };
  for (const type of types) visit(type);
  return done;
}

function contracts(): string {
  const parts = [
    '// Generated from src/model by `npm run generate` (shared-types/scripts/generate.ts). Do not edit:',
    '// change the model and generate again. The contracts in src/*.ts add the refinements.',
    "import { z } from 'zod';",
    "import { isoDateSchema, isoDateTimeSchema } from '../dates.ts';",
    "import { integer, text } from '../fields.ts';",
    "import { imageSchema } from '../media.ts';",
    "import { yuanSchema } from '../money.ts';",
    "import { slugSchema } from '../slug.ts';",
    '',
    '/** Repeatable components come back with their own row id. */',
    'const componentId = z.number().int();',
    '',
  ].join('\n');
  const objects = [
    ...COMPONENTS.map((c) => zodObject(`${c.contract}Object`, ['id: componentId'], c.fields, [])),
    ...inDependencyOrder(CONTENT_TYPES).map((t) =>
      zodObject(
        `${t.contract}Object`,
        ['id: z.number().int()', 'documentId: z.string().min(1)'],
        t.fields,
        t.draftAndPublish ? ['publishedAt: isoDateTimeSchema', 'updatedAt: isoDateTimeSchema'] : [],
      ),
    ),
  ];
  return `${parts}\n${objects.join('\n')}`;
}

/** Every generated file: path from the repository root → content. */
export function renderGenerated(): Map<string, string> {
  const files = new Map<string, string>();
  for (const type of CONTENT_TYPES) files.set(schemaPath(type), json(contentTypeSchema(type)));
  for (const component of COMPONENTS) files.set(componentPath(component), json(componentSchema(component)));
  files.set('shared-types/src/generated/contracts.ts', contracts());
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, content] of renderGenerated()) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), content);
    console.log(`已生成 ${path}`);
  }
}
