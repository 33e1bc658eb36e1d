/**
 * The site has no reader accounts: editors sign in to the admin, which has its own users, and
 * the build, preview and importer use API tokens. So none of users-permissions' public routes
 * (register, login, password reset, e-mail confirmation, OAuth connect, /users, /roles) exists:
 * nobody can register, and no forgotten-password mail can be triggered. The plugin itself
 * stays, for its public role, which grants nothing (cms/test/permissions.integration.test.ts).
 */
interface Plugin {
  routes: Record<string, { routes: unknown[] }>;
}

export default (plugin: Plugin): Plugin => {
  const contentApi = plugin.routes['content-api'];
  if (contentApi) contentApi.routes = [];
  return plugin;
};
