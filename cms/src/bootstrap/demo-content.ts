import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

interface DemoDataset {
  categories: { name: string; slug: string }[];
  news: {
    title: string;
    slug: string;
    date: string;
    summary: string;
    body: string;
    source: string;
    category: string;
  }[];
}

/**
 * Loads the demo month (data/demo/news.json, from the seed's April 2018 news) into an empty
 * database when CMS_LOAD_DEMO=true, published, so that a first `npm start` shows a real site.
 * A database that already holds any news is left alone: editors' work is never overwritten.
 */
export async function loadDemoContent(strapi: Core.Strapi): Promise<void> {
  if (process.env.CMS_LOAD_DEMO !== 'true') return;
  if ((await strapi.db.query('api::news.news').count()) > 0) return;

  const file = path.join(strapi.dirs.app.root, 'data', 'demo', 'news.json');
  const dataset = JSON.parse(await readFile(file, 'utf8')) as DemoDataset;

  const categoryIds = new Map<string, string>();
  for (const category of dataset.categories) {
    const existing = await strapi.documents('api::category.category').findFirst({ filters: { slug: category.slug } });
    const doc = existing ?? (await strapi.documents('api::category.category').create({ data: category }));
    categoryIds.set(category.slug, doc.documentId);
  }

  for (const item of dataset.news) {
    const category = categoryIds.get(item.category);
    if (!category) throw new Error(`演示数据 ${file}：新闻“${item.title}”的分类 ${item.category} 不存在`);
    await strapi.documents('api::news.news').create({
      data: { ...item, category },
      status: 'published',
    });
  }
  strapi.log.info(`Demo content loaded: ${dataset.categories.length} categories, ${dataset.news.length} news.`);
}
