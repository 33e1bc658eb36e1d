import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pagefindVersion } from './pagefind.ts';
import type { Digests } from './stage.ts';

/** Bump when the staged text or the shard layout would come out differently for the same pages. */
export const FORMAT = 6;

/** The search step's record of what it staged, in its work folder (manifest.json). */
export interface Manifest {
  format: number;
  icu: string;
  pagefind: string;
  /** Path under outDir -> digests of the page as built and of its staged text. */
  pages: Record<string, Digests>;
}

/** The folder inside the work folder that followBuild stages into (indexSite spares and empties it). */
export const PRESTAGE_FOLDER = 'prestage';

export const manifestPath = (workDir: string) => join(workDir, 'manifest.json');

/** The work folder's manifest, if it was written by this format, ICU and Pagefind. */
export function readManifest(workDir: string): Manifest | undefined {
  const path = manifestPath(workDir);
  if (!existsSync(path)) return undefined;
  const read = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  return read.format === FORMAT && read.icu === (process.versions.icu ?? 'none') && read.pagefind === pagefindVersion()
    ? read
    : undefined;
}
