// `npm run bench -- --scale 1 [--runs 3] [--naive-runs N] [--seed 1] [--site worktree|HEAD|<ref>]
//                  [--hugo install|auto|skip] [--skip-naive] [--out docs] [--keep]`
//
// Measures the whole pipeline on a synthetic corpus (scripts/bench/corpus.ts): the REST pull,
// a cold site build, a rebuild after one edit, the search index, what dist weighs per page
// type; and, on the same corpus in the same run, Hugo and a naive Strapi → Astro site.
// Prints a table and writes docs/benchmarks.json and the generated part of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as model from '@fulian/shared-types/model';
import { restPathOf } from '@fulian/shared-types/model';
import { buildCms, startCms } from '@fulian/tooling/cms';
import { generateSecrets } from '@fulian/tooling/env-file';
import { CMS_DIR, ROOT, SITE_DIR } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { ensureCorpus } from './corpus.ts';
import { astroPhases, buildAstroSite, imagesEncoded, pagesBuilt, siteTree } from './src/astro-site.ts';
import { startCmsProxy } from './src/cms-proxy.ts';
import { corpusCmsEnv } from './src/corpus-load.ts';
import { countsFor } from './src/corpus-model.ts';
import { analyseDist, folderSize } from './src/dist-report.ts';
import { buildHugo, ensureHugo, exportForHugo, hugoVersion } from './src/hugo.ts';
import { type Measured, measure, median } from './src/measure.ts';
import { buildNaive, prepareNaive } from './src/naive.ts';
import { pullAll } from './src/pull.ts';
import {
  type BuildSeries,
  type BuildStats,
  kb,
  likeForLike,
  mb,
  phaseSeconds,
  type ScaleResult,
  sec,
  type Target,
  writeResults,
} from './src/report.ts';
import { removeSearchStep } from './src/without-search.ts';

const SITE_URL = 'https://www.example.gov.cn';
const GIB = 1024 ** 3;

const log = (line = '') => process.stdout.write(`${line}\n`);

function stats(m: Measured): BuildStats & { processes: Measured['processes'] } {
  return { wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds, peakRssBytes: m.peakTreeRssBytes, processes: m.processes };
}

function series<T extends BuildStats>(runs: T[]): { runs: T[]; median: BuildStats } {
  return {
    runs,
    median: {
      wallSeconds: median(runs.map((r) => r.wallSeconds)),
      cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
      peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    },
  };
}

