import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every save rule, through REST (which goes through the same document service as the
// admin): the refusal, its Chinese message naming the field, and that nothing was stored.

let cms: ThrowawayCms;
let programme: string;

const SEED_BATCH = {
  title: '2018年第三批贫困妇女“四癌”救助金发放',
  year: 2018,
  batchNumber: 3,
  disbursementDate: '2018-04-23',
  amount: '146122.00',
  recipientCount: 15,
  byDistrict: [
    { label: '思明区', count: 1 },
    { label: '湖里区', count: 1 },
    { label: '集美区', count: 4 },
    { label: '海沧区', count: 1 },
    { label: '同安区', count: 8 },
  ],
  byAgeBand: [
    { label: '20-29岁', count: 1 },
    { label: '30-39岁', count: 1 },
    { label: '40-49岁', count: 5 },
    { label: '50-59岁', count: 6 },
    { label: '60-69岁', count: 2 },
  ],
  byCancerType: [
    { label: '乳腺癌', count: 6 },
    { label: '子宫癌', count: 3 },
    { label: '卵巢癌', count: 1 },
    { label: '宫颈癌', count: 5 },
  ],
};

const TRAINING = {
  title: '全市妇联系统干部履职提升培训班',
  startDate: '2018-04-17',
  endDate: '2018-04-19',
  venue: '市妇女儿童活动中心',
  summary: '约150人参加',
  body: '正文',
};

/** How many documents of a collection exist, drafts included (read with the preview token). */
async function count(path: string): Promise<number> {
  const { status, json } = await cms.api('GET', `${path}?status=draft&pagination[pageSize]=1`, undefined, cms.previewToken);
  expect(status).toBe(200);
  return json.meta.pagination.total;
}

/** Asserts the write is refused with the message, on the field, and stores nothing. */
async function refused(path: string, data: object, message: string, field: string): Promise<void> {
  const before = await count(path);
  const { status, json } = await cms.api('POST', path, { data });
  expect(status).toBe(400);
  expect(json.error.name).toBe('ValidationError');
  expect(json.error.message).toContain(message);
  const paths = json.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
  expect(paths).toContain(field);
  expect(await count(path)).toBe(before);
}

/** Uploads a small PNG to the media library; returns its id and path (/uploads/…). */
async function uploadPhoto(name: string, alternativeText: string | null): Promise<{ id: number; url: string }> {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
  form.append('fileInfo', JSON.stringify({ name, alternativeText }));
  const response = await fetch(`${cms.url}/api/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${cms.writeToken}` },
    body: form,
  });
  const [file] = (await response.json()) as { id: number; url: string }[];
  if (!response.ok || !file) throw new Error(`upload failed: HTTP ${response.status}`);
  return file;
}

