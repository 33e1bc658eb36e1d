import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isImportToken } from '../security/import-token-guard';

/**
 * The import token creates drafts for editors to review and publish. Strapi 5's REST create
 * publishes unless asked for a draft, so a create by that token without a status is turned
 * into a draft here, and one that asks to publish is refused outright: the importer must never
 * be able to put text on the public site. src/security/import-token-guard.ts holds the same
 * line again below the routes, in the document service.
 */
const importDraftsOnly: Core.PolicyHandler = (policyContext) => {
  const state = (policyContext as unknown as { state?: { auth?: unknown } }).state;
  if (!isImportToken(state?.auth)) return true;
  const query = policyContext.request.query as Record<string, unknown>;
  if (query.status !== undefined && query.status !== 'draft') {
    throw new errors.PolicyError(
      `导入令牌只能新建草稿，不能发布（收到 status=${String(query.status)}）：请由编辑在管理后台审核后发布`,
    );
  }
  query.status = 'draft';
  return true;
};

export default importDraftsOnly;
