import type { Core } from '@strapi/strapi';

/** How the webhook is named in 设置 → Webhooks; found again by this name at every start. */
export const PUBLISH_WEBHOOK_NAME = '网站自动发布（系统维护，改动会在重启时还原）';

/**
 * Everything that can change the public site. The publish service (scripts/publisher/) reads
 * each call and skips what cannot: a save of a draft, a new upload nobody uses yet.
 */
export const PUBLISH_WEBHOOK_EVENTS = [
  'entry.create',
  'entry.update',
  'entry.delete',
  'entry.publish',
  'entry.unpublish',
  'media.update',
  'media.delete',
];

interface Webhook {
  id: string;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

interface WebhookStore {
  findWebhooks(): Promise<Webhook[]>;
  createWebhook(data: Omit<Webhook, 'id' | 'isEnabled'>): Promise<Webhook>;
  updateWebhook(id: string, data: Omit<Webhook, 'id'>): Promise<Webhook | null>;
  deleteWebhook(id: string): Promise<Webhook | null>;
}

/** The runner holds the webhooks in memory; it loaded the stored ones before this bootstrap ran. */
interface WebhookRunner {
  add(webhook: Webhook): void;
  update(webhook: Webhook): void;
  remove(webhook: Webhook): void;
}

/**
 * Makes Strapi call the publish service whenever published content or media change, so the
 * site rebuilds itself. PUBLISH_WEBHOOK_URL says where (unset: no webhook, and an old one is
 * removed); PUBLISH_WEBHOOK_SECRET, generated per install into .env, goes as a bearer token.
 */
export async function registerPublishWebhook(strapi: Core.Strapi): Promise<void> {
  const store = strapi.get('webhookStore') as WebhookStore;
  const runner = strapi.get('webhookRunner') as WebhookRunner;
  const ours = (await store.findWebhooks()).filter((webhook) => webhook.name === PUBLISH_WEBHOOK_NAME);
  const url = process.env.PUBLISH_WEBHOOK_URL;
  const secret = process.env.PUBLISH_WEBHOOK_SECRET;

  if (!url) {
    for (const webhook of ours) {
      await store.deleteWebhook(webhook.id);
      runner.remove(webhook);
    }
    return;
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(
      `PUBLISH_WEBHOOK_URL=${url} 不是 http(s) 地址：应为发布服务的 webhook 地址，如 http://127.0.0.1:4322/webhook`,
    );
  }
  if (!secret || secret.length < 32) {
    throw new Error(
      'PUBLISH_WEBHOOK_SECRET 未设置或短于 32 个字符：设置了 PUBLISH_WEBHOOK_URL 就必须有这个密钥（npm start 会在 .env 中生成）。',
    );
  }

  const wanted = {
    name: PUBLISH_WEBHOOK_NAME,
    url,
    headers: { Authorization: `Bearer ${secret}` },
    events: PUBLISH_WEBHOOK_EVENTS,
  };
  const [current, ...duplicates] = ours;
  for (const webhook of duplicates) {
    await store.deleteWebhook(webhook.id);
    runner.remove(webhook);
  }
  if (!current) {
    runner.add(await store.createWebhook(wanted));
    strapi.log.info(`Publish webhook registered: ${url}`);
    return;
  }
  const same =
    current.url === url &&
    current.isEnabled &&
    current.headers?.Authorization === wanted.headers.Authorization &&
    Object.keys(current.headers ?? {}).length === 1 &&
    [...current.events].sort().join() === [...wanted.events].sort().join();
  if (same) return;
  const updated = await store.updateWebhook(current.id, { ...wanted, isEnabled: true });
  if (!updated) throw new Error(`无法更新 webhook “${PUBLISH_WEBHOOK_NAME}”（id ${current.id}）`);
  runner.update(updated);
  strapi.log.info(`Publish webhook updated: ${url}`);
}
