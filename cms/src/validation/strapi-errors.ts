import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { labelOf } from '../labels';
import type { Problem } from './attribute-checks';

interface StrapiErrorDetail {
  path?: (string | number)[];
  message?: string;
  value?: unknown;
}

// What Strapi 5.54 throws, in English, for the two refusals our own rules cannot see coming:
// - the document service's relation transform (transform/relations/transform/data-ids.js),
//   for a relation given by documentId that does not exist;
// - the entity validator's relation check (entity-validator/index.js, checkRelationsExist),
//   for relations or media given by numeric id that do not exist;
// - the entity validator's `unique` test (entity-validator/validators.js), for a unique field
//   or slug that another published document already holds.
const MISSING_DOCUMENT = /^Document with id "(.+?)", locale "(.*?)" not found$/;
const MISSING_IDS = /^(\d+) relation\(s\) of type (\S+) associated with this entity do not exist$/;
const NOT_UNIQUE = 'This attribute must be unique';

interface Attribute {
  type: string;
  target?: string;
}

/**
 * Strapi's English refusals of a write, as Chinese messages naming the field the way the
 * admin labels it, on the field's path so the admin shows them beside it. Any other error is
 * returned as it was.
 */
export function translateStrapiError(
  strapi: Core.Strapi,
  uid: string,
  data: Record<string, unknown> | undefined,
  error: unknown,
): unknown {
  if (!(error instanceof errors.ValidationError)) return error;
  const attributes = ((strapi.contentTypes[uid as never] as { attributes?: Record<string, Attribute> } | undefined)?.attributes ??
    {}) as Record<string, Attribute>;
  const problems: Problem[] = [];

  const missing = MISSING_DOCUMENT.exec(error.message);
  if (missing) {
    const documentId = missing[1] as string;
    const fields = Object.entries(attributes)
      .filter(([name, a]) => a.type === 'relation' && mentions(data?.[name], documentId))
      .map(([name]) => name);
    for (const field of fields.length > 0 ? fields : ['']) {
      const label = field ? `“${labelOf(uid, field)}”` : '关联';
      problems.push({
        path: field ? [field] : [],
        message: `${label}所选的内容不存在（documentId “${documentId}”）：它可能已被删除，请重新选择`,
      });
    }
  }

  const missingIds = MISSING_IDS.exec(error.message);
  if (missingIds) {
    const target = missingIds[2] as string;
    const fields = Object.entries(attributes)
      .filter(
        ([name, a]) =>
          data?.[name] !== undefined && (a.target === target || (a.type === 'media' && target === 'plugin::upload.file')),
      )
      .map(([name]) => name);
    for (const field of fields.length > 0 ? fields : ['']) {
      const label = field ? `“${labelOf(uid, field)}”` : '关联';
      problems.push({ path: field ? [field] : [], message: `${label}所选的内容不存在：它可能已被删除，请重新选择` });
    }
  }

  const details = (error.details as { errors?: StrapiErrorDetail[] } | undefined)?.errors ?? [];
  const unique = details.filter((detail) => detail.message === NOT_UNIQUE && detail.path && detail.path.length > 0);
  for (const detail of unique) {
    const path = detail.path as (string | number)[];
    const field = String(path[0]);
    const value = detail.value ?? data?.[field];
    const shown = typeof value === 'string' || typeof value === 'number' ? `“${value}”` : '这个值';
    problems.push({
      path,
      message: `“${labelOf(uid, field)}”${shown}已被其他内容使用，不能重复：请换一个`,
    });
  }

  if (problems.length === 0) return error;
  // Other problems Strapi found in the same write keep their own words.
  const others = details.filter((detail) => !unique.includes(detail)).map((detail) => ({ ...detail, name: 'ValidationError' }));
  return new errors.ValidationError(problems.map((p) => p.message).join('；'), {
    errors: [...problems.map((p) => ({ path: p.path.map(String), message: p.message, name: 'ValidationError' })), ...others],
  });
}

/** Whether a relation value as sent (a documentId, an object, a list, connect/set) names the document. */
function mentions(value: unknown, documentId: string): boolean {
  if (value === undefined || value === null) return false;
  return JSON.stringify(value).includes(JSON.stringify(documentId));
}
