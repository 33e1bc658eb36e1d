// `node scripts/bench/publish-path.ts --corpus DIR [--edits 3] [--image-store DIR] [--out FILE] [--work DIR] [--burst]`
// The publish path alone, on a corpus made by corpus.ts (copied first): a cold publish (every
// page rendered into an empty release, with the image store given, so images already encoded
// are not encoded again), then one-edit publishes through the publish service's own path,
// timed from the webhook's arrival to the live switch, each in its own measured process tree.
// For scales at which the whole `npm run bench` would take too long; prints the figures as JSON.
// `--work DIR` continues in the work folder of an earlier run (its database, its live release):
// the cold publish is skipped and only the edits are measured, for trying a change to the
// one-edit path without waiting for a cold publish again. Each edit meets an idle service: the
// one before it left the service's preparation of the next release finished (release-base.ts);
// `--burst` sends each edit as soon as the one before is live.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { news, restPathOf } from '@fulian/shared-types/model';
import { generateSecrets } from '@fulian/tooling/env-file';
import { ROOT } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { startCorpusCms } from './src/corpus-load.ts';
import { measure, settleWriteback } from './src/measure.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    edits: { type: 'string', default: '3' },
    'image-store': { type: 'string' },
    out: { type: 'string' },
    work: { type: 'string' },
    burst: { type: 'boolean', default: false },
  },
});
if (!values.corpus) throw new Error('--corpus DIR is required (a corpus made by scripts/bench/corpus.ts)');
const corpus = resolve(values.corpus);
const reuse = values.work ? resolve(values.work) : undefined;
if (reuse && !existsSync(join(reuse, 'var', 'live'))) throw new Error(`--work ${reuse} has no live release to continue from`);
const work = reuse ?? mkdtempSync(join(tmpdir(), 'fulian-publish-path-'));
const secrets = generateSecrets();
const writeToken = randomBytes(48).toString('hex');
const webhookSecret = randomBytes(32).toString('hex');
const publishPort = await freePort();
const log = (line: string) => process.stdout.write(`${line}\n`);
const cms = await startCorpusCms({
  corpus,
  work,
  secrets,
  reuse: reuse !== undefined,
  env: {
    CMS_WRITE_TOKEN: writeToken,
    PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${publishPort}/webhook`,
    PUBLISH_WEBHOOK_SECRET: webhookSecret,
  },
});
const imageStore = resolve(values['image-store'] ?? join(work, 'image-store'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CMS_URL: cms.url,
  CMS_BUILD_TOKEN: secrets.CMS_BUILD_TOKEN,
  PUBLISH_WEBHOOK_SECRET: webhookSecret,
  SITE_URL: 'https://www.example.gov.cn',
  PUBLISH_DIR: join(work, 'var'),
  PUBLISH_PORT: String(publishPort),
  PUBLISH_QUIET_MS: '0',
  SITE_IMAGE_STORE_DIR: imageStore,
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
try {
  const list = (await (
    await fetch(`${cms.url}/api/${restPathOf(news)}?sort=date:desc&pagination[pageSize]=1`, {
      headers: { Authorization: `Bearer ${writeToken}` },
    })
  ).json()) as { data: { documentId: string; title: string; slug: string }[] };
  const newest = list.data[0];
  if (!newest) throw new Error('the corpus has no news');
  log(`corpus ${corpus}; work ${work}; image store ${imageStore}`);
  const cold = reuse
    ? null
    : await measure(process.execPath, [join(ROOT, 'scripts', 'publisher', 'publish.ts'), 'build', '--full'], {
        cwd: ROOT,
        env,
        logFile: join(work, 'cold.log'),
      });
  if (cold && cold.exitCode !== 0) throw new Error(`cold publish failed:\n${cold.output.slice(-3000)}`);
  if (cold)
    log(
      `cold publish: wall ${cold.wallSeconds.toFixed(1)} s, cpu ${cold.cpuSeconds.toFixed(1)} s, peak ${mb(cold.peakTreeRssBytes)} MB`,
    );
  else log('cold publish: skipped (--work continues from an earlier run)');
  const writeback = settleWriteback();
  log(
    `written back before the edits: ${writeback.bytes === null ? '?' : mb(writeback.bytes)} MB in ${writeback.seconds.toFixed(1)} s (sync)`,
  );
  // Which program held the memory: the tree's peak is a sum over processes alive at once.
  if (cold)
    log(
      `cold publish programs: ${cold.processes
        .filter((p) => p.peakRssBytes > 50 * 1024 * 1024)
        .map(
          (p) =>
            `${p.command}${p.count > 1 ? ` ×${p.count}` : ''} ${p.cpuSeconds.toFixed(1)} s cpu, peak ${mb(p.peakRssBytes)} MB`,
        )
        .join('; ')}`,
    );
  const edits = [];
  for (let i = 1; i <= Number(values.edits); i++) {
    const title = `${newest.title.slice(0, 100)}（发布第${i}次修订）`;
    const m = await measure(process.execPath, [join(ROOT, 'scripts', 'bench', 'src', 'publish-edit.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        BENCH_WRITE_TOKEN: writeToken,
        BENCH_DOCUMENT: newest.documentId,
        BENCH_TITLE: title,
        ...(values.burst ? { BENCH_BURST: '1' } : {}),
      },
      logFile: join(work, `edit-${i}.log`),
    });
    const reported = /PUBLISH_EDIT (\{.*\})/.exec(m.output)?.[1];
    if (m.exitCode !== 0 || !reported) throw new Error(`edit ${i} failed:\n${m.output.slice(-3000)}`);
    const edit = JSON.parse(reported) as {
      latencyMs: number;
      buildMs: number;
      mode: string;
      sync: string;
      pages: unknown;
      preparedMs: number | null;
    };
    const page = readFileSync(join(work, 'var', 'live', 'news', newest.slug, 'index.html'), 'utf8');
    if (!page.includes(title)) throw new Error(`edit ${i} is not on the live page`);
    edits.push({ ...edit, wall: m.wallSeconds, cpu: m.cpuSeconds, peakMb: mb(m.peakTreeRssBytes) });
    log(
      `edit ${i}: webhook → live ${(edit.latencyMs / 1000).toFixed(1)} s (${edit.mode}, ${edit.sync} read, ${JSON.stringify(edit.pages)}); process cpu ${m.cpuSeconds.toFixed(1)} s, peak ${mb(m.peakTreeRssBytes)} MB; next release prepared ${edit.preparedMs === null ? 'not waited for (--burst)' : `${(edit.preparedMs / 1000).toFixed(1)} s after`}`,
    );
  }
  const result = {
    corpus,
    cold: cold
      ? {
          wall: cold.wallSeconds,
          cpu: cold.cpuSeconds,
          peakMb: mb(cold.peakTreeRssBytes),
          programs: cold.processes.map((p) => ({
            command: p.command,
            count: p.count,
            cpu: p.cpuSeconds,
            peakMb: mb(p.peakRssBytes),
          })),
        }
      : null,
    writeback: { seconds: writeback.seconds, mb: writeback.bytes === null ? null : mb(writeback.bytes) },
    edits,
  };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  log(JSON.stringify(result));
} finally {
  await cms.stop();
}
