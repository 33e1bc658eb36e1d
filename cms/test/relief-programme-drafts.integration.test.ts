import { DatabaseSync } from 'node:sqlite';
import { type AdminSession, adminSession } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Relief programmes (救助项目) gained draft and publish. Two things the content model alone
 * does not show, held here against a real Strapi:
 * - an install upgraded from the version without draft and publish keeps its programmes
 *   public, and their batches keep their programme, drafts and published versions alike;
 * - a published batch never loses its programme: Strapi would serve it with `programme: null`
 *   once the programme is unpublished or deleted, or when the batch is published before its
 *   programme (cms/src/validation/programme-publication.ts refuses each of these).
 */

const PROGRAMME = 'api::relief-programme.relief-programme';
const BATCH = 'api::relief-batch.relief-batch';
const ADMIN = { email: 'relief-admin@fulian.local', password: 'Relief-Admin-Passw0rd' };

let cms: ThrowawayCms;
let admin: AdminSession;

const batch = (title: string, batchNumber: number, programme: string) => ({
  title,
  year: 2024,
  batchNumber,
  disbursementDate: '2024-03-08',
  amount: '3000.00',
  recipientCount: 1,
  programme,
  byDistrict: [{ label: '思明区', count: 1 }],
  byAgeBand: [{ label: '40-49岁', count: 1 }],
  byCancerType: [{ label: '乳腺癌', count: 1 }],
});

async function created(res: Promise<{ status: number; json: any }>): Promise<string> {
  const { status, json } = await res;
  expect(status, JSON.stringify(json)).toBe(201);
  return json.data.documentId as string;
}

/** The published programme and its batch as the site's build token reads them. */
async function livePair(programmeId: string, batchId: string) {
  const programme = await cms.api('GET', `/api/relief-programmes/${programmeId}`, undefined, cms.buildToken);
  const batchRes = await cms.api(
    'GET',
    `/api/relief-batches/${batchId}?populate[programme][fields][0]=slug`,
    undefined,
    cms.buildToken,
  );
  return { programme: programme.status === 200 ? programme.json.data : null, batch: batchRes.json.data };
}

