/**
 * The CMS's own slug rule (cms/src/utils/pinyin-slug.ts), so the importer knows the slug
 * the CMS will give a title.
 *
 * Loaded by URL rather than by a static import because cms/package.json declares no module
 * type: TypeScript would check that file as CommonJS under this package's settings, and
 * Node warns (MODULE_TYPELESS_PACKAGE_JSON) while it loads it as ESM. The CMS's own build
 * checks the file; the warning is a note for the CMS's maintainers that would only puzzle
 * an editor running the importer, so it alone is dropped.
 */
const CMS_SLUG_MODULE = new URL('../../../cms/src/utils/pinyin-slug.ts', import.meta.url).href;
const TYPELESS = 'MODULE_TYPELESS_PACKAGE_JSON';

const listeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning: Error) => {
  if ((warning as { code?: string }).code === TYPELESS) return;
  for (const listener of listeners) listener.call(process, warning);
});

const cmsSlug = (await import(CMS_SLUG_MODULE)) as { slugFromTitle: (title: string) => string };

/** 市妇联举办培训班 → shi-fu-lian-ju-ban-pei-xun-ban */
export const slugFromTitle = cmsSlug.slugFromTitle;
