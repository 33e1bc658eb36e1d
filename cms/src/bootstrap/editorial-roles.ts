import type { Core, UID } from '@strapi/strapi';

/**
 * The review step (三审 in short: write, then review and publish), with Strapi's free RBAC.
 *
 * - 编辑 writes: creates and edits drafts, uploads photos and fills in their alt text. It
 *   cannot publish, unpublish or delete (deleting a published document takes it off the
 *   site, which is an unpublish by another name), and it only reads what goes live on save:
 *   the types without draft and publish (categories, lecture series, site settings) change
 *   the public site the moment they are saved. Relief programmes have drafts: it writes them.
 * - 审核 reviews: everything 编辑 may do, plus publish and unpublish, delete, and editing
 *   the types that go live on save.
 *
 * Neither sees the users-permissions "User" type, the Marketplace, the content-type builder
 * or the settings. The super admin keeps everything (Strapi resets it at every start).
 *
 * The roles are defined here, and each start sets their permissions to exactly this list,
 * so a role edited by hand in the settings returns to what this file says.
 */

const CM = 'plugin::content-manager.explorer';
const ACTIONS = {
  create: `${CM}.create`,
  read: `${CM}.read`,
  update: `${CM}.update`,
  delete: `${CM}.delete`,
  publish: `${CM}.publish`,
} as const;

export const EDITORIAL_ROLES = {
  editor: {
    code: 'fulian-editor',
    name: '编辑',
    description: '撰写和修改草稿、上传图片；不能发布、撤回或删除，提交审核后由审核人员发布。',
  },
  reviewer: {
    code: 'fulian-reviewer',
    name: '审核',
    description: '审核编辑提交的草稿（含救助项目）并发布或撤回；可修改分类、讲座系列和站点设置。',
  },
} as const;

/** Media library permissions both roles need to insert photos and give them alt text. */
const UPLOAD_ACTIONS = [
  'plugin::upload.read',
  'plugin::upload.configure-view',
  'plugin::upload.assets.create',
  'plugin::upload.assets.update',
  'plugin::upload.assets.download',
  'plugin::upload.assets.copy-link',
];

interface Permission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[] };
  conditions?: string[];
}

interface ContentTypeService {
  getPermissionsWithNestedFields(actions: unknown[], options?: { restrictedSubjects?: string[] }): Permission[];
}
interface RoleService {
  findOne(where: object): Promise<{ id: number; name: string } | null>;
  create(attributes: { name: string; code: string; description: string }): Promise<{ id: number }>;
  update(where: object, attributes: { name: string; description: string }): Promise<unknown>;
  assignPermissions(roleId: number, permissions: Permission[]): Promise<unknown>;
}
interface ActionProvider {
  values(): { actionId: string; section: string; subjects?: string[] }[];
}

/** The project's own content types, and which of them have drafts. */
function projectTypes(strapi: Core.Strapi): { uid: UID.ContentType; drafts: boolean }[] {
  return Object.values(strapi.contentTypes)
    .filter((type) => type.uid.startsWith('api::'))
    .map((type) => ({ uid: type.uid as UID.ContentType, drafts: type.options?.draftAndPublish === true }));
}

/** The permissions of each role, as Strapi's role editor would save them (with every field). */
export function editorialPermissions(strapi: Core.Strapi): { editor: Permission[]; reviewer: Permission[] } {
  const actionProvider = (strapi.service('admin::permission') as unknown as { actionProvider: ActionProvider }).actionProvider;
  const contentTypes = strapi.service('admin::content-type') as unknown as ContentTypeService;
  const types = projectTypes(strapi);
  const cmActions = actionProvider.values().filter((action) => Object.values(ACTIONS).includes(action.actionId as never));
  // Every field of every project type, nested components included, for each action.
  const all = contentTypes.getPermissionsWithNestedFields(cmActions);
  const grant = (allowed: (uid: string, drafts: boolean, action: string) => boolean) =>
    all.filter((permission) => {
      const type = types.find((t) => t.uid === permission.subject);
      return type !== undefined && allowed(type.uid, type.drafts, permission.action);
    });
  const uploads = UPLOAD_ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));

  const editor = grant((_uid, drafts, action) =>
    drafts ? [ACTIONS.read, ACTIONS.create, ACTIONS.update].includes(action as never) : action === ACTIONS.read,
  );
  // Publish also covers unpublish and discarding a draft in Strapi 5.
  const reviewer = grant(() => true);
  return { editor: [...editor, ...uploads], reviewer: [...reviewer, ...uploads] };
}

export async function ensureEditorialRoles(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.service('admin::role') as unknown as RoleService;
  const permissions = editorialPermissions(strapi);
  for (const [key, definition] of Object.entries(EDITORIAL_ROLES) as [
    keyof typeof EDITORIAL_ROLES,
    (typeof EDITORIAL_ROLES)['editor'],
  ][]) {
    const existing = await roles.findOne({ code: definition.code });
    const role = existing ?? (await roles.create({ ...definition }));
    if (existing) await roles.update({ id: existing.id }, { name: definition.name, description: definition.description });
    await roles.assignPermissions(role.id, permissions[key]);
  }
}
