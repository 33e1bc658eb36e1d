import { getImage } from 'astro:assets';
import type { Image } from '@fulian/shared-types';
import { cmsAssetUrl } from '../cms/assets.ts';

/**
 * The cover as a JPEG of at most 1200 px written into dist, for Open Graph and JSON-LD:
 * social apps fetch it from the site, never from the CMS.
 */
export async function shareImageUrl(image: Image | null, site: URL | undefined): Promise<string | undefined> {
  if (!image || !site) return undefined;
  const width = Math.min(1200, image.width);
  const result = await getImage({
    src: cmsAssetUrl(image.url),
    width,
    height: Math.round((image.height * width) / image.width),
    format: 'jpg',
  });
  return new URL(result.src, site).href;
}
