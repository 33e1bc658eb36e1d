import type { Image } from '@fulian/shared-types';
import { shareImagePath } from '../images/index.ts';

/**
 * The cover as a JPEG of at most 1200 px in the site's `_img/`, for Open Graph and JSON-LD:
 * social apps fetch it from the site, never from the CMS. Encoded once, ever (src/images/).
 */
export async function shareImageUrl(image: Image | null, site: URL | undefined): Promise<string | undefined> {
  if (!image || !site) return undefined;
  return new URL(await shareImagePath(image), site).href;
}
