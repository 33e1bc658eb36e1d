import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ImageSourceError,
  ImageStore,
  type MediaObject,
  pictureData,
  pictureHtml,
  shareImagePath,
  storeDir,
} from '../src/images/index.ts';
import { imageStore } from '../src/images/integration.ts';
import { Limiter, SharedLimiter } from '../src/images/limiter.ts';
import { ENCODERS } from '../src/images/settings.ts';

// The image store with the real sharp, a real HTTP server standing in for the CMS's
// /uploads/ (it counts every request) and real folders.

interface Upload {
  bytes: Buffer;
  /** Answers to give before the file: status codes, e.g. [503]. */
  failures?: number[];
}

let server: Server;
let cmsUrl: string;
let work: string;
const uploads = new Map<string, Upload>();
const requests: string[] = [];

const kilobytes = (bytes: Buffer) => Math.round((bytes.length / 1000) * 100) / 100;

async function photo(width: number, height: number, colour = '#a8203a'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([
      { input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="50%" cy="50%" r="30%" fill="#fbeff1"/></svg>`) },
    ])
    .jpeg()
    .toBuffer();
}

async function graphic(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      { input: Buffer.from(`<svg width="${width}" height="${height}"><rect width="50%" height="50%" fill="#588b8b"/></svg>`) },
    ])
    .png()
    .toBuffer();
}

/** A media object as Strapi's REST API gives it, for bytes served at /uploads/<hash><ext>. */
function media(
  hash: string,
  bytes: Buffer,
  meta: { width: number; height: number; mime: string; updatedAt?: string },
): MediaObject {
  const ext = meta.mime === 'image/png' ? '.png' : '.jpg';
  const url = `/uploads/${hash}${ext}`;
  uploads.set(url, { bytes });
  return {
    url,
    hash,
    ext,
    mime: meta.mime,
    width: meta.width,
    height: meta.height,
    size: kilobytes(bytes),
    updatedAt: meta.updatedAt ?? '2026-03-01T08:00:00.000Z',
    alternativeText: '学员在市妇女儿童活动中心参加培训',
  };
}

function store(dir: string, outDir: string, extra: Partial<ConstructorParameters<typeof ImageStore>[0]> = {}) {
  return new ImageStore({ dir, outDir, cmsUrl, backoffMs: 1, ...extra });
}

/** Every URL in src and srcset attributes. */
const referenced = (html: string) =>
  [...html.matchAll(/(?:src|srcset)="([^"]+)"/g)].flatMap(([, value = '']) =>
    value.split(',').map((candidate) => candidate.trim().split(' ')[0] as string),
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname}${url.search}`);
    const upload = uploads.get(url.pathname);
    if (!upload) {
      res.writeHead(404).end();
      return;
    }
    const failure = upload.failures?.shift();
    if (failure) {
      res.writeHead(failure).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(upload.bytes);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  cmsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = mkdtempSync(join(tmpdir(), 'fulian-images-'));
});

afterAll(() => {
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
});

describe('a cover photo', () => {
  let cover: MediaObject;
  const dir = () => join(work, 'photo-store');

  beforeAll(async () => {
    cover = media('training_5f1c2a', await photo(1600, 900), { width: 1600, height: 900, mime: 'image/jpeg' });
  });

  it('becomes AVIF and WebP sources at 480, 960 and 1440 px and a JPEG fallback, all in _img/', async () => {
    const outDir = join(work, 'dist-1');
    const images = store(dir(), outDir);
    const data = await pictureData(cover, {}, images);

    expect(data.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    for (const source of data.sources) {
      expect(source.srcset).toMatch(/^\/_img\/\S+ 480w, \/_img\/\S+ 960w, \/_img\/\S+ 1440w$/);
      expect(source.sizes).toBe('(min-width: 48rem) 42rem, 100vw');
    }
    expect(data.img).toMatchObject({
      width: 1600,
      height: 900,
      alt: '学员在市妇女儿童活动中心参加培训',
      loading: 'lazy',
      decoding: 'async',
      fetchpriority: 'auto',
      sizes: '(min-width: 48rem) 42rem, 100vw',
    });
    expect(data.img.src).toMatch(/^\/_img\/training_5f1c2a_1440\.[0-9a-f]{32}\.jpg$/);
    expect(data.img.srcset.split(', ')).toHaveLength(3);

    const html = await pictureHtml(cover, {}, images);
    const files = [...new Set(referenced(html))];
    expect(files).toHaveLength(9);
    for (const file of files) {
      const path = join(outDir, file);
      expect(existsSync(path), file).toBe(true);
      const meta = await sharp(path).metadata();
      const width = Number(/_(\d+)\./.exec(file)?.[1]);
      expect(meta.width, file).toBe(width);
      expect(meta.format, file).toBe(({ avif: 'heif', webp: 'webp', jpg: 'jpeg' } as const)[file.split('.').pop() as string]);
      // Linked from the store, not a second copy.
      expect(statSync(path).nlink, file).toBeGreaterThan(1);
    }
    expect(images.stats()).toEqual({ encoded: 9, reused: 0, downloaded: 1 });
    expect(requests).toEqual([`${cover.url}?v=${Date.parse(cover.updatedAt)}`]);
  });

  it('is not downloaded, revalidated or encoded again by another build with the same store', async () => {
    const outDir = join(work, 'dist-2');
    const again = store(dir(), outDir);
    const first = await pictureHtml(cover, {}, store(dir(), join(work, 'dist-1')));
    const html = await pictureHtml(cover, {}, again);
    expect(html).toBe(first);
    expect(again.stats()).toEqual({ encoded: 0, reused: 9, downloaded: 0 });
    expect(requests).toEqual([]);
    for (const file of referenced(html)) expect(existsSync(join(outDir, file)), file).toBe(true);
  });

  it('reports a build rendered on two threads as one: each variant once, encoded if either thread encoded it', async () => {
    // The main thread's store encodes the cover; the second thread's, sharing the store's
    // folder, then finds it; the build's report adds the second's record to the first's.
    const fresh = join(work, 'two-threads-store');
    const main = store(fresh, join(work, 'dist-main'));
    const second = store(fresh, join(work, 'dist-main'));
    await pictureHtml(cover, {}, main);
    await pictureHtml(cover, {}, second);
    expect(second.stats()).toEqual({ encoded: 0, reused: 9, downloaded: 0 });
    main.add(second.record());
    expect(main.stats()).toEqual({ encoded: 9, reused: 0, downloaded: 1 });
    const other = store(fresh, join(work, 'dist-main'));
    other.add(second.record());
    other.add(second.record());
    expect(other.stats()).toEqual({ encoded: 0, reused: 9, downloaded: 0 });
  });

  it('works without the CMS once stored', async () => {
    const offline = new ImageStore({ dir: dir(), outDir: join(work, 'dist-offline') });
    await expect(pictureHtml(cover, {}, offline)).resolves.toContain('<picture>');
    expect(offline.stats().encoded).toBe(0);
  });

  it('is downloaded again but not encoded again when only its record changed (alt text edited)', async () => {
    const edited = { ...cover, updatedAt: '2026-03-02T09:30:00.000Z', alternativeText: '新的替代文字' };
    const images = store(dir(), join(work, 'dist-3'));
    const html = await pictureHtml(edited, {}, images);
    expect(html).toContain('alt="新的替代文字"');
    expect(images.stats()).toEqual({ encoded: 0, reused: 9, downloaded: 1 });
    expect(requests).toEqual([`${cover.url}?v=${Date.parse(edited.updatedAt)}`]);
  });

  it('is encoded again when the file was replaced under the same URL', async () => {
    const before = await pictureData(cover, {}, store(dir(), join(work, 'dist-4')));
    const bytes = await photo(1600, 900, '#2d3047');
    uploads.set(cover.url, { bytes });
    const replaced = { ...cover, size: kilobytes(bytes), updatedAt: '2026-03-05T10:00:00.000Z' };
    const images = store(dir(), join(work, 'dist-4'));
    const after = await pictureData(replaced, {}, images);
    expect(images.stats()).toEqual({ encoded: 9, reused: 0, downloaded: 1 });
    expect(after.img.src).not.toBe(before.img.src);
    expect(after.img.src.startsWith('/_img/training_5f1c2a_1440.')).toBe(true);
  });

  it('re-encodes only the variants whose encoder setting changed', async () => {
    const images = store(dir(), join(work, 'dist-5'), { encoders: { ...ENCODERS, avif: { quality: 45, effort: 2 } } });
    await pictureHtml(cover, {}, images);
    expect(images.stats()).toEqual({ encoded: 3, reused: 6, downloaded: 0 });
  });

  it('is eager with high priority above the fold, and takes the caller’s alt and sizes', async () => {
    const data = await pictureData(cover, { eager: true, alt: '正文配图', sizes: '50vw' }, store(dir(), join(work, 'dist-6')));
    expect(data.img).toMatchObject({ loading: 'eager', fetchpriority: 'high', alt: '正文配图', sizes: '50vw' });
    expect(data.sources.every((s) => s.sizes === '50vw')).toBe(true);
  });

  it('escapes the alt text in HTML', async () => {
    const html = await pictureHtml(cover, { alt: '"><script>x</script>' }, store(dir(), join(work, 'dist-6')));
    expect(html).not.toContain('<script>');
    expect(html).toContain('alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('gives a 1200 px JPEG for social apps', async () => {
    const outDir = join(work, 'dist-7');
    const path = await shareImagePath(cover, store(dir(), outDir));
    expect(path).toMatch(/^\/_img\/training_5f1c2a_1200\.[0-9a-f]{32}\.jpg$/);
    expect(await sharp(join(outDir, path)).metadata()).toMatchObject({ width: 1200, height: 675, format: 'jpeg' });
  });

  it('links the pictures of HTML kept from an earlier build into a new output folder', async () => {
    const html = await pictureHtml(cover, {}, store(dir(), join(work, 'dist-8')));
    const outDir = join(work, 'dist-9');
    const images = store(dir(), outDir);
    expect(await images.publishReferenced(`<p>正文</p>${html}`)).toBe(9);
    for (const file of referenced(html)) expect(existsSync(join(outDir, file)), file).toBe(true);
    expect(images.stats().encoded).toBe(0);
    await expect(images.publishReferenced('<img src="/_img/gone_480.0123456789abcdef0123456789abcdef.avif">')).rejects.toThrow(
      /图片库中没有 \/_img\/gone_480/,
    );
  });
});

describe('other uploads', () => {
  it('a graphic keeps a PNG fallback, and a small one is never upscaled', async () => {
    const poster = media('poster_77aa', await graphic(300, 420), { width: 300, height: 420, mime: 'image/png' });
    const outDir = join(work, 'dist-graphic');
    const data = await pictureData(poster, {}, store(join(work, 'graphic-store'), outDir));
    expect(data.img.src).toMatch(/_300\.[0-9a-f]{32}\.png$/);
    expect(data.img.srcset).toMatch(/^\S+ 300w$/);
    expect(data.sources.map((s) => s.srcset.split(', ').length)).toEqual([1, 1]);
    expect(await sharp(join(outDir, data.img.src)).metadata()).toMatchObject({ width: 300, format: 'png', hasAlpha: true });
  });

  it('a graphic shared as JPEG gets a white background where it was transparent', async () => {
    const poster = media('poster_88bb', await graphic(300, 420), { width: 300, height: 420, mime: 'image/png' });
    const outDir = join(work, 'dist-graphic-share');
    const path = await shareImagePath(poster, store(join(work, 'graphic-store'), outDir));
    // The bottom-right quarter of the graphic is transparent.
    const { data } = await sharp(join(outDir, path)).extract({ left: 280, top: 400, width: 1, height: 1 }).raw().toBuffer({
      resolveWithObject: true,
    });
    expect([...data].every((v) => v > 245)).toBe(true);
  });

  it('a CMS that answers 503 at first is asked again', async () => {
    const bytes = await photo(500, 300);
    const upload = media('retry_1', bytes, { width: 500, height: 300, mime: 'image/jpeg' });
    uploads.set(upload.url, { bytes, failures: [503, 503] });
    await expect(pictureHtml(upload, {}, store(join(work, 'retry-store'), join(work, 'dist-retry')))).resolves.toContain(
      '<picture>',
    );
    expect(requests.filter((r) => r.startsWith(upload.url))).toHaveLength(3);
  });

  it('a missing upload fails loudly, naming its address', async () => {
    const upload = { ...media('missing_1', await photo(500, 300), { width: 500, height: 300, mime: 'image/jpeg' }) };
    uploads.delete(upload.url);
    const failure = pictureHtml(upload, {}, store(join(work, 'missing-store'), join(work, 'dist-missing')));
    await expect(failure).rejects.toThrow(ImageSourceError);
    await expect(failure).rejects.toThrow(
      /图片原图无法取得：http:\/\/127\.0\.0\.1:\d+\/uploads\/missing_1\.jpg\?v=\d+ — HTTP 404/,
    );
  });

  it('a file that does not match its CMS record (replaced mid-build) fails instead of pairing the wrong sizes', async () => {
    const upload = media('raced_1', await photo(500, 300), { width: 500, height: 300, mime: 'image/jpeg' });
    uploads.set(upload.url, { bytes: await photo(800, 600) });
    await expect(pictureHtml(upload, {}, store(join(work, 'raced-store'), join(work, 'dist-raced')))).rejects.toThrow(
      /CMS 记录为 [\d.]+ KB：文件可能刚在媒体库中被替换/,
    );
    // Nothing was recorded for it: the next build downloads it again.
    expect(existsSync(join(work, 'raced-store', 'uploads'))).toBe(false);
  });

  it('a picture without alt text is refused', async () => {
    const upload = { ...media('noalt_1', await photo(500, 300), { width: 500, height: 300, mime: 'image/jpeg' }) };
    delete upload.alternativeText;
    await expect(pictureHtml(upload, {}, store(join(work, 'noalt-store'), join(work, 'dist-noalt')))).rejects.toThrow(
      /图片缺少替代文字/,
    );
  });
});

describe('the store folder', () => {
  it('is SITE_IMAGE_STORE_DIR, else images/ in PUBLISH_DIR, else var/images in the repository', () => {
    const site = join(import.meta.dirname, '..');
    const root = join(site, '..');
    expect(storeDir({ SITE_IMAGE_STORE_DIR: 'x/store' }, site)).toBe(join(site, 'x/store'));
    expect(storeDir({ PUBLISH_DIR: '/srv/fulian' }, site)).toBe('/srv/fulian/images');
    expect(storeDir({ PUBLISH_DIR: 'var2' }, site)).toBe(join(root, 'var2/images'));
    expect(storeDir({}, site)).toBe(join(root, 'var/images'));
    expect(storeDir({}, '/')).toBe('/node_modules/.cache/fulian-images');
  });
});

describe('the encoder limit', () => {
  it('never runs more than its bound at once, and runs every task', async () => {
    const limiter = new Limiter(2);
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run(async () => {
          peak = Math.max(peak, limiter.active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('holds one bound for the limiters of every thread that shares its memory', async () => {
    // Two threads of a build each have a limiter over the same shared memory (a second
    // rendering thread: src/build/parallel-render.ts). A worker thread holds one slot until told.
    const memory = SharedLimiter.memory(2);
    const release = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const free = new Int32Array(workerData.memory);
       const release = new Int32Array(workerData.release);
       // What SharedLimiter.run does, blocking: take a slot, hold it, give it back.
       for (;;) { const f = Atomics.load(free, 0); if (f > 0 && Atomics.compareExchange(free, 0, f, f - 1) === f) break; }
       parentPort.postMessage('holding');
       Atomics.wait(release, 0, 0);
       Atomics.add(free, 0, 1); Atomics.notify(free, 0, 1);
       parentPort.postMessage('released');`,
      { eval: true, workerData: { memory, release: release.buffer } },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    const here = [new SharedLimiter(memory), new SharedLimiter(memory)];
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      (here[i % 2] as SharedLimiter).run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        done.push(i);
      }),
    );
    // With the worker's slot held, this thread's two limiters run one task at a time between them.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(peak).toBe(1);
    // This thread's tasks may all finish on its one slot before the worker has woken: wait for
    // the worker to say it gave its slot back before counting the slots.
    const released = new Promise((resolve) => worker.once('message', resolve));
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    await Promise.all(tasks);
    expect(await released).toBe('released');
    await worker.terminate();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(Atomics.load(new Int32Array(memory), 0)).toBe(2);
  });
});

describe('inside Astro (the integration)', () => {
  const saved = { store: process.env.SITE_IMAGE_STORE_DIR, cms: process.env.CMS_URL };
  afterAll(() => {
    for (const [name, value] of [
      ['SITE_IMAGE_STORE_DIR', saved.store],
      ['CMS_URL', saved.cms],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('writes into Astro’s outDir, counts in the build log and serves /_img/ in astro dev', async () => {
    process.env.SITE_IMAGE_STORE_DIR = join(work, 'integration-store');
    process.env.CMS_URL = cmsUrl;
    const outDir = join(work, 'integration-out');
    const integration = imageStore();
    const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
    await hooks['astro:config:done']?.({ config: { outDir: pathToFileURL(`${outDir}/`) } });

    const upload = media('dev_1', await photo(1000, 500), { width: 1000, height: 500, mime: 'image/jpeg' });
    const html = await pictureHtml(upload);
    const [file] = referenced(html);
    expect(existsSync(join(outDir, file as string))).toBe(true);

    const logged: string[] = [];
    await hooks['astro:build:done']?.({ logger: { info: (line: string) => logged.push(line) } });
    expect(logged).toEqual([`图片：新编码 9，复用 0（下载原图 1）；图片库 ${join(work, 'integration-store')}`]);

    type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
    let mounted: { path: string; handler: Handler } | undefined;
    await hooks['astro:server:setup']?.({
      server: { middlewares: { use: (path: string, handler: Handler) => (mounted = { path, handler }) } },
    });
    expect(mounted?.path).toBe('/_img/');
    // connect strips the mount path before calling the handler, as Vite's dev server does.
    const dev = createServer((req, res) => {
      req.url = (req.url ?? '').slice('/_img'.length);
      mounted?.handler(req, res, () => res.writeHead(404).end());
    });
    dev.listen(0, '127.0.0.1');
    await new Promise((resolve) => dev.once('listening', resolve));
    const base = `http://127.0.0.1:${(dev.address() as AddressInfo).port}`;
    try {
      const served = await fetch(`${base}${file}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toMatch(/^image\/(avif|webp|jpeg)$/);
      expect((await served.arrayBuffer()).byteLength).toBe(statSync(join(outDir, file as string)).size);
      for (const path of ['/_img/..%2f..%2fetc%2fpasswd', '/_img/nothing_480.0123456789abcdef0123456789abcdef.avif']) {
        expect((await fetch(`${base}${path}`)).status, path).toBe(404);
      }
    } finally {
      dev.close();
    }
  });
});
