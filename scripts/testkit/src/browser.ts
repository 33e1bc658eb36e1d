import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/**
 * Which chromium the tests drive. FULIAN_BROWSER=system takes only the machine's
 * (CHROMIUM_PATH, default Debian's /usr/bin/chromium), =npm only @sparticuz/chromium from
 * the npm registry, and unset the machine's when it is there (no unpacking, and it matches
 * the distribution's libraries), else the registry's: a machine with only Node and npm runs
 * the browser tests too.
 */
type BrowserSource = 'system' | 'npm';

const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function requestedSource(): BrowserSource | undefined {
  const value = process.env.FULIAN_BROWSER;
  if (value === undefined || value === '') return undefined;
  if (value === 'system' || value === 'npm') return value;
  throw new Error(`FULIAN_BROWSER=${value}: expected "system" (${SYSTEM_CHROMIUM}) or "npm" (@sparticuz/chromium)`);
}

/**
 * @sparticuz/chromium carries a brotli-packed headless-shell build of chromium and unpacks it
 * on first use into os.tmpdir(): the binary as `chromium` with its GL libraries beside it.
 * Of the system's libraries it needs NSS and NSPR, which Debian installs only with a browser;
 * the package ships them for Amazon Linux (al2023.tar.br), and they are unpacked here too and
 * put on the browser's LD_LIBRARY_PATH, so a machine with neither runs it.
 * Left alone it would unpack loose files into /tmp itself, and reuse any /tmp/chromium it
 * finds, whatever version put it there. So it unpacks into a staging folder of its own (its
 * tmpdir() follows TMPDIR, changed for that call only) that is then renamed into a folder
 * named by the package's version: atomic, so two test processes starting at once cannot see
 * half a binary, and a later version unpacks afresh.
 */
async function npmChromium(): Promise<{ binary: string; libraries: string }> {
  const { default: sparticuz, inflate } = await import('@sparticuz/chromium');
  // pnpm links each dependency into the package's own node_modules.
  const packageDir = fileURLToPath(new URL('../node_modules/@sparticuz/chromium/', import.meta.url));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `fulian-chromium-${version}`);
  const binary = join(home, 'chromium');
  const libraries = join(home, 'al2023', 'lib');
  if (existsSync(binary) && existsSync(libraries)) return { binary, libraries };

  const staging = mkdtempSync(join(tmpdir(), 'fulian-chromium-unpack-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const unpacked = await sparticuz.executablePath();
    if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not ${staging}`);
    await inflate(join(packageDir, 'bin', 'al2023.tar.br'));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`无法解压 npm 的 Chromium（@sparticuz/chromium ${version}）：${(error as Error).message}`);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  try {
    renameSync(staging, home);
  } catch (error) {
    // Another process finished first: its copy is complete, since it arrived by rename.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return { binary, libraries };
}

async function executable(): Promise<{ path: string; source: BrowserSource; env?: NodeJS.ProcessEnv }> {
  const source = requestedSource();
  if (source !== 'npm' && existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  if (source === 'system') {
    throw new Error(
      `没有找到 Chromium（${SYSTEM_CHROMIUM}）：请安装 Debian 的 chromium 软件包（apt-get install -y chromium），` +
        '或设置 CHROMIUM_PATH，或去掉 FULIAN_BROWSER=system 以使用 npm 的 @sparticuz/chromium',
    );
  }
  const { binary, libraries } = await npmChromium();
  const inherited = process.env.LD_LIBRARY_PATH;
  const env: NodeJS.ProcessEnv = { ...process.env, LD_LIBRARY_PATH: inherited ? `${libraries}:${inherited}` : libraries };
  // A machine without fontconfig gets the package's own configuration and Open Sans, so text
  // still has glyphs to measure (no CJK among them: fonts-noto-cjk is what shows Chinese).
  if (!existsSync('/etc/fonts/fonts.conf') && !env.FONTCONFIG_PATH) env.FONTCONFIG_PATH = join(dirname(binary), 'fonts');
  return { path: binary, source: 'npm', env };
}

/**
 * One argument list for either browser. Nothing weakens the web's security model (no
 * --disable-web-security, no site-isolation switches): the tests must see what a reader's
 * browser enforces, CSP and same-origin rules included. The sandbox is dropped only as root,
 * where chromium refuses to start with it; the rest keeps chromium off the network it has no
 * business with (updates, sync, QUIC probes) and off a GPU the machine does not have.
 */
function launchArgs(): string[] {
  return [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
}

export async function launchChromium(): Promise<Browser> {
  const { path, source, env } = await executable();
  try {
    return await chromium.launch({ executablePath: path, headless: true, args: launchArgs(), ...(env ? { env } : {}) });
  } catch (error) {
    throw new Error(`Chromium（${source === 'npm' ? '@sparticuz/chromium' : path}）启动失败：${(error as Error).message}`);
  }
}
