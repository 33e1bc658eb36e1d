import { createHash, randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { cmsAssetUrl } from '../cms/assets.ts';
import { Limiter, type TaskLimit } from './limiter.ts';
import { ENCODERS, type EncoderOptions, EXTENSION, type OutputFormat } from './settings.ts';

// libvips' operation cache keeps decoded images around for reuse; here every decode is used
// once, so the cache would only hold memory (astro:assets switches it off for the same reason).
sharp.cache(false);

/**
 * A Strapi media object (plugin::upload.file) as the REST API returns it, with the fields the
 * store needs. `hash` is the upload's file name stem; Strapi keeps it, and so the URL, when an
 * editor replaces the file in the media library, while `updatedAt` and `size` change.
 */
export interface MediaObject {
  url: string;
  hash: string;
  ext: string;
  mime: string;
  width: number;
  height: number;
  /** Kilobytes with two decimals, as Strapi stores it. */
  size: number;
  updatedAt: string;
  alternativeText?: string | null;
  name?: string;
}

export interface StoredSource {
  /** sha256 of the upload's bytes: what the variants are keyed on. */
  sha256: string;
  path: string;
}

export interface VariantSpec {
  format: OutputFormat;
  width: number;
}

export interface StoredVariant extends VariantSpec {
  digest: string;
  path: string;
  /** The file's name in `<outDir>/_img/`: readable stem, width, digest. Never reused for other bytes. */
  fileName: string;
}

export interface ImageStoreOptions {
  /** The store's folder, kept across builds and releases. */
  dir: string;
  /** The build's output folder: used variants are linked into `<outDir>/_img/`. */
  outDir: string;
  /** Where relative upload URLs (/uploads/x.jpg) live: the CMS. */
  cmsUrl?: string;
  /** sharp's options per format; the site's settings (settings.ts) unless a test changes one. */
  encoders?: Readonly<Record<OutputFormat, EncoderOptions>>;
  /** At most this many encodes at once, each holding one decoded image. */
  concurrency?: number;
  /** The bound on encodes shared with the build's other rendering thread (replaces `concurrency`). */
  encoder?: TaskLimit;
  fetch?: typeof fetch;
  /** Attempts after the first for network errors, 429 and 5xx. */
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** An ImageStore's work, by variant digest, as one thread hands it to another. */
export interface ImageStoreRecord {
  encoded: string[];
  reused: string[];
  downloaded: number;
}

export interface ImageStoreStats {
  /** Variants encoded by this process. */
  encoded: number;
  /** Variants this process needed and found in the store. */
  reused: number;
  /** Uploads downloaded from the CMS (an upload is downloaded only when its identity is new). */
  downloaded: number;
}

/** The public path of the folder the used variants are linked into. */
export const PUBLIC_DIR = '_img';

/** Bump to discard every key (a change in how bytes are produced that no setting expresses). */
const LAYOUT = 'v1';
const DIGEST_LENGTH = 32;

/** A published variant's name: `<stem>_<width>.<digest>.<ext>`. */
const FILE_NAME = /^[A-Za-z0-9_-]+\.([0-9a-f]{32})\.(avif|webp|jpg|png)$/;

export class ImageSourceError extends Error {
  constructor(url: string, reason: string, options: { cause?: unknown } = {}) {
    super(`图片原图无法取得：${url} — ${reason}`, options);
    this.name = 'ImageSourceError';
  }
}

export class ImageEncodeError extends Error {
  constructor(url: string, spec: VariantSpec, options: { cause?: unknown } = {}) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`图片无法转换：${url}（${spec.format}，宽 ${spec.width} 像素）— ${cause}。请在媒体库中重新上传该图片。`, options);
    this.name = 'ImageEncodeError';
  }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Strapi's `bytesToKbytes`: kilobytes rounded to two decimals. */
const kilobytes = (bytes: number) => Math.round((bytes / 1000) * 100) / 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A content-addressed store of uploads and their encoded variants, outside Astro's cache and
 * outside any release:
 *
 * ```
 * <dir>/uploads/<identity>.json      the upload's identity (url, hash, size, updatedAt) → its bytes' sha256
 * <dir>/sources/<sha256>             the upload's bytes, as downloaded once
 * <dir>/variants/<digest>.<ext>      one encoded variant; digest of (sha256, format, width, encoder options)
 * ```
 *
 * An upload is downloaded only when its identity is new (a new upload, a replaced file, an
 * edited alt text: Strapi moves `updatedAt` for each), never revalidated. A variant is encoded
 * only when its digest is new: the same bytes under a new identity, another page, another
 * build, an empty Astro cache, a new release all reuse it. Every file is written aside and
 * renamed into place, so a crash or a concurrent build never leaves half a file under a final
 * name, and no file is ever modified after that (releases may hard-link them).
 */
export class ImageStore {
  readonly dir: string;
  readonly outDir: string;
  readonly #cmsUrl: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  readonly #encoders: Readonly<Record<OutputFormat, EncoderOptions>>;
  readonly #encoder: TaskLimit;
  readonly #downloader = new Limiter(4);
  readonly #sources = new Map<string, Promise<StoredSource>>();
  readonly #variants = new Map<string, Promise<StoredVariant>>();
  readonly #published = new Map<string, Promise<void>>();
  readonly #encoded = new Set<string>();
  readonly #reused = new Set<string>();
  #downloaded = 0;

  constructor(options: ImageStoreOptions) {
    this.dir = options.dir;
    this.outDir = options.outDir;
    this.#cmsUrl = options.cmsUrl;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#retries = options.retries ?? 4;
    this.#backoffMs = options.backoffMs ?? 300;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#encoders = options.encoders ?? ENCODERS;
    this.#encoder = options.encoder ?? new Limiter(options.concurrency ?? 2);
  }

  stats(): ImageStoreStats {
    // A variant another thread of the build encoded and this one then found counts as encoded.
    const reused = [...this.#reused].filter((digest) => !this.#encoded.has(digest)).length;
    return { encoded: this.#encoded.size, reused, downloaded: this.#downloaded };
  }

  /** What this store encoded, found and downloaded: for the store of the build's main thread. */
  record(): ImageStoreRecord {
    return { encoded: [...this.#encoded], reused: [...this.#reused], downloaded: this.#downloaded };
  }

  /**
   * Adds what the store of another rendering thread of this build did (parallel-render.ts), so
   * that the build's report counts every page's images, each variant once.
   */
  add(record: ImageStoreRecord): void {
    for (const digest of record.encoded) this.#encoded.add(digest);
    for (const digest of record.reused) this.#reused.add(digest);
    this.#downloaded += record.downloaded;
  }

  /**
   * The address the upload is fetched from. A local upload's URL stays the same when an
   * editor replaces the file, so the version (`updatedAt`) goes into the query: the CMS
   * serves a versioned URL as immutable (cms/src/middlewares/conditional-get.ts). Absolute
   * URLs (cloud providers) are fetched as given: a query could break a signed URL.
   */
  sourceUrl(media: MediaObject): string {
    if (/^https?:\/\//.test(media.url)) return media.url;
    if (!this.#cmsUrl) {
      throw new ImageSourceError(media.url, '未设置 CMS_URL，无法下载图片库中还没有的原图');
    }
    const url = new URL(cmsAssetUrl(media.url, this.#cmsUrl));
    url.searchParams.set('v', String(Date.parse(media.updatedAt)));
    return url.href;
  }

  /** The upload's bytes in the store: downloaded only if this identity was never seen. */
  source(media: MediaObject): Promise<StoredSource> {
    const identity = sha256(JSON.stringify([LAYOUT, media.url, media.hash, media.ext, media.size, media.updatedAt]));
    let pending = this.#sources.get(identity);
    if (!pending) {
      pending = this.#source(media, identity);
      this.#sources.set(identity, pending);
      // A failed download may succeed on the next call (the caller decides whether to retry).
      pending.catch(() => this.#sources.delete(identity));
    }
    return pending;
  }

  async #source(media: MediaObject, identity: string): Promise<StoredSource> {
    const record = join(this.dir, 'uploads', identity.slice(0, 2), `${identity}.json`);
    const known = await readJson<{ sha256: string }>(record);
    if (known && /^[0-9a-f]{64}$/.test(known.sha256)) {
      const path = this.#sourcePath(known.sha256);
      if (await exists(path)) return { sha256: known.sha256, path };
    }
    const bytes = await this.#downloader.run(() => this.#download(media));
    const hash = sha256(bytes);
    const path = this.#sourcePath(hash);
    if (!(await exists(path))) await writeAtomically(path, bytes);
    const entry = { sha256: hash, url: media.url, hash: media.hash, size: media.size, updatedAt: media.updatedAt };
    await writeAtomically(record, `${JSON.stringify(entry)}\n`);
    this.#downloaded++;
    return { sha256: hash, path };
  }

  async #download(media: MediaObject): Promise<Buffer> {
    const url = this.sourceUrl(media);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, { signal: AbortSignal.timeout(this.#timeoutMs) });
      } catch (error) {
        if (attempt < this.#retries) {
          await sleep(this.#backoffMs * 2 ** attempt);
          continue;
        }
        throw new ImageSourceError(url, `无法连接（${(error as Error).message}）`, { cause: error });
      }
      if (response.ok) {
        const bytes = Buffer.from(await response.arrayBuffer());
        // The REST answer and the file can disagree when an editor replaced the file between
        // the two requests: the page would pair new bytes with the old width and height. The
        // replacement sends its own webhook, so the next build has both right.
        if (kilobytes(bytes.length) !== media.size) {
          throw new ImageSourceError(
            url,
            `下载到 ${kilobytes(bytes.length)} KB，但 CMS 记录为 ${media.size} KB：文件可能刚在媒体库中被替换，请稍后重新发布`,
          );
        }
        return bytes;
      }
      await response.body?.cancel();
      if ((response.status === 429 || response.status >= 500) && attempt < this.#retries) {
        await sleep(this.#backoffMs * 2 ** attempt);
        continue;
      }
      throw new ImageSourceError(url, `HTTP ${response.status}`);
    }
  }

  #sourcePath(hash: string): string {
    return join(this.dir, 'sources', hash.slice(0, 2), hash);
  }

  /** The digest a variant is stored under: the source's bytes and every encoder setting. */
  variantDigest(source: Pick<StoredSource, 'sha256'>, spec: VariantSpec): string {
    const settings = [LAYOUT, source.sha256, spec.format, spec.width, this.#encoders[spec.format]];
    return sha256(JSON.stringify(settings)).slice(0, DIGEST_LENGTH);
  }

  /** One encoded variant in the store: encoded only if its digest was never seen. */
  variant(media: MediaObject, source: StoredSource, spec: VariantSpec): Promise<StoredVariant> {
    const digest = this.variantDigest(source, spec);
    let pending = this.#variants.get(digest);
    if (!pending) {
      pending = this.#variant(media, source, spec, digest);
      this.#variants.set(digest, pending);
      pending.catch(() => this.#variants.delete(digest));
    }
    return pending;
  }

  async #variant(media: MediaObject, source: StoredSource, spec: VariantSpec, digest: string): Promise<StoredVariant> {
    const ext = EXTENSION[spec.format];
    const path = this.#variantPath(digest, ext);
    const stem = media.hash.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60) || 'image';
    const variant = { ...spec, digest, path, fileName: `${stem}_${spec.width}.${digest}.${ext}` };
    if (await exists(path)) {
      this.#reused.add(digest);
      return variant;
    }
    await this.#encoder.run(async () => {
      // Another build sharing the store may have written it while this one waited.
      if (await exists(path)) {
        this.#reused.add(digest);
        return;
      }
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
      await mkdir(dirname(path), { recursive: true });
      try {
        // Read from the file, not a Buffer held here: the only decoded image is sharp's own.
        const image = sharp(source.path, { failOn: 'none' }).rotate().resize({ width: spec.width, withoutEnlargement: true });
        const options = this.#encoders[spec.format] as Record<string, never>;
        if (spec.format === 'avif') image.avif(options);
        else if (spec.format === 'webp') image.webp(options);
        // JPEG has no transparency: a poster's transparent parts become white, as on the
        // page, not the black libvips would give (Open Graph shares graphics as JPEG).
        else if (spec.format === 'jpeg') image.flatten({ background: '#ffffff' }).jpeg(options);
        else image.png(options);
        await image.toFile(temporary);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw new ImageEncodeError(media.url, spec, { cause: error });
      }
      this.#encoded.add(digest);
    });
    return variant;
  }

  #variantPath(digest: string, ext: string): string {
    return join(this.dir, 'variants', digest.slice(0, 2), `${digest}.${ext}`);
  }

  /** The public path of a variant, e.g. `/_img/cover_ab12_960.<digest>.avif`. */
  publicPath(variant: Pick<StoredVariant, 'fileName'>): string {
    return `/${PUBLIC_DIR}/${variant.fileName}`;
  }

  /**
   * Puts a variant into `<outDir>/_img/` under its immutable name: a hard link to the stored
   * file (a copy across file systems). An existing file of that name has these very bytes
   * (the digest is in the name) and is left alone, never written over.
   */
  publish(variant: Pick<StoredVariant, 'fileName' | 'path'>): Promise<void> {
    let pending = this.#published.get(variant.fileName);
    if (!pending) {
      pending = this.#publish(variant);
      this.#published.set(variant.fileName, pending);
      pending.catch(() => this.#published.delete(variant.fileName));
    }
    return pending;
  }

  async #publish(variant: Pick<StoredVariant, 'fileName' | 'path'>): Promise<void> {
    const target = join(this.outDir, PUBLIC_DIR, variant.fileName);
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(variant.path, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
      const temporary = `${target}.${process.pid}.partial`;
      await copyFile(variant.path, temporary);
      await rename(temporary, target);
    }
  }

  /**
   * Puts every variant an HTML fragment refers to (`/_img/<name>`) into the output folder.
   * For HTML made in an earlier build and kept (a rendered body in a content store, a page
   * restored from a cache): its pictures were encoded then, and only need linking now.
   * Fails, naming the file, when a referenced variant is not in the store.
   */
  async publishReferenced(html: string): Promise<number> {
    const names = new Set([...html.matchAll(/\/_img\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1] as string));
    await Promise.all(
      [...names].map(async (fileName) => {
        const match = FILE_NAME.exec(fileName);
        if (!match) throw new Error(`图片文件名无法识别：/${PUBLIC_DIR}/${fileName}`);
        const path = this.#variantPath(match[1] as string, match[2] as string);
        if (!(await exists(path))) {
          throw new Error(`图片库中没有 /${PUBLIC_DIR}/${fileName}（${path}）：请完整重建网站（--full）`);
        }
        this.#reused.add(match[1] as string);
        await this.publish({ fileName, path });
      }),
    );
    return names.size;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    // Missing, or unreadable (a disk filled mid-write before the rename existed): download again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
