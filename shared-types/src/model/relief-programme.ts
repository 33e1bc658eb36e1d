import { defineContentType, SLUG_HELP } from './define.ts';

/**
 * 救助项目, e.g. 贫困妇女“四癌”救助. It has draft and publish like every document the public
 * sees: a programme created by mistake (an importer typo) must not be public the moment it
 * exists. Strapi publishes the rows that existed before draft and publish was turned on.
 */
export const reliefProgramme = defineContentType({
  uid: 'api::relief-programme.relief-programme',
  kind: 'collectionType',
  singularName: 'relief-programme',
  pluralName: 'relief-programmes',
  collectionName: 'relief_programmes',
  displayName: '救助项目',
  description: '救助项目，如贫困妇女“四癌”救助：项目说明与申请条件',
  draftAndPublish: true,
  contract: 'reliefProgramme',
  astroCollection: 'reliefProgrammes',
  url: '/relief/{slug}/',
  admin: { columns: ['name', 'slug'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  fields: {
    name: { type: 'string', required: true, unique: true, maxLength: 60, label: '项目名称', help: '如“贫困妇女“四癌”救助”' },
    slug: { type: 'uid', targetField: 'name', required: true, label: '网址名', help: SLUG_HELP },
    description: { type: 'richtext', required: true, label: '项目说明', help: '项目的目的、资金来源和救助标准' },
    eligibility: { type: 'richtext', required: true, label: '申请条件', help: '谁可以申请、需要哪些材料' },
    batches: {
      type: 'relation',
      relation: 'oneToMany',
      target: 'api::relief-batch.relief-batch',
      mappedBy: 'programme',
      label: '发放批次',
      help: '此项目的各次发放',
    },
  },
});
