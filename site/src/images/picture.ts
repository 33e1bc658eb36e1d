import { defaultStore } from './runtime.ts';
import {
  DEFAULT_SIZES,
  fallbackFormat,
  MIME,
  type OutputFormat,
  SHARE_FORMAT,
  SHARE_WIDTH,
  SOURCE_FORMATS,
  widthsFor,
} from './settings.ts';
import type { ImageStore, MediaObject, StoredVariant } from './store.ts';

export interface PictureOptions {
  /** The alt text; the upload's own alternativeText when not given. */
  alt?: string;
  /** Above the fold: fetched at once with high priority. Lazy otherwise. */
  eager?: boolean;
  /** The `sizes` attribute: how wide the picture is drawn. The article column by default. */
  sizes?: string;
  /** A title (a tooltip), as Markdown's `![alt](src "title")` gives one. */
  title?: string;
}

export interface PictureSource {
  type: string;
  srcset: string;
  sizes: string;
}

export interface PictureImg {
  src: string;
  srcset: string;
  sizes: string;
  width: number;
  height: number;
  alt: string;
  loading: 'eager' | 'lazy';
  decoding: 'async';
  fetchpriority: 'high' | 'auto';
  title?: string;
}

/** What a <picture> needs: one <source> per modern format, then the fallback <img>. */
export interface PictureData {
  sources: PictureSource[];
  img: PictureImg;
}

async function variants(store: ImageStore, media: MediaObject, format: OutputFormat, widths: number[]) {
  const source = await store.source(media);
  return Promise.all(widths.map((width) => store.variant(media, source, { format, width })));
}

function srcset(store: ImageStore, list: StoredVariant[]): string {
  return list.map((v) => `${store.publicPath(v)} ${v.width}w`).join(', ');
}

/**
 * The picture markup for an upload, with every variant it names encoded in the store (only
 * those never encoded before) and linked into the build's `_img/`.
 */
export async function pictureData(
  media: MediaObject,
  options: PictureOptions = {},
  store: ImageStore = defaultStore(),
): Promise<PictureData> {
  const alt = options.alt ?? media.alternativeText;
  if (typeof alt !== 'string') {
    throw new Error(`图片缺少替代文字（alternativeText）：${media.url}${media.name ? `（${media.name}）` : ''}`);
  }
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const widths = widthsFor(media.width);
  // All variants are asked for at once; the store's limiter encodes two at a time.
  const formats = [...SOURCE_FORMATS, fallbackFormat(media.mime)];
  const byFormat = await Promise.all(formats.map((format) => variants(store, media, format, widths)));
  await Promise.all(byFormat.flat().map((v) => store.publish(v)));
  const fallback = byFormat[byFormat.length - 1] as StoredVariant[];
  const largest = fallback[fallback.length - 1] as StoredVariant;
  return {
    sources: byFormat.slice(0, -1).map((list, i) => ({
      type: MIME[formats[i] as OutputFormat],
      srcset: srcset(store, list),
      sizes,
    })),
    img: {
      src: store.publicPath(largest),
      srcset: srcset(store, fallback),
      sizes,
      width: media.width,
      height: media.height,
      alt,
      loading: options.eager ? 'eager' : 'lazy',
      decoding: 'async',
      fetchpriority: options.eager ? 'high' : 'auto',
      ...(options.title ? { title: options.title } : {}),
    },
  };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const attribute = (value: string | number) => String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);

/** Serialises picture data into HTML, attribute values escaped. */
export function renderPicture(data: PictureData): string {
  const attributes = (entries: Record<string, string | number>) =>
    Object.entries(entries)
      .map(([name, value]) => ` ${name}="${attribute(value)}"`)
      .join('');
  const sources = data.sources.map((s) => `<source${attributes({ srcset: s.srcset, type: s.type, sizes: s.sizes })}>`);
  const { src, ...img } = data.img;
  return `<picture>${sources.join('')}<img${attributes({ src, ...img })}></picture>`;
}

/**
 * The picture as HTML, for markup composed outside an Astro component: images in an
 * article's body (site/src/lib/body-images.ts), feeds.
 */
export async function pictureHtml(
  media: MediaObject,
  options: PictureOptions = {},
  store: ImageStore = defaultStore(),
): Promise<string> {
  return renderPicture(await pictureData(media, options, store));
}

/**
 * The picture for Open Graph and JSON-LD: a JPEG at most 1200 px wide, in `_img/`. Returns
 * its path on the site (`/_img/….jpg`); social apps fetch it from the site, never the CMS.
 */
export async function shareImagePath(media: MediaObject, store: ImageStore = defaultStore()): Promise<string> {
  const [variant] = await variants(store, media, SHARE_FORMAT, [Math.min(SHARE_WIDTH, media.width)]);
  const shared = variant as StoredVariant;
  await store.publish(shared);
  return store.publicPath(shared);
}

/**
 * A small raster encoded at a fixed height in pixels (the emblem in the header), as a PNG in
 * `_img/`, which keeps transparency. Its width follows the upload's proportions.
 */
export async function fixedHeightImage(
  media: MediaObject,
  height: number,
  store: ImageStore = defaultStore(),
): Promise<{ src: string; width: number; height: number }> {
  const width = Math.max(1, Math.round((media.width * height) / media.height));
  const [variant] = await variants(store, media, 'png', [width]);
  const stored = variant as StoredVariant;
  await store.publish(stored);
  return { src: store.publicPath(stored), width, height };
}