beforeAll(async () => {
  cms = await startThrowawayCms();
  const made = await cms.api('POST', '/api/relief-programmes', {
    data: { name: '贫困妇女“四癌”救助', description: '项目说明', eligibility: '申请条件' },
  });
  expect(made.status).toBe(201);
  programme = made.json.data.documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('relief batches', () => {
  it('store the seed batch with its amount exact, as 146122.00', async () => {
    const { status, json } = await cms.api('POST', '/api/relief-batches', { data: { ...SEED_BATCH, programme } });
    expect(status).toBe(201);
    expect(json.data.amount).toBe('146122.00');
    const read = await cms.api('GET', `/api/relief-batches/${json.data.documentId}?populate=*`, undefined, cms.buildToken);
    expect(read.json.data.amount).toBe('146122.00');
    expect(read.json.data.byDistrict.map((r: { count: number }) => r.count)).toEqual([1, 1, 4, 1, 8]);
  });

  it('take an amount typed without the fen and store it with two places', async () => {
    const { status, json } = await cms.api('POST', '/api/relief-batches', {
      data: { ...SEED_BATCH, title: '第四批', batchNumber: 4, amount: '98000', programme },
    });
    expect(status).toBe(201);
    expect(json.data.amount).toBe('98000.00');
  });

  for (const [field, name] of [
    ['byDistrict', '区域分布'],
    ['byAgeBand', '年龄分布'],
    ['byCancerType', '癌种分类'],
  ] as const) {
    it(`refuse a ${name} that does not add up to the recipients`, async () => {
      const rows = SEED_BATCH[field].map((row, i) => (i === 0 ? { ...row, count: row.count - 1 } : row));
      await refused(
        '/api/relief-batches',
        { ...SEED_BATCH, programme, [field]: rows },
        `${name}合计 14 人，与救助人数 15 人不符`,
        field,
      );
    });
  }

  it('refuse an empty breakdown: it adds up to 0, not to the recipients', async () => {
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, byAgeBand: [] },
      '年龄分布合计 0 人，与救助人数 15 人不符',
      'byAgeBand',
    );
  });

  it('refuse a label that repeats within a breakdown', async () => {
    const rows = [
      { label: '乳腺癌', count: 6 },
      { label: '乳腺癌', count: 9 },
    ];
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, byCancerType: rows },
      '癌种分类中“乳腺癌”重复出现',
      'byCancerType.1.label',
    );
  });

  it('refuse a count that is not a whole number', async () => {
    const rows = [
      { label: '思明区', count: 14.5 },
      { label: '湖里区', count: 0.5 },
    ];
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, byDistrict: rows },
      '“区域分布”第 1 项的“人数”必须是整数，收到 14.5',
      'byDistrict.0.count',
    );
  });

  it('refuse a negative count', async () => {
    const rows = SEED_BATCH.byDistrict.map((row, i) => (i === 0 ? { ...row, count: -1 } : row));
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, byDistrict: rows },
      '“区域分布”第 1 项的“人数”不能小于 0，收到 -1',
      'byDistrict.0.count',
    );
  });

  it('refuse a negative number of recipients', async () => {
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, recipientCount: -15 },
      '“救助人数”不能小于 0，收到 -15',
      'recipientCount',
    );
  });

  it('refuse an amount that is not exact money', async () => {
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, amount: '14.6122万' },
      '“发放金额（元）”格式不正确',
      'amount',
    );
    await refused('/api/relief-batches', { ...SEED_BATCH, programme, amount: 0.1 + 0.2 }, '“发放金额（元）”格式不正确', 'amount');
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, amount: '146122.005' },
      '“发放金额（元）”格式不正确',
      'amount',
    );
  });

  it('refuse a breakdown label that looks like a personal ID or phone number', async () => {
    const rows = [
      { label: '350203198001011234', count: 14 },
      { label: '湖里区', count: 1 },
    ];
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme, byDistrict: rows },
      '不得填写个人信息',
      'byDistrict.0.label',
    );
  });

  // Personal numbers as people write them: digits are normalised (spaces, dashes, dots,
  // brackets, full-width) before the check. The full table of formats is in
  // shared-types/test/rules/personal-numbers.test.ts; these prove the CMS applies it.
  it.each([
    ['138-1234-5678', '手机号码'],
    ['138 1234 5678', '手机号码'],
    ['１３８１２３４５６７８', '手机号码'],
    ['0592-5123456', '固定电话号码'],
    ['（0592）5123456', '固定电话号码'],
    ['350203 19800101 123X', '身份证号'],
    ['6222 0212 3456 7890', '银行卡号'],
  ])('refuse the breakdown label %j, which looks like a %s', async (label, kind) => {
    await refused(
      '/api/relief-batches',
      {
        ...SEED_BATCH,
        programme,
        byDistrict: [
          { label: '思明区', count: 14 },
          { label, count: 1 },
        ],
      },
      `区域分布第 2 项的类别“${label}”像是${kind}：分布中只填类别名称，不得填写个人信息`,
      'byDistrict.1.label',
    );
  });

  it('refuse a batch whose relief programme does not exist, naming the field', async () => {
    await refused(
      '/api/relief-batches',
      { ...SEED_BATCH, programme: 'nosuchdocument0000000000' },
      '“救助项目”所选的内容不存在（documentId “nosuchdocument0000000000”）',
      'programme',
    );
  });

  it('refuse a batch without its relief programme', async () => {
    await refused('/api/relief-batches', SEED_BATCH, '请选择“救助项目”', 'programme');
  });

  it('refuse an update that breaks a sum, leaving the stored batch as it was', async () => {
    const made = await cms.api('POST', '/api/relief-batches', {
      data: { ...SEED_BATCH, title: '第五批', batchNumber: 5, programme },
    });
    expect(made.status).toBe(201);
    const id = made.json.data.documentId;
    const { status, json } = await cms.api('PUT', `/api/relief-batches/${id}`, { data: { recipientCount: 16 } });
    expect(status).toBe(400);
    expect(json.error.message).toContain('区域分布合计 15 人，与救助人数 16 人不符');
    const after = await cms.api('GET', `/api/relief-batches/${id}`, undefined, cms.buildToken);
    expect(after.json.data.recipientCount).toBe(15);
  });

  it('have no field for a recipient’s name or ID number', async () => {
    const { status, json } = await cms.api('POST', '/api/relief-batches', {
      data: { ...SEED_BATCH, title: '第六批', batchNumber: 6, programme, recipientName: '张三' },
    });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain('recipientName');
  });
});

