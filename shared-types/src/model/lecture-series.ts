import { defineContentType, SLUG_HELP } from './define.ts';

/** 讲座系列: a lecture series with the number of lectures it plans. */
export const lectureSeries = defineContentType({
  uid: 'api::lecture-series.lecture-series',
  kind: 'collectionType',
  singularName: 'lecture-series',
  pluralName: 'lecture-series-list',
  collectionName: 'lecture_series',
  displayName: '讲座系列',
  description: '系列讲座，如“2018年厦门市百场家庭教育公益讲座”，含计划场次',
  draftAndPublish: false,
  contract: 'lectureSeries',
  astroCollection: 'lectureSeries',
  url: '/lectures/series/{slug}/',
  admin: { columns: ['name', 'plannedCount'], sortBy: 'name', order: 'ASC', mainField: 'name' },
  fields: {
    name: {
      type: 'string',
      required: true,
      unique: true,
      maxLength: 80,
      label: '系列名称',
      help: '如“2018年厦门市百场家庭教育公益讲座”',
    },
    slug: { type: 'uid', targetField: 'name', required: true, label: '网址名', help: SLUG_HELP },
    plannedCount: {
      type: 'integer',
      required: true,
      min: 1,
      label: '计划场次',
      help: '整个系列计划举办的讲座场数，网站显示“已举办 N / 计划场次”',
    },
    description: { type: 'text', maxLength: 500, label: '系列介绍', help: '系列的主题、主办方和面向对象' },
    lectures: {
      type: 'relation',
      relation: 'oneToMany',
      target: 'api::lecture.lecture',
      mappedBy: 'series',
      label: '讲座',
      help: '属于此系列的讲座',
    },
  },
});
