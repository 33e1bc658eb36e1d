// `node scripts/bench/image-probe.ts [--runs 3]`
// What one cover costs the site's build, encoder by encoder: the files astro:assets writes for
// a 1200×800 and a 1600×900 JPEG upload (AVIF and WebP at each width of the <Picture>, its
// fallback <img>, the Open Graph JPEG) with sharp's defaults as Astro uses them, against the
// cheaper settings docs/benchmarks.md proposes. Single-threaded timings (sharp.concurrency(1)),
// medians of --runs.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SITE_DIR } from '@fulian/tooling/paths';
import { renderImage } from './src/corpus-images.ts';
import { median } from './src/measure.ts';

interface Encoder {
  resize(options: { width: number }): Encoder;
  avif(options?: Record<string, unknown>): Encoder;
  webp(options?: Record<string, unknown>): Encoder;
  png(options?: Record<string, unknown>): Encoder;
  jpeg(options?: Record<string, unknown>): Encoder;
  toBuffer(): Promise<Buffer>;
}
type Sharp = ((input: Buffer) => Encoder) & { concurrency(n: number): number; cache(enabled: boolean): void };
const sharp = createRequire(join(SITE_DIR, 'package.json'))('sharp') as Sharp;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));
sharp.concurrency(1);
sharp.cache(false);

const variants: { label: string; format: 'avif' | 'webp' | 'png' | 'jpeg'; options?: Record<string, unknown> }[] = [
  { label: 'AVIF, sharp default (effort 4)', format: 'avif' },
  { label: 'AVIF, effort 2', format: 'avif', options: { effort: 2 } },
  { label: 'AVIF, effort 0', format: 'avif', options: { effort: 0 } },
  { label: 'WebP, default', format: 'webp' },
  { label: 'PNG (the <Picture> fallback by default)', format: 'png' },
  { label: 'JPEG, mozjpeg off (a jpg fallback)', format: 'jpeg' },
];

for (const [width, height] of [
  [1200, 800],
  [1600, 900],
] as const) {
  const source = await renderImage({
    index: 0,
    name: 'probe.jpg',
    width,
    height,
    format: 'jpeg',
    alternativeText: 'probe',
    seed: 7,
  });
  const widths = [400, 800, 1200].filter((w) => w < width).concat(Math.min(width, 1600));
  process.stdout.write(`\n${width}×${height} JPEG (${(source.length / 1024).toFixed(0)} KB), widths ${widths.join(', ')}\n`);
  for (const variant of variants) {
    let bytes = 0;
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      bytes = 0;
      for (const w of widths) {
        const out = await sharp(source).resize({ width: w })[variant.format](variant.options).toBuffer();
        bytes += out.length;
      }
      times.push(performance.now() - t);
    }
    process.stdout.write(
      `  ${variant.label.padEnd(42)} ${(median(times) / 1000).toFixed(2).padStart(6)} s for all widths   ${(bytes / 1024).toFixed(0).padStart(6)} KB\n`,
    );
  }
}