function line(label: string, m: BuildStats, extra = ''): string {
  return `  ${label.padEnd(22)} wall ${sec(m.wallSeconds).padStart(8)}   cpu ${sec(m.cpuSeconds).padStart(8)}   peak RSS ${mb(m.peakRssBytes).padStart(8)}${extra}`;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function machine(): Record<string, string | number> {
  const os = existsSync('/etc/os-release')
    ? (/^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux')
    : process.platform;
  return {
    cpuModel: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? '?',
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / GIB),
    os,
    kernel: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
    node: process.versions.node,
    astro: version(join(SITE_DIR, 'node_modules', 'astro', 'package.json')),
    strapi: version(join(CMS_DIR, 'node_modules', '@strapi', 'strapi', 'package.json')),
    pagefind: version(join(SITE_DIR, 'node_modules', 'pagefind', 'package.json')),
    hugo: hugoVersion()?.split(' ').slice(0, 2).join(' ') ?? 'hugo not installed',
  };
}

/** GET requests to the content API Strapi logged since `offset` bytes of its log. */
function cmsRequestsSince(logFile: string, offset: number): { count: number; offset: number } {
  const text = readFileSync(logFile, 'utf8');
  const added = text.slice(offset);
  return { count: (added.match(/GET \/api\//g) ?? []).length, offset: text.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      'naive-runs': { type: 'string' },
      site: { type: 'string', default: 'worktree' },
      hugo: { type: 'string', default: 'install' },
      'skip-naive': { type: 'boolean', default: false },
      'reuse-corpus': { type: 'boolean', default: false },
      out: { type: 'string', default: join(ROOT, 'docs') },
      'corpus-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'immutable-uploads': { type: 'boolean', default: false },
      'without-search': { type: 'boolean', default: false },
    },
  });
  const immutableUploads = values['immutable-uploads'] ?? false;
  const withoutSearch = values['without-search'] ?? false;
  const variant = withoutSearch ? 'without the search step' : '';
  const scale = Number(values.scale);
  countsFor(scale);
  const seed = values.seed ?? '1';
  const runs = Math.max(1, Number(values.runs));
  const naiveRuns = Math.max(1, Number(values['naive-runs'] ?? runs));
  if (!['install', 'auto', 'skip'].includes(values.hugo ?? '')) throw new Error('--hugo is install, auto or skip');
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const notes: string[] = [];

  log(`benchmark at ${scale}x (seed ${seed}), ${runs} run(s) each${values['skip-naive'] ? '' : `, naive ${naiveRuns}`}`);
  await buildCms({ admin: false });
  const corpus = await ensureCorpus({
    scale,
    seed,
    ...(values['corpus-dir'] ? { dir: values['corpus-dir'] } : {}),
    reuseStale: values['reuse-corpus'] ?? false,
    log,
  });
  if (corpus.stale) {
    notes.push(`The corpus was made by earlier code (${corpus.manifest.createdAt}) and reused with --reuse-corpus.`);
  }
  log(`corpus: ${corpus.dir}${corpus.reused ? ' (reused)' : ''}`);

  const work = mkdtempSync(join(tmpdir(), 'fulian-bench-'));
  mkdirSync(join(work, 'cms'), { recursive: true });
  mkdirSync(join(work, 'logs'), { recursive: true });
  // The rebuild edits a document: the corpus stays pristine, the run works on a copy.
  copyFileSync(join(corpus.dir, 'data.db'), join(work, 'cms', 'data.db'));
  const secrets = generateSecrets();
  const writeToken = randomBytes(48).toString('hex');
  // The publish path (step 5c) runs the publish service, which Strapi calls by itself.
  const webhookSecret = randomBytes(32).toString('hex');
  const publishPort = await freePort();
  const cmsLog = join(work, 'logs', 'strapi.log');
  const cms = await startCms({
    port: await freePort(),
    logFile: cmsLog,
    env: {
      ...secrets,
      CMS_WRITE_TOKEN: writeToken,
      PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${publishPort}/webhook`,
      PUBLISH_WEBHOOK_SECRET: webhookSecret,
      ...corpusCmsEnv(work),
      DATABASE_FILENAME: join(work, 'cms', 'data.db'),
      PUBLIC_DIR: join(corpus.dir, 'public'),
    },
  });
  const token = secrets.CMS_BUILD_TOKEN as string;
  // The site's builds read the CMS through a proxy that passes everything through, except
  // in step 5b; the REST pull and the naive pipeline talk to Strapi directly.
  const proxy = await startCmsProxy(cms.url);
  log(`Strapi on ${cms.url} (log ${cmsLog}); builds read it through ${proxy.url}`);

  try {
    const site = siteTree(values.site, work, withoutSearch);
    log(`site: ${site.label}`);
    const applied: string[] = [];
    if (withoutSearch) {
      applied.push(removeSearchStep(site.root));
      log(`  - ${applied.at(-1)}`);
      notes.push(
        'Measured WITHOUT the site’s search step (its Pagefind integration removed from a copy of the site): at this scale it would not fit in memory.',
      );
    }

    // 1. The REST pull, alone.
    log('\nREST pull (the site’s CmsClient and queries, all collections at once)');
    const pulls = [];
    for (let i = 0; i < runs; i++) {
      const pull = await pullAll(site.root, cms.url, token);
      pulls.push(pull);
      log(
        `  run ${i + 1}: ${pull.documents} documents in ${sec(pull.seconds)} = ${Math.round(pull.documents / pull.seconds)}/s, ${pull.requests} requests, ${mb(pull.bytes)}`,
      );
    }
    const lastPull = pulls.at(-1) as (typeof pulls)[number];
    const pullSeconds = median(pulls.map((p) => p.seconds));

    // 2. Cold builds: empty cache and output each time.
    log('\ncold build (empty cache)');
    const outDir = join(work, 'dist');
    const cacheDir = join(work, 'cache');
    const cold: BuildSeries['runs'] = [];
    let requestsOffset = cmsRequestsSince(cmsLog, 0).offset;
    for (let i = 0; i < runs; i++) {
      rmSync(outDir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
      const m = await buildAstroSite(site.root, {
        cmsUrl: proxy.url,
        token,
        siteUrl: SITE_URL,
        outDir,
        cacheDir,
        logFile: join(work, 'logs', `cold-${i + 1}.log`),
      });
      const requests = cmsRequestsSince(cmsLog, requestsOffset);
      requestsOffset = requests.offset;
      const pages = pagesBuilt(m.output);
      const images = imagesEncoded(m.output);
      cold.push({
        ...stats(m),
        phases: astroPhases(m),
        ...(pages ? { pages } : {}),
        cmsRequests: requests.count,
        images,
      });
      log(
        line(`run ${i + 1}`, stats(m), `   ${pages ?? '?'} pages, ${images.total} image files, ${requests.count} CMS requests`),
      );
    }

    // 3. The search index: built by the site if it has a Pagefind step, otherwise run here.
    const pagefindDir = join(outDir, 'pagefind');
    let search: ScaleResult['search'];
    if (withoutSearch) {
      search = { integrated: false, seconds: null, bytes: 0, files: 0 };
      log('\nsearch index: not built (--without-search)');
    } else if (existsSync(pagefindDir)) {
      const size = folderSize(pagefindDir);
      const phase = (r: (typeof cold)[number]) => r.phases?.find((p) => p.name.startsWith('search index'))?.seconds ?? Number.NaN;
      const seconds = median(cold.map(phase));
      search = { integrated: true, seconds: Number.isFinite(seconds) ? seconds : null, ...size };
      log(`\nsearch index: built by the site in ${sec(seconds)} (${mb(size.bytes)}, ${size.files} files)`);
    } else {
      log('\nsearch index: the site has no Pagefind step; running pagefind --site dist');
      const m = await measure(join(SITE_DIR, 'node_modules', '.bin', 'pagefind'), ['--site', outDir], {
        cwd: work,
        logFile: join(work, 'logs', 'pagefind.log'),
      });
      if (m.exitCode !== 0) throw new Error(`pagefind failed:\n${m.output.slice(-2000)}`);
      const size = folderSize(pagefindDir);
      search = { integrated: false, seconds: m.wallSeconds, ...size };
      log(line('pagefind', stats(m), `   ${mb(size.bytes)}, ${size.files} files`));
    }

    // 4. What dist weighs.
    const dist = analyseDist(outDir, join(site.root, 'src', 'pages'));
    log(`\ndist: ${mb(dist.bytes)}, ${dist.files} files, ${dist.htmlPages} HTML pages`);
    for (const p of dist.pageTypes) {
      log(
        `  ${p.type.padEnd(36)} ${String(p.pages).padStart(6)} pages   HTML+CSS gz median ${kb(p.htmlCssGzipMedian).padStart(9)}  p95 ${kb(p.htmlCssGzipP95).padStart(9)}   JS max ${p.jsBytesMax} B`,
      );
    }

    // 5. One edit, then a rebuild with the same cache and output.
    log('\nrebuild after one edit (same cache dir)');
    const newest = [...(lastPull.pulled.collections[restPathOf(model.news)] ?? [])].sort((a, b) =>
      String(b.date).localeCompare(String(a.date)),
    )[0];
    if (!newest) throw new Error('no news to edit');
    let edits = 0;
    const rebuilds = async (label: string, file: string): Promise<BuildSeries['runs']> => {
      const done: BuildSeries['runs'] = [];
      for (let i = 0; i < runs; i++) {
        edits++;
        const title = `${String(newest.title)
          .replace(/（第\d+次修订）$/, '')
          .slice(0, 100)}（第${edits}次修订）`;
        const edited = await fetch(`${cms.url}/api/${restPathOf(model.news)}/${newest.documentId}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${writeToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: { title } }),
        });
        if (!edited.ok) throw new Error(`editing ${newest.documentId} failed: HTTP ${edited.status} ${await edited.text()}`);
        const m = await buildAstroSite(site.root, {
          cmsUrl: proxy.url,
          token,
          siteUrl: SITE_URL,
          outDir,
          cacheDir,
          logFile: join(work, 'logs', `${file}-${i + 1}.log`),
        });
        const requests = cmsRequestsSince(cmsLog, requestsOffset);
        requestsOffset = requests.offset;
        const page = join(outDir, 'news', String(newest.slug), 'index.html');
        if (!existsSync(page) || !readFileSync(page, 'utf8').includes(title)) {
          throw new Error(`the rebuild did not carry the edit into ${page}`);
        }
        const images = imagesEncoded(m.output);
        done.push({ ...stats(m), phases: astroPhases(m), cmsRequests: requests.count, images });
        log(
          line(`${label} ${i + 1}`, stats(m), `   ${images.total - images.reused} of ${images.total} image files encoded again`),
        );
      }
      return done;
    };
    const warm = await rebuilds('run', 'warm');

    // 5b. On request, the same with uploads served immutable for a year (simulated by the
    // proxy). The CMS answers 304 for unchanged uploads, so this only saves the revalidations.
    let warmCacheable: BuildSeries['runs'] = [];
    if (immutableUploads) {
      log('\nrebuild after one edit, uploads served immutable for a year (simulated by a proxy)');
      proxy.mode = 'cacheable';
      warmCacheable = await rebuilds('run', 'warm-cacheable');
      proxy.mode = 'passthrough';
    }

    // 5c. The publish path, as production runs it: the publish service's own builds into
    // releases (render plan, image store outside the Astro cache, search index), timed from
    // the webhook's arrival to the live switch. Each run is a process of its own, so its
    // process tree's peak memory is the publish's.
    log('\npublish path (the publish service: full builds into releases, then one edit → live)');
    const imageStore = join(work, 'image-store');
    const publishEnv = (dir: string): NodeJS.ProcessEnv => ({
      ...process.env,
      CMS_URL: cms.url,
      CMS_BUILD_TOKEN: token,
      PUBLISH_WEBHOOK_SECRET: webhookSecret,
      SITE_URL,
      PUBLISH_DIR: dir,
      PUBLISH_PORT: String(publishPort),
      PUBLISH_QUIET_MS: '0',
      SITE_IMAGE_STORE_DIR: imageStore,
    });
    const fullPublish = async (label: string, dir: string, file: string) => {
      const m = await measure(process.execPath, [join(ROOT, 'scripts', 'publisher', 'publish.ts'), 'build', '--full'], {
        cwd: ROOT,
        env: publishEnv(dir),
        logFile: join(work, 'logs', `${file}.log`),
      });
      if (m.exitCode !== 0) throw new Error(`${label} failed:\n${m.output.slice(-3000)}`);
      log(line(label, stats(m)));
      return stats(m);
    };
    const firstEver = await fullPublish('first publish, empty image store', join(work, 'var-first'), 'publish-first');
    const publishDir = join(work, 'var');
    const coldPublish = await fullPublish('cold publish, images already encoded', publishDir, 'publish-cold');
    const publishEdits: NonNullable<ScaleResult['publish']>['edits'] = [];
    for (let i = 0; i < runs; i++) {
      const title = `${String(newest.title)
        .replace(/（第\d+次修订）$/, '')
        .slice(0, 100)}（发布第${i + 1}次修订）`;
      const m = await measure(process.execPath, [join(ROOT, 'scripts', 'bench', 'src', 'publish-edit.ts')], {
        cwd: ROOT,
        env: {
          ...publishEnv(publishDir),
          BENCH_WRITE_TOKEN: writeToken,
          BENCH_DOCUMENT: String(newest.documentId),
          BENCH_TITLE: title,
        },
        logFile: join(work, 'logs', `publish-edit-${i + 1}.log`),
      });
      const reported = /PUBLISH_EDIT (\{.*\})/.exec(m.output)?.[1];
      if (m.exitCode !== 0 || !reported) throw new Error(`one-edit publish ${i + 1} failed:\n${m.output.slice(-3000)}`);
      const edit = JSON.parse(reported) as { latencyMs: number; buildMs: number; mode: string; sync: string; pages: unknown };
      const page = join(publishDir, 'live', 'news', String(newest.slug), 'index.html');
      if (!readFileSync(page, 'utf8').includes(title)) throw new Error(`the publish did not carry the edit into ${page}`);
      publishEdits.push({
        latencySeconds: edit.latencyMs / 1000,
        buildSeconds: edit.buildMs / 1000,
        mode: edit.mode,
        sync: edit.sync,
        pages: edit.pages,
        ...stats(m),
      });
      log(
        line(
          `edit ${i + 1}`,
          stats(m),
          `   webhook → live ${sec(edit.latencyMs / 1000)} (${edit.mode}, ${edit.sync} read, ${JSON.stringify(edit.pages)})`,
        ),
      );
    }
    const publish: NonNullable<ScaleResult['publish']> = {
      firstEver,
      cold: coldPublish,
      edits: publishEdits,
      medianLatencySeconds: median(publishEdits.map((e) => e.latencySeconds)),
      editPeakRssBytes: Math.max(...publishEdits.map((e) => e.peakRssBytes)),
    };

    // 6. Hugo on the same documents.
    let hugo: ScaleResult['hugo'];
    const hugoAvailable = values.hugo === 'skip' ? undefined : ensureHugo(values.hugo === 'install', log);
    if (!hugoAvailable) {
      const reason =
        values.hugo === 'skip' ? 'skipped (--hugo skip)' : 'skipped: hugo is not installed (apt-get install -y hugo)';
      hugo = { skipped: reason };
      log(`\nHugo: ${reason}`);
      notes.push(`Hugo ${reason}.`);
    } else {
      log(`\nHugo (${hugoAvailable.split(' ').slice(0, 2).join(' ')}) on the same documents, exported as Markdown`);
      const hugoDir = join(work, 'hugo');
      const t = performance.now();
      const exported = exportForHugo(lastPull.pulled, join(corpus.dir, 'public', 'uploads'), hugoDir);
      const exportSeconds = (performance.now() - t) / 1000;
      log(`  export: ${exported.files} Markdown files, ${mb(exported.bytes)} in ${sec(exportSeconds)}`);
      const hugoOut = join(work, 'hugo-public');
      const hugoRuns: BuildStats[] = [];
      for (let i = 0; i < runs; i++) {
        const m = await buildHugo(hugoDir, hugoOut, join(work, 'logs', `hugo-${i + 1}.log`));
        hugoRuns.push(stats(m));
        log(line(`run ${i + 1}`, stats(m)));
      }
      const hugoDist = analyseDist(hugoOut);
      hugo = {
        version: hugoAvailable,
        exportSeconds,
        exportFiles: exported.files,
        ...series(hugoRuns),
        dist: { bytes: hugoDist.bytes, files: hugoDist.files, htmlPages: hugoDist.htmlPages },
      };
      log(`  dist: ${mb(hugoDist.bytes)}, ${hugoDist.files} files, ${hugoDist.htmlPages} HTML pages`);
    }

    // 7. The naive pipeline.
    let naive: ScaleResult['naive'];
    if (values['skip-naive']) {
      naive = { skipped: 'skipped (--skip-naive)' };
    } else {
      log('\nnaive Strapi → Astro (getStaticPaths lists, one populate=* request per document)');
      const naiveDir = prepareNaive(join(work, 'naive-site'));
      const naiveOut = join(work, 'naive-dist');
      const naiveRunsDone: (BuildStats & { cmsRequests: number })[] = [];
      for (let i = 0; i < naiveRuns; i++) {
        const m = await buildNaive(naiveDir, {
          cmsUrl: cms.url,
          token,
          siteUrl: SITE_URL,
          outDir: naiveOut,
          cacheDir: join(work, 'naive-cache'),
          logFile: join(work, 'logs', `naive-${i + 1}.log`),
        });
        const requests = cmsRequestsSince(cmsLog, requestsOffset);
        requestsOffset = requests.offset;
        naiveRunsDone.push({ ...stats(m), cmsRequests: requests.count });
        log(line(`run ${i + 1}`, stats(m), `   ${requests.count} CMS requests`));
      }
      const naiveDist = analyseDist(naiveOut);
      naive = {
        ...series(naiveRunsDone),
        dist: { bytes: naiveDist.bytes, files: naiveDist.files, htmlPages: naiveDist.htmlPages },
        cmsRequests: median(naiveRunsDone.map((r) => r.cmsRequests)),
      };
      log(`  dist: ${mb(naiveDist.bytes)}, ${naiveDist.files} files, ${naiveDist.htmlPages} HTML pages`);
    }

    // 8. Ratios and targets.
    const coldSeries = series(cold);
    const warmSeries = series(warm);
    const warmCacheableSeries = warmCacheable.length > 0 ? series(warmCacheable) : undefined;
    const hugoMedian = 'skipped' in hugo ? undefined : hugo.median;
    const naiveMedian = 'skipped' in naive ? undefined : naive.median;
    // Neither Hugo's template nor the naive site encodes images (they link the uploads as
    // they are) or has a search index: the cold build less those phases is like for like.
    const coldWithoutImages = median(cold.map((r) => r.wallSeconds - phaseSeconds(r, 'encoding images')));
    const like = likeForLike(cold);
    const ratios = {
      coldVsHugo: hugoMedian ? coldSeries.median.wallSeconds / hugoMedian.wallSeconds : null,
      coldWithoutImagesVsHugo: hugoMedian ? coldWithoutImages / hugoMedian.wallSeconds : null,
      warmVsHugo: hugoMedian ? warmSeries.median.wallSeconds / hugoMedian.wallSeconds : null,
      warmCacheableVsHugo:
        hugoMedian && warmCacheableSeries ? warmCacheableSeries.median.wallSeconds / hugoMedian.wallSeconds : null,
      cpuVsHugo: hugoMedian ? coldSeries.median.cpuSeconds / hugoMedian.cpuSeconds : null,
      naiveVsCold: naiveMedian ? naiveMedian.wallSeconds / coldSeries.median.wallSeconds : null,
      naiveVsColdWithoutImages: naiveMedian ? naiveMedian.wallSeconds / coldWithoutImages : null,
      likeForLikeVsHugo: hugoMedian ? like / hugoMedian.wallSeconds : null,
      naiveVsLikeForLike: naiveMedian ? naiveMedian.wallSeconds / like : null,
      naiveVsWarm: naiveMedian ? naiveMedian.wallSeconds / warmSeries.median.wallSeconds : null,
      naiveVsWarmCacheable:
        naiveMedian && warmCacheableSeries ? naiveMedian.wallSeconds / warmCacheableSeries.median.wallSeconds : null,
    };
    const documentsPerSecond = lastPull.documents / pullSeconds;
    const article = dist.pageTypes.find((p) => p.type === '/news/[slug]') ?? dist.pageTypes[0];
    const contentJs = dist.pageTypes.filter((p) => !/search|sou-suo/i.test(p.type));
    const maxContentJs = Math.max(0, ...contentJs.map((p) => p.jsBytesMax));
    const targets: Target[] = [
      { name: 'Cold build', goal: '≤ 60 s', value: sec(coldSeries.median.wallSeconds), met: coldSeries.median.wallSeconds <= 60 },
      {
        name: 'Cold build vs Hugo',
        goal: '≤ 4×',
        value: ratios.coldVsHugo === null ? 'Hugo skipped' : `${ratios.coldVsHugo.toFixed(2)}×`,
        met: ratios.coldVsHugo === null ? null : ratios.coldVsHugo <= 4,
      },
      {
        name: 'Faster than the naive pipeline',
        goal: '≥ 3×',
        value: ratios.naiveVsCold === null ? 'naive skipped' : `${ratios.naiveVsCold.toFixed(2)}×`,
        met: ratios.naiveVsCold === null ? null : ratios.naiveVsCold >= 3,
      },
      {
        name: 'Rebuild after one edit',
        goal: '≤ 10 s',
        value: sec(warmSeries.median.wallSeconds),
        met: warmSeries.median.wallSeconds <= 10,
      },
      {
        name: 'REST pull',
        goal: '≥ 2,000 documents/s',
        value: `${Math.round(documentsPerSecond).toLocaleString('en-US')}/s`,
        met: documentsPerSecond >= 2000,
      },
      {
        name: 'Build peak RSS',
        goal: '≤ 2 GB',
        value: mb(Math.max(coldSeries.median.peakRssBytes, warmSeries.median.peakRssBytes)),
        met: Math.max(coldSeries.median.peakRssBytes, warmSeries.median.peakRssBytes) <= 2 * GIB,
      },
      {
        name: `Article page (${article?.type ?? '?'}), HTML+CSS gzip, p95`,
        goal: '≤ 30 KB',
        value: article ? kb(article.htmlCssGzipP95) : '?',
        met: article ? article.htmlCssGzipP95 <= 30 * 1024 : null,
      },
      { name: 'JS on content pages (all but search)', goal: '0 B', value: `${maxContentJs} B`, met: maxContentJs === 0 },
      {
        name: 'One edit → live (webhook → var/live switched)',
        goal: '≤ 10 s',
        value: sec(publish.medianLatencySeconds),
        met: publish.medianLatencySeconds <= 10,
      },
      {
        name: 'Peak memory, cold publish and one-edit publish',
        goal: '≤ 2 GB',
        value: `${mb(publish.cold.peakRssBytes)} / ${mb(publish.editPeakRssBytes)}`,
        met: Math.max(publish.cold.peakRssBytes, publish.editPeakRssBytes) <= 2 * GIB,
      },
      {
        name: 'Cold publish, images already encoded',
        goal: '≤ 60 s',
        value: sec(publish.cold.wallSeconds),
        met: publish.cold.wallSeconds <= 60,
      },
      {
        name: 'Publish path vs naive (naive full rebuild ÷ one edit → live)',
        goal: '≥ 3×',
        value: naiveMedian ? `${(naiveMedian.wallSeconds / publish.medianLatencySeconds).toFixed(2)}×` : 'naive skipped',
        met: naiveMedian ? naiveMedian.wallSeconds / publish.medianLatencySeconds >= 3 : null,
      },
    ];
    if (scale !== 1)
      notes.push(`The targets are stated for the 12k-document corpus (1x); at ${scale}x they are shown for orientation.`);
    const loadAfter = loadavg();
    if (Math.max(loadBefore[0] ?? 0, loadAfter[0] ?? 0) > cpus().length * 0.75) {
      notes.push(
        `The machine was busy with other work (load ${loadBefore[0]?.toFixed(2)} → ${loadAfter[0]?.toFixed(2)} on ${cpus().length} cores): wall times are noisier than CPU times.`,
      );
    }

    const result: ScaleResult = {
      scale,
      ...(variant ? { variant, fixes: applied } : {}),
      seed,
      startedAt,
      finishedAt: new Date().toISOString(),
      command,
      machine: machine(),
      site: site.label,
      corpus: {
        counts: corpus.manifest.counts,
        images: corpus.manifest.images,
        loadSeconds: corpus.manifest.loadSeconds,
        documentsPerSecond: corpus.manifest.documentsPerSecond,
        reused: corpus.reused,
        databaseBytes: corpus.manifest.databaseBytes,
        uploadsBytes: corpus.manifest.uploadsBytes,
      },
      pull: {
        documents: lastPull.documents,
        requests: lastPull.requests,
        bytes: lastPull.bytes,
        seconds: pulls.map((p) => p.seconds),
        medianSeconds: pullSeconds,
        documentsPerSecond,
      },
      cold: { ...coldSeries, withoutImagesSeconds: coldWithoutImages },
      warm: { ...warmSeries, edit: `title of news ${newest.documentId} (${newest.slug})` },
      ...(warmCacheableSeries ? { warmCacheable: warmCacheableSeries } : {}),
      publish,
      search,
      dist,
      hugo,
      naive,
      ratios,
      targets,
      loadAverage: { before: loadBefore, after: loadAfter },
      notes,
    };

    log('\nsummary (medians)');
    log(line('cold build', coldSeries.median));
    log(line('rebuild after one edit', warmSeries.median));
    if (warmCacheableSeries) log(line('… uploads immutable', warmCacheableSeries.median));
    log(line('first publish (empty image store)', publish.firstEver));
    log(line('cold publish (images encoded)', publish.cold));
    log(
      `  one edit → live (webhook → var/live): ${sec(publish.medianLatencySeconds)} median, peak ${mb(publish.editPeakRssBytes)}`,
    );
    if (hugoMedian) log(line('Hugo', hugoMedian));
    if (naiveMedian) log(line('naive Strapi → Astro', naiveMedian));
    log(
      `  cold ÷ Hugo ${ratios.coldVsHugo?.toFixed(2) ?? '–'}×   naive ÷ cold ${ratios.naiveVsCold?.toFixed(2) ?? '–'}×   rebuild ÷ Hugo ${ratios.warmVsHugo?.toFixed(2) ?? '–'}×`,
    );
    log('\ntargets');
    for (const t of targets)
      log(`  ${t.met === null ? '–   ' : t.met ? 'met ' : 'MISS'}  ${t.name}: ${t.value} (goal ${t.goal})`);

    const out = values.out as string;
    writeResults(join(out, 'benchmarks.json'), join(out, 'benchmarks.md'), result);
    log(
      `\nresults: ${relative(process.cwd(), join(out, 'benchmarks.json')) || join(out, 'benchmarks.json')}, ${join(out, 'benchmarks.md')}`,
    );
  } finally {
    await proxy.stop();
    await cms.stop();
    if (values.keep) log(`work dir kept: ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
