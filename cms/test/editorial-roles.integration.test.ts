import { addAdminUser } from '@fulian/testkit/admin-users';
import { type AdminSession, adminSession } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The review step through the admin API, as the admin panel calls it: an 编辑 writes drafts
// and cannot publish; an 审核 publishes and unpublishes. Roles come from the CMS's bootstrap.

const SUPER = { email: 'chief@fulian.test', password: 'Chief-Passw0rd-Test' };
const WRITER = { email: 'writer@fulian.test', password: 'Writer-Passw0rd-1', firstname: '小', lastname: '编' };
const REVIEWER = { email: 'reviewer@fulian.test', password: 'Reviewer-Passw0rd-1', firstname: '老', lastname: '审' };
const NEWS = 'api::news.news';
const CATEGORY = 'api::category.category';
const PROGRAMME = 'api::relief-programme.relief-programme';
const base = `/content-manager/collection-types/${NEWS}`;

let cms: ThrowawayCms;
let chief: AdminSession;
let writer: AdminSession;
let reviewer: AdminSession;

beforeAll(async () => {
  cms = await startThrowawayCms({ CMS_ADMIN_EMAIL: SUPER.email, CMS_ADMIN_PASSWORD: SUPER.password });
  chief = await adminSession(cms, SUPER.email, SUPER.password);
  await addAdminUser(chief, WRITER, 'fulian-editor');
  await addAdminUser(chief, REVIEWER, 'fulian-reviewer');
  writer = await adminSession(cms, WRITER.email, WRITER.password);
  reviewer = await adminSession(cms, REVIEWER.email, REVIEWER.password);
});

afterAll(async () => {
  await cms?.stop();
});

/** Whether the site's read-only token sees the news item (published content only). */
async function live(documentId: string): Promise<boolean> {
  const { status } = await cms.api('GET', `/api/news-items/${documentId}`, undefined, cms.buildToken);
  return status === 200;
}

async function writeDraft(title: string): Promise<string> {
  const { status, json } = await writer.request('POST', base, {
    title,
    date: '2018-04-16',
    summary: '摘要',
    body: '正文第一段。',
  });
  expect(status, JSON.stringify(json)).toBe(201);
  return json.data.documentId as string;
}

describe('roles 编辑 and 审核', () => {
  it('are set up at start with Chinese names', async () => {
    const { json } = await chief.request('GET', '/admin/roles');
    const names = (json.data as { code: string; name: string }[]).map((r) => `${r.code}:${r.name}`);
    expect(names).toEqual(expect.arrayContaining(['fulian-editor:编辑', 'fulian-reviewer:审核']));
  });

  it('an 编辑 writes and edits drafts but cannot publish, unpublish or delete', async () => {
    const documentId = await writeDraft('编辑写的稿件');
    const edited = await writer.request('PUT', `${base}/${documentId}`, { summary: '改过的摘要' });
    expect(edited.status).toBe(200);

    const publish = await writer.request('POST', `${base}/${documentId}/actions/publish`, {});
    expect(publish.status).toBe(403);
    expect(await live(documentId)).toBe(false);

    // Publishing in bulk from the list view is the same action, refused the same way.
    const bulk = await writer.request('POST', `${base}/actions/bulkPublish`, { documentIds: [documentId] });
    expect(bulk.status).toBe(403);
    expect(await live(documentId)).toBe(false);

    // The 审核 publishes; then the 编辑 can neither take it off the site nor delete it.
    await reviewer.publish(NEWS, documentId);
    expect(await live(documentId)).toBe(true);
    expect((await writer.request('POST', `${base}/${documentId}/actions/unpublish`, {})).status).toBe(403);
    expect((await writer.request('DELETE', `${base}/${documentId}`)).status).toBe(403);
    expect(await live(documentId)).toBe(true);
  });

  it('an 审核 publishes and unpublishes', async () => {
    const documentId = await writeDraft('待审核的稿件');
    const publish = await reviewer.request('POST', `${base}/${documentId}/actions/publish`, {});
    expect(publish.status, JSON.stringify(publish.json)).toBe(200);
    expect(await live(documentId)).toBe(true);
    const unpublish = await reviewer.request('POST', `${base}/${documentId}/actions/unpublish`, {});
    expect(unpublish.status, JSON.stringify(unpublish.json)).toBe(200);
    expect(await live(documentId)).toBe(false);
  });

  it('relief programmes: an 编辑 drafts one, only an 审核 publishes or unpublishes it', async () => {
    const programmes = `/content-manager/collection-types/${PROGRAMME}`;
    const made = await writer.request('POST', programmes, {
      name: '编辑起草的救助项目',
      description: '说明',
      eligibility: '条件',
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const documentId = made.json.data.documentId as string;
    const isLive = async () =>
      (await cms.api('GET', `/api/relief-programmes/${documentId}`, undefined, cms.buildToken)).status === 200;
    expect(await isLive()).toBe(false);
    expect((await writer.request('POST', `${programmes}/${documentId}/actions/publish`, {})).status).toBe(403);
    expect(await isLive()).toBe(false);
    await reviewer.publish(PROGRAMME, documentId);
    expect(await isLive()).toBe(true);
    expect((await writer.request('POST', `${programmes}/${documentId}/actions/unpublish`, {})).status).toBe(403);
    expect((await writer.request('DELETE', `${programmes}/${documentId}`)).status).toBe(403);
    expect(await isLive()).toBe(true);
    await reviewer.unpublish(PROGRAMME, documentId);
    expect(await isLive()).toBe(false);
  });

  it('an 编辑 only reads what goes live on save (categories); an 审核 edits it', async () => {
    const categories = `/content-manager/collection-types/${CATEGORY}`;
    expect((await writer.request('POST', categories, { name: '新分类', slug: 'xin-fenlei' })).status).toBe(403);
    expect((await writer.request('GET', categories)).status).toBe(200);
    expect((await reviewer.request('POST', categories, { name: '新分类', slug: 'xin-fenlei' })).status).toBe(201);
  });

  it('neither sees User, the Marketplace, the content-type builder or the settings', async () => {
    for (const session of [writer, reviewer]) {
      const users = await session.request('GET', '/content-manager/collection-types/plugin::users-permissions.user');
      expect(users.status).toBe(403);
      const { json } = await session.request('GET', '/admin/users/me/permissions');
      const actions = (json.data as { action: string }[]).map((p) => p.action);
      expect(actions).toContain('plugin::upload.assets.create');
      for (const hidden of [
        'admin::marketplace.read',
        'plugin::content-type-builder.read',
        'admin::users.read',
        'admin::roles.read',
        'admin::webhooks.read',
      ]) {
        expect(actions).not.toContain(hidden);
      }
    }
  });

  it('the super admin keeps everything', async () => {
    const { json } = await chief.request('GET', '/admin/users/me/permissions');
    const actions = new Set((json.data as { action: string }[]).map((p) => p.action));
    expect(actions).toContain('plugin::content-manager.explorer.publish');
    expect(actions).toContain('plugin::content-type-builder.read');
  });
});
