import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Who may do what, over real HTTP against a real Strapi: every token the project provisions
 * and the public role, against every collection and single type, and against the upload,
 * users-permissions and admin endpoints. The expectation is the one table below; every
 * refusal is also checked for having changed nothing.
 *
 * Y  allowed, with the intended effect
 * D  accepted, but only as a draft (the import token's creates)
 * N  refused (401 or 403), nothing changed
 * X  not served at all (404 or 405): the route does not exist
 * -  not applicable to this type
 */
const CONTENT_MATRIX = `
actor    type              find findOne drafts createDraft createPub createBare update publish unpublish delete
public   news              N    N       N      N           N         N          N      N       N         N
public   trainings         N    N       N      N           N         N          N      N       N         N
public   lectures          N    N       N      N           N         N          N      N       N         N
public   relief-batches    N    N       N      N           N         N          N      N       N         N
public   categories        N    N       N      -           N         N          N      -       -         N
public   lecture-series    N    N       N      -           N         N          N      -       -         N
public   relief-programmes N    N       N      N           N         N          N      N       N         N
public   site-setting      N    -       N      -           -         -          N      -       -         N
build    news              Y    Y       N      N           N         N          N      N       N         N
build    trainings         Y    Y       N      N           N         N          N      N       N         N
build    lectures          Y    Y       N      N           N         N          N      N       N         N
build    relief-batches    Y    Y       N      N           N         N          N      N       N         N
build    categories        Y    Y       N      -           N         N          N      -       -         N
build    lecture-series    Y    Y       N      -           N         N          N      -       -         N
build    relief-programmes Y    Y       N      N           N         N          N      N       N         N
build    site-setting      Y    -       N      -           -         -          N      -       -         N
preview  news              Y    Y       Y      N           N         N          N      N       N         N
preview  trainings         Y    Y       Y      N           N         N          N      N       N         N
preview  lectures          Y    Y       Y      N           N         N          N      N       N         N
preview  relief-batches    Y    Y       Y      N           N         N          N      N       N         N
preview  categories        Y    Y       Y      -           N         N          N      -       -         N
preview  lecture-series    Y    Y       Y      -           N         N          N      -       -         N
preview  relief-programmes Y    Y       Y      N           N         N          N      N       N         N
preview  site-setting      Y    -       Y      -           -         -          N      -       -         N
import   news              Y    Y       Y      D           N         D          N      N       N         N
import   trainings         N    N       N      N           N         N          N      N       N         N
import   lectures          N    N       N      N           N         N          N      N       N         N
import   relief-batches    Y    Y       Y      D           N         D          N      N       N         N
import   categories        Y    Y       Y      -           N         N          N      -       -         N
import   lecture-series    N    N       N      -           N         N          N      -       -         N
import   relief-programmes Y    Y       Y      N           N         N          N      N       N         N
import   site-setting      N    -       N      -           -         -          N      -       -         N
write    news              Y    Y       N      D           Y         Y          Y      Y       N         Y
write    trainings         Y    Y       N      D           Y         Y          Y      Y       N         Y
write    lectures          Y    Y       N      D           Y         Y          Y      Y       N         Y
write    relief-batches    Y    Y       N      D           Y         Y          Y      Y       N         Y
write    categories        Y    Y       N      -           Y         Y          Y      -       -         Y
write    lecture-series    Y    Y       N      -           Y         Y          Y      -       -         Y
write    relief-programmes Y    Y       N      D           Y         Y          Y      Y       N         Y
write    site-setting      Y    -       N      -           -         -          Y      -       -         Y
`;

/** The same, for the endpoints that are not content types. */
const ENDPOINT_MATRIX = `
actor    upload files fileOne fileDelete users me register login forgotPassword adminTokens
public   N      N     N       N          X     X  X        X     X              N
build    N      Y     N       N          X     X  X        X     X              N
preview  N      Y     N       N          X     X  X        X     X              N
import   N      N     N       N          X     X  X        X     X              N
write    Y      Y     Y       Y          X     X  X        X     X              N
`;

type Actor = 'public' | 'build' | 'preview' | 'import' | 'write';
type Expect = 'Y' | 'D' | 'N' | 'X' | '-';
type Row = { actor: Actor; subject: string; cells: Record<string, Expect> };

function parseTable(table: string): Row[] {
  const [header, ...lines] = table.trim().split('\n');
  const columns = (header as string).trim().split(/\s+/);
  const keyed = columns[1] === 'type';
  return lines.map((line) => {
    const values = line.trim().split(/\s+/);
    if (values.length !== columns.length) throw new Error(`table row has ${values.length} cells: ${line}`);
    const first = keyed ? 2 : 1;
    return {
      actor: values[0] as Actor,
      subject: keyed ? (values[1] as string) : '',
      cells: Object.fromEntries(columns.slice(first).map((c, i) => [c, values[first + i] as Expect])),
    };
  });
}

interface TypeInfo {
  uid: string;
  path: string;
  single?: boolean;
  draftable: boolean;
  /** The field the test changes and searches by. */
  field: 'title' | 'name' | 'shortName';
  data(label: string): Record<string, unknown>;
}

let cms: ThrowawayCms;
let programme: string;
let serial = 0;
const unique = (what: string) => `${what}${++serial}号`;

const body = (label: string) => ({ summary: `${label}的摘要`, body: `${label}的正文。` });
const TYPES: Record<string, TypeInfo> = {
  news: {
    uid: 'api::news.news',
    path: 'news-items',
    draftable: true,
    field: 'title',
    data: (title) => ({ title, date: '2024-03-08', ...body(title) }),
  },
  trainings: {
    uid: 'api::training.training',
    path: 'trainings',
    draftable: true,
    field: 'title',
    data: (title) => ({ title, startDate: '2024-03-08', endDate: '2024-03-09', venue: '市妇联会议室', ...body(title) }),
  },
  lectures: {
    uid: 'api::lecture.lecture',
    path: 'lectures',
    draftable: true,
    field: 'title',
    data: (title) => ({ title, startsAt: '2024-03-08T09:00:00+08:00', venue: '市图书馆', ...body(title) }),
  },
  'relief-batches': {
    uid: 'api::relief-batch.relief-batch',
    path: 'relief-batches',
    draftable: true,
    field: 'title',
    data: (title) => ({
      title,
      year: 2024,
      batchNumber: (serial % 99) + 1,
      disbursementDate: '2024-03-08',
      amount: '100.00',
      recipientCount: 0,
      programme,
    }),
  },
  categories: { uid: 'api::category.category', path: 'categories', draftable: false, field: 'name', data: (name) => ({ name }) },
  'lecture-series': {
    uid: 'api::lecture-series.lecture-series',
    path: 'lecture-series-list',
    draftable: false,
    field: 'name',
    data: (name) => ({ name, plannedCount: 3 }),
  },
  'relief-programmes': {
    uid: 'api::relief-programme.relief-programme',
    path: 'relief-programmes',
    draftable: true,
    field: 'name',
    data: (name) => ({ name, description: '项目说明', eligibility: '申请条件' }),
  },
  'site-setting': {
    uid: 'api::site-setting.site-setting',
    path: 'site-setting',
    single: true,
    draftable: false,
    field: 'shortName',
    data: (shortName) => ({
      siteName: '示例市妇女联合会',
      shortName,
      description: '示例市妇联门户网站',
      siteDomain: 'www.example.gov.cn',
      address: '示例市人民路 1 号',
      phone: '0592-0000000',
      icpNumber: '闽ICP备00000000号',
    }),
  },
};

function tokenOf(actor: Actor): string | null {
  return { public: null, build: cms.buildToken, preview: cms.previewToken, import: cms.importToken, write: cms.writeToken }[
    actor
  ];
}

/** A document made by the write token for one case: published, or a draft only. */
async function fixture(type: TypeInfo, published: boolean): Promise<{ id: string; label: string }> {
  const label = unique('矩阵');
  if (type.single) {
    const put = await cms.api('PUT', `/api/${type.path}`, { data: type.data(label) });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    return { id: '', label };
  }
  const status = type.draftable && !published ? '?status=draft' : '';
  const made = await cms.api('POST', `/api/${type.path}${status}`, { data: type.data(label) });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  return { id: made.json.data.documentId, label };
}

/** What the CMS holds, read with the tokens that may (the preview token sees drafts). */
async function stored(type: TypeInfo, id: string): Promise<{ draft: any; published: any }> {
  const at = type.single ? `/api/${type.path}` : `/api/${type.path}/${id}`;
  const draft = await cms.api('GET', `${at}?status=draft`, undefined, cms.previewToken);
  const published = await cms.api('GET', at, undefined, cms.buildToken);
  return {
    draft: draft.status === 200 ? draft.json.data : null,
    published: published.status === 200 ? published.json.data : null,
  };
}

async function findByLabel(type: TypeInfo, label: string): Promise<{ draft: any; published: any }> {
  const filter = `filters[${type.field}][$eq]=${encodeURIComponent(label)}`;
  const draft = await cms.api('GET', `/api/${type.path}?status=draft&${filter}`, undefined, cms.previewToken);
  const published = await cms.api('GET', `/api/${type.path}?${filter}`, undefined, cms.buildToken);
  return { draft: draft.json.data[0] ?? null, published: published.json.data[0] ?? null };
}

function expectStatus(expected: Expect, status: number, json: unknown) {
  const what = `${status} ${JSON.stringify(json)}`;
  if (expected === 'N') expect([401, 403], what).toContain(status);
  else if (expected === 'X') expect([404, 405], what).toContain(status);
  else expect(status, what).toBeGreaterThanOrEqual(200);
  if (expected === 'Y' || expected === 'D') expect(status, what).toBeLessThan(300);
}

/** Runs one cell of the content matrix and checks both the answer and what the CMS then holds. */
async function runContentCase(actor: Actor, type: TypeInfo, action: string, expected: Expect): Promise<void> {
  const token = tokenOf(actor);
  const base = `/api/${type.path}`;
  switch (action) {
    case 'find':
    case 'drafts': {
      const doc = await fixture(type, true);
      // Newest first: the fixture is on the first page however many the matrix has made.
      const newest = 'sort[0]=id:desc';
      const res = await cms.api(
        'GET',
        action === 'drafts' ? `${base}?status=draft&${newest}` : `${base}?${newest}`,
        undefined,
        token,
      );
      expectStatus(expected, res.status, res.json);
      if (expected === 'Y') expect(JSON.stringify(res.json)).toContain(doc.label);
      else expect(JSON.stringify(res.json ?? '')).not.toContain(doc.label);
      return;
    }
    case 'findOne': {
      const doc = await fixture(type, true);
      const res = await cms.api('GET', `${base}/${doc.id}`, undefined, token);
      expectStatus(expected, res.status, res.json);
      if (expected === 'Y') expect(res.json.data[type.field]).toBe(doc.label);
      return;
    }
    case 'createDraft':
    case 'createPub':
    case 'createBare': {
      const label = unique('新建');
      const query = { createDraft: '?status=draft', createPub: '?status=published', createBare: '' }[action];
      const res = await cms.api('POST', `${base}${query}`, { data: type.data(label) }, token);
      expectStatus(expected, res.status, res.json);
      const after = await findByLabel(type, label);
      if (expected === 'N') {
        expect(after.draft, 'nothing was created').toBeNull();
        expect(after.published).toBeNull();
      } else if (expected === 'D') {
        expect(after.draft?.[type.field]).toBe(label);
        expect(after.published, 'created as a draft only').toBeNull();
        expect(res.json.data.publishedAt).toBeNull();
      } else {
        expect(after.draft?.[type.field]).toBe(label);
        if (action !== 'createDraft') expect(after.published?.[type.field]).toBe(label);
        else expect(after.published).toBeNull();
      }
      return;
    }
    case 'update': {
      const doc = await fixture(type, true);
      const label = unique('改后');
      const at = type.single ? base : `${base}/${doc.id}`;
      const res = await cms.api('PUT', `${at}${type.draftable ? '?status=draft' : ''}`, { data: { [type.field]: label } }, token);
      expectStatus(expected, res.status, res.json);
      const after = await stored(type, doc.id);
      expect(after.draft?.[type.field]).toBe(expected === 'Y' ? label : doc.label);
      expect(after.published?.[type.field], 'the live version is untouched').toBe(
        type.draftable || expected !== 'Y' ? doc.label : label,
      );
      return;
    }
    case 'publish': {
      const doc = await fixture(type, false);
      const res = await cms.api('PUT', `${base}/${doc.id}?status=published`, { data: {} }, token);
      expectStatus(expected, res.status, res.json);
      const after = await stored(type, doc.id);
      if (expected === 'Y') expect(after.published?.[type.field]).toBe(doc.label);
      else expect(after.published, 'still unpublished').toBeNull();
      return;
    }
    case 'unpublish': {
      // Strapi's REST API has no unpublish; the admin's action must not take an API token.
      const doc = await fixture(type, true);
      const res = await cms.api('POST', `/content-manager/collection-types/${type.uid}/${doc.id}/actions/unpublish`, {}, token);
      expectStatus(expected, res.status, res.json);
      expect((await stored(type, doc.id)).published?.[type.field], 'still published').toBe(doc.label);
      return;
    }
    case 'delete': {
      const doc = await fixture(type, true);
      const res = await cms.api('DELETE', type.single ? base : `${base}/${doc.id}`, undefined, token);
      expectStatus(expected, res.status, res.json);
      const after = await stored(type, doc.id);
      if (expected === 'Y') expect(after.draft).toBeNull();
      else expect(after.published?.[type.field], 'still there').toBe(doc.label);
      return;
    }
    default:
      throw new Error(`unknown action ${action}`);
  }
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function fileCount(): Promise<number> {
  const res = await cms.api('GET', '/api/upload/files');
  expect(res.status).toBe(200);
  return res.json.length;
}

async function runEndpointCase(actor: Actor, endpoint: string, expected: Expect): Promise<void> {
  const token = tokenOf(actor);
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  switch (endpoint) {
    case 'upload': {
      const before = await fileCount();
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), `${unique('上传')}.png`);
      const res = await fetch(`${cms.url}/api/upload`, { method: 'POST', headers: auth, body: form });
      expectStatus(expected, res.status, await res.text());
      expect(await fileCount()).toBe(before + (expected === 'Y' ? 1 : 0));
      return;
    }
    case 'files':
    case 'fileOne':
    case 'fileDelete': {
      const id = await cms.upload(`${unique('文件')}.png`, PNG, 'image/png', '一个像素');
      const path = endpoint === 'files' ? '/api/upload/files' : `/api/upload/files/${id}`;
      const res = await cms.api(endpoint === 'fileDelete' ? 'DELETE' : 'GET', path, undefined, token);
      expectStatus(expected, res.status, res.json);
      const still = await cms.api('GET', `/api/upload/files/${id}`);
      expect(still.status).toBe(endpoint === 'fileDelete' && expected === 'Y' ? 404 : 200);
      return;
    }
    case 'users':
    case 'me': {
      const res = await cms.api('GET', endpoint === 'me' ? '/api/users/me' : '/api/users', undefined, token);
      expectStatus(expected, res.status, res.json);
      return;
    }
    case 'register':
    case 'login':
    case 'forgotPassword': {
      const path = {
        register: '/api/auth/local/register',
        login: '/api/auth/local',
        forgotPassword: '/api/auth/forgot-password',
      }[endpoint];
      const email = `${unique('reader')}@example.com`;
      const res = await fetch(`${cms.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: email, email, identifier: email, password: 'Passw0rd!Passw0rd' }),
      });
      expectStatus(expected, res.status, await res.text());
      return;
    }
    case 'adminTokens': {
      const res = await cms.api('GET', '/admin/api-tokens', undefined, token);
      expectStatus(expected, res.status, res.json);
      return;
    }
    default:
      throw new Error(`unknown endpoint ${endpoint}`);
  }
}

const ADMIN = { email: 'matrix-admin@fulian.local', password: 'Matrix-Admin-Passw0rd' };

beforeAll(async () => {
  cms = await startThrowawayCms({ CMS_ADMIN_EMAIL: ADMIN.email, CMS_ADMIN_PASSWORD: ADMIN.password });
  const made = await cms.api('POST', '/api/relief-programmes', {
    data: { name: '矩阵测试救助', description: '项目说明', eligibility: '申请条件' },
  });
  expect(made.status).toBe(201);
  programme = made.json.data.documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('the permission matrix', () => {
  for (const row of parseTable(CONTENT_MATRIX)) {
    const type = TYPES[row.subject];
    if (!type) throw new Error(`unknown type ${row.subject} in the matrix`);
    for (const [action, expected] of Object.entries(row.cells)) {
      if (expected === '-') continue;
      it(`${row.actor} ${action} ${row.subject}: ${expected}`, () => runContentCase(row.actor, type, action, expected));
    }
  }
  for (const row of parseTable(ENDPOINT_MATRIX)) {
    for (const [endpoint, expected] of Object.entries(row.cells)) {
      it(`${row.actor} ${endpoint}: ${expected}`, () => runEndpointCase(row.actor, endpoint, expected));
    }
  }
});

describe('the import token', () => {
  it('is refused, in Chinese, when it asks to publish', async () => {
    const res = await cms.api(
      'POST',
      '/api/news-items?status=published',
      { data: TYPES.news?.data('要求发布') },
      cms.importToken,
    );
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain('导入令牌只能新建草稿');
  });

  it('cannot publish by sending publishedAt in the body either', async () => {
    const label = unique('带发布时间');
    const res = await cms.api(
      'POST',
      '/api/news-items',
      { data: { ...TYPES.news?.data(label), publishedAt: '2024-03-08T00:00:00.000Z' } },
      cms.importToken,
    );
    expect(res.status).toBeLessThan(500);
    const after = await findByLabel(TYPES.news as TypeInfo, label);
    expect(after.published).toBeNull();
  });
});

describe('API tokens', () => {
  it("Strapi's default Full Access and Read Only tokens are removed at start", async () => {
    const login = await cms.api('POST', '/admin/login', ADMIN, null);
    expect(login.status, JSON.stringify(login.json)).toBe(200);
    const list = await cms.api('GET', '/admin/api-tokens', undefined, login.json.data.token);
    expect(list.status).toBe(200);
    const tokens = list.json.data as { name: string; lifespan: number | null }[];
    const names = tokens.map((t) => t.name).sort();
    expect(names).toEqual(['content-import', 'content-write', 'site-build', 'site-preview']);
  });
});
