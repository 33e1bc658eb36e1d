import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../import-legacy.ts';
import { parseLegacyArchive } from '../src/legacy-archive.ts';

const SEED = fileURLToPath(new URL('./fixtures/legacy-news-2018-04.txt', import.meta.url));
const articles = parseLegacyArchive(readFileSync(SEED, 'utf8'), { year: 2018 });
const importToken = randomBytes(48).toString('hex');

let cms: ThrowawayCms;
let env: Record<string, string>;

beforeAll(async () => {
  cms = await startThrowawayCms({ CMS_IMPORT_TOKEN: importToken });
  env = { CMS_URL: cms.url, CMS_IMPORT_TOKEN: importToken };
  // Editors set up programmes in the admin; the importer only finds them (it never creates one).
  const made = await cms.api('POST', '/api/relief-programmes', {
    data: { name: '贫困妇女“四癌”救助', description: '项目说明', eligibility: '申请条件' },
  });
  expect(made.status).toBe(201);
});

afterAll(async () => {
  await cms?.stop();
});

async function run(): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main([SEED, '--year', '2018'], env, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** What the import token sees, drafts included. */
async function drafts(collection: string, query = ''): Promise<any[]> {
  const { status, json } = await cms.api(
    'GET',
    `/api/${collection}?status=draft&pagination[pageSize]=100${query}`,
    undefined,
    importToken,
  );
  expect(status, collection).toBe(200);
  return json.data;
}

describe('importing the seed archive into a real Strapi', () => {
  it('creates ten news drafts and one relief batch draft with exact numbers', async () => {
    const { code, output } = await run();
    expect(code, output).toBe(0);
    expect(output).toContain('新闻草稿：新建 10 篇，已存在 0 篇，未导入 0 篇，失败 0 篇');
    expect(output).toContain('救助金发放批次草稿：新建 1 个，已存在 0 个，未建 0 个，失败 0 个');

    const news = await drafts('news-items', '&populate[0]=category');
    expect(news.map((n) => n.title).sort()).toEqual(articles.map((a) => a.title).sort());
    for (const item of news) {
      const article = articles.find((a) => a.title === item.title);
      expect(item.publishedAt, item.title).toBeNull();
      expect(item.date).toBe(article?.date);
      expect(item.summary).toBe(article?.summary);
      expect(item.body).toBe(article?.body);
      expect(item.source).toBe('市妇联');
      expect(item.category, 'editors choose the category').toBeNull();
      expect(item.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
    const relief = news.find((n) => n.title === '市妇联发放2018年第三批厦门市贫困妇女“四癌”救助金');
    expect(relief.slug).toBe('shi-fu-lian-fa-fang-2018-nian-di-san-pi-xia-men-shi-pin-kun');

    const batches = await drafts('relief-batches', '&populate=*');
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch).toMatchObject({
      title: '2018年第三批贫困妇女“四癌”救助金发放',
      year: 2018,
      batchNumber: 3,
      disbursementDate: '2018-04-23',
      amount: '146122.00',
      recipientCount: 15,
      publishedAt: null,
      programme: { name: '贫困妇女“四癌”救助' },
    });
    const rows = (field: string) => batch[field].map((r: { label: string; count: number }) => `${r.label} ${r.count}`);
    expect(rows('byDistrict')).toEqual(['思明区 1', '湖里区 1', '集美区 4', '海沧区 1', '同安区 8']);
    expect(rows('byAgeBand')).toEqual(['20-29岁 1', '30-39岁 1', '40-49岁 5', '50-59岁 6', '60-69岁 2']);
    expect(rows('byCancerType')).toEqual(['乳腺癌 6', '子宫癌 3', '卵巢癌 1', '宫颈癌 5']);

    const programmes = await drafts('relief-programmes');
    expect(programmes.map((p) => p.name)).toEqual(['贫困妇女“四癌”救助']);
  });

  it('leaves the site build token seeing none of it: they are drafts', async () => {
    for (const collection of ['news-items', 'relief-batches']) {
      const published = await cms.api('GET', `/api/${collection}`, undefined, cms.buildToken);
      expect(published.status, collection).toBe(200);
      expect(published.json.data, collection).toEqual([]);
      const asked = await cms.api('GET', `/api/${collection}?status=draft`, undefined, cms.buildToken);
      expect(asked.status, collection).toBe(403);
    }
  });

  it('a second run creates nothing and reports everything as already there', async () => {
    const { code, output } = await run();
    expect(code, output).toBe(0);
    expect(output).toContain('新闻草稿：新建 0 篇，已存在 10 篇，未导入 0 篇，失败 0 篇');
    expect(output).toContain('救助金发放批次草稿：新建 0 个，已存在 1 个，未建 0 个，失败 0 个');
    expect(output).not.toContain('已新建');
    expect(output.match(/新闻草稿：已存在，未改动/g)).toHaveLength(10);
    expect(await drafts('news-items')).toHaveLength(10);
    expect(await drafts('relief-batches')).toHaveLength(1);
    expect(await drafts('relief-programmes')).toHaveLength(1);
  });

  it('stops before writing when the token may not read drafts', async () => {
    const lines: string[] = [];
    const code = await main([SEED, '--year', '2018'], { ...env, CMS_IMPORT_TOKEN: cms.buildToken }, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/GET .*\/api\/news-items\?status=draft.* 失败：HTTP 403：此接口只提供已发布的内容/);
    expect(lines.join('\n')).toContain('没有写入任何内容');
  });

  it('never creates a relief programme: an unknown one leaves the batch out and says what to do', async () => {
    const [batch] = await drafts('relief-batches');
    expect((await cms.api('DELETE', `/api/relief-batches/${batch.documentId}`)).status).toBe(204);
    const [programme] = await drafts('relief-programmes');
    expect((await cms.api('DELETE', `/api/relief-programmes/${programme.documentId}`)).status).toBe(204);

    const { code, output } = await run();
    expect(code, output).toBe(1);
    expect(output).toContain('救助项目“贫困妇女“四癌”救助”在管理后台中不存在。导入工具不会自动建立救助项目');
    expect(output).toContain('救助金发放批次草稿：新建 0 个，已存在 0 个，未建 1 个，失败 0 个');
    expect(await drafts('relief-programmes')).toHaveLength(0);
    expect(await drafts('relief-batches')).toHaveLength(0);
  });

  it('files batches under a programme that is still a draft, and publishes neither', async () => {
    const made = await cms.api('POST', '/api/relief-programmes?status=draft', {
      data: { name: '贫困妇女“四癌”救助', description: '项目说明', eligibility: '申请条件' },
    });
    expect(made.status).toBe(201);
    const { code, output } = await run();
    expect(code, output).toBe(0);
    expect(output).toContain('救助金发放批次草稿：新建 1 个，已存在 0 个，未建 0 个，失败 0 个');
    const [batch] = await drafts('relief-batches');
    const linked = await cms.api(
      'GET',
      `/api/relief-batches/${batch.documentId}?status=draft&populate[programme][fields][0]=name`,
      undefined,
      cms.previewToken,
    );
    expect(linked.json.data.programme?.documentId).toBe(made.json.data.documentId);
    const live = await cms.api('GET', '/api/relief-programmes', undefined, cms.buildToken);
    expect(live.json.data).toEqual([]);
  });

  it('cannot publish or create programmes with its token, even if the importer were changed to', async () => {
    for (const status of ['?status=draft', '?status=published', '']) {
      const res = await cms.api('POST', `/api/relief-programmes${status}`, { data: { name: '四癌' } }, importToken);
      expect(res.status, status).toBe(403);
    }
    const published = await cms.api('POST', '/api/news-items?status=published', { data: { title: '越权' } }, importToken);
    expect(published.status).toBe(403);
    const programme = await cms.api('POST', '/api/relief-programmes', { data: { name: '四癌救助' } }, importToken);
    expect(programme.status).toBe(403);
  });
});
