/**
 * How the site encodes images: one place, read by the store (whose keys include every value
 * here that changes the bytes) and by the markup. Changing a number below re-encodes exactly
 * the variants it concerns on the next build; nothing else is encoded again.
 */

export type OutputFormat = 'avif' | 'webp' | 'jpeg' | 'png';

/** sharp's options for each output format, exactly as passed to sharp. */
export type EncoderOptions = Readonly<Record<string, number | boolean>>;

/**
 * Encoding dominated build time (93 of 108 s at 0.1x in docs/benchmarks.md): AVIF at sharp's
 * default effort 4 is several times slower than effort 2 for a file a few per cent larger,
 * which readers on phones will not notice. Qualities are sharp's defaults, written out so
 * that they are part of the store key and a sharp upgrade that moved a default cannot
 * silently mix two qualities in one site.
 */
export const ENCODERS: Readonly<Record<OutputFormat, EncoderOptions>> = {
  avif: { quality: 50, effort: 2 },
  webp: { quality: 80, effort: 3 },
  jpeg: { quality: 80 },
  png: { compressionLevel: 6 },
};

/** The modern formats every picture offers, best first. */
export const SOURCE_FORMATS: readonly OutputFormat[] = ['avif', 'webp'];

/** Widths offered in srcset, in CSS pixels of the rendered width (42rem on desktop, the phone's width below). */
export const WIDTHS: readonly number[] = [480, 960, 1440];

/** The article column: the cover is 42rem wide from 48rem up, the whole viewport below. */
export const DEFAULT_SIZES = '(min-width: 48rem) 42rem, 100vw';

/** Open Graph and JSON-LD: social apps show 1200 px previews. */
export const SHARE_WIDTH = 1200;
export const SHARE_FORMAT: OutputFormat = 'jpeg';

/**
 * The srcset widths for a picture `width` pixels wide: the site's widths below it, then the
 * picture itself capped at the largest. Never upscaled.
 */
export function widthsFor(width: number): number[] {
  const largest = WIDTHS[WIDTHS.length - 1] as number;
  const below = WIDTHS.filter((w) => w < Math.min(width, largest));
  return [...below, Math.min(width, largest)];
}

/**
 * The fallback <img> for browsers with neither AVIF nor WebP. Photos (JPEG uploads) fall back
 * to JPEG: a PNG of a photo weighs 1.5–2.5 MB. Anything that may carry transparency (PNG,
 * GIF, WebP uploads: posters, charts, logos) keeps PNG.
 */
export function fallbackFormat(mime: string): OutputFormat {
  return mime === 'image/jpeg' ? 'jpeg' : 'png';
}

export const MIME: Readonly<Record<OutputFormat, string>> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const EXTENSION: Readonly<Record<OutputFormat, string>> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' };
