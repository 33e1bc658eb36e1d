import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateSync, gunzipSync } from 'node:zlib';
import type { ThrowawayCms } from './throwaway-cms.ts';

/** Site settings every build needs (the site takes its name and footer from them). */
export const SITE_SETTINGS = {
  siteName: '测试市妇女联合会',
  shortName: '测试市妇联',
  description: '测试站点的简介',
  siteDomain: 'www.example.org',
  address: '测试市测试路 1 号',
  phone: '0592-0000000',
  icpNumber: '闽ICP备00000000号',
  psbNumber: '闽公网安备 35020300000000号',
  psbRecordCode: '35020300000000',
  siteIdCode: '0000000000',
  navigation: [
    { label: '首页', url: '/' },
    { label: '新闻动态', url: '/news/' },
  ],
};

/** An editor's admin session: the content manager's own routes, as the admin panel calls them. */
export interface AdminSession {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  publish(uid: string, documentId: string): Promise<void>;
  unpublish(uid: string, documentId: string): Promise<void>;
  /** Saves the draft and publishes it, as 保存 then 发布 in the admin. */
  editAndPublish(uid: string, documentId: string, data: Record<string, unknown>): Promise<void>;
}

export async function adminSession(cms: ThrowawayCms, email: string, password: string): Promise<AdminSession> {
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { data } = (await login.json()) as { data?: { token?: string } };
  if (!login.ok || !data?.token) throw new Error(`admin login failed: HTTP ${login.status}`);
  const token = data.token;
  const request: AdminSession['request'] = async (method, path, body) => {
    const response = await fetch(`${cms.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  const expectOk = async (what: string, call: Promise<{ status: number; json: any }>) => {
    const { status, json } = await call;
    if (status !== 200 && status !== 201) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(json)}`);
  };
  const base = (uid: string, documentId: string) => `/content-manager/collection-types/${uid}/${documentId}`;
  return {
    request,
    publish: (uid, documentId) => expectOk('publish', request('POST', `${base(uid, documentId)}/actions/publish`, {})),
    unpublish: (uid, documentId) => expectOk('unpublish', request('POST', `${base(uid, documentId)}/actions/unpublish`, {})),
    editAndPublish: async (uid, documentId, data) => {
      await expectOk('save draft', request('PUT', base(uid, documentId), data));
      await expectOk('publish', request('POST', `${base(uid, documentId)}/actions/publish`, {}));
    },
  };
}

/** Every file under dir with a hash of its bytes, by relative path: a site, byte for byte. */
export function treeDigest(dir: string): Record<string, string> {
  const digest: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    digest[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return digest;
}

/** Polls until the check passes (returns a truthy value), or fails naming what it waited for. */
export async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The pages in a built site's Pagefind search index: each fragment file is gzip of
 * `pagefind_dcd` followed by the page's JSON, with its url.
 */
export function searchIndexUrls(site: string): string[] {
  if (!existsSync(join(site, 'pagefind'))) throw new Error(`no search index in ${site}`);
  const fragments = join(site, 'pagefind', 'fragment');
  if (!existsSync(fragments)) return [];
  return readdirSync(fragments).map((name) => {
    const text = gunzipSync(readFileSync(join(fragments, name))).toString('utf8');
    return (JSON.parse(text.replace(/^pagefind_dcd/, '')) as { url: string }).url;
  });
}

/** A valid RGB PNG of one colour, made here: uploads need a real image, tests need no files. */
export function solidPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [168, 32, 58]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
