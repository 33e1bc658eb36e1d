// `npm run publish:latency -- [--runs 10] [--corpus DIR] [--quiet-ms 2000] [--keep-logs DIR]`
// Measures what an editor waits for: from the moment a publish returns to the moment the served
// site shows the new page, through the real chain (Strapi's webhook, the publish service's
// quiet window, an Astro build into a release, the live link switch, the static server).
// Also reports the cold build and the one-edit builds, and what the one-edit builds reused.
// On the demo content by default; --corpus takes a corpus made by scripts/bench/corpus.ts
// (copied first, so it stays as it was).
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { news, restPathOf } from '@fulian/shared-types/model';
import { until } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { buildCms } from '@fulian/tooling/cms';
import { freePort } from '@fulian/tooling/processes';
import { serveStatic } from '@fulian/tooling/static-server';
import { publishConfigFromEnv } from './src/config.ts';
import type { BuildRecord } from './src/live-build.ts';
import { startPublishService } from './src/service.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    corpus: { type: 'string' },
    'quiet-ms': { type: 'string', default: '2000' },
    // The builds' own logs, to see where a build's time goes.
    'keep-logs': { type: 'string' },
  },
});
const runs = Number(values.runs);
const quietMs = Number(values['quiet-ms']);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(quietMs) || quietMs < 0) {
  throw new Error('--runs 应为正整数，--quiet-ms 应为非负整数');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** What a build reused, from its log: documents re-stored per collection, images encoded or reused. */
function reuse(record: BuildRecord): string {
  const log = readFileSync(record.log, 'utf8');
  const stored = [...log.matchAll(/\] (\d+) (\S+)（(?:[^：）]*：)?更新 (\d+)，删除 (\d+)）/g)]
    .map(([, total, label, updated]) => `${label} ${updated}/${total}`)
    .join('，');
  const encoded = (log.match(/\(before: \d+kB, after: \d+kB\)/g) ?? []).length;
  const reused = (log.match(/\((?:reused|revalidated) cache entry\)/g) ?? []).length;
  return `重新存入 ${stored}；图片 新编码 ${encoded}，沿用缓存 ${reused}`;
}

await buildCms({ admin: false });
const work = mkdtempSync(join(tmpdir(), 'fulian-latency-'));
const secret = randomBytes(32).toString('hex');
const publishPort = await freePort();
const corpusEnv: Record<string, string> = {};
if (values.corpus) {
  const copy = join(work, 'corpus');
  cpSync(resolve(values.corpus), copy, { recursive: true });
  corpusEnv.DATABASE_FILENAME = join(copy, 'data.db');
  corpusEnv.PUBLIC_DIR = join(copy, 'public');
}
const cms = await startThrowawayCms({
  CMS_LOAD_DEMO: values.corpus ? 'false' : 'true',
  PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${publishPort}/webhook`,
  PUBLISH_WEBHOOK_SECRET: secret,
  ...corpusEnv,
});
const sitePort = await freePort();
const service = await startPublishService(
  publishConfigFromEnv(
    {
      CMS_URL: cms.url,
      CMS_BUILD_TOKEN: cms.buildToken,
      PUBLISH_WEBHOOK_SECRET: secret,
      SITE_URL: `http://localhost:${sitePort}`,
      PUBLISH_PORT: String(publishPort),
      PUBLISH_DIR: join(work, 'var'),
      PUBLISH_QUIET_MS: String(quietMs),
      ...(process.env.PUBLISH_RECONCILE_MINUTES ? { PUBLISH_RECONCILE_MINUTES: process.env.PUBLISH_RECONCILE_MINUTES } : {}),
    },
    join(work, 'no.env'),
  ),
  { log: () => {} },
);
const site = await serveStatic(service.layout.live, sitePort);
let cleaned = false;
const cleanup = async () => {
  if (cleaned) return;
  cleaned = true;
  site.server.close();
  await service.close();
  await cms.stop();
  if (values['keep-logs']) cpSync(service.layout.logs, resolve(values['keep-logs']), { recursive: true });
  rmSync(work, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanup().then(() => process.exit(130)));
}

try {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`内容：${values.corpus ?? '演示内容'}；静默窗口 ${quietMs} ms；${runs} 次发布`);
  const cold = await service.buildNow();
  if (cold.result !== 'success') throw new Error(`首次构建失败：${cold.error}`);
  out(`冷构建（空缓存）：${seconds(cold.durationMs)}；${reuse(cold)}`);
  const warm = await service.buildNow();
  out(`无改动重建：${seconds(warm.durationMs)}；${reuse(warm)}`);

  const latencies: number[] = [];
  const oneEdit: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const slug = `latency-${Date.now()}-${i}`;
    const before = service.status().builds.total;
    const made = await cms.api('POST', `/api/${restPathOf(news)}`, {
      data: { title: `发布延迟测量第${i}篇`, slug, date: '2018-04-20', summary: '测量用摘要', body: '测量用正文' },
    });
    if (made.status !== 201) throw new Error(`发布失败：HTTP ${made.status} ${JSON.stringify(made.json)}`);
    const published = performance.now();
    await until(`/news/${slug}/ 上线`, async () => (await fetch(`${site.url}/news/${slug}/`)).status === 200, 15 * 60_000);
    const latency = performance.now() - published;
    latencies.push(latency);
    const record = service.status().lastBuild as BuildRecord;
    if (service.status().builds.total !== before + 1 || record.result !== 'success') {
      throw new Error(`第 ${i} 次发布后的构建不是恰好一次成功的构建：${JSON.stringify(service.status().recentBuilds)}`);
    }
    oneEdit.push(record.durationMs);
    out(`  第 ${i} 次：发布到上线 ${seconds(latency)}，其中构建 ${seconds(record.durationMs)}；${reuse(record)}`);
    await service.idle();
  }
  out(
    `发布到上线：中位数 ${seconds(median(latencies))}（最短 ${seconds(Math.min(...latencies))}，最长 ${seconds(Math.max(...latencies))}）`,
  );
  out(`单篇改动的构建：中位数 ${seconds(median(oneEdit))}；冷构建 ${seconds(cold.durationMs)}`);
} finally {
  await cleanup();
}
