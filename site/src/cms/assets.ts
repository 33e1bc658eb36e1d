import { siteEnv } from '../env.ts';

/**
 * Absolute address of an upload at build time. Strapi's local provider returns paths
 * (/uploads/x.jpg); cloud providers return full URLs. Only the image store (src/images/)
 * fetches it, once per version of the upload: pages get the encoded copies in `_img/`,
 * never this address.
 */
export function cmsAssetUrl(url: string, base = siteEnv().CMS_URL ?? ''): string {
  return /^https?:\/\//.test(url) ? url : new URL(url, base).href;
}
