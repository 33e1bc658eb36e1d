import { getImage } from 'astro:assets';
import { cmsAssetUrl } from '../cms/assets.ts';
import { labelBodyTables } from './body-tables.ts';
import { escapeHtml } from './escape.ts';
import { type BodyImage, replaceBodyImages } from './markdown.ts';

// Photos of the media library in article bodies, copied and encoded like covers: AVIF and
// WebP with a JPEG (or PNG) fallback, width and height, lazy. Isolated in bodyImagePicture()
// so that the images module (site/src/images/) can take over the encoding in one place.

const SIZES = '(min-width: 48rem) 42rem, 100vw';

/** The <picture> of one body photo. Its alt text is the media library's (the CMS writes it into the body at save). */
type Format = 'avif' | 'webp' | 'jpg' | 'png';

/** The photo's size (read from the file) and an encoder of its responsive variants. */
async function photo(image: BodyImage) {
  const src = cmsAssetUrl(image.src);
  // As for covers: photos fall back to JPEG, anything that may carry transparency to PNG.
  const fallbackFormat: Format = /\.jpe?g$/i.test(image.src) ? 'jpg' : 'png';
  const original = await getImage({ src, inferSize: true, format: fallbackFormat });
  const width = Number(original.options.width);
  const height = Number(original.options.height);
  if (!(width > 0 && height > 0)) {
    throw new Error(`正文图片 ${image.src} 无法读取尺寸：请检查媒体库中的这个文件`);
  }
  const widths = [480, 960].filter((w) => w < width).concat(Math.min(width, 1440));
  const encode = (format: Format) => getImage({ src, width, height, format, widths, sizes: SIZES });
  return { width, height, fallbackFormat, encode };
}

export async function bodyImagePicture(image: BodyImage): Promise<string> {
  const { width, height, fallbackFormat, encode } = await photo(image);
  const [avif, webp, fallback] = await Promise.all([encode('avif'), encode('webp'), encode(fallbackFormat)]);
  const source = (type: string, set: typeof avif) =>
    `<source type="${type}" srcset="${escapeHtml(set.srcSet.attribute)}" sizes="${SIZES}">`;
  const title = image.title ? ` title="${escapeHtml(image.title)}"` : '';
  return (
    `<picture>${source('image/avif', avif)}${source('image/webp', webp)}` +
    `<img src="${escapeHtml(fallback.src)}" srcset="${escapeHtml(fallback.srcSet.attribute)}" sizes="${SIZES}"` +
    ` width="${fallback.attributes.width ?? width}" height="${fallback.attributes.height ?? height}"` +
    ` alt="${escapeHtml(image.alt)}"${title} loading="lazy" decoding="async"></picture>`
  );
}

/** A rendered body with its media-library photos as encoded pictures. */
export function renderBodyImages(html: string | undefined): Promise<string> {
  return replaceBodyImages(html ?? '', bodyImagePicture);
}

/** A rendered body as a page shows it: photos encoded, tables in labelled scroll regions. */
export async function renderBody(html: string | undefined): Promise<string> {
  return labelBodyTables(await renderBodyImages(html));
}

/**
 * A rendered body for a feed: each media-library photo as one <img> of its encoded fallback,
 * by its absolute address on the site (feed readers show <img>, and resolve no relative URL).
 */
export function feedBodyImages(html: string, site: URL): Promise<string> {
  return replaceBodyImages(html, async (image) => {
    const { width, height, fallbackFormat, encode } = await photo(image);
    const fallback = await encode(fallbackFormat);
    return (
      `<img src="${escapeHtml(new URL(fallback.src, site).href)}" width="${fallback.attributes.width ?? width}"` +
      ` height="${fallback.attributes.height ?? height}" alt="${escapeHtml(image.alt)}">`
    );
  });
}
