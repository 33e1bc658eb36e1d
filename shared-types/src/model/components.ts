import { defineComponent } from './define.ts';

export const ORGANISER_ROLES = ['主办', '承办', '协办'] as const;

export const course = defineComponent({
  uid: 'training.course',
  collectionName: 'components_training_courses',
  displayName: '课程',
  icon: 'book',
  description: '培训中的一门课：题目、授课人及其职务或单位',
  contract: 'course',
  fields: {
    title: { type: 'string', required: true, maxLength: 120, label: '课程题目', help: '课程名称' },
    lecturer: { type: 'string', maxLength: 40, label: '授课人', help: '授课人姓名' },
    lecturerTitle: { type: 'string', maxLength: 80, label: '授课人职务或单位', help: '如“市委党校教授”' },
  },
});

export const organiser = defineComponent({
  uid: 'event.organiser',
  collectionName: 'components_event_organisers',
  displayName: '组织单位',
  icon: 'house',
  description: '主办、承办或协办单位',
  contract: 'organiser',
  fields: {
    name: { type: 'string', required: true, maxLength: 80, label: '单位名称', help: '如“厦门市妇女联合会”' },
    role: {
      type: 'enumeration',
      values: ORGANISER_ROLES,
      required: true,
      default: '主办',
      label: '角色',
      help: '主办、承办或协办',
    },
  },
});

export const speaker = defineComponent({
  uid: 'event.speaker',
  collectionName: 'components_event_speakers',
  displayName: '主讲人',
  icon: 'user',
  description: '主讲人姓名及职称或单位',
  contract: 'speaker',
  fields: {
    name: { type: 'string', required: true, maxLength: 40, label: '姓名', help: '主讲人姓名' },
    title: { type: 'string', maxLength: 80, label: '职称或单位', help: '如“集美大学副教授”' },
  },
});

export const breakdownRow = defineComponent({
  uid: 'relief.breakdown-row',
  collectionName: 'components_relief_breakdown_rows',
  displayName: '分布项',
  icon: 'chartPie',
  description: '统计分布中的一项：类别名称和人数（只填汇总数字，不填个人信息）',
  contract: 'breakdownRow',
  fields: {
    label: {
      type: 'string',
      required: true,
      maxLength: 20,
      label: '类别',
      help: '如“思明区”“40-49岁”“乳腺癌”；同一分布中不能重复，不得填写个人信息',
    },
    count: { type: 'integer', required: true, min: 0, label: '人数', help: '不小于 0 的整数' },
  },
});

export const navLink = defineComponent({
  uid: 'site.nav-link',
  collectionName: 'components_site_nav_links',
  displayName: '导航链接',
  icon: 'link',
  description: '网站主导航中的一项',
  contract: 'navLink',
  fields: {
    label: { type: 'string', required: true, maxLength: 12, label: '栏目名称', help: '导航中显示的文字' },
    url: { type: 'string', required: true, maxLength: 200, label: '链接', help: '站内路径如 /news/，或完整网址' },
  },
});
