// `node scripts/bench/cold-build.ts --corpus DIR --image-store DIR [--runs 1] [--search] [--profile DIR] [--alternate NAME=VALUE[,…]] [--keep-logs]`
// The bare cold build alone (the one like for like compares with Hugo), on a corpus made by
// corpus.ts: a Strapi on a copy of the corpus, then `astro build` with an empty cache, as many
// times as asked, each with its phases. For trying a change to the full render without a whole
// `npm run bench` (26 minutes at 1x and 3x). Without `--search` the site's search step is off,
// and the figure printed is the one like for like uses (the build less images and search).
// `--profile DIR` writes a V8 CPU profile of every thread of the build into DIR. `--alternate
// NAME=VALUE` sets that variable for every second build, so that two ways of building are
// measured turn about, through the same hours of a machine whose speed drifts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { siteBuildCommand } from '@fulian/site/build';
import { generateSecrets } from '@fulian/tooling/env-file';
import { SITE_DIR } from '@fulian/tooling/paths';
import { astroPhases, imagesEncoded, pagesBuilt } from './src/astro-site.ts';
import { startCorpusCms } from './src/corpus-load.ts';
import { measure } from './src/measure.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    'image-store': { type: 'string' },
    runs: { type: 'string', default: '1' },
    search: { type: 'boolean', default: false },
    profile: { type: 'string' },
    alternate: { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
});
if (!values.corpus || !values['image-store']) {
  throw new Error('--corpus DIR and --image-store DIR are required (a corpus made by scripts/bench/corpus.ts)');
}
const corpus = resolve(values.corpus);
const work = mkdtempSync(join(tmpdir(), 'fulian-cold-build-'));
const secrets = generateSecrets();
const log = (line: string) => process.stdout.write(`${line}\n`);
const cms = await startCorpusCms({
  corpus,
  work,
  secrets,
  env: { CMS_WRITE_TOKEN: randomBytes(48).toString('hex') },
});
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    const outDir = join(work, 'dist');
    const cacheDir = join(work, 'cache');
    rmSync(outDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
    const launch = siteBuildCommand({
      root: SITE_DIR,
      cmsUrl: cms.url,
      buildToken: secrets.CMS_BUILD_TOKEN,
      siteUrl: 'https://www.example.gov.cn',
      outDir,
      cacheDir,
      imageStoreDir: resolve(values['image-store']),
      ...(values.search ? {} : { searchIndex: false }),
    });
    // NAME=VALUE[,NAME=VALUE…]
    const alternates = (values.alternate?.split(',') ?? []).map((pair) => pair.split(/=(.*)/s));
    const alternate = alternates.length > 0 && run % 2 === 0;
    if (alternate) for (const [name, value] of alternates) launch.env[name as string] = value ?? '';
    if (values.profile) {
      launch.env.NODE_OPTIONS = `${launch.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${resolve(values.profile)}`;
    }
    const m = await measure(launch.command, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      logFile: join(work, `cold-${run}.log`),
    });
    if (m.exitCode !== 0) {
      const kept = join(tmpdir(), `fulian-cold-build-failed-${run}.log`);
      writeFileSync(kept, m.output);
      throw new Error(`astro build failed (exit ${m.exitCode}), its whole log in ${kept}:\n${m.output.slice(-3000)}`);
    }
    const images = imagesEncoded(m.output);
    const phases = astroPhases(m)
      .map((p) => `${p.name} ${p.seconds.toFixed(2)} s (${Math.round(p.peakRssBytes / 2 ** 20)} MB)`)
      .join('; ');
    const encoding = images.total - images.reused;
    log(
      `run ${run}${alternate ? ` (${values.alternate})` : alternates.length > 0 ? ' (as is)' : ''}: wall ${m.wallSeconds.toFixed(2)} s, cpu ${m.cpuSeconds.toFixed(1)} s, peak ${Math.round(m.peakTreeRssBytes / 2 ** 20)} MB, ${pagesBuilt(m.output)} pages${encoding > 0 ? `, ${encoding} image files ENCODED (not like for like)` : ''}`,
    );
    const threads = /页面由两个线程渲染：[^\n]*/.exec(m.output)?.[0] ?? '页面由一个线程渲染';
    log(`  ${phases}; images ${images.reused} of ${images.total} reused; ${threads}`);
  }
} finally {
  await cms.stop();
  // Each build's whole log (Astro's, with the loader's and the site's own lines), to read after.
  if (values['keep-logs']) log(`logs: ${work}/cold-*.log`);
  else rmSync(work, { recursive: true, force: true });
}
