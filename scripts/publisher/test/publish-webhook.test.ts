import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentContractError } from '@fulian/site/build-report';
import { describe, expect, it } from 'vitest';
import { buildErrorMessage, failedDocuments } from '../src/build-report.ts';
import { hasSecret, PayloadError, readWebhook } from '../src/webhook-events.ts';

const entry = (event: string, uid: string, fields: Record<string, unknown>) =>
  JSON.stringify({ event, createdAt: '2018-04-20T00:00:00.000Z', model: 'news', uid, entry: { documentId: 'd1', ...fields } });

describe('which webhook calls change the public site', () => {
  it.each([
    ['entry.publish', 'api::news.news', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    ['entry.unpublish', 'api::news.news', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    // Draft-and-publish types: a save touches only the draft.
    ['entry.update', 'api::news.news', { publishedAt: null }, false],
    ['entry.create', 'api::news.news', { publishedAt: null }, false],
    // Relief programmes have draft and publish like news: a draft save of one is not live.
    ['entry.publish', 'api::relief-programme.relief-programme', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    ['entry.unpublish', 'api::relief-programme.relief-programme', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    ['entry.update', 'api::relief-programme.relief-programme', { publishedAt: null }, false],
    ['entry.create', 'api::relief-programme.relief-programme', { publishedAt: null }, false],
    // Types without draft and publish are live on every save.
    ['entry.update', 'api::category.category', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    // Deleting a document deletes its published version too.
    ['entry.delete', 'api::news.news', { publishedAt: '2018-04-20T00:00:00.000Z' }, true],
    ['entry.delete', 'api::news.news', { publishedAt: null }, false],
    ['entry.draft-discard', 'api::news.news', { publishedAt: null }, false],
    // The admin's own users and tokens are documents too, but not on the site.
    ['entry.update', 'admin::user', { publishedAt: '2018-04-20T00:00:00.000Z' }, false],
  ])('%s of %s %j → %s', (event, uid, fields, affectsLive) => {
    const call = readWebhook(entry(event, uid, fields));
    expect(call.affectsLive).toBe(affectsLive);
    expect(call.event).toMatchObject({ event, uid, documentId: 'd1' });
  });

  it('media: changes and deletions count, a new upload does not', () => {
    const media = (event: string) => JSON.stringify({ event, media: { name: 'cover.png', documentId: 'm1' } });
    expect(readWebhook(media('media.update')).affectsLive).toBe(true);
    expect(readWebhook(media('media.delete')).affectsLive).toBe(true);
    expect(readWebhook(media('media.create')).affectsLive).toBe(false);
    expect(readWebhook(media('media.update')).event.label).toBe('cover.png');
  });

  it.each([
    ['', /不是 JSON（为空）/],
    ['<xml/>', /不是 JSON（以“<xml\/>”开头）/],
    ['"entry.publish"', /应为 JSON 对象/],
    ['{"event": 3}', /缺少 event 字段/],
    ['{"event": "entry.publish", "uid": "api::news.news"}', /应带有 uid 和 entry 对象/],
    ['{"event": "media.delete", "media": []}', /应带有 media 对象/],
  ])('refuses %j, saying what is wrong', (body, message) => {
    expect(() => readWebhook(body)).toThrow(PayloadError);
    expect(() => readWebhook(body)).toThrow(message);
  });

  it('checks the bearer secret exactly', () => {
    const secret = 'a'.repeat(64);
    expect(hasSecret(`Bearer ${secret}`, secret)).toBe(true);
    expect(hasSecret(secret, secret)).toBe(false);
    expect(hasSecret(`Bearer ${secret}x`, secret)).toBe(false);
    expect(hasSecret(`Bearer ${'a'.repeat(63)}`, secret)).toBe(false);
    expect(hasSecret(undefined, secret)).toBe(false);
  });
});

describe('what a failed build said', () => {
  const contract = [
    '19:04:22 [content] Syncing content',
    '19:04:22 [strapi:categories] 6 新闻分类（更新 0，删除 0）',
    '“新闻”中有 2 处内容不符合约定，构建已停止：',
    '  - 新闻 documentId=q3vabc“封面缺少替代文字”：cover.alternativeText: 图片缺少替代文字（alternativeText）',
    '  - 新闻 documentId=z9x：summary: 必填',
    '  Location:',
    '    /work/main/site/src/cms/strapi-loader.ts:56:13',
    '  Stack trace:',
    '    at Object.load (/work/main/site/src/cms/strapi-loader.ts:56:13)',
  ].join('\n');

  it('takes the thrown message, not the log or the stack', () => {
    expect(buildErrorMessage(contract)).toBe(contract.split('\n').slice(2, 5).join('\n'));
  });

  it('names each refused document, its title and the field, from the report the build wrote', () => {
    const report = join(mkdtempSync(join(tmpdir(), 'build-report-')), 'report.json');
    expect(failedDocuments(report)).toEqual([]);
    const refused = [
      {
        collection: '新闻',
        documentId: 'q3vabc',
        title: '封面缺少替代文字',
        problem: 'cover.alternativeText: 图片缺少替代文字（alternativeText）',
      },
      { collection: '新闻', documentId: 'z9x', title: null, problem: 'summary: 必填' },
    ];
    process.env.SITE_BUILD_REPORT = report;
    try {
      const error = new ContentContractError('新闻', refused);
      // The message names them the way editors read them; the report holds the same as data.
      expect(error.message).toContain('新闻 documentId=q3vabc“封面缺少替代文字”：cover.alternativeText');
      new ContentContractError('站点设置', [
        { collection: '站点设置', documentId: null, title: null, problem: 'siteName: 必填' },
      ]);
    } finally {
      delete process.env.SITE_BUILD_REPORT;
    }
    expect(failedDocuments(report)).toEqual([
      ...refused,
      { collection: '站点设置', documentId: null, title: null, problem: 'siteName: 必填' },
    ]);
  });

  it('falls back to the last lines when the output has no error report', () => {
    expect(buildErrorMessage('a\nb\n\nKilled\n')).toBe('a\nb\nKilled');
  });
});
