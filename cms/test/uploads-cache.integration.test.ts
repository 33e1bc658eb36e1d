import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { SITE_DIR } from '@fulian/tooling/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// sharp is the site's dependency (Strapi's own copy is not reachable from cms/): borrowed to draw the uploads.
type Sharp = (options: { create: { width: number; height: number; channels: 3; background: string } }) => {
  jpeg(): { toBuffer(): Promise<Buffer> };
};
const sharp = createRequire(join(SITE_DIR, 'package.json'))('sharp') as Sharp;

// How the real Strapi serves uploads to the site's image store (cms/src/middlewares/conditional-get.ts).

const IMMUTABLE = 'public, max-age=31536000, immutable';

let cms: ThrowawayCms;
let id: number;

interface UploadFile {
  url: string;
  hash: string;
  size: number;
  updatedAt: string;
}

const photo = (background: string) =>
  sharp({ create: { width: 640, height: 360, channels: 3, background } })
    .jpeg()
    .toBuffer();

const file = async () => (await cms.api('GET', `/api/upload/files/${id}`)).json as UploadFile;
const versioned = (f: UploadFile) => `${cms.url}${f.url}?v=${Date.parse(f.updatedAt)}`;

beforeAll(async () => {
  cms = await startThrowawayCms();
  id = await cms.upload('cover.jpg', await photo('#a8203a'), 'image/jpeg', '封面');
});

afterAll(async () => {
  await cms?.stop();
});

describe('uploads, as the site fetches them', () => {
  it('serves the URL with the current version as immutable for a year', async () => {
    const current = await file();
    const response = await fetch(versioned(current));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(IMMUTABLE);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('serves the bare URL, or a version that is not current, as Strapi does: revalidate', async () => {
    const current = await file();
    for (const url of [`${cms.url}${current.url}`, `${cms.url}${current.url}?v=12345`, `${cms.url}${current.url}?v=abc`]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control'), url).not.toContain('immutable');
      await response.arrayBuffer();
    }
  });

  it('keeps the URL when an editor replaces the file, so only the version tells the bytes apart', async () => {
    const before = await file();
    const oldVersion = versioned(before);
    // Strapi's updatedAt has millisecond precision; make sure the replacement gets a new one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await photo('#2d3047'))], { type: 'image/jpeg' }), 'cover-new.jpg');
    const replaced = await fetch(`${cms.url}/api/upload?id=${id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.writeToken}` },
      body: form,
    });
    expect(replaced.status).toBe(200);

    const after = await file();
    expect(after.url).toBe(before.url);
    expect(after.hash).toBe(before.hash);
    expect(after.updatedAt).not.toBe(before.updatedAt);

    const stale = await fetch(oldVersion);
    expect(stale.headers.get('cache-control')).not.toContain('immutable');
    await stale.arrayBuffer();
    const fresh = await fetch(versioned(after));
    expect(fresh.headers.get('cache-control')).toBe(IMMUTABLE);
    const bytes = Buffer.from(await fresh.arrayBuffer());
    expect(Math.round((bytes.length / 1000) * 100) / 100).toBe(after.size);
  });

  it('still answers a conditional request for an unchanged upload with 304', async () => {
    const current = await file();
    const first = await fetch(versioned(current));
    const lastModified = first.headers.get('last-modified') as string;
    await first.arrayBuffer();
    expect(lastModified).toBeTruthy();
    const again = await fetch(versioned(current), { headers: { 'If-Modified-Since': lastModified } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe(IMMUTABLE);
  });
});
