import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as model from '@fulian/shared-types/model';
import { buildCms, type RunningCms, startCms } from '@fulian/tooling/cms';
import { generateSecrets } from '@fulian/tooling/env-file';
import { CMS_DIR } from '@fulian/tooling/paths';
import { freePort } from '@fulian/tooling/processes';
import { renderImage } from './corpus-images.ts';
import type { Corpus } from './corpus-model.ts';

/**
 * Loads a corpus into a fresh Strapi database through Strapi itself: the app is booted in
 * this process from cms/dist (no HTTP server), images are written to the uploads folder and
 * recorded as media-library files, and every document is created with the document service
 * — so the project's slug and save-validation middlewares run on each one, exactly as for
 * an editor's save — in transactions of a few hundred documents. A corpus that breaks a save
 * rule stops the load with the CMS's own message.
 */

/** Documents per transaction: big enough to spare fsyncs, small enough to show progress. */
const CHUNK = 250;

interface DocumentService {
  create(params: { data: Record<string, unknown>; status?: 'published' }): Promise<{ documentId: string; id: number }>;
}

interface StrapiLike {
  load(): Promise<StrapiLike>;
  destroy(): Promise<void>;
  documents(uid: string): DocumentService;
  db: {
    transaction<T>(fn: () => Promise<T>): Promise<T>;
    query(uid: string): { create(params: { data: Record<string, unknown> }): Promise<{ id: number }> };
    connection: { raw(sql: string): Promise<unknown> };
  };
  log: { level: string };
}

export interface LoadReport {
  seconds: number;
  documents: number;
  documentsPerSecond: number;
  images: number;
  imageSeconds: number;
}

/** The environment a Strapi on this corpus needs (database, uploads, no demo, no admin). */
export function corpusCmsEnv(dir: string): Record<string, string> {
  return {
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: join(dir, 'data.db'),
    PUBLIC_DIR: join(dir, 'public'),
    CMS_LOAD_DEMO: 'false',
    CMS_ADMIN_EMAIL: '',
    CMS_ADMIN_PASSWORD: '',
    SERVE_ADMIN_PANEL: 'false',
  };
}

/**
 * A Strapi on a corpus made by corpus.ts, for the scripts that measure one part alone
 * (publish-path.ts, cold-build.ts): the corpus's database copied into `work` (unless `reuse`
 * keeps the copy an earlier run left there), its uploads served from the corpus, `env` added.
 * The uploads are the corpus's own files, shared by every run: nothing that runs on this CMS
 * may upload or replace a file (Strapi writes a replaced file in place).
 */
export async function startCorpusCms(options: {
  corpus: string;
  work: string;
  secrets: Record<string, string>;
  env: Record<string, string>;
  reuse?: boolean;
}): Promise<RunningCms> {
  mkdirSync(join(options.work, 'cms'), { recursive: true });
  if (!options.reuse) copyFileSync(join(options.corpus, 'data.db'), join(options.work, 'cms', 'data.db'));
  await buildCms({ admin: false });
  return startCms({
    port: await freePort(),
    logFile: join(options.work, 'strapi.log'),
    env: {
      ...options.secrets,
      ...corpusCmsEnv(join(options.work, 'cms')),
      PUBLIC_DIR: join(options.corpus, 'public'),
      ...options.env,
    },
  });
}

