import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/paths.ts';
import { SHOTS, screenshotFile, WIDTHS } from '../src/screenshot-shots.ts';

// The README shows the site through docs/screenshots: every page type it shows has a
// committed screenshot at each width, and every page `npm run screenshots` makes is shown.

/** The README's "## Screenshots" section: its table rows and the images each row shows. */
function readmeScreenshotRows(): { label: string; images: string[] }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Screenshots'));
  if (!section) throw new Error('README.md has no "## Screenshots" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => ({
      label: cells[1] ?? '',
      images: cells.flatMap((cell) => [...cell.matchAll(/<img\s+src="([^"]+)"/g)].map((m) => m[1] as string)),
    }))
    .filter((row) => row.label !== '');
}

describe('README screenshots', () => {
  const rows = readmeScreenshotRows();

  it('finds the table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(SHOTS.length);
  });

  it('every page type the README shows has a phone and a desktop screenshot on disk', () => {
    const missing: string[] = [];
    for (const row of rows) {
      if (row.images.length < Object.keys(WIDTHS).length) missing.push(`${row.label}: ${row.images.length} images`);
      for (const image of row.images) {
        const file = join(ROOT, image);
        if (!existsSync(file) || statSync(file).size === 0) missing.push(`${row.label}: ${image}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every page npm run screenshots makes is shown in the README', () => {
    const shown = new Set(rows.flatMap((row) => row.images));
    const unshown = SHOTS.flatMap((shot) =>
      (Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]).map((device) => screenshotFile(shot.name, device)),
    ).filter((file) => !shown.has(file));
    expect(unshown).toEqual([]);
  });
});
