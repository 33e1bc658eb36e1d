import type { Core } from '@strapi/strapi';

/**
 * Creates the first super admin from the credentials generated into .env at install, so the
 * demo can be logged into at once; does nothing once any admin exists.
 */
export async function ensureFirstAdmin(strapi: Core.Strapi): Promise<void> {
  const email = process.env.CMS_ADMIN_EMAIL;
  const password = process.env.CMS_ADMIN_PASSWORD;
  if (!email || !password) return;
  const users = strapi.service('admin::user') as unknown as {
    exists(where?: object): Promise<boolean>;
    createFirstAdmin(attributes: Record<string, unknown>): Promise<unknown>;
  };
  if (await users.exists()) return;
  await users.createFirstAdmin({
    email,
    password,
    firstname: '系统',
    lastname: '管理员',
    preferedLanguage: 'zh-Hans',
  });
  strapi.log.info(`First admin ${email} created.`);
}