describe('trainings', () => {
  it('store a training whose end is on or after its start', async () => {
    const { status } = await cms.api('POST', '/api/trainings', { data: { ...TRAINING, endDate: '2018-04-17' } });
    expect(status).toBe(201);
  });

  it('refuse an end date before the start date', async () => {
    await refused(
      '/api/trainings',
      { ...TRAINING, startDate: '2018-04-19', endDate: '2018-04-17' },
      '“结束日期”（2018-04-17）不能早于“开始日期”（2018-04-19）',
      'endDate',
    );
  });

  it('refuse a participant count that is not whole', async () => {
    await refused(
      '/api/trainings',
      { ...TRAINING, participantCount: 150.5 },
      '“参加人数”必须是整数，收到 150.5',
      'participantCount',
    );
  });

  it('refuse an organiser role other than 主办, 承办, 协办', async () => {
    await refused(
      '/api/trainings',
      { ...TRAINING, organisers: [{ name: '市妇联', role: '赞助' }] },
      '“组织单位”第 1 项的“角色”只能是 主办、承办、协办 之一',
      'organisers.0.role',
    );
  });
});

describe('lectures', () => {
  it('refuse a negative attendance', async () => {
    await refused(
      '/api/lectures',
      {
        title: '家庭教育讲座',
        startsAt: '2018-04-24T09:00:00+08:00',
        venue: '金尚中学',
        summary: '摘要',
        body: '正文',
        attendance: -5,
      },
      '“参加人数”不能小于 0，收到 -5',
      'attendance',
    );
  });
});

