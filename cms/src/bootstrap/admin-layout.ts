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

/** The list view editors need: which columns, sorted newest first, and each relation's label field. */
const LIST_VIEWS: Record<string, { columns: string[]; sortBy: string; order: 'ASC' | 'DESC'; mainField: string }> = {
  'api::news.news': { columns: ['title', 'date', 'category', 'source'], sortBy: 'date', order: 'DESC', mainField: 'title' },
  'api::category.category': { columns: ['name', 'slug'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  'api::training.training': {
    columns: ['title', 'startDate', 'endDate', 'venue', 'participantCount'],
    sortBy: 'startDate',
    order: 'DESC',
    mainField: 'title',
  },
  'api::lecture.lecture': {
    columns: ['title', 'startsAt', 'series', 'venue'],
    sortBy: 'startsAt',
    order: 'DESC',
    mainField: 'title',
  },
  'api::lecture-series.lecture-series': { columns: ['name', 'plannedCount'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  'api::relief-programme.relief-programme': { columns: ['name', 'slug'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  'api::relief-batch.relief-batch': {
    columns: ['title', 'year', 'batchNumber', 'disbursementDate', 'amount', 'recipientCount'],
    sortBy: 'disbursementDate',
    order: 'DESC',
    mainField: 'title',
  },
};

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
const RELATION_MAIN_FIELDS: Record<string, string> = {
  'api::category.category': 'name',
  'api::lecture-series.lecture-series': 'name',
  'api::relief-programme.relief-programme': 'name',
  'api::news.news': 'title',
  'api::lecture.lecture': 'title',
  'api::relief-batch.relief-batch': 'title',
};

/**
 * Writes the content manager's view settings from src/labels.ts at every start: Chinese
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
        layouts: view ? { ...configuration.layouts, list: view.columns } : configuration.layouts,
      },
    );
  }
}
