// One edit published through the publish service's own path, as the benchmark measures it:
// this process IS the publish service (started on the port the CMS's webhook calls), so the
// harness's process-tree sampling covers the service, its Astro build and the search index.
// It edits the title of one news item over REST; Strapi calls the webhook by itself; the
// service builds a release by difference and switches var/live. It prints one line
// `PUBLISH_EDIT {json}` with the time from the webhook's arrival to the live switch.
//
// Environment: the publish service's (CMS_URL, CMS_BUILD_TOKEN, PUBLISH_WEBHOOK_SECRET,
// SITE_URL, PUBLISH_DIR, PUBLISH_PORT, PUBLISH_QUIET_MS), plus BENCH_WRITE_TOKEN,
// BENCH_DOCUMENT (the news item's documentId) and BENCH_TITLE (its new title); BENCH_BURST=1
// not to wait for the service's preparation of the next release after the live switch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishConfigFromEnv } from '@fulian/publisher/config';
import { startPublishService } from '@fulian/publisher/service';
import { news, restPathOf } from '@fulian/shared-types/model';

const env = process.env;
const need = (name: string) => {
  const value = env[name];
  if (!value) throw new Error(`publish-edit needs ${name}`);
  return value;
};
// The reconciler would start a build of its own at the service's start (the snapshot is older
// than the last publish, by design): this process measures the webhook's path alone.
process.env.PUBLISH_RECONCILE_MINUTES = '0';
const config = publishConfigFromEnv(env, join(need('PUBLISH_DIR'), 'no.env'));
const service = await startPublishService(config, { log: () => {} });
try {
  // An editor's publish meets a service that has been idle: the copy of the live release the
  // next build starts from (release-base.ts) is there. A service just started, or a `build
  // --full` just finished, is still making it (220,000 links at 3x, a `cp -al` in the
  // background); an edit sent into that measured the copy too (16.1 s against 8–11 s after).
  if (env.BENCH_BURST !== '1') await service.prepared();
  const before = service.status().builds.total;
  const edited = await fetch(`${config.cmsUrl}/api/${restPathOf(news)}/${need('BENCH_DOCUMENT')}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${need('BENCH_WRITE_TOKEN')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { title: need('BENCH_TITLE') } }),
  });
  if (!edited.ok) throw new Error(`editing ${need('BENCH_DOCUMENT')} failed: HTTP ${edited.status} ${await edited.text()}`);
  const deadline = Date.now() + 15 * 60_000;
  while (service.status().builds.total === before || service.status().state !== 'idle') {
    if (Date.now() > deadline) throw new Error('no build finished within 15 minutes of the edit');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const record = service.status().lastBuild;
  if (record?.result !== 'success' || !record.liveAt) {
    throw new Error(`the build after the edit failed: ${record?.error ?? 'no record'}`);
  }
  const received = record.trigger.events[0]?.receivedAt;
  if (!received) throw new Error('the build was not caused by a webhook call');
  // The copy of the new live release that the next edit starts from (release-base.ts) is made
  // after the switch, while nothing is published: the next edit meets an idle service, as an
  // editor's publish does. BENCH_BURST=1 leaves at once: the next edit meets the copy half made.
  const preparing = performance.now();
  const prepared = env.BENCH_BURST === '1' ? null : await service.prepared();
  const preparedMs = prepared === null ? null : Math.round(performance.now() - preparing);
  const log = readFileSync(record.log, 'utf8');
  process.stdout.write(
    `PUBLISH_EDIT ${JSON.stringify({
      latencyMs: Date.parse(record.liveAt) - Date.parse(received),
      buildMs: record.durationMs,
      mode: record.mode,
      pages: record.pages,
      events: record.trigger.eventCount,
      sync: /增量读取/.test(log) ? 'delta' : 'full',
      preparedMs,
    })}\n`,
  );
} finally {
  await service.close();
}
