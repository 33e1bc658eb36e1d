import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as model from '@fulian/shared-types/model';
import type { Core, UID } from '@strapi/strapi';

type Row = Record<string, unknown>;

/**
 * Loads the demo month (data/demo/*.json, from the seed's April 2018 news) when
 * CMS_LOAD_DEMO=true, published, so that a first `npm start` shows a real site. Each
 * collection is filled only while it is empty: editors' work is never overwritten, and a
 * deleted demo document does not come back.
 */
export async function loadDemoContent(strapi: Core.Strapi): Promise<void> {
  if (process.env.CMS_LOAD_DEMO !== 'true') return;
  const dir = path.join(strapi.dirs.app.root, 'data', 'demo');
  const read = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
  const loaded: string[] = [];

  const settings = model.siteSetting.uid;
  if (!(await strapi.documents(settings).findFirst())) {
    await strapi.documents(settings).create({ data: await read<Row>('site-settings.json') } as never);
    loaded.push('站点设置');
  }

  const news = await read<{ categories: Row[]; news: Row[] }>('news.json');
  const categories = await fillIfEmpty(strapi, model.category.uid, news.categories, {});
  await fillIfEmpty(strapi, model.news.uid, news.news, { category: categories }, loaded, '新闻');

  const trainings = await read<{ trainings: Row[] }>('trainings.json');
  await fillIfEmpty(strapi, model.training.uid, trainings.trainings, {}, loaded, '培训');

  const lectures = await read<{ series: Row[]; lectures: Row[] }>('lectures.json');
  const series = await fillIfEmpty(strapi, model.lectureSeries.uid, lectures.series, {});
  await fillIfEmpty(strapi, model.lecture.uid, lectures.lectures, { series }, loaded, '讲座');

  const relief = await read<{ programmes: Row[]; batches: Row[] }>('relief.json');
  const programmes = await fillIfEmpty(strapi, model.reliefProgramme.uid, relief.programmes, {});
  await fillIfEmpty(strapi, model.reliefBatch.uid, relief.batches, { programme: programmes }, loaded, '救助金发放批次');

  if (loaded.length > 0) strapi.log.info(`Demo content loaded: ${loaded.join(', ')}.`);
}

/**
 * Creates the rows, published, when the collection holds no document yet, linking relation
 * fields given by slug. Returns slug -> documentId of what the collection now holds.
 */
async function fillIfEmpty(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  rows: Row[],
  links: Record<string, Map<string, string>>,
  loaded: string[] = [],
  label = '',
): Promise<Map<string, string>> {
  const documents = strapi.documents(uid);
  if ((await documents.count({} as never)) === 0) {
    for (const row of rows) {
      const data: Row = { ...row };
      for (const [field, bySlug] of Object.entries(links)) {
        if (data[field] === undefined || data[field] === null) continue;
        const documentId = bySlug.get(String(data[field]));
        if (!documentId)
          throw new Error(`演示数据：${uid} “${String(row.title ?? row.name)}”的 ${field} “${String(data[field])}”不存在`);
        data[field] = documentId;
      }
      await documents.create({ data, status: 'published' } as never);
    }
    if (label) loaded.push(`${rows.length} ${label}`);
  }
  const existing = (await documents.findMany({ fields: ['slug'], limit: -1 } as never)) as unknown as {
    slug: string;
    documentId: string;
  }[];
  return new Map(existing.map((doc) => [doc.slug, doc.documentId]));
}
