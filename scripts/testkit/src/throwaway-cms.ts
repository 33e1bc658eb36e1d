import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type RunningCms, startCms } from '@fulian/tooling/cms';
import { generateSecrets } from '@fulian/tooling/env-file';
import { freePort } from '@fulian/tooling/processes';
import pg from 'pg';
import { createDatabase, dropDatabase } from './postgres.ts';

export interface ThrowawayCms {
  url: string;
  database: 'sqlite' | 'postgres';
  buildToken: string;
  /** Reads drafts too (the published-only policy lets it through). */
  previewToken: string;
  /** The legacy importer's token: reads, and creates drafts only. */
  importToken: string;
  writeToken: string;
  dir: string;
  /** The environment Strapi runs with: secrets, database, uploads folder. */
  env: Record<string, string>;
  cms: RunningCms;
  /** A JSON request to the content API with the write token (or another given token). */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; json: any }>;
  /** Uploads one file with its alt text; returns the file's numeric id. */
  upload(name: string, bytes: Buffer, mime: string, alternativeText: string | null): Promise<number>;
  /** Stops Strapi, keeping its database and uploads: the CMS going away mid-run. */
  pause(): Promise<void>;
  /** Starts the same Strapi again, on the same port and database. */
  resume(): Promise<void>;
  /** The SQL definitions of a table's indexes, read from the database itself. */
  indexes(table: string): Promise<string[]>;
  stop(): Promise<void>;
}

interface ThrowawayDatabase {
  kind: ThrowawayCms['database'];
  env: Record<string, string>;
  indexes(table: string): Promise<string[]>;
  drop(): Promise<void>;
}

/**
 * SQLite by default. With TEST_DATABASE=postgres (the integration-postgres vitest project),
 * a fresh database on the run's PostgreSQL, whose superuser URL postgres-env.ts put in
 * TEST_POSTGRES_ADMIN_URL.
 */
async function throwawayDatabase(dir: string): Promise<ThrowawayDatabase> {
  const kind = process.env.TEST_DATABASE ?? 'sqlite';
  if (kind === 'sqlite') {
    const file = join(dir, 'data.db');
    return {
      kind,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      indexes: async (table) => {
        const db = new DatabaseSync(file, { readOnly: true });
        try {
          const rows = db
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
            .all(table);
          return rows.map((row) => String(row.sql));
        } finally {
          db.close();
        }
      },
      drop: async () => {},
    };
  }
  if (kind !== 'postgres') throw new Error(`TEST_DATABASE=${kind}: use sqlite or postgres`);
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL;
  if (!adminUrl) {
    throw new Error(
      'TEST_DATABASE=postgres needs TEST_POSTGRES_ADMIN_URL, set by the integration-postgres ' +
        'vitest project (scripts/testkit/src/postgres-setup.ts and postgres-env.ts)',
    );
  }
  const name = `cms_${randomBytes(8).toString('hex')}`;
  const url = await createDatabase(adminUrl, name);
  return {
    kind,
    // DATABASE_SSL is spelled out so a developer's shell cannot turn TLS on against a server without it.
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url, DATABASE_SSL: 'false' },
    indexes: async (table) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', [table]);
        return result.rows.map((row) => row.indexdef);
      } finally {
        await client.end();
      }
    },
    drop: () => dropDatabase(adminUrl, name),
  };
}

/** Free space a throwaway CMS may need for its database, uploads and logs. */
const SCRATCH_MIN_BYTES = 1024 ** 3;

/**
 * Where throwaway CMSs keep their database and uploads: FULIAN_CMS_SCRATCH if set, else
 * /dev/shm when it is a writable memory file system with room to spare, else the temporary
 * folder. Strapi's first start on a fresh SQLite file writes the whole schema, syncing to
 * disk as it goes: it took 18-24 s on this machine's disk against 9-10 s in memory (2 busy
 * cores). Nothing a test checks depends on the database surviving a power cut.
 */
function scratchRoot(): string {
  if (process.env.FULIAN_CMS_SCRATCH) return process.env.FULIAN_CMS_SCRATCH;
  try {
    accessSync('/dev/shm', constants.W_OK);
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize >= SCRATCH_MIN_BYTES) return '/dev/shm';
  } catch {
    // no /dev/shm here
  }
  return tmpdir();
}

/**
 * A real Strapi on a temporary database (SQLite file, or PostgreSQL: see throwawayDatabase)
 * and uploads folder, with fresh secrets, a read-only build token and a write token for the
 * test to create content with.
 */
export async function startThrowawayCms(
  extraEnv: Record<string, string> = {},
  options: {
    /** Runs on the empty database and uploads folder before Strapi first starts (a restore). */
    beforeStart?(env: Record<string, string>): Promise<void>;
  } = {},
): Promise<ThrowawayCms> {
  const dir = mkdtempSync(join(scratchRoot(), 'fulian-cms-'));
  mkdirSync(join(dir, 'public', 'uploads'), { recursive: true });
  const secrets = generateSecrets();
  const writeToken = randomBytes(48).toString('hex');
  const port = await freePort();
  const database = await throwawayDatabase(dir);
  let cms: RunningCms;
  let starts = 0;
  const env: Record<string, string> = {
    ...secrets,
    CMS_ADMIN_EMAIL: '',
    CMS_ADMIN_PASSWORD: '',
    CMS_WRITE_TOKEN: writeToken,
    CMS_LOAD_DEMO: 'false',
    SERVE_ADMIN_PANEL: 'false',
    ...database.env,
    PUBLIC_DIR: join(dir, 'public'),
    ...extraEnv,
  };
  const start = () => startCms({ port, logFile: join(dir, starts++ === 0 ? 'strapi.log' : `strapi-${starts}.log`), env });
  try {
    await options.beforeStart?.({ ...database.env, PUBLIC_DIR: join(dir, 'public') });
    cms = await start();
  } catch (error) {
    // The log stays in dir for the error message to point at; only the database goes.
    await database.drop();
    throw error;
  }
  const buildToken = secrets.CMS_BUILD_TOKEN as string;
  const previewToken = secrets.CMS_PREVIEW_TOKEN as string;
  const importToken = secrets.CMS_IMPORT_TOKEN as string;

  const api: ThrowawayCms['api'] = async (method, path, body, token = writeToken) => {
    const response = await fetch(`${cms.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };

  const upload: ThrowawayCms['upload'] = async (name, bytes, mime, alternativeText) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type: mime }), name);
    form.append('fileInfo', JSON.stringify({ name, alternativeText }));
    const response = await fetch(`${cms.url}/api/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${writeToken}` },
      body: form,
    });
    const json = (await response.json()) as { id: number }[];
    const [file] = json;
    if (!response.ok || !file) throw new Error(`upload failed: ${response.status} ${JSON.stringify(json)}`);
    return file.id;
  };

  return {
    url: cms.url,
    database: database.kind,
    buildToken,
    previewToken,
    importToken,
    writeToken,
    dir,
    env,
    get cms() {
      return cms;
    },
    api,
    upload,
    pause: () => cms.stop(),
    resume: async () => {
      cms = await start();
    },
    indexes: (table) => database.indexes(table),
    stop: async () => {
      await cms.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
