// `node scripts/bench/corpus.ts --scale 0.1 [--seed 1] [--dir DIR] [--force]`
// Generates the synthetic corpus at the given scale and loads it into a fresh SQLite
// database (DIR/data.db, uploads in DIR/public/uploads). The benchmark calls it when its
// corpus is missing or was made by other code; run it by hand to prepare one in advance.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCms } from '@fulian/tooling/cms';
import { fingerprint } from '@fulian/tooling/fingerprint';
import { CMS_DIR, ROOT } from '@fulian/tooling/paths';
import { run } from '@fulian/tooling/processes';
import { loadCorpus } from './src/corpus-load.ts';
import { countsFor, documentCounts, generateCorpus } from './src/corpus-model.ts';

export interface CorpusManifest {
  scale: number;
  seed: string;
  /** Hash of the generator and the content model: a corpus made by other code is remade. */
  source: string;
  counts: Record<string, number>;
  images: number;
  generateSeconds: number;
  loadSeconds: number;
  documentsPerSecond: number;
  databaseBytes: number;
  uploadsBytes: number;
  createdAt: string;
}

const BENCH_DIR = join(ROOT, 'scripts', 'bench');

export function corpusSource(): string {
  return fingerprint([
    ...['prng.ts', 'corpus-text.ts', 'corpus-text.json', 'corpus-model.ts', 'corpus-images.ts', 'corpus-load.ts'].map((f) =>
      join(BENCH_DIR, 'src', f),
    ),
    join(CMS_DIR, 'src', 'api'),
    join(CMS_DIR, 'src', 'components'),
  ]);
}

export function defaultCorpusDir(scale: number, seed: string): string {
  return join(ROOT, 'var', 'bench', 'corpus', `${scale}x-seed${seed}`);
}

export function readManifest(dir: string): CorpusManifest | undefined {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CorpusManifest;
  } catch {
    return undefined;
  }
}

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * A corpus at this scale and seed, made by the current generator: reused when it exists,
 * otherwise generated and loaded in a child process (Strapi boots in it and exits with it).
 */
export async function ensureCorpus(options: {
  scale: number;
  seed: string;
  dir?: string;
  force?: boolean;
  /**
   * Take an existing corpus even if other code made it (an added optional field leaves the
   * documents as they are; Strapi adds the column at start). The results say so.
   */
  reuseStale?: boolean;
  log?: (line: string) => void;
}): Promise<{ dir: string; manifest: CorpusManifest; reused: boolean; stale?: boolean }> {
  const dir = options.dir ?? defaultCorpusDir(options.scale, options.seed);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const existing = readManifest(dir);
  if (!options.force && existing && existing.source === corpusSource() && existsSync(join(dir, 'data.db'))) {
    return { dir, manifest: existing, reused: true };
  }
  if (!options.force && options.reuseStale && existing && existsSync(join(dir, 'data.db'))) {
    log(`reusing the corpus in ${dir}, made by other code (${existing.createdAt}): --reuse-corpus`);
    return { dir, manifest: existing, reused: true, stale: true };
  }
  log(`generating the ${options.scale}x corpus (seed ${options.seed}) into ${dir}`);
  await run(
    process.execPath,
    [join(BENCH_DIR, 'corpus.ts'), '--scale', String(options.scale), '--seed', options.seed, '--dir', dir, '--force'],
    { cwd: ROOT, quiet: false },
  );
  const manifest = readManifest(dir);
  if (!manifest) throw new Error(`the corpus generator wrote no manifest in ${dir}`);
  return { dir, manifest, reused: false };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  countsFor(scale); // validates the factor
  const seed = values.seed ?? '1';
  const dir = values.dir ?? defaultCorpusDir(scale, seed);
  const existing = readManifest(dir);
  if (!values.force && existing?.source === corpusSource()) {
    process.stdout.write(`the corpus is there and up to date: ${dir}\n`);
    return;
  }

  await buildCms({ admin: false });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const t = performance.now();
  const corpus = generateCorpus(scale, seed);
  const generateSeconds = (performance.now() - t) / 1000;
  const counts = documentCounts(corpus);
  process.stdout.write(
    `  documents generated in ${generateSeconds.toFixed(1)} s: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; images ${corpus.images.length}\n`,
  );
  const report = await loadCorpus(corpus, dir);
  const manifest: CorpusManifest = {
    scale,
    seed,
    source: corpusSource(),
    counts,
    images: corpus.images.length,
    generateSeconds,
    loadSeconds: report.seconds,
    documentsPerSecond: report.documentsPerSecond,
    databaseBytes: statSync(join(dir, 'data.db')).size,
    uploadsBytes: folderBytes(join(dir, 'public', 'uploads')),
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `  loaded ${report.documents} documents in ${report.seconds.toFixed(1)} s (${Math.round(report.documentsPerSecond)}/s): ${dir}\n`,
  );
}

if (import.meta.main) {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