describe('news', () => {
  it('refuse a document without its required fields, naming each', async () => {
    const before = await count('/api/news-items');
    const { status, json } = await cms.api('POST', '/api/news-items', { data: { source: '市妇联办公室' } });
    expect(status).toBe(400);
    for (const message of ['“标题”为必填项', '“日期”为必填项', '“摘要”为必填项', '“正文”为必填项']) {
      expect(json.error.message).toContain(message);
    }
    expect(await count('/api/news-items')).toBe(before);
  });

  it('refuse a summary over its length, giving both numbers', async () => {
    await refused(
      '/api/news-items',
      { title: '标题', date: '2018-04-16', summary: '字'.repeat(301), body: '正文' },
      '“摘要”最多 300 个字，现有 301 个字',
      'summary',
    );
  });

  it("take a media-library photo in the body, stored by its path with the media library's alt text", async () => {
    const photo = await uploadPhoto('huodong.png', '妇女干部在培训班上合影');
    const { status, json } = await cms.api('POST', '/api/news-items', {
      data: {
        title: '正文带图',
        date: '2018-04-16',
        summary: '摘要',
        // As Strapi's Markdown editor inserts it: the admin's backend address and the alt at the time.
        body: `正文\n\n![旧的说明](http://127.0.0.1:1337${photo.url})\n\n![外部图片](https://www.example.org/a.jpg)`,
      },
    });
    expect(status, JSON.stringify(json)).toBe(201);
    expect(json.data.body).toBe(`正文\n\n![妇女干部在培训班上合影](${photo.url})\n\n![外部图片](https://www.example.org/a.jpg)`);
  });

  it("refuse a media-library photo in the body without alt text, naming it with the dialog's word", async () => {
    const photo = await uploadPhoto('no-alt.png', null);
    await refused(
      '/api/news-items',
      { title: '正文带图', date: '2018-04-16', summary: '摘要', body: `正文\n\n![](${photo.url})` },
      '“正文”中的图片（no-alt.png）缺少替代文字：请在媒体库中为它填写“替代文字”',
      'body',
    );
  });

  it('refuse an image under /uploads/ that is not in the media library', async () => {
    await refused(
      '/api/news-items',
      {
        title: '正文带图',
        date: '2018-04-16',
        summary: '摘要',
        body: '正文\n\n<img src="http://127.0.0.1:1337/uploads/photo_1.jpg">',
      },
      '“正文”中的图片（http://127.0.0.1:1337/uploads/photo_1.jpg）不在媒体库中',
      'body',
    );
  });

  it('refuse a cover image without alt text', async () => {
    // A valid 1x1 PNG: the upload plugin reads it with sharp.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const file = await cms.upload('cover.png', png, 'image/png', null);
    await refused(
      '/api/news-items',
      { title: '有封面的新闻', date: '2018-04-16', summary: '摘要', body: '正文', cover: file },
      '“封面图片”（cover.png）缺少替代文字',
      'cover',
    );
  });
});

describe('relations and unique values', () => {
  it.each([
    ['a documentId', 'nosuchcategory00000000000'],
    ['connect', { connect: [{ documentId: 'nosuchcategory00000000000' }] }],
    ['set', { set: [{ documentId: 'nosuchcategory00000000000' }] }],
  ])('refuse a news item whose category does not exist, given as %s', async (_how, category) => {
    await refused(
      '/api/news-items',
      { title: '分类不存在', date: '2018-04-16', summary: '摘要', body: '正文', category },
      '“分类”所选的内容不存在（documentId “nosuchcategory00000000000”）：它可能已被删除，请重新选择',
      'category',
    );
  });

  it('refuse a lecture whose series does not exist', async () => {
    await refused(
      '/api/lectures',
      {
        title: '系列不存在',
        startsAt: '2018-04-24T09:00:00+08:00',
        venue: '金尚中学',
        summary: '摘要',
        body: '正文',
        series: 'nosuchseries000000000000',
      },
      '“所属系列”所选的内容不存在',
      'series',
    );
  });

  it.each([
    ['/api/categories', { name: '工作动态' }, '分类名称'],
    ['/api/lecture-series-list', { name: '百场家庭教育公益讲座', plannedCount: 100 }, '系列名称'],
    ['/api/relief-programmes', { name: '单亲困难母亲救助', description: '说明', eligibility: '条件' }, '项目名称'],
  ])('refuse a second %s with the same name, naming the field', async (path, data, label) => {
    const first = await cms.api('POST', path, { data });
    expect(first.status).toBe(201);
    await refused(path, data, `“${label}”“${data.name}”已被其他内容使用，不能重复：请换一个`, 'name');
  });

  it('refuse publishing a second news item under a slug already published', async () => {
    const news = { title: '同一个网址', date: '2018-04-16', summary: '摘要', body: '正文', slug: 'tong-yi-ge-wang-zhi' };
    const first = await cms.api('POST', '/api/news-items', { data: news });
    expect(first.status).toBe(201);
    expect(first.json.data.publishedAt).toBeTruthy();
    const { status, json } = await cms.api('POST', '/api/news-items', { data: { ...news, title: '另一篇' } });
    expect(status).toBe(400);
    expect(json.error.message).toContain('“网址名”“tong-yi-ge-wang-zhi”已被其他内容使用，不能重复：请换一个');
    expect(json.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain('slug');
  });
});