export async function loadCorpus(
  corpus: Corpus,
  dir: string,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<LoadReport> {
  const started = performance.now();
  const uploads = join(dir, 'public', 'uploads');
  mkdirSync(uploads, { recursive: true });

  // Images first: they need no Strapi, and sharp has the machine to itself.
  const imageStarted = performance.now();
  const imageFiles: { hash: string; size: number }[] = new Array(corpus.images.length);
  const queue = [...corpus.images];
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        const bytes = await renderImage(spec);
        const hash = `${spec.name.replace(/\.\w+$/, '')}_${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}`;
        writeFileSync(join(uploads, `${hash}.${spec.format === 'jpeg' ? 'jpg' : 'png'}`), bytes);
        imageFiles[spec.index] = { hash, size: bytes.length };
      }
    }),
  );
  const imageSeconds = (performance.now() - imageStarted) / 1000;
  log(`  ${corpus.images.length} images rendered in ${imageSeconds.toFixed(1)} s`);

  Object.assign(process.env, {
    STRAPI_TELEMETRY_DISABLED: 'true',
    NODE_ENV: 'production',
    ...generateSecrets(),
    ...corpusCmsEnv(dir),
  });
  const { createStrapi } = createRequire(join(CMS_DIR, 'package.json'))('@strapi/strapi') as {
    createStrapi(options: { appDir: string; distDir: string }): StrapiLike;
  };
  const app = createStrapi({ appDir: CMS_DIR, distDir: join(CMS_DIR, 'dist') });
  app.log.level = 'warn'; // the first boot's migration notes are not news here
  const strapi = await app.load();
  let documents = 0;
  try {
    // A throwaway database: durability per commit buys nothing while loading it.
    await strapi.db.connection.raw('PRAGMA synchronous = OFF');

    const fileIds: number[] = [];
    await strapi.db.transaction(async () => {
      for (const spec of corpus.images) {
        const file = imageFiles[spec.index] as { hash: string; size: number };
        const ext = spec.format === 'jpeg' ? '.jpg' : '.png';
        const row = await strapi.db.query('plugin::upload.file').create({
          data: {
            name: spec.name,
            alternativeText: spec.alternativeText,
            caption: null,
            width: spec.width,
            height: spec.height,
            formats: null,
            hash: file.hash,
            ext,
            mime: spec.format === 'jpeg' ? 'image/jpeg' : 'image/png',
            size: Math.round((file.size / 1000) * 100) / 100,
            url: `/uploads/${file.hash}${ext}`,
            provider: 'local',
            folderPath: '/',
          },
        });
        fileIds[spec.index] = row.id;
      }
    });

    const ids = new Map<string, string>();
    const create = async (uid: string, data: Record<string, unknown>, published: boolean) => {
      const made = await strapi.documents(uid).create(published ? { data, status: 'published' } : { data });
      documents++;
      return made.documentId;
    };
    const inChunks = async <T>(label: string, rows: T[], make: (row: T) => Promise<unknown>) => {
      const t = performance.now();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await strapi.db.transaction(async () => {
          for (const row of rows.slice(i, i + CHUNK)) await make(row);
        });
        if (rows.length > CHUNK * 4 && (i / CHUNK) % 8 === 7) {
          log(`    ${label} ${Math.min(i + CHUNK, rows.length)}/${rows.length}`);
        }
      }
      const seconds = (performance.now() - t) / 1000;
      log(`  ${rows.length} ${label} in ${seconds.toFixed(1)} s (${Math.round(rows.length / seconds)}/s)`);
    };
    const cover = (index: number | null) => (index === null ? null : (fileIds[index] as number));

    await create(model.siteSetting.uid, corpus.siteSettings, false);
    await inChunks('categories', corpus.categories, async (c) =>
      ids.set(`category:${c.slug}`, await create(model.category.uid, c, false)),
    );
    await inChunks('lecture series', corpus.lectureSeries, async (s) =>
      ids.set(`series:${s.slug}`, await create(model.lectureSeries.uid, { ...s }, false)),
    );
    await inChunks('relief programmes', corpus.reliefProgrammes, async (p) =>
      // Programmes have draft and publish: published, so the batches link to a public page.
      ids.set(`programme:${p.slug}`, await create(model.reliefProgramme.uid, { ...p }, true)),
    );
    await inChunks('news', corpus.news, (n) =>
      create(
        model.news.uid,
        { ...n, cover: cover(n.cover), category: n.category ? ids.get(`category:${n.category}`) : null },
        true,
      ),
    );
    await inChunks('trainings', corpus.trainings, (t) => create(model.training.uid, { ...t, cover: cover(t.cover) }, true));
    await inChunks('lectures', corpus.lectures, (l) =>
      create(model.lecture.uid, { ...l, cover: cover(l.cover), series: ids.get(`series:${l.series}`) }, true),
    );
    await inChunks('relief batches', corpus.reliefBatches, (b) =>
      create(model.reliefBatch.uid, { ...b, programme: ids.get(`programme:${b.programme}`) }, true),
    );
    await strapi.db.connection.raw('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
  } finally {
    await strapi.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    documents,
    documentsPerSecond: documents / seconds,
    images: corpus.images.length,
    imageSeconds,
  };
}
