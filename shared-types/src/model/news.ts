import { BODY_HELP, defineContentType, IMAGE_HELP, SLUG_HELP, SUMMARY_HELP } from './define.ts';

/** 新闻动态: the federation's work news. */
export const news = defineContentType({
  uid: 'api::news.news',
  kind: 'collectionType',
  singularName: 'news',
  pluralName: 'news-items',
  collectionName: 'news_items',
  displayName: '新闻动态',
  description: '市妇联的工作新闻：标题、日期、摘要、正文（Markdown）、封面和分类',
  draftAndPublish: true,
  contract: 'news',
  astroCollection: 'news',
  url: '/news/{slug}/',
  section: { list: '/news/', column: '新闻动态', type: '新闻', feed: { title: '新闻动态', href: '/news/rss.xml' } },
  admin: { columns: ['title', 'date', 'category', 'source'], sortBy: 'date', order: 'DESC', mainField: 'title' },
  fields: {
    title: { type: 'string', required: true, maxLength: 120, label: '标题', help: '新闻标题，最多 120 字' },
    slug: { type: 'uid', targetField: 'title', required: true, label: '网址名', help: SLUG_HELP },
    date: { type: 'date', required: true, label: '日期', help: '活动或事件发生的日期（不是发布时间）' },
    summary: { type: 'text', required: true, maxLength: 300, label: '摘要', help: SUMMARY_HELP },
    body: { type: 'richtext', required: true, label: '正文', help: BODY_HELP },
    source: { type: 'string', maxLength: 60, label: '来源', help: '发稿部门，如“市妇联办公室”' },
    cover: { type: 'media', allowedTypes: ['images'], label: '封面图片', help: IMAGE_HELP },
    category: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'api::category.category',
      inversedBy: 'news',
      populate: ['name', 'slug'],
      label: '分类',
      help: '新闻所属栏目，如工作动态、党建工作',
    },
  },
});
