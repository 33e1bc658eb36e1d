import { createHash, timingSafeEqual } from 'node:crypto';

/*
 * Strapi's webhook calls, as the publish service understands them. The CMS registers the
 * webhook itself, with the shared secret as a bearer token and the events it sends
 * (cms/src/bootstrap/publish-webhook.ts); this side decides which of them change the site.
 */

/** One accepted call, kept small for the status page. */
export interface CmsEvent {
  event: string;
  /** The content type, e.g. api::training.training; absent for media. */
  uid: string | null;
  documentId: string | null;
  /** The document's title or name, or the file's name, when the payload has one. */
  label: string | null;
  receivedAt: string;
}

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** Constant-time comparison of `Authorization: Bearer <secret>` with the install's secret. */
export function hasSecret(authorization: string | undefined, secret: string): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match) return false;
  // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1] as string), digest(secret));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Reads a webhook body and says whether it can change the public site. Throws PayloadError,
 * naming what is missing, for anything that is not a Strapi webhook call.
 */
export function readWebhook(body: string, receivedAt = new Date()): { event: CmsEvent; affectsLive: boolean; why: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new PayloadError(`请求体不是 JSON（${body.length === 0 ? '为空' : `以“${body.slice(0, 40)}”开头`}）`);
  }
  if (!isObject(payload)) throw new PayloadError('请求体应为 JSON 对象');
  const name = text(payload.event);
  if (!name) throw new PayloadError('缺少 event 字段（应为 entry.publish 这样的事件名）');

  if (name.startsWith('entry.')) {
    const uid = text(payload.uid);
    const entry = payload.entry;
    if (!uid || !isObject(entry)) throw new PayloadError(`${name} 事件应带有 uid 和 entry 对象`);
    const event: CmsEvent = {
      event: name,
      uid,
      documentId: text(entry.documentId),
      label: text(entry.title) ?? text(entry.name) ?? text(entry.siteName),
      receivedAt: receivedAt.toISOString(),
    };
    // Admin users, API tokens and plugins' own types are documents too; the site shows none.
    if (!uid.startsWith('api::')) return { event, affectsLive: false, why: `${uid} 不是网站内容` };
    if (name === 'entry.publish' || name === 'entry.unpublish') return { event, affectsLive: true, why: '发布状态改变' };
    if (name === 'entry.draft-discard') return { event, affectsLive: false, why: '放弃草稿不影响已发布的内容' };
    // Writes to a draft-and-publish type touch the draft only (publishedAt null); types without
    // draft and publish are published on every save, and a deleted published version has it too.
    const published = entry.publishedAt !== null && entry.publishedAt !== undefined;
    return published
      ? { event, affectsLive: true, why: '已发布的内容改变' }
      : { event, affectsLive: false, why: '只改了草稿，公开网站不变' };
  }

  if (name.startsWith('media.')) {
    const media = payload.media;
    if (!isObject(media)) throw new PayloadError(`${name} 事件应带有 media 对象`);
    const event: CmsEvent = {
      event: name,
      uid: null,
      documentId: text(media.documentId),
      label: text(media.name),
      receivedAt: receivedAt.toISOString(),
    };
    // A new upload shows nowhere until a document that uses it is published.
    if (name === 'media.create') return { event, affectsLive: false, why: '新上传的文件尚未被已发布的内容使用' };
    return { event, affectsLive: true, why: '媒体文件改变（替代文字、文件本身或删除）' };
  }

  return {
    event: { event: name, uid: text(payload.uid), documentId: null, label: null, receivedAt: receivedAt.toISOString() },
    affectsLive: false,
    why: `发布服务不处理 ${name} 事件`,
  };
}
