import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '@fulian/tooling/paths';
import { run } from '@fulian/tooling/processes';
import { afterAll, describe, expect, it } from 'vitest';
import { countsFor } from '../src/corpus-model.ts';
import { hugoVersion } from '../src/hugo.ts';
import type { ResultsFile } from '../src/report.ts';

// The benchmark harness, whole, at 0.01x (136 documents, 3 images, one run of everything):
// corpus generation and bulk load, the REST pull, cold and warm builds of the real site,
// the search index, the dist report, Hugo and the naive pipeline. It proves the harness
// still runs against the site as it is today; the figures themselves are not asserted.
//
// Hugo comes from Debian's package, which a test must not install: without it the harness
// runs with Hugo skipped, and this test says so in its output.

const SCALE = 0.01;
const work = mkdtempSync(join(tmpdir(), 'fulian-bench-test-'));
const hugo = hugoVersion();

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the benchmark harness at 0.01x', () => {
  it('generates a corpus, measures every stage and writes the results', async () => {
    if (!hugo) {
      console.warn(
        'Hugo is not installed: the harness runs with the Hugo comparison SKIPPED (apt-get install -y hugo to include it).',
      );
    }
    const { output } = await run(
      process.execPath,
      [
        join(ROOT, 'scripts', 'bench', 'run.ts'),
        '--scale',
        String(SCALE),
        '--runs',
        '1',
        '--hugo',
        hugo ? 'auto' : 'skip',
        '--corpus-dir',
        join(work, 'corpus'),
        '--out',
        join(work, 'out'),
      ],
      { cwd: ROOT, quiet: true },
    );
    expect(output).toContain('summary (medians)');

    const results = JSON.parse(readFileSync(join(work, 'out', 'benchmarks.json'), 'utf8')) as ResultsFile;
    const r = results.results[`${SCALE}x`];
    expect(r).toBeDefined();
    if (!r) return;

    const counts = countsFor(SCALE);
    expect(r.corpus.counts).toMatchObject({ news: counts.news, trainings: counts.trainings, lectures: counts.lectures });
    const documents = Object.values(r.corpus.counts).reduce((a, b) => a + b, 0);
    expect(r.pull.documents).toBe(documents);
    expect(r.pull.requests).toBeGreaterThanOrEqual(Object.keys(r.corpus.counts).length);
    expect(r.pull.bytes).toBeGreaterThan(100_000);

    for (const series of [r.cold, r.warm]) {
      expect(series.runs).toHaveLength(1);
      expect(series.median.wallSeconds).toBeGreaterThan(0);
      expect(series.median.cpuSeconds).toBeGreaterThan(0);
      expect(series.median.peakRssBytes).toBeGreaterThan(50 * 1024 * 1024);
    }
    expect(r.cold.runs[0]?.phases?.length).toBeGreaterThanOrEqual(3);
    // The cold build counted had every image already encoded (a fresh clone's first build
    // encodes them: that one is reported apart), so like for like leaves out no hidden encoding.
    const coldImages = r.cold.runs[0]?.images;
    expect(coldImages?.total).toBeGreaterThan(0);
    expect(coldImages?.reused).toBe(coldImages?.total);

    // Page types are found from the site's routes: every news item has its article page.
    const article = r.dist.pageTypes.find((p) => p.type === '/news/[slug]');
    expect(article?.pages).toBe(counts.news);
    expect(article?.htmlCssGzipMedian).toBeGreaterThan(1000);
    expect(r.dist.htmlPages).toBeGreaterThan(counts.news + counts.trainings + counts.lectures);
    expect(r.search.files).toBeGreaterThan(0);

    if (hugo) {
      expect('skipped' in r.hugo).toBe(false);
      if (!('skipped' in r.hugo)) {
        expect(r.hugo.dist.htmlPages).toBeGreaterThan(counts.news);
        // Hugo's figure is a median of three builds even with --runs 1 (--hugo-runs' default).
        expect(r.hugo.runs).toHaveLength(3);
      }
      expect(r.ratios.coldVsHugo).toBeGreaterThan(0);
    } else {
      expect(r.hugo).toEqual({ skipped: expect.stringContaining('skipped') });
    }
    expect('skipped' in r.naive).toBe(false);
    if (!('skipped' in r.naive)) {
      expect(r.naive.dist.htmlPages).toBeGreaterThanOrEqual(counts.news + counts.trainings + counts.lectures);
      // One request per document at least: the naive pipeline's defining cost.
      expect(r.naive.cmsRequests).toBeGreaterThanOrEqual(counts.news + counts.trainings + counts.lectures);
    }
    expect(r.targets.map((t) => t.name)).toContain('Cold build');

    // The publish path: a cold publish, its writes flushed, then the edits, each live.
    expect(r.publish?.edits).toHaveLength(1);
    expect(r.publish?.edits[0]?.latencySeconds).toBeGreaterThan(0);
    expect(r.publish?.writeback?.seconds).toBeGreaterThanOrEqual(0);

    const markdown = readFileSync(join(work, 'out', 'benchmarks.md'), 'utf8');
    expect(markdown).toContain('<!-- bench:results:start -->');
    expect(markdown).toContain('**Cold build**, wall');
    expect(markdown).toContain('`/news/[slug]`');
    expect(markdown).toContain('Written back after the cold publish');
    expect(existsSync(join(work, 'corpus', 'manifest.json'))).toBe(true);
  });
});
