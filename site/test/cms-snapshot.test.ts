import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CmsClient, PAGE_SIZE } from '../src/cms/client.ts';
import { CmsRequestError } from '../src/cms/errors.ts';
import { cmsFromEnv } from '../src/cms/settings.ts';
import { writeSnapshotFile } from '../src/cms/snapshot.ts';
import {
  type ContentSnapshot,
  describeAge,
  readSnapshot,
  readSnapshotHead,
  replayFetch,
  SNAPSHOT_FILE,
} from '../src/cms/snapshot-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function snapshotDir(snapshot: ContentSnapshot): string {
  const dir = mkdtempSync(join(tmpdir(), 'fulian-snapshot-'));
  dirs.push(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify(snapshot));
  return dir;
}

const list = { data: [{ documentId: 'a', slug: 'a' }], meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 1 } } };

describe('the content snapshot', () => {
  it('answers the same requests the build made, and nothing else', async () => {
    const client = new CmsClient({ baseUrl: 'http://cms.invalid', token: 't' });
    const url = client.url('/api/news-items', {
      status: 'published',
      sort: ['id:asc'],
      pagination: { page: 1, pageSize: PAGE_SIZE, withCount: true },
    });
    const snapshot: ContentSnapshot = {
      version: 1,
      takenAt: '2018-04-20T08:00:00.000Z',
      cmsUrl: 'http://cms.invalid',
      responses: { [new URL(url).pathname + new URL(url).search]: list },
    };
    const replaying = new CmsClient({ baseUrl: 'http://cms.invalid', token: 't', fetch: replayFetch(snapshot), retries: 0 });
    expect(await replaying.getAll('news-items')).toEqual(list.data);
    const missing = await replaying.getAll('trainings').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CmsRequestError);
    expect((missing as Error).message).toMatch(/内容快照（截至 2018-04-20T08:00:00.000Z）中没有这个请求：\/api\/trainings/);
  });

  it('is written from the answers’ own text and reads back as the answers the build parsed', () => {
    const answers = new Map([
      ['/api/news-items?status=published&fields[0]=title', JSON.stringify(list)],
      ['/api/site-setting?populate[logo]=true', '{ "data": { "name": "妇联 \\u2028 \\"引号\\"" } }\n'],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'fulian-snapshot-'));
    dirs.push(dir);
    writeSnapshotFile(join(dir, SNAPSHOT_FILE), {
      takenAt: '2018-04-20T08:00:00.000Z',
      cmsUrl: 'http://cms.invalid',
      responses: answers,
    });
    expect(readSnapshot(dir)).toEqual({
      version: 1,
      takenAt: '2018-04-20T08:00:00.000Z',
      cmsUrl: 'http://cms.invalid',
      responses: Object.fromEntries([...answers].map(([key, answer]) => [key, JSON.parse(answer)])),
    });
  });

  it('gives its head (date, CMS) from the file’s start, and from a file of another layout by a whole read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fulian-snapshot-'));
    dirs.push(dir);
    // Answers far beyond the part read: only the head is parsed.
    const big = JSON.stringify({ data: 'x'.repeat(100_000) });
    writeSnapshotFile(join(dir, SNAPSHOT_FILE), {
      takenAt: '2018-04-20T08:00:00.000Z',
      cmsUrl: 'http://cms.invalid',
      responses: new Map([['/api/a', big]]),
    });
    const head = { version: 1, takenAt: '2018-04-20T08:00:00.000Z', cmsUrl: 'http://cms.invalid' };
    expect(readSnapshotHead(dir)).toEqual(head);
    // Pretty-printed (another writer), or keys in another order: read whole, same head.
    writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify({ responses: {}, ...head }, null, 2));
    expect(readSnapshotHead(dir)).toEqual(head);
    writeFileSync(join(dir, SNAPSHOT_FILE), '{"version":2,"takenAt":"x","responses":{}}');
    expect(() => readSnapshotHead(dir)).toThrow(/格式无法识别/);
    rmSync(join(dir, SNAPSHOT_FILE));
    expect(() => readSnapshotHead(dir)).toThrow(/没有内容快照/);
  });

  it('is used only when asked, from the same CMS address, and says so', () => {
    const dir = snapshotDir({ version: 1, takenAt: new Date().toISOString(), cmsUrl: 'http://127.0.0.1:1337', responses: {} });
    expect(() => cmsFromEnv({ SITE_FROM_SNAPSHOT: 'true', CMS_URL: 'http://127.0.0.1:1337' })).toThrow(/SITE_SNAPSHOT_DIR/);
    expect(() => cmsFromEnv({ SITE_FROM_SNAPSHOT: 'true', SITE_SNAPSHOT_DIR: dir, CMS_URL: 'http://10.0.0.1:1337' })).toThrow(
      /快照取自 http:\/\/127\.0\.0\.1:1337，而 CMS_URL 是 http:\/\/10\.0\.0\.1:1337/,
    );
    expect(() => cmsFromEnv({ SITE_FROM_SNAPSHOT: 'true', SITE_PREVIEW: 'true' })).toThrow(/不能同时使用/);
    expect(cmsFromEnv({ SITE_FROM_SNAPSHOT: 'true', SITE_SNAPSHOT_DIR: dir, CMS_URL: 'http://127.0.0.1:1337' })).toBeInstanceOf(
      CmsClient,
    );
  });

  it('refuses a missing or unknown snapshot with what to do', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fulian-snapshot-'));
    dirs.push(empty);
    expect(() => readSnapshot(empty)).toThrow(/没有内容快照/);
    const old = snapshotDir({ version: 0 } as unknown as ContentSnapshot);
    expect(() => readSnapshot(old)).toThrow(/格式无法识别/);
  });

  it('says how old it is in words', () => {
    const now = Date.parse('2018-04-20T12:00:00Z');
    expect(describeAge('2018-04-20T11:59:50Z', now)).toBe('不到 1 分钟');
    expect(describeAge('2018-04-20T08:48:00Z', now)).toBe('3 小时 12 分钟');
    expect(describeAge('2018-04-18T12:00:00Z', now)).toBe('2 天');
  });
});
