// `npm test`: the whole suite — lint and format, type checks, unit and integration tests
// (a real Strapi, real Astro builds), and `astro check`. Every step runs; the exit code is
// non-zero if any failed, and the last line counts the test cases.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SITE_DIR } from './lib/paths.ts';
import { startThrowawayCms } from './test/throwaway-cms.ts';

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const reportDir = mkdtempSync(join(tmpdir(), 'fulian-test-'));
const vitestReport = join(reportDir, 'vitest.json');

interface Step {
  name: string;
  run: () => Promise<void>;
}

async function exec(command: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${signal ?? code}`);
}

const tsc = (project: string) => exec(bin('tsc'), ['--noEmit', '-p', project]);

const steps: Step[] = [
  { name: 'lint and format (biome)', run: () => exec(bin('biome'), ['ci', '--colors=off', '.']) },
  { name: 'types: shared-types', run: () => tsc('shared-types') },
  { name: 'types: scripts', run: () => tsc('scripts') },
  {
    // The CMS is checked against the CommonJS build of the shared rules and model: build it first.
    name: 'types: cms',
    run: async () => {
      await exec(process.execPath, ['shared-types/scripts/build-cjs.ts']);
      await tsc('cms');
    },
  },
  { name: 'types: cms tests', run: () => tsc('cms/test') },
  {
    name: 'unit and integration tests (vitest)',
    run: () => exec(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]),
  },
  {
    // astro check first syncs the content layer, which reads the CMS: give it a real one.
    name: 'types: site (astro check)',
    run: async () => {
      const cms = await startThrowawayCms({ CMS_LOAD_DEMO: 'true' });
      try {
        await exec(join(SITE_DIR, 'node_modules/.bin/astro'), ['check'], SITE_DIR, {
          ...process.env,
          CMS_URL: cms.url,
          CMS_BUILD_TOKEN: cms.buildToken,
          SITE_CACHE_DIR: join(reportDir, 'astro-cache'),
          ASTRO_TELEMETRY_DISABLED: '1',
        });
      } finally {
        await cms.stop();
      }
    },
  },
];

const results: { name: string; ok: boolean; seconds: number; error?: string }[] = [];
for (const step of steps) {
  process.stdout.write(`\n━━ ${step.name}\n`);
  const started = performance.now();
  try {
    await step.run();
    results.push({ name: step.name, ok: true, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    results.push({
      name: step.name,
      ok: false,
      seconds: (performance.now() - started) / 1000,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

process.stdout.write('\n━━ summary\n');
for (const r of results) {
  process.stdout.write(
    `${r.ok ? 'ok  ' : 'FAIL'}  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}${r.error ? `\n        ${r.error}` : ''}\n`,
  );
}

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed = report.numPassedTests;
  failed = report.numFailedTests;
} catch {
  // vitest did not get as far as writing its report; its step is marked failed above
}
// A failed step that is not vitest (lint, a type check) counts as one failure of its own.
const failedSteps = results.filter((r) => !r.ok);
const otherFailures = failedSteps.filter((r) => !r.name.includes('vitest')).length;
rmSync(reportDir, { recursive: true, force: true });
process.stdout.write(`\nTests: ${passed} passed, ${failed + otherFailures} failed\n`);
process.exit(failedSteps.length > 0 ? 1 : 0);
