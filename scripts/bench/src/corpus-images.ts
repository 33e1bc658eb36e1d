import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SITE_DIR } from '@fulian/tooling/paths';
import type { ImageSpec } from './corpus-model.ts';
import { Rng } from './prng.ts';

// sharp is the site's dependency (astro:assets encodes with it); the scripts borrow it,
// typed here for the few calls they make.
interface SharpImage {
  composite(layers: { input: Buffer; raw: { width: number; height: number; channels: 3 }; blend: string }[]): SharpImage;
  jpeg(options: { quality: number }): SharpImage;
  png(options: { compressionLevel: number; palette: boolean }): SharpImage;
  toBuffer(): Promise<Buffer>;
}
const sharp = createRequire(join(SITE_DIR, 'package.json'))('sharp') as (input: Buffer) => SharpImage;

const PALETTE = ['#a8203a', '#c8553d', '#f28f3b', '#ffd5c2', '#588b8b', '#2d3047', '#93b7be', '#e0ca3c', '#fbeff1', '#6d597a'];

/** Grey film grain from a seeded xorshift (sharp's own noise is not seeded). */
function grain(seed: number, width: number, height: number): Buffer {
  const bytes = Buffer.allocUnsafe(width * height * 3);
  let x = seed | 0 || 1;
  for (let i = 0; i < bytes.length; i += 3) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // Two bytes summed: a triangular distribution around mid-grey, like mild sensor noise.
    const v = 128 + (((x & 0xff) + ((x >>> 8) & 0xff)) >> 3) - 32;
    bytes[i] = v;
    bytes[i + 1] = v;
    bytes[i + 2] = v;
  }
  return bytes;
}

/**
 * A picture the size and format of an editor's upload: a gradient sky, a ground, and shapes
 * standing for people and banners; JPEGs get grain so they weigh what photos weigh.
 * Deterministic from the spec's seed.
 */
export async function renderImage(spec: ImageSpec): Promise<Buffer> {
  const rng = new Rng(spec.seed);
  const { width: w, height: h } = spec;
  const [top, bottom, ground] = rng.sample(PALETTE, 3);
  const shapes: string[] = [];
  for (let i = rng.int(6, 14); i > 0; i--) {
    const x = rng.int(0, w);
    const y = rng.int(Math.round(h * 0.35), h);
    const r = rng.int(Math.round(h * 0.03), Math.round(h * 0.12));
    const fill = rng.pick(PALETTE);
    shapes.push(
      rng.chance(0.6)
        ? `<circle cx="${x}" cy="${y - r * 2}" r="${r}" fill="${fill}"/><rect x="${x - r}" y="${y - r}" width="${r * 2}" height="${r * 3}" rx="${r / 2}" fill="${fill}" opacity="0.9"/>`
        : `<rect x="${x}" y="${rng.int(0, Math.round(h * 0.3))}" width="${rng.int(w / 8, w / 3)}" height="${rng.int(h / 14, h / 7)}" fill="${fill}" opacity="0.85"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs>
<rect width="${w}" height="${h}" fill="url(#g)"/><rect y="${Math.round(h * 0.7)}" width="${w}" height="${h}" fill="${ground}"/>
${shapes.join('\n')}</svg>`;
  // Graphics (posters, charts) are flat PNGs; photos are JPEGs with grain.
  if (spec.format === 'png') return sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: grain(rng.int(1, 0x7fffffff), w, h), raw: { width: w, height: h, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 82 })
    .toBuffer();
}
