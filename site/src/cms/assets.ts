/**
 * Absolute address of an upload at build time. Strapi's local provider returns paths
 * (/uploads/x.jpg); cloud providers return full URLs. Only astro:assets ever fetches it:
 * the page gets the re-encoded copy in dist, never this address.
 */
export function cmsAssetUrl(url: string, base = process.env.CMS_URL ?? ''): string {
  return /^https?:\/\//.test(url) ? url : new URL(url, base).href;
}
