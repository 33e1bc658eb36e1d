import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkAttributes, type Problem } from './attribute-checks';
import { checkBodyImages, normaliseBodyImages } from './body-images';
import { DOCUMENT_RULES } from './document-rules';

const WRITES = new Set(['create', 'update', 'publish']);

/**
 * Money is held as a decimal string with exactly two places ("146122.00"): exact in SQLite
 * and PostgreSQL alike, never a binary float. Editors may type 146122 or 146122.5.
 */
function normaliseAmount(data: Record<string, unknown>): void {
  // A JSON number is taken as the text it was written as; 0.30000000000000004 then fails
  // the format check with the message an editor can act on.
  if (typeof data.amount === 'number' && Number.isFinite(data.amount)) data.amount = String(data.amount);
  const text = data.amount;
  if (typeof text !== 'string') return;
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (match) data.amount = `${match[1]?.replace(/^0+(?=\d)/, '')}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/**
 * What a relation will hold after the write. The admin sends `{ connect: [], disconnect: [] }`
 * for a relation the editor did not touch, which keeps what is stored.
 */
function mergeRelation(incoming: unknown, stored: unknown): unknown {
  if (incoming === undefined) return stored;
  if (incoming && typeof incoming === 'object' && !Array.isArray(incoming)) {
    const change = incoming as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown[] };
    if (change.set) return change.set.length > 0 ? change.set : null;
    if (change.connect || change.disconnect) {
      if (change.connect && change.connect.length > 0) return change.connect;
      return change.disconnect && change.disconnect.length > 0 ? null : stored;
    }
  }
  return incoming;
}

/**
 * Validates every write of the project's content through the document service — the admin,
 * REST and scripts alike — before anything is stored. All problems are reported at once,
 * each naming the field, in Chinese; the admin shows them beside the fields.
 */
export function registerSaveValidation(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!context.uid.startsWith('api::') || !WRITES.has(context.action)) return next();
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    if (params.data) {
      normaliseAmount(params.data);
      await normaliseBodyImages(strapi, context.uid, params.data);
    }

    let document: Record<string, unknown> = params.data ?? {};
    if (context.action !== 'create' && params.documentId) {
      const stored = ((await strapi.documents(context.uid as UID.ContentType).findOne({
        documentId: params.documentId,
        status: 'draft',
        populate: '*',
      } as never)) ?? {}) as Record<string, unknown>;
      document = { ...stored, ...document };
      const attributes = (strapi.contentTypes[context.uid as UID.ContentType]?.attributes ?? {}) as Record<
        string,
        { type: string }
      >;
      for (const [name, attribute] of Object.entries(attributes)) {
        if (attribute.type === 'relation') document[name] = mergeRelation(params.data?.[name], stored[name]);
      }
    }

    const problems: Problem[] = checkAttributes(strapi, context.uid, document);
    problems.push(...(await checkBodyImages(strapi, context.uid, document)));
    for (const rule of DOCUMENT_RULES[context.uid] ?? []) problems.push(...(await rule(strapi, document)));
    if (problems.length > 0) {
      throw new errors.ValidationError(problems.map((p) => p.message).join('；'), {
        errors: problems.map((p) => ({ path: p.path.map(String), message: p.message, name: 'ValidationError' })),
      });
    }
    return next();
  });
}
