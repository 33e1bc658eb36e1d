import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { IMPORT_CREATES, IMPORT_TOKEN_NAME } from '../bootstrap/api-tokens';

interface TokenAuth {
  strategy?: { name?: string };
  credentials?: { name?: string };
}

export function isImportToken(auth: unknown): boolean {
  const { strategy, credentials } = (auth ?? {}) as TokenAuth;
  return strategy?.name === 'content-api-token' && credentials?.name === IMPORT_TOKEN_NAME;
}

const READS = new Set(['findOne', 'findFirst', 'findMany', 'count']);

/**
 * Whatever route a request of the import token reaches, the document service lets it read
 * and create drafts of the imported types, nothing else. The token's permissions say the
 * same (src/bootstrap/api-tokens.ts); this holds even if an operator widens them by hand in
 * 设置 → API 令牌, and it turns the REST default "create = publish" into a draft.
 */
export function registerImportTokenGuard(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (READS.has(context.action)) return next();
    const ctx = strapi.requestContext.get() as { state?: { auth?: unknown } } | undefined;
    if (!isImportToken(ctx?.state?.auth)) return next();
    const type = strapi.contentTypes[context.uid as never] as { info?: { displayName?: string } } | undefined;
    const name = type?.info?.displayName ?? context.uid;
    if (context.action !== 'create' || !(IMPORT_CREATES as readonly string[]).includes(context.uid)) {
      throw new errors.ForbiddenError(`导入令牌只能新建新闻和救助金发放批次的草稿，不能对“${name}”执行 ${context.action}`);
    }
    const params = context.params as { status?: string; data?: Record<string, unknown> };
    params.status = 'draft';
    if (params.data) delete params.data.publishedAt;
    return next();
  });
}
