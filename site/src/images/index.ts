/**
 * Images encoded once, ever: a content-addressed store of uploads and their encoded variants,
 * outside Astro's cache and outside releases. Plain Node (sharp, node:*), no astro:* import,
 * so that components, plain scripts and tests use the same code. See store.ts for the layout.
 */
export {
  fixedHeightImage,
  type PictureData,
  type PictureImg,
  type PictureOptions,
  type PictureSource,
  pictureData,
  pictureHtml,
  renderPicture,
  shareImagePath,
} from './picture.ts';
export { configureImages, defaultStore, storeDir } from './runtime.ts';
export * as imageSettings from './settings.ts';
export {
  ImageEncodeError,
  ImageSourceError,
  ImageStore,
  type ImageStoreOptions,
  type ImageStoreStats,
  type MediaObject,
  PUBLIC_DIR,
  type StoredSource,
  type StoredVariant,
  type VariantSpec,
} from './store.ts';
