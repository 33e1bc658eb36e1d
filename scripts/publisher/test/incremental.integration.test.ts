import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type SiteTree, siteTree } from '@fulian/bench/astro-site';
import { ensureCorpus } from '@fulian/bench/corpus';
import { corpusCmsEnv } from '@fulian/bench/corpus-load';
import { Rng } from '@fulian/bench/prng';
import { buildSite, throwIfFailed } from '@fulian/site/build';
import { type AdminSession, adminSession, treeDigest } from '@fulian/testkit/cms-helpers';
import type { ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { buildCms, type RunningCms, startCms } from '@fulian/tooling/cms';
import { generateSecrets } from '@fulian/tooling/env-file';
import { freePort } from '@fulian/tooling/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishConfig } from '../src/config.ts';
import { buildRelease, manifestFile } from '../src/live-build.ts';
import { liveRelease, publishLayout } from '../src/releases.ts';

// Incremental equals full. A seeded corpus at 0.01x, 25+ random edits of every kind the issue
// names, each published through the publish service's own build path (an incremental release
// made by difference from the live one); after every edit the release must be byte for byte
// what a full build of the same content writes, search index included. Only the calendar's
// DTSTAMP (the moment of the build) may differ. On failure the seed is printed: run again
// with FULIAN_DIFF_SEED=<seed> to replay the same edits.

const SEED = process.env.FULIAN_DIFF_SEED ?? String(Date.now() % 100_000);
const EDITS = Number(process.env.FULIAN_DIFF_EDITS ?? 26);
const SITE_URL = 'https://www.example.gov.cn';
const ADMIN = { email: 'diff@fulian.local', password: `Diff-${randomBytes(9).toString('hex')}A1` };

const work = mkdtempSync(join(tmpdir(), 'fulian-incremental-'));
let cms: RunningCms;
let admin: AdminSession;
let writeToken: string;
let config: PublishConfig;
/** A copy of site/ for the full builds: Astro builds of one site folder cannot overlap (.astro/). */
let fullSite: SiteTree;
const rng = new Rng(`diff-${SEED}`);

type Doc = { documentId: string; [key: string]: unknown };

async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${cms.url}/api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${writeToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api/${path}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function list(path: string, query = ''): Promise<Doc[]> {
  const all: Doc[] = [];
  for (let page = 1; ; page++) {
    const body = await rest('GET', `${path}?pagination[page]=${page}&pagination[pageSize]=100${query}`);
    all.push(...body.data);
    if (page >= body.meta.pagination.pageCount) return all;
  }
}

/**
 * The calendar's DTSTAMP is the moment of the build, by RFC 5545: the one difference allowed.
 * The search index is compared file by file too: its shards are assigned by path and merged
 * deterministically (site/src/search/), so the same pages give the same bytes.
 */
function comparable(dir: string): Record<string, string> {
  // The publisher's gzip and brotli copies (a full `astro build` writes none) are checked on
  // their own: each must decompress to its file.
  const digests = Object.fromEntries(Object.entries(treeDigest(dir)).filter(([file]) => !/\.(?:gz|br)$/.test(file)));
  if (digests['events.ics']) {
    digests['events.ics'] = readFileSync(join(dir, 'events.ics'), 'utf8').replace(/^DTSTAMP:.*$/gm, 'DTSTAMP:*');
  }
  return digests;
}

const unpublished: { uid: string; path: string; documentId: string }[] = [];
const pick = <T>(items: T[]): T => rng.pick(items);

type Changed = { uid: string | null; documentId: string | null };
type Edit = { what: string; changed: Changed[] };
const NEWS = 'api::news.news';

/**
 * One random edit of a kind the issue lists. Returns what it did, for the failure message,
 * and what the CMS's webhook would name (the publish service reads only that by delta).
 */
async function edit(n: number): Promise<Edit> {
  const kinds = [
    'create',
    'title',
    'body',
    'category',
    'series',
    'programme',
    'cover',
    'alt',
    'unpublish',
    'delete',
    'republish',
    'settings',
    'category-name',
    'relief-figures',
    'programme-text',
    'photo-file',
  ] as const;
  // The first 16 edits go through every kind once, in a seeded order; the rest are random.
  const order = rng.fork('order').sample([...kinds], kinds.length);
  const kind = n < kinds.length ? (order[n] as (typeof kinds)[number]) : pick([...kinds]);
  const news = await list('news-items', '&populate[category][fields][0]=documentId&populate[cover][fields][0]=id');
  const categories = await list('categories');
  const one = pick(news);
  switch (kind) {
    case 'create': {
      const created = await rest('POST', 'news-items?status=published', {
        data: {
          title: `差异测试新闻 ${n}（种子 ${SEED}）`,
          date: `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
          summary: '增量构建与完整构建的比对。',
          body: `## 第 ${n} 次改动\n\n市妇联召开工作会议，部署下一阶段任务。`,
          category: pick(categories).documentId,
        },
      });
      return { what: `create news ${created.data.documentId}`, changed: [{ uid: NEWS, documentId: created.data.documentId }] };
    }
    case 'title':
      await rest('PUT', `news-items/${one.documentId}?status=published`, {
        data: { title: `${String(one.title).slice(0, 60)}（修订 ${n}）` },
      });
      return { what: `title of news ${one.documentId}`, changed: [{ uid: NEWS, documentId: one.documentId }] };
    case 'body': {
      // With a photo of the media library in it, as the editor inserts one: the first time
      // always, then every other time (a replaced file is then, whenever one is, a photo a
      // body shows).
      const files = (await rest('GET', 'upload/files')) as { url: string; mime: string }[];
      const photo = n < kinds.length || rng.chance(0.5) ? pick(files.filter((f) => f.mime.startsWith('image/'))) : null;
      const added = photo ? `\n\n![现场照片](${cms.url}${photo.url})` : '';
      await rest('PUT', `news-items/${one.documentId}?status=published`, {
        data: { body: `${String(one.body ?? '')}\n\n补充说明：第 ${n} 次修改。${added}` },
      });
      return {
        what: `body of news ${one.documentId}${photo ? ` with photo ${photo.url}` : ''}`,
        changed: [{ uid: NEWS, documentId: one.documentId }],
      };
    }
    case 'photo-file': {
      // An editor replaces a file in the media library (替换): same address, new bytes. A file a
      // body shows when there is one, else any: covers show it too.
      const files = (await rest('GET', 'upload/files')) as { id: number; url: string; mime: string; name: string }[];
      const images = files.filter((f) => f.mime.startsWith('image/'));
      const shown = images.filter((f) => news.some((d) => String(d.body ?? '').includes(f.url)));
      const file = pick(shown.length ? shown : images);
      const other = pick(images.filter((f) => f.id !== file.id));
      const bytes = await (await fetch(`${cms.url}${other.url}`)).arrayBuffer();
      const form = new FormData();
      form.append('files', new Blob([bytes], { type: other.mime }), file.name);
      const response = await fetch(`${cms.url}/api/upload?id=${file.id}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${writeToken}` },
        body: form,
      });
      if (!response.ok) throw new Error(`replace file ${file.id}: HTTP ${response.status} ${await response.text()}`);
      return {
        what: `bytes of file ${file.id} (${file.url}) replaced by ${other.url}'s`,
        changed: [{ uid: null, documentId: null }],
      };
    }
    case 'category': {
      const other = pick(categories.filter((c) => c.documentId !== (one.category as Doc | null)?.documentId));
      await rest('PUT', `news-items/${one.documentId}?status=published`, { data: { category: other.documentId } });
      return {
        what: `category of news ${one.documentId} → ${other.documentId}`,
        changed: [{ uid: NEWS, documentId: one.documentId }],
      };
    }
    case 'series': {
      const lecture = pick(await list('lectures'));
      const series = pick(await list('lecture-series-list'));
      await rest('PUT', `lectures/${lecture.documentId}?status=published`, { data: { series: series.documentId } });
      return {
        what: `series of lecture ${lecture.documentId} → ${series.documentId}`,
        changed: [{ uid: 'api::lecture.lecture', documentId: lecture.documentId }],
      };
    }
    case 'programme': {
      const batch = pick(await list('relief-batches'));
      const programme = pick(await list('relief-programmes'));
      await rest('PUT', `relief-batches/${batch.documentId}?status=published`, { data: { programme: programme.documentId } });
      return {
        what: `programme of batch ${batch.documentId} → ${programme.documentId}`,
        changed: [{ uid: 'api::relief-batch.relief-batch', documentId: batch.documentId }],
      };
    }
    case 'cover': {
      const withCover = news.filter((d) => d.cover);
      const donor = pick(withCover.length ? withCover : news);
      const target = pick(news);
      const cover = (donor.cover as { id: number } | null)?.id ?? null;
      await rest('PUT', `news-items/${target.documentId}?status=published`, { data: { cover } });
      return { what: `cover of news ${target.documentId} → ${cover}`, changed: [{ uid: NEWS, documentId: target.documentId }] };
    }
    case 'alt': {
      const files = (await rest('GET', 'upload/files')) as { id: number; alternativeText: string }[];
      const file = pick(files);
      const form = new FormData();
      form.append('fileInfo', JSON.stringify({ alternativeText: `${file.alternativeText.slice(0, 40)}（第 ${n} 次）` }));
      const response = await fetch(`${cms.url}/api/upload?id=${file.id}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${writeToken}` },
        body: form,
      });
      if (!response.ok) throw new Error(`alt text of file ${file.id}: HTTP ${response.status} ${await response.text()}`);
      return { what: `alt text of file ${file.id}`, changed: [{ uid: null, documentId: null }] };
    }
    case 'unpublish':
      await admin.unpublish('api::news.news', one.documentId);
      unpublished.push({ uid: 'api::news.news', path: 'news-items', documentId: one.documentId });
      return { what: `unpublish news ${one.documentId}`, changed: [{ uid: NEWS, documentId: one.documentId }] };
    case 'delete':
      await rest('DELETE', `news-items/${one.documentId}`);
      return { what: `delete news ${one.documentId}`, changed: [{ uid: NEWS, documentId: one.documentId }] };
    case 'republish': {
      const back = unpublished.shift();
      if (!back) {
        await admin.unpublish('api::news.news', one.documentId);
        await admin.publish('api::news.news', one.documentId);
        return { what: `unpublish and republish news ${one.documentId}`, changed: [{ uid: NEWS, documentId: one.documentId }] };
      }
      await admin.publish(back.uid, back.documentId);
      return { what: `republish news ${back.documentId}`, changed: [{ uid: back.uid, documentId: back.documentId }] };
    }
    case 'settings':
      await rest('PUT', 'site-setting', { data: { phone: `0592-${rng.int(1_000_000, 9_999_999)}` } });
      return { what: 'site settings phone', changed: [{ uid: 'api::site-setting.site-setting', documentId: null }] };
    case 'category-name': {
      const category = pick(categories);
      await rest('PUT', `categories/${category.documentId}`, { data: { name: `${String(category.name).slice(0, 8)}${n}` } });
      return {
        what: `name of category ${category.documentId}`,
        changed: [{ uid: 'api::category.category', documentId: category.documentId }],
      };
    }
    case 'programme-text': {
      // Programmes have draft and publish: the edit is saved and published, as an 审核 would.
      const programme = pick(await list('relief-programmes'));
      await rest('PUT', `relief-programmes/${programme.documentId}?status=published`, {
        data: { eligibility: `${String(programme.eligibility ?? '').slice(0, 200)}\n\n第 ${n} 次修订：申请材料须加盖公章。` },
      });
      return {
        what: `eligibility of programme ${programme.documentId}`,
        changed: [{ uid: 'api::relief-programme.relief-programme', documentId: programme.documentId }],
      };
    }
    case 'relief-figures': {
      const batch = pick(await list('relief-batches'));
      const yuan = rng.int(10_000, 900_000);
      await rest('PUT', `relief-batches/${batch.documentId}?status=published`, {
        data: { amount: `${yuan}.${rng.int(10, 99)}` },
      });
      return {
        what: `amount of batch ${batch.documentId}`,
        changed: [{ uid: 'api::relief-batch.relief-batch', documentId: batch.documentId }],
      };
    }
  }
}

