import { normaliseYuan } from '@fulian/shared-types/rules';
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkAttributes, type Problem } from './attribute-checks';
import { checkBodyImages, normaliseBodyImages } from './body-images';
import { DOCUMENT_RULES } from './document-rules';
import { translateStrapiError } from './strapi-errors';

const WRITES = new Set(['create', 'update', 'publish']);

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
      // Editors may type 146122 or 146122.5; money is stored as "146122.00" (see the rules).
      if ('amount' in params.data) params.data.amount = normaliseYuan(params.data.amount);
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
    try {
      return await next();
    } catch (error) {
      // A relation to a document that does not exist, or a value another document holds:
      // Strapi finds these while storing, in English; editors read Chinese naming the field.
      throw translateStrapiError(strapi, context.uid, params.data, error);
    }
  });
}