beforeAll(async () => {
  cms = await startThrowawayCms({ CMS_ADMIN_EMAIL: ADMIN.email, CMS_ADMIN_PASSWORD: ADMIN.password });
  admin = await adminSession(cms, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await cms?.stop();
});

describe('relief programmes with draft and publish', () => {
  it('a new programme is a draft until published: the build token does not see it', async () => {
    const id = await created(
      cms.api('POST', '/api/relief-programmes?status=draft', {
        data: { name: '四癌', description: '导入时打错的名称', eligibility: '无' },
      }),
    );
    expect((await cms.api('GET', `/api/relief-programmes/${id}`, undefined, cms.buildToken)).status).toBe(404);
    const list = await cms.api('GET', '/api/relief-programmes', undefined, cms.buildToken);
    expect(JSON.stringify(list.json)).not.toContain('导入时打错的名称');
    await admin.publish(PROGRAMME, id);
    expect((await cms.api('GET', `/api/relief-programmes/${id}`, undefined, cms.buildToken)).status).toBe(200);
  });

  it('a programme with published batches cannot be unpublished or deleted; the message names them', async () => {
    const programme = await created(
      cms.api('POST', '/api/relief-programmes', { data: { name: '撤下测试救助', description: '说明', eligibility: '条件' } }),
    );
    const batchId = await created(cms.api('POST', '/api/relief-batches', { data: batch('撤下测试第一批', 1, programme) }));
    expect((await livePair(programme, batchId)).batch.programme?.slug).toBeTruthy();

    // Strapi itself would unpublish it and serve the published batch with programme null:
    // a batch page with no programme to live under. Refused, naming programme and batch.
    const base = `/content-manager/collection-types/${PROGRAMME}/${programme}`;
    const unpublish = await admin.request('POST', `${base}/actions/unpublish`, {});
    expect(unpublish.status).toBe(400);
    expect(unpublish.json.error.message).toContain('救助项目“撤下测试救助”还有已发布的发放批次 “撤下测试第一批”');
    const remove = await admin.request('DELETE', base);
    expect(remove.status).toBe(400);
    expect(remove.json.error.message).toContain('请先删除这些批次或把它们改到其他项目');
    expect((await livePair(programme, batchId)).batch.programme?.slug).toBeTruthy();

    // The batch first, then the programme: both off the site.
    await admin.unpublish(BATCH, batchId);
    await admin.unpublish(PROGRAMME, programme);
    expect((await livePair(programme, batchId)).programme).toBeNull();
    // The draft keeps its programme, and both publish again in that order.
    const draft = await cms.api(
      'GET',
      `/api/relief-batches/${batchId}?status=draft&populate[programme][fields][0]=name`,
      undefined,
      cms.previewToken,
    );
    expect(draft.json.data.programme?.name).toBe('撤下测试救助');
    const early = await admin.request('POST', `/content-manager/collection-types/${BATCH}/${batchId}/actions/publish`, {});
    expect(early.status).toBe(400);
    expect(early.json.error.message).toBe(
      '发放批次“撤下测试第一批”的“救助项目”“撤下测试救助”还没有发布：请先发布该救助项目，再发布这一批次。',
    );
    expect((await cms.api('GET', `/api/relief-batches/${batchId}`, undefined, cms.buildToken)).status).toBe(404);
    await admin.publish(PROGRAMME, programme);
    await admin.publish(BATCH, batchId);
    expect((await livePair(programme, batchId)).batch.programme?.documentId).toBe(programme);
  });

  it('a batch saved as published with a draft programme is refused and nothing is stored', async () => {
    const programme = await created(
      cms.api('POST', '/api/relief-programmes?status=draft', {
        data: { name: '草稿救助项目', description: '说明', eligibility: '条件' },
      }),
    );
    const res = await cms.api('POST', '/api/relief-batches?status=published', { data: batch('草稿项目的批次', 5, programme) });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('“救助项目”“草稿救助项目”还没有发布');
    expect(res.json.error.details.errors[0].path).toEqual(['programme']);
    const found = await cms.api(
      'GET',
      '/api/relief-batches?status=draft&filters[title][$eq]=草稿项目的批次',
      undefined,
      cms.previewToken,
    );
    expect(found.json.data).toEqual([]);
    // As a draft it may wait for its programme.
    await created(cms.api('POST', '/api/relief-batches?status=draft', { data: batch('草稿项目的批次', 5, programme) }));
  });
});

/**
 * The upgrade, on SQLite: the database is put back in the state the previous version left it
 * (programmes without draft and publish are stored as one published row each, and Strapi's
 * record of the content types says so), then Strapi starts with the new model.
 */
describe.skipIf(process.env.TEST_DATABASE === 'postgres')('upgrading an install from programmes without drafts', () => {
  it('keeps every programme public, and every batch with its programme', async () => {
    const programme = await created(
      cms.api('POST', '/api/relief-programmes', {
        data: { name: '升级前的救助项目', description: '升级前就有的项目', eligibility: '条件' },
      }),
    );
    const published = await created(cms.api('POST', '/api/relief-batches', { data: batch('升级前已发布的批次', 2, programme) }));
    const draft = await created(
      cms.api('POST', '/api/relief-batches?status=draft', { data: batch('升级前的草稿批次', 3, programme) }),
    );

    await cms.pause();
    const db = new DatabaseSync(cms.env.DATABASE_FILENAME as string);
    try {
      // One row per programme, as before: the draft rows go, their links move to the published row.
      const rows = db.prepare('SELECT id, published_at FROM relief_programmes WHERE document_id = ?').all(programme) as {
        id: number;
        published_at: unknown;
      }[];
      const live = rows.find((r) => r.published_at !== null);
      expect(rows).toHaveLength(2);
      for (const row of rows.filter((r) => r.published_at === null)) {
        db.prepare('UPDATE relief_batches_programme_lnk SET relief_programme_id = ? WHERE relief_programme_id = ?').run(
          live?.id ?? 0,
          row.id,
        );
        db.prepare('DELETE FROM relief_programmes WHERE id = ?').run(row.id);
      }
      const key = 'strapi_content_types_schema';
      const stored = db.prepare('SELECT value FROM strapi_core_store_settings WHERE key = ?').get(key) as { value: string };
      const types = JSON.parse(stored.value);
      expect(types[PROGRAMME].options.draftAndPublish).toBe(true);
      types[PROGRAMME].options.draftAndPublish = false;
      db.prepare('UPDATE strapi_core_store_settings SET value = ? WHERE key = ?').run(JSON.stringify(types), key);
    } finally {
      db.close();
    }
    await cms.resume();

    const after = await livePair(programme, published);
    expect(after.programme?.name).toBe('升级前的救助项目');
    expect(after.batch.programme?.slug).toBe(after.programme.slug);
    // A draft to edit exists again, and the draft batch still belongs to the programme.
    const draftProgramme = await cms.api('GET', `/api/relief-programmes/${programme}?status=draft`, undefined, cms.previewToken);
    expect(draftProgramme.status).toBe(200);
    const draftBatch = await cms.api(
      'GET',
      `/api/relief-batches/${draft}?status=draft&populate[programme][fields][0]=name`,
      undefined,
      cms.previewToken,
    );
    expect(draftBatch.json.data.programme?.name).toBe('升级前的救助项目');
    // Publishing that draft batch links it to the public programme.
    await admin.publish(BATCH, draft);
    expect((await livePair(programme, draft)).batch.programme?.slug).toBe(after.programme.slug);
  });
});
