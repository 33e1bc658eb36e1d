import type { Core } from '@strapi/strapi';
import { configureAdminViews } from './bootstrap/admin-layout';
import { ensureApiTokens } from './bootstrap/api-tokens';
import { loadDemoContent } from './bootstrap/demo-content';
import { ensureEditorialRoles } from './bootstrap/editorial-roles';
import { exitWithParent } from './bootstrap/exit-with-parent';
import { ensureFirstAdmin } from './bootstrap/first-admin';
import { nameApiUploadFolder } from './bootstrap/media-folders';
import { ensurePublicationIndexes } from './bootstrap/publication-indexes';
import { registerPublishStatusRoute } from './bootstrap/publish-status';
import { registerPublishWebhook } from './bootstrap/publish-webhook';
import { reconcilesInstall } from './bootstrap/serving';
import { ensureSlugIndexes } from './bootstrap/slug-indexes';
import { registerSlugGeneration, suggestPinyinSlugsInAdmin } from './bootstrap/slugs';
import { registerImportTokenGuard } from './security/import-token-guard';
import { registerProgrammePublication } from './validation/programme-publication';
import { registerSaveValidation } from './validation/register';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    exitWithParent(strapi);
    // Outermost: it wraps the write in a transaction, to roll back a batch published without
    // a published programme.
    registerProgrammePublication(strapi);
    // Slugs are filled in first, so that validation sees the document as it will be stored.
    registerSlugGeneration(strapi);
    registerSaveValidation(strapi);
    // After validation in the chain is fine: it refuses before anything is stored either way.
    registerImportTokenGuard(strapi);
    registerPublishStatusRoute(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureSlugIndexes(strapi);
    await ensurePublicationIndexes(strapi);
    suggestPinyinSlugsInAdmin(strapi);
    if (!reconcilesInstall()) {
      strapi.log.info('One-off Strapi command: admin views, first admin, API tokens, demo content and webhook left as they are.');
      return;
    }
    nameApiUploadFolder(strapi);
    await configureAdminViews(strapi);
    await ensureEditorialRoles(strapi);
    await ensureFirstAdmin(strapi);
    await ensureApiTokens(strapi);
    await loadDemoContent(strapi);
    await registerPublishWebhook(strapi);
  },
};
