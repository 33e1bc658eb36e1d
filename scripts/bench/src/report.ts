import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PageTypeReport } from './dist-report.ts';
import { median } from './measure.ts';

/**
 * The benchmark's results: one entry per scale in benchmarks.json (a later run at the same
 * scale replaces the earlier one), and the generated part of benchmarks.md, between two
 * markers, so the prose around it (analysis, notes) is kept when results are regenerated.
 */

export interface BuildStats {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
}

export interface BuildSeries {
  runs: (BuildStats & {
    phases?: { name: string; seconds: number; peakRssBytes?: number }[];
    pages?: number;
    cmsRequests?: number;
    images?: { total: number; reused: number };
    processes?: { command: string; count: number; cpuSeconds: number; peakRssBytes: number }[];
  })[];
  median: BuildStats;
}

export interface DistSummary {
  bytes: number;
  files: number;
  htmlPages: number;
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  met: boolean | null;
}

export interface ScaleResult {
  scale: number;
  /** Set when the run measured something other than the site as it is (e.g. without search). */
  variant?: string;
  fixes?: string[];
  seed: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Record<string, string | number>;
  site: string;
  corpus: {
    counts: Record<string, number>;
    images: number;
    loadSeconds: number;
    documentsPerSecond: number;
    reused: boolean;
    databaseBytes: number;
    uploadsBytes: number;
  };
  pull: {
    documents: number;
    requests: number;
    bytes: number;
    seconds: number[];
    medianSeconds: number;
    documentsPerSecond: number;
  };
  cold: BuildSeries & { withoutImagesSeconds?: number };
  warm: BuildSeries & { edit: string };
  /** On request (--immutable-uploads): the same rebuilds with uploads served immutable, simulated. */
  warmCacheable?: BuildSeries;
  /** The publish service's own path (step 5c of run.ts); absent in results made before it. */
  publish?: {
    /** A full publish with an empty image store: every image encoded for the first time. */
    firstEver: BuildStats;
    /** A full publish into an empty folder with an empty Astro cache, images already encoded. */
    cold: BuildStats;
    /** `sync` after the cold publish, before the edits: what it wrote and how long it took. */
    writeback?: { seconds: number; bytes: number | null };
    edits: (BuildStats & { latencySeconds: number; buildSeconds: number; mode: string; sync: string; pages: unknown })[];
    medianLatencySeconds: number;
    editPeakRssBytes: number;
  };
  search: { integrated: boolean; seconds: number | null; bytes: number; files: number };
  dist: DistSummary & { byExtension: Record<string, { files: number; bytes: number }>; pageTypes: PageTypeReport[] };
  hugo: (BuildSeries & { version: string; exportSeconds: number; exportFiles: number; dist: DistSummary }) | { skipped: string };
  naive: (BuildSeries & { dist: DistSummary; cmsRequests: number | null }) | { skipped: string };
  ratios: Record<string, number | null>;
  targets: Target[];
  loadAverage: { before: number[]; after: number[] };
  notes: string[];
}

export interface ResultsFile {
  results: Record<string, ScaleResult>;
}

export const scaleKey = (scale: number, variant?: string) => `${scale}x${variant ? ` + ${variant}` : ''}`;
const keyOf = (r: ScaleResult) => scaleKey(r.scale, r.variant);

