import { CONTENT_TYPES, type ContentTypeConfig } from '@fulian/shared-types/model';
import type { Core } from '@strapi/strapi';
import { LABELS } from '../labels';

interface Metadata {
  edit: { label?: string; description?: string; mainField?: string; [key: string]: unknown };
  list: { label?: string; mainField?: string; [key: string]: unknown };
}

interface Configuration {
  settings: { mainField?: string; defaultSortBy?: string; defaultSortOrder?: 'ASC' | 'DESC'; [key: string]: unknown };
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: unknown; [key: string]: unknown };
}

interface ConfigurationService {
  findConfiguration(model: { uid: string }): Promise<Configuration>;
  updateConfiguration(model: { uid: string }, configuration: Omit<Configuration, 'uid'>): Promise<unknown>;
}

/** The list view editors need, from the content model: which columns, sorted newest first. */
const LIST_VIEWS: Record<string, NonNullable<ContentTypeConfig['admin']>> = Object.fromEntries(
  CONTENT_TYPES.flatMap((type) => (type.admin ? [[type.uid, type.admin] as const] : [])),
);

const SYSTEM_LABELS: Record<string, string> = {
  id: 'ID',
  documentId: '文档 ID',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  publishedAt: '发布时间',
  createdBy: '创建人',
  updatedBy: '更新人',
};

/** Relation fields show the target's name, not its id, in lists and pickers. */
const RELATION_MAIN_FIELDS: Record<string, string> = Object.fromEntries(
  CONTENT_TYPES.flatMap((type) => (type.admin ? [[type.uid, type.admin.mainField] as const] : [])),
);

/**
 * Writes the content manager's view settings from the content model at every start: Chinese
 * labels and help text on every field, useful list columns, newest first. The admin's own
 * "configure the view" still works between restarts; the code is the source of truth.
 */
export async function configureAdminViews(strapi: Core.Strapi): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  for (const [uid, labels] of Object.entries(LABELS)) {
    const isComponent = !uid.startsWith('api::');
    const service = contentManager.service(isComponent ? 'components' : 'content-types') as unknown as ConfigurationService;
    const schema = isComponent ? strapi.components[uid as never] : strapi.contentTypes[uid as never];
    if (!schema) continue;
    const configuration = await service.findConfiguration({ uid });
    const metadatas = { ...configuration.metadatas };
    for (const [field, metadata] of Object.entries(metadatas)) {
      const [label, description] = labels[field] ?? [SYSTEM_LABELS[field], undefined];
      const target = (schema.attributes[field] as { target?: string } | undefined)?.target;
      const mainField = target ? RELATION_MAIN_FIELDS[target] : undefined;
      metadatas[field] = {
        edit: {
          ...metadata.edit,
          ...(label ? { label } : {}),
          ...(description ? { description } : {}),
          ...(mainField ? { mainField } : {}),
        },
        list: { ...metadata.list, ...(label ? { label } : {}), ...(mainField ? { mainField } : {}) },
      };
    }
    const view = LIST_VIEWS[uid];
    await service.updateConfiguration(
      { uid },
      {
        settings: view
          ? { ...configuration.settings, mainField: view.mainField, defaultSortBy: view.sortBy, defaultSortOrder: view.order }
          : configuration.settings,
        metadatas,
        layouts: view ? { ...configuration.layouts, list: [...view.columns] } : configuration.layouts,
      },
    );
  }
}
