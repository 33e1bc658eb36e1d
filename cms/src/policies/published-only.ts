import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DRAFT_READERS } from '../bootstrap/api-tokens';

interface TokenAuth {
  strategy?: { name?: string };
  credentials?: { name?: string };
}

/**
 * Refuses any read of drafts through the content API, except by the preview and import tokens.
 * Strapi 5 serves `?status=draft` to every role or token that may `find` (strapi/strapi#25326), so
 * the build token, which must see published content only, would otherwise put unpublished
 * work on the public site.
 */
const publishedOnly: Core.PolicyHandler = (policyContext) => {
  const status = policyContext.request?.query?.status;
  if (status === undefined || status === 'published') return true;
  const { auth } = (policyContext as unknown as { state?: { auth?: TokenAuth } }).state ?? {};
  if (auth?.strategy?.name === 'content-api-token' && DRAFT_READERS.has(auth.credentials?.name ?? '')) return true;
  throw new errors.PolicyError(`此接口只提供已发布的内容，不接受 status=${String(status)}`);
};

export default publishedOnly;