export function readResults(file: string): ResultsFile {
  if (!existsSync(file)) return { results: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
    return parsed.results ? parsed : { results: {} };
  } catch {
    return { results: {} };
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
export const sec = (s: number | null | undefined) =>
  s === null || s === undefined || !Number.isFinite(s) ? '–' : s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
const num = (n: number) => n.toLocaleString('en-US');
const ratio = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`);

function build(series: BuildSeries | { skipped: string } | undefined, key: keyof BuildStats): string {
  if (series && !('skipped' in series) && series.runs.length === 0) return '–';
  if (!series) return '–';
  if ('skipped' in series) return 'skipped';
  const value = series.median[key];
  return key === 'peakRssBytes' ? mb(value) : sec(value);
}

/** Seconds a build spent in the phase whose name starts with `prefix` (0 if it has none). */
export const phaseSeconds = (run: BuildSeries['runs'][number], prefix: string) =>
  run.phases?.find((p) => p.name.startsWith(prefix))?.seconds ?? 0;

/**
 * The cold build less what neither Hugo's template nor the naive site does (encode images,
 * index for search): median over the cold runs of wall time minus those two phases.
 */
export function likeForLike(cold: BuildSeries['runs']): number {
  return median(cold.map((run) => run.wallSeconds - phaseSeconds(run, 'encoding images') - phaseSeconds(run, 'search index')));
}

/** The side-by-side table: one column per scale present. */
export function markdownTables(results: ResultsFile): string {
  const scales = Object.values(results.results).sort(
    (a, b) => a.scale - b.scale || (a.variant ?? '').localeCompare(b.variant ?? ''),
  );
  if (scales.length === 0) return '_No results yet._\n';
  const header = `| | ${scales.map((r) => `**${keyOf(r)}**`).join(' | ')} |\n|---|${scales.map(() => '---:').join('|')}|\n`;
  const row = (label: string, f: (r: ScaleResult) => string) => `| ${label} | ${scales.map(f).join(' | ')} |\n`;
  const docs = (r: ScaleResult) => Object.values(r.corpus.counts).reduce((a, b) => a + b, 0);
  let out = '';
  out += header;
  out += row('Documents (read over REST)', (r) => num(docs(r)));
  out += row(
    'News / trainings / lectures / relief batches',
    (r) =>
      `${num(r.corpus.counts.news ?? 0)} / ${num(r.corpus.counts.trainings ?? 0)} / ${num(r.corpus.counts.lectures ?? 0)} / ${num(r.corpus.counts.reliefBatches ?? 0)}`,
  );
  out += row('Images', (r) => num(r.corpus.images));
  out += row(
    'Corpus load (document service, transactions)',
    (r) => `${sec(r.corpus.loadSeconds)} (${num(Math.round(r.corpus.documentsPerSecond))} docs/s)`,
  );
  out += row('**REST pull**, documents/s', (r) => `**${num(Math.round(r.pull.documentsPerSecond))}**`);
  out += row(
    'REST pull: time / requests / bytes',
    (r) => `${sec(r.pull.medianSeconds)} / ${num(r.pull.requests)} / ${mb(r.pull.bytes)}`,
  );
  out += row('**Cold build**, wall', (r) => `**${build(r.cold, 'wallSeconds')}**`);
  out += row('Cold build less its image-encoding phase', (r) => sec(r.cold.withoutImagesSeconds));
  out += row('Cold build less images and search (like for like with Hugo and naive)', (r) => sec(likeForLike(r.cold.runs)));
  out += row('Cold build CPU (user+sys)', (r) => build(r.cold, 'cpuSeconds'));
  out += row('Cold build peak RSS (process tree)', (r) => build(r.cold, 'peakRssBytes'));
  out += row('**Rebuild after one edit** (same cache), wall', (r) => `**${build(r.warm, 'wallSeconds')}**`);
  out += row('**One edit → live** (publish service: webhook → var/live switched), median', (r) =>
    r.publish ? `**${sec(r.publish.medianLatencySeconds)}**` : '–',
  );
  out += row('Each one edit → live, in order', (r) =>
    r.publish ? r.publish.edits.map((e) => sec(e.latencySeconds)).join(' / ') : '–',
  );
  out += row('One-edit publish peak RSS (process tree)', (r) => (r.publish ? mb(r.publish.editPeakRssBytes) : '–'));
  out += row('**Cold publish**, images already encoded (empty Astro cache, full build into a release)', (r) =>
    r.publish ? `**${sec(r.publish.cold.wallSeconds)}**` : '–',
  );
  out += row('Cold publish peak RSS (process tree)', (r) => (r.publish ? mb(r.publish.cold.peakRssBytes) : '–'));
  out += row('Written back after the cold publish, before the edits (`sync`)', (r) => {
    const w = r.publish?.writeback;
    return w ? `${w.bytes === null ? '?' : mb(w.bytes)} in ${sec(w.seconds)}` : '–';
  });
  out += row('First publish ever, every image encoded', (r) =>
    r.publish ? `${sec(r.publish.firstEver.wallSeconds)} (peak ${mb(r.publish.firstEver.peakRssBytes)})` : '–',
  );
  out += row('Rebuild peak RSS', (r) => build(r.warm, 'peakRssBytes'));
  // Measured only with --immutable-uploads: the rows appear when some scale has them.
  const immutable = scales.some((r) => r.warmCacheable);
  if (immutable) {
    out += row('Rebuild after one edit, uploads served immutable (simulated)', (r) => build(r.warmCacheable, 'wallSeconds'));
  }
  out += row(
    'Search index (Pagefind), time',
    (r) => `${sec(r.search.seconds)}${r.search.integrated ? ' (part of the build)' : ' (run after the build)'}`,
  );
  out += row('Search index size / files', (r) => `${mb(r.search.bytes)} / ${num(r.search.files)}`);
  out += row('dist size / files / HTML pages', (r) => `${mb(r.dist.bytes)} / ${num(r.dist.files)} / ${num(r.dist.htmlPages)}`);
  out += row('**Hugo** build, wall', (r) => `**${build(r.hugo, 'wallSeconds')}**`);
  out += row('Hugo CPU / peak RSS', (r) => `${build(r.hugo, 'cpuSeconds')} / ${build(r.hugo, 'peakRssBytes')}`);
  out += row('Hugo HTML pages', (r) => ('skipped' in r.hugo ? 'skipped' : num(r.hugo.dist.htmlPages)));
  out += row('**Naive Strapi→Astro** build, wall', (r) => `**${build(r.naive, 'wallSeconds')}**`);
  out += row('Naive CPU / peak RSS', (r) => `${build(r.naive, 'cpuSeconds')} / ${build(r.naive, 'peakRssBytes')}`);
  out += row('Naive HTML pages / CMS requests', (r) =>
    'skipped' in r.naive
      ? 'skipped'
      : `${num(r.naive.dist.htmlPages)} / ${r.naive.cmsRequests === null ? '–' : num(r.naive.cmsRequests)}`,
  );
  out += row('**Cold build ÷ Hugo**', (r) => `**${ratio(r.ratios.coldVsHugo)}**`);
  out += row('**Naive ÷ cold build** (higher is better)', (r) => `**${ratio(r.ratios.naiveVsCold)}**`);
  out += row('Cold build less images ÷ Hugo', (r) => ratio(r.ratios.coldWithoutImagesVsHugo));
  out += row('Naive ÷ cold build less images', (r) => ratio(r.ratios.naiveVsColdWithoutImages));
  out += row('**Cold build less images and search ÷ Hugo**', (r) => `**${ratio(r.ratios.likeForLikeVsHugo)}**`);
  out += row('**Naive ÷ cold build less images and search**', (r) => `**${ratio(r.ratios.naiveVsLikeForLike)}**`);
  out += row('Rebuild ÷ Hugo', (r) => ratio(r.ratios.warmVsHugo));
  if (immutable) {
    out += row('Rebuild, uploads immutable ÷ Hugo', (r) => ratio(r.ratios.warmCacheableVsHugo));
    out += row('Naive ÷ rebuild, uploads immutable', (r) => ratio(r.ratios.naiveVsWarmCacheable));
  }
  out += row('Cold build CPU ÷ Hugo CPU', (r) => ratio(r.ratios.cpuVsHugo));
  out += row(
    'Runs (cold / rebuild / Hugo / naive)',
    (r) =>
      `${r.cold.runs.length} / ${r.warm.runs.length} / ${'skipped' in r.hugo ? 0 : r.hugo.runs.length} / ${'skipped' in r.naive ? 0 : r.naive.runs.length}`,
  );
  out += row(
    'Load average, 1 min (start → end)',
    (r) => `${r.loadAverage.before[0]?.toFixed(2)} → ${r.loadAverage.after[0]?.toFixed(2)}`,
  );

  for (const r of scales) {
    out += `\n#### ${keyOf(r)}: targets\n\n| Target | Goal | Measured | |\n|---|---|---|---|\n`;
    for (const t of r.targets)
      out += `| ${t.name} | ${t.goal} | ${t.value} | ${t.met === null ? '–' : t.met ? 'met' : '**missed**'} |\n`;

    const medianOf = (runs: BuildSeries['runs']) => [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds)[runs.length >> 1];
    const coldRun = medianOf(r.cold.runs);
    const warmRun = medianOf(r.warm.runs);
    const cacheableRun = r.warmCacheable ? medianOf(r.warmCacheable.runs) : undefined;
    out += `\n#### ${keyOf(r)}: where the build's time and memory go (median runs)\n\n| Phase | Cold build | peak RSS | Rebuild after one edit | peak RSS |${cacheableRun ? ' Rebuild, uploads immutable | peak RSS |' : ''}\n|---|---:|---:|---:|---:|${cacheableRun ? '---:|---:|' : ''}\n`;
    for (const p of coldRun?.phases ?? []) {
      const w = warmRun?.phases?.find((x) => x.name === p.name);
      const c = cacheableRun?.phases?.find((x) => x.name === p.name);
      const rss = (bytes: number | undefined) => (bytes ? mb(bytes) : '–');
      out += `| ${p.name} | ${sec(p.seconds)} | ${rss(p.peakRssBytes)} | ${sec(w?.seconds)} | ${rss(w?.peakRssBytes)} |${cacheableRun ? ` ${sec(c?.seconds)} | ${rss(c?.peakRssBytes)} |` : ''}\n`;
    }
    const images = (run: BuildSeries['runs'][number] | undefined) =>
      run?.images ? `${run.images.total} image files written, ${run.images.total - run.images.reused} encoded` : '';
    const programs = (run: BuildSeries['runs'][number] | undefined) =>
      (run?.processes ?? [])
        .filter((p) => p.cpuSeconds >= 0.5 || p.peakRssBytes >= 100 * 1024 * 1024)
        .map((p) => `\`${p.command}\`${p.count > 1 ? ` ×${p.count}` : ''} ${sec(p.cpuSeconds)} CPU, ${mb(p.peakRssBytes)}`)
        .join('; ');
    if (coldRun?.processes?.length) {
      out += `\nPrograms of the build (CPU as sampled, peak RSS): cold build ${programs(coldRun)}; rebuild ${programs(warmRun)}${cacheableRun ? `; rebuild with uploads immutable ${programs(cacheableRun)}` : ''}.\n`;
    }
    if (coldRun?.images) {
      out += `\nImages: cold build ${images(coldRun)}; rebuild ${images(warmRun)}${cacheableRun ? `; rebuild with uploads immutable ${images(cacheableRun)}` : ''}.\n`;
    }

    out += `\n#### ${keyOf(r)}: bytes per page type (HTML + CSS, gzip -6) and JavaScript\n\n| Page type (route) | Pages | Median | p95 | Max | JS median | JS max |\n|---|---:|---:|---:|---:|---:|---:|\n`;
    for (const p of r.dist.pageTypes) {
      out += `| \`${p.type}\` | ${num(p.pages)} | ${kb(p.htmlCssGzipMedian)} | ${kb(p.htmlCssGzipP95)} | ${kb(p.htmlCssGzipMax)} | ${num(p.jsBytesMedian)} B | ${num(p.jsBytesMax)} B |\n`;
    }
    out += `\nSite: ${r.site}. Run ${r.startedAt} → ${r.finishedAt}: \`${r.command}\`\n`;
    if (r.notes.length > 0) out += `\n${r.notes.map((n) => `- ${n}`).join('\n')}\n`;
  }
  return out;
}

