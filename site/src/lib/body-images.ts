import type { BodyImageMedia } from '../cms/strapi-loader.ts';
import { pictureData, renderPicture } from '../images/index.ts';
import { labelBodyTables } from './body-tables.ts';
import { escapeHtml } from './escape.ts';
import { type BodyImage, replaceBodyImages } from './markdown.ts';

// Photos of the media library in article bodies, encoded like covers: once, ever, into the
// image store outside Astro's cache and any release (site/src/images/), by their version in
// the library (a file replaced under the same address is a new version), as AVIF and WebP
// with a JPEG (or PNG) fallback, width and height, lazy. The loader gives each entry the
// library's description of the photos its body shows (`bodyImages`, strapi-loader.ts).

/** The library's description of a body photo, or a failure that names what to fix. */
function mediaOf(image: BodyImage, photos: readonly BodyImageMedia[]): BodyImageMedia {
  const media = photos.find((photo) => photo.url === image.src);
  if (!media) {
    throw new Error(`正文图片 ${image.src} 不在媒体库中（可能已被删除）：请在文章中删除或重新插入这张图片`);
  }
  return media;
}

/** The library's alt text, which an editor may have improved since the body was saved. */
const altOf = (image: BodyImage, media: BodyImageMedia) => media.alternativeText?.trim() || image.alt;

/** The <picture> of one body photo. */
export async function bodyImagePicture(image: BodyImage, photos: readonly BodyImageMedia[]): Promise<string> {
  const media = mediaOf(image, photos);
  const data = await pictureData(
    { ...media, alternativeText: altOf(image, media) },
    { ...(image.title ? { title: image.title } : {}) },
  );
  return renderPicture(data);
}

/** A rendered body with its media-library photos as encoded pictures. */
export function renderBodyImages(html: string | undefined, photos: readonly BodyImageMedia[] = []): Promise<string> {
  return replaceBodyImages(html ?? '', (image) => bodyImagePicture(image, photos));
}

/** A rendered body as a page shows it: photos encoded, tables in labelled scroll regions. */
export async function renderBody(html: string | undefined, photos: readonly BodyImageMedia[] = []): Promise<string> {
  return labelBodyTables(await renderBodyImages(html, photos));
}

/**
 * A rendered body for a feed: each media-library photo as one <img> of its encoded fallback,
 * by its absolute address on the site (feed readers show <img>, and resolve no relative URL).
 */
export function feedBodyImages(html: string, site: URL, photos: readonly BodyImageMedia[] = []): Promise<string> {
  return replaceBodyImages(html, async (image) => {
    const media = mediaOf(image, photos);
    const { img } = await pictureData({ ...media, alternativeText: altOf(image, media) });
    return (
      `<img src="${escapeHtml(new URL(img.src, site).href)}" width="${img.width}"` +
      ` height="${img.height}" alt="${escapeHtml(img.alt)}">`
    );
  });
}
