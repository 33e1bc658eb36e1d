import { defineContentType, SLUG_HELP } from './define.ts';
import { news } from './news.ts';

/** 新闻分类: editable by editors (工作动态, 党建工作 …); no draft state. */
export const category = defineContentType({
  uid: 'api::category.category',
  kind: 'collectionType',
  singularName: 'category',
  pluralName: 'categories',
  collectionName: 'categories',
  displayName: '新闻分类',
  description: '新闻的栏目分类，如工作动态、党建工作、家庭教育',
  draftAndPublish: false,
  contract: 'category',
  astroCollection: 'categories',
  url: '/news/category/{slug}/',
  admin: { columns: ['name', 'slug'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  fields: {
    name: {
      type: 'string',
      required: true,
      unique: true,
      maxLength: 20,
      label: '分类名称',
      help: '如“工作动态”，最多 20 字，不能重复',
    },
    slug: { type: 'uid', targetField: 'name', required: true, label: '网址名', help: SLUG_HELP },
    news: {
      type: 'relation',
      relation: 'oneToMany',
      target: news.uid,
      mappedBy: 'category',
      label: '新闻',
      help: '属于此分类的新闻',
    },
  },
});