beforeAll(async () => {
  await buildCms({ admin: false });
  fullSite = siteTree('worktree', work, true);
  const corpus = await ensureCorpus({ scale: 0.01, seed: '1', log: () => {} });
  mkdirSync(join(work, 'cms'), { recursive: true });
  copyFileSync(join(corpus.dir, 'data.db'), join(work, 'cms', 'data.db'));
  // A copy of the uploads, not the corpus's own: the edits replace files in the media library,
  // which Strapi writes in place, and the corpus is shared by every run on this machine.
  cpSync(join(corpus.dir, 'public'), join(work, 'cms', 'public'), { recursive: true });
  const secrets = generateSecrets();
  writeToken = randomBytes(48).toString('hex');
  cms = await startCms({
    port: await freePort(),
    logFile: join(work, 'strapi.log'),
    env: {
      ...secrets,
      ...corpusCmsEnv(join(work, 'cms')),
      PUBLIC_DIR: join(work, 'cms', 'public'),
      CMS_WRITE_TOKEN: writeToken,
      CMS_ADMIN_EMAIL: ADMIN.email,
      CMS_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  // The admin API publishes and unpublishes (REST has no unpublish): the testkit's session.
  admin = await adminSession({ url: cms.url } as ThrowawayCms, ADMIN.email, ADMIN.password);
  config = {
    cmsUrl: cms.url,
    buildToken: secrets.CMS_BUILD_TOKEN as string,
    previewToken: null,
    siteUrl: SITE_URL,
    webhookSecret: 'x'.repeat(32),
    previewSecret: null,
    host: '127.0.0.1',
    port: 0,
    previewPort: 0,
    previewUrl: '',
    dir: join(work, 'var'),
    quietMs: 0,
    maxWaitMs: 0,
    keepReleases: 2,
    buildTimeoutMs: 10 * 60_000,
    reconcileMinutes: 0,
    nightlyAt: 'off',
  };
}, 600_000);

afterAll(async () => {
  await cms?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe(`incremental publishing equals a full build (seed ${SEED}; replay with FULIAN_DIFF_SEED=${SEED})`, () => {
  it(`after each of ${EDITS} random edits, the incremental release is byte for byte the full build`, async () => {
    const layout = publishLayout(config.dir);
    const first = await buildRelease(config, layout, { events: [], by: 'operator', full: true });
    expect(first.result, first.error ?? '').toBe('success');
    let incrementalBuilds = 0;
    for (let n = 0; n < EDITS; n++) {
      const { what, changed } = await edit(n);
      // As the webhook would have it: the events name the documents, and the build reads by delta.
      const events = changed.map((c) => ({ event: 'entry.publish', ...c, label: null, receivedAt: new Date().toISOString() }));
      // The full build of the same content: its own output and cache, every page rendered.
      // Both builds only read the CMS; the full one builds a copy of site/ (Astro's build
      // folder, .astro/, is per site folder), so the two run side by side.
      const fullDir = join(work, 'full');
      rmSync(fullDir, { recursive: true, force: true });
      const [record, fullBuild] = await Promise.all([
        buildRelease(config, layout, { events, by: 'cms' }),
        buildSite({
          root: fullSite.root,
          cmsUrl: cms.url,
          buildToken: config.buildToken,
          siteUrl: SITE_URL,
          outDir: fullDir,
          cacheDir: join(work, 'full-cache'),
          imageStoreDir: join(work, 'full-images'),
          // On two threads, as every big full build is (site/src/build/parallel-render.ts),
          // while the incremental builds render their few pages on one: each edit also checks
          // that a page rendered on the second thread is the page the main thread renders.
          renderThreads: 2,
        }),
      ]);
      expect(record.result, `edit ${n} (${what}), seed ${SEED}: ${record.error}`).toBe('success');
      if (record.mode === 'incremental') incrementalBuilds++;
      // A programme's text is on its own pages (its page and its three files), not the site's.
      if (what.startsWith('eligibility of programme'))
        expect(record.pages?.rendered, `edit ${n} (${what}), seed ${SEED}: pages rendered`).toBeLessThan(10);
      const live = join(layout.releases, liveRelease(layout) as string);
      throwIfFailed(fullBuild);
      const incremental = comparable(live);
      const full = comparable(fullDir);
      const differing = [...new Set([...Object.keys(incremental), ...Object.keys(full)])]
        .filter((file) => incremental[file] !== full[file])
        .sort();
      expect(differing, `edit ${n} (${what}), seed ${SEED}: these files differ from a full build`).toEqual([]);
      expect(existsSync(join(live, 'index.html'))).toBe(true);
      for (const [file] of Object.entries(treeDigest(live))) {
        const copy = join(live, file);
        const original = copy.replace(/\.(?:gz|br)$/, '');
        if (copy === original) continue;
        const unpacked = file.endsWith('.gz') ? gunzipSync(readFileSync(copy)) : brotliDecompressSync(readFileSync(copy));
        expect(
          unpacked.equals(readFileSync(original)),
          `edit ${n} (${what}): ${file} is not ${file.slice(0, -3)} compressed`,
        ).toBe(true);
      }
    }
    expect(incrementalBuilds).toBe(EDITS);

    // The live release's manifest as an older publisher wrote it (format 1): after an upgrade
    // the next publish is a full build that goes live, not a failure asking for --full.
    writeFileSync(
      manifestFile(layout, liveRelease(layout) as string),
      JSON.stringify({ version: 1, globals: 'g', routes: {}, rendered: [], images: {} }),
    );
    const afterUpgrade = await buildRelease(config, layout, { events: [], by: 'cms' });
    expect(afterUpgrade.result, afterUpgrade.error ?? '').toBe('success');
    expect(afterUpgrade.mode).toBe('full');
    expect(existsSync(join(layout.releases, liveRelease(layout) as string, 'index.html'))).toBe(true);
  }, 3_600_000);
});