export function machineLine(results: ResultsFile): string {
  const any = Object.values(results.results)[0];
  if (!any) return '';
  const m = any.machine;
  return `${m.cpuModel}, ${m.cpus} cores, ${m.memoryGiB} GiB RAM; ${m.os}; Node ${m.node}; Astro ${m.astro}; Strapi ${m.strapi}; ${m.hugo}`;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Writes the results into benchmarks.json and the generated part of benchmarks.md. */
export function writeResults(jsonFile: string, markdownFile: string, result: ScaleResult): ResultsFile {
  const results = readResults(jsonFile);
  results.results[keyOf(result)] = result;
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  writeMarkdown(markdownFile, results);
  return results;
}

/** Writes the generated part of benchmarks.md from the results (the rest of the file stays). */
export function writeMarkdown(markdownFile: string, results: ResultsFile): void {
  const generated = `${START}\n<!-- Written by scripts/bench/run.ts: edits between these two markers are overwritten. -->\n\nMachine: ${machineLine(results)}\n\n${markdownTables(results)}\n${END}`;
  const existing = existsSync(markdownFile) ? readFileSync(markdownFile, 'utf8') : '';
  const text =
    existing.includes(START) && existing.includes(END)
      ? `${existing.slice(0, existing.indexOf(START))}${generated}${existing.slice(existing.indexOf(END) + END.length)}`
      : `# Benchmarks\n\n${generated}\n`;
  writeFileSync(markdownFile, text);
}
