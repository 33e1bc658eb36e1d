import { REST_PAGE_SIZE } from '@fulian/shared-types/model';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let cms: ThrowawayCms;
let publishedId: string;
let draftId: string;

const news = (title: string, extra: Record<string, unknown> = {}) => ({
  data: { title, date: '2018-04-16', summary: `${title}的摘要`, body: `${title}的正文。`, ...extra },
});

beforeAll(async () => {
  cms = await startThrowawayCms();
  // Strapi 5 REST publishes on create unless asked for a draft.
  const published = await cms.api('POST', '/api/news-items', news('已发布的新闻', { slug: 'published-one' }));
  expect(published.status).toBe(201);
  publishedId = published.json.data.documentId;
  const draft = await cms.api('POST', '/api/news-items?status=draft', news('尚未发布的草稿', { slug: 'secret-draft' }));
  expect(draft.status).toBe(201);
  draftId = draft.json.data.documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('who may read and write, over real HTTP', () => {
  it('anonymous requests read nothing', async () => {
    for (const path of ['/api/news-items', `/api/news-items/${publishedId}`, '/api/categories']) {
      const { status } = await cms.api('GET', path, undefined, null);
      expect(status, path).toBe(403);
    }
  });

  it('the build token reads published news', async () => {
    const list = await cms.api('GET', '/api/news-items', undefined, cms.buildToken);
    expect(list.status).toBe(200);
    expect(list.json.data.map((d: { slug: string }) => d.slug)).toEqual(['published-one']);
    const one = await cms.api('GET', `/api/news-items/${publishedId}`, undefined, cms.buildToken);
    expect(one.status).toBe(200);
    expect(one.json.data.title).toBe('已发布的新闻');
  });

  it("pages as many documents as the site's loader asks for (REST_PAGE_SIZE), and no more", async () => {
    // Asked for more than rest.maxLimit, Strapi silently sends fewer: the loader would still
    // page on by pageCount, but the limit and the loader's page size are one shared number.
    const asked = async (pageSize: number) => {
      const page = await cms.api('GET', `/api/news-items?pagination[pageSize]=${pageSize}`, undefined, cms.buildToken);
      return (page.json as { meta: { pagination: { pageSize: number } } }).meta.pagination.pageSize;
    };
    expect(await asked(REST_PAGE_SIZE)).toBe(REST_PAGE_SIZE);
    expect(await asked(REST_PAGE_SIZE + 1)).toBe(REST_PAGE_SIZE);
  });

  it('counts the documents only when asked (the loader asks on the first page alone)', async () => {
    const page = async (withCount: boolean) =>
      (
        await cms.api(
          'GET',
          `/api/news-items?pagination[page]=1&pagination[pageSize]=1&pagination[withCount]=${withCount}`,
          undefined,
          cms.buildToken,
        )
      ).json as { data: unknown[]; meta: { pagination: Record<string, number> } };
    const counted = await page(true);
    expect(counted.data).toHaveLength(1);
    expect(counted.meta.pagination.total).toBeGreaterThan(0);
    const uncounted = await page(false);
    expect(uncounted.data).toHaveLength(1);
    expect(uncounted.meta.pagination).toEqual({ page: 1, pageSize: 1 });
  });

  it('the build token cannot read drafts, even with ?status=draft (strapi/strapi#25326)', async () => {
    const list = await cms.api('GET', '/api/news-items?status=draft', undefined, cms.buildToken);
    expect(list.status).toBe(403);
    expect(JSON.stringify(list.json)).not.toContain('secret-draft');
    expect(list.json.error.message).toContain('只提供已发布的内容');
    const one = await cms.api('GET', `/api/news-items/${draftId}?status=draft`, undefined, cms.buildToken);
    expect(one.status).toBe(403);
    const plain = await cms.api('GET', `/api/news-items/${draftId}`, undefined, cms.buildToken);
    expect(plain.status).toBe(404);
  });

  it('the build token cannot write', async () => {
    const create = await cms.api('POST', '/api/news-items', news('越权写入'), cms.buildToken);
    expect(create.status).toBe(403);
    const update = await cms.api('PUT', `/api/news-items/${publishedId}`, { data: { title: '改' } }, cms.buildToken);
    expect(update.status).toBe(403);
    const remove = await cms.api('DELETE', `/api/news-items/${publishedId}`, undefined, cms.buildToken);
    expect(remove.status).toBe(403);
    const after = await cms.api('GET', `/api/news-items/${publishedId}`, undefined, cms.buildToken);
    expect(after.json.data.title).toBe('已发布的新闻');
  });

  it('the build token touches no user or admin route, and of the uploads only lists the files', async () => {
    // users-permissions' public routes are removed (src/extensions/users-permissions). The file
    // list tells the site what the photos in bodies are (size, alt text, version); nothing else.
    for (const [path, expected] of [
      ['/api/users', 404],
      ['/api/users/me', 404],
      ['/api/upload/files', 200],
      ['/api/upload/files/1', 403],
    ] as const) {
      const { status } = await cms.api('GET', path, undefined, cms.buildToken);
      expect(status, path).toBe(expected);
    }
    const upload = await cms.api('POST', '/api/upload', undefined, cms.buildToken);
    expect(upload.status).toBe(403);
    for (const path of ['/admin/users', '/admin/api-tokens']) {
      const { status } = await cms.api('GET', path, undefined, cms.buildToken);
      expect(status, path).toBe(401);
    }
  });

  it('the preview token reads drafts, and only reads', async () => {
    const drafts = await cms.api('GET', '/api/news-items?status=draft', undefined, cms.previewToken);
    expect(drafts.status).toBe(200);
    expect(drafts.json.data.map((d: { slug: string }) => d.slug)).toContain('secret-draft');
    const one = await cms.api('GET', `/api/news-items/${draftId}?status=draft`, undefined, cms.previewToken);
    expect(one.json.data.title).toBe('尚未发布的草稿');
    expect((await cms.api('POST', '/api/news-items', news('预览令牌写入'), cms.previewToken)).status).toBe(403);
    expect((await cms.api('DELETE', `/api/news-items/${draftId}`, undefined, cms.previewToken)).status).toBe(403);
    expect((await cms.api('GET', '/api/upload/files', undefined, cms.previewToken)).status).toBe(200);
    expect((await cms.api('DELETE', '/api/upload/files/1', undefined, cms.previewToken)).status).toBe(403);
    expect((await cms.api('GET', '/admin/users', undefined, cms.previewToken)).status).toBe(401);
  });

  it('the public role and the build token cannot read site settings drafts either', async () => {
    expect((await cms.api('GET', '/api/site-setting', undefined, null)).status).toBe(403);
    expect((await cms.api('GET', '/api/site-setting?status=draft', undefined, cms.buildToken)).status).toBe(403);
  });

  it('an unknown token is refused', async () => {
    const { status } = await cms.api('GET', '/api/news-items', undefined, 'f'.repeat(96));
    expect(status).toBe(401);
  });
});

describe('slugs', () => {
  it('come from the pinyin of the title when left empty', async () => {
    const created = await cms.api('POST', '/api/news-items', news('市妇联举办培训班'));
    expect(created.status).toBe(201);
    expect(created.json.data.slug).toBe('shi-fu-lian-ju-ban-pei-xun-ban');
  });

  it('are made unique within the collection', async () => {
    const again = await cms.api('POST', '/api/news-items', news('市妇联举办培训班'));
    expect(again.status).toBe(201);
    expect(again.json.data.slug).toBe('shi-fu-lian-ju-ban-pei-xun-ban-2');
  });

  it('replace the type name the admin prefills (news, news-1) with the pinyin of the title', async () => {
    for (const prefilled of ['news', 'news-1']) {
      const created = await cms.api('POST', '/api/news-items?status=draft', news('家庭教育讲座', { slug: prefilled }));
      expect(created.status).toBe(201);
      expect(created.json.data.slug).toMatch(/^jia-ting-jiao-yu-jiang-zuo(-\d+)?$/);
    }
    // A slug the editor chose that merely starts with the type name is kept.
    const chosen = await cms.api('POST', '/api/news-items?status=draft', news('新闻发布会', { slug: 'news-conference' }));
    expect(chosen.json.data.slug).toBe('news-conference');
  });

  it('are refused when not URL-safe ASCII', async () => {
    const bad = await cms.api('POST', '/api/news-items', news('坏网址', { slug: '坏 网址' }));
    expect(bad.status).toBe(400);
  });

  it('never move once published: a new title keeps the URL, a new slug is refused', async () => {
    const retitled = await cms.api('PUT', `/api/news-items/${publishedId}?status=published`, { data: { title: '标题改了' } });
    expect(retitled.status).toBe(200);
    expect(retitled.json.data.slug).toBe('published-one');
    const moved = await cms.api('PUT', `/api/news-items/${publishedId}`, { data: { slug: 'moved' } });
    expect(moved.status).toBe(400);
    expect(moved.json.error.message).toContain('published-one');
    const after = await cms.api('GET', `/api/news-items/${publishedId}`, undefined, cms.buildToken);
    expect(after.json.data.slug).toBe('published-one');
  });

  it('publication times are indexed in every draft-and-publish collection, for the publish service’s delta reads', async () => {
    for (const table of ['news_items', 'trainings', 'lectures', 'relief_batches', 'relief_programmes']) {
      const indexes = await cms.indexes(table);
      expect(
        indexes.some((sql) => /\(\W?published_at\W?\)/.test(sql)),
        `${table}: ${indexes.join('; ')}`,
      ).toBe(true);
    }
  });

  it('are indexed in every collection that has them, so the uniqueness check on save does not scan the table', async () => {
    const tables = ['news_items', 'categories', 'trainings', 'lectures', 'lecture_series', 'relief_programmes', 'relief_batches'];
    for (const table of tables) {
      const indexes = await cms.indexes(table);
      expect(
        indexes.some((sql) => /\(\W?slug\W?\)/.test(sql)),
        `${table}: ${indexes.join('; ')}`,
      ).toBe(true);
    }
  });
});
