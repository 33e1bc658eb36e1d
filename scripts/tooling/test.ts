// `npm test`: the whole suite — lint and format, type checks, unit and integration tests
// (a real Strapi, real Astro builds, a real browser), and `astro check`.
// `npm run test:quick` (`--quick`): lint, type checks, the unit tests and the site's components
// (Astro Container API) only, i.e. all that
// needs no Strapi, no Astro build and no browser; the everyday loop, under a minute.
// Every step runs; the exit code is non-zero if any failed, and the last line counts the
// test cases.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { buildCms } from './src/cms.ts';
import { ROOT, SITE_DIR } from './src/paths.ts';
import { writeTally } from './src/tally.ts';

const { values: options } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const reportDir = mkdtempSync(join(tmpdir(), 'fulian-test-'));
/** One JSON report per vitest run (the full suite runs two side by side). */
const vitestReports: string[] = [];

interface Step {
  name: string;
  /** Resolves with the step's output when it ran quietly, for printing once it is done. */
  run: (quiet: boolean) => Promise<string>;
}

interface Result {
  name: string;
  ok: boolean;
  seconds: number;
  error?: string;
}

async function exec(
  command: string,
  args: string[],
  { cwd = ROOT, env = process.env, quiet = false }: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Promise<string> {
  const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  if (code !== 0) throw Object.assign(new Error(`${command} ${args.join(' ')} exited ${signal ?? code}`), { output });
  return output;
}

const tsc = (project: string): Step => ({
  name: `types: ${project}`,
  run: (quiet) => exec(bin('tsc'), ['--noEmit', '-p', project], { quiet }),
});

const vitest = (projects: string[]): Step => {
  const report = join(reportDir, `vitest-${vitestReports.length + 1}.json`);
  vitestReports.push(report);
  return {
    name: `${projects.length ? projects.join(' + ') : 'all'} tests (vitest)`,
    run: (quiet) =>
      exec(
        bin('vitest'),
        ['run', ...projects.map((p) => `--project=${p}`), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
        { quiet },
      ),
  };
};

/**
 * Lint and types: independent of each other, so they share the cores, each with its output
 * held back and printed whole when it ends. scripts/tsconfig.json checks the five scripts
 * packages in one program (they share every compiler option), which is one tsc start-up
 * instead of five.
 */
const checks: Step[] = [
  { name: 'lint and format (biome)', run: (quiet) => exec(bin('biome'), ['ci', '--colors=off', '.'], { quiet }) },
  tsc('shared-types'),
  tsc('scripts'),
  {
    // The CMS is checked against the CommonJS build of the shared rules and model: build it first.
    name: 'types: cms',
    run: async (quiet) => {
      const built = await exec(process.execPath, ['shared-types/scripts/build-cjs.ts'], { quiet });
      return built + (await exec(bin('tsc'), ['--noEmit', '-p', 'cms'], { quiet }));
    },
  },
  tsc('cms/test'),
];

/**
 * The CMS compiled once, admin panel included, before the two vitest runs start: they run
 * side by side and both start Strapis from cms/dist, which a build inside one of them (the
 * admin e2e test asks for the panel) would rewrite under the other's feet.
 */
const cmsBuild: Step = {
  name: 'build: cms (server and admin panel)',
  run: async () => `cms: ${await buildCms({ admin: true })}\n`,
};

const astroCheck: Step = {
  // astro check first syncs the content layer, which reads the CMS: give it a real one.
  name: 'types: site (astro check)',
  run: async (quiet) => {
    const cms = await startThrowawayCms({ CMS_LOAD_DEMO: 'true' });
    try {
      return await exec(join(SITE_DIR, 'node_modules/.bin/astro'), ['check'], {
        quiet,
        cwd: SITE_DIR,
        env: {
          ...process.env,
          CMS_URL: cms.url,
          CMS_BUILD_TOKEN: cms.buildToken,
          SITE_CACHE_DIR: join(reportDir, 'astro-cache'),
          ASTRO_TELEMETRY_DISABLED: '1',
        },
      });
    } finally {
      await cms.stop();
    }
  },
};

async function timed(step: Step, quiet: boolean): Promise<Result> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (!quiet) process.stdout.write(`\n━━ ${step.name}\n`);
  try {
    const output = await step.run(quiet);
    if (quiet) process.stdout.write(`\n━━ ${step.name}\n${output}`);
    return { name: step.name, ok: true, seconds: seconds() };
  } catch (error) {
    if (quiet) process.stdout.write(`\n━━ ${step.name}\n${(error as { output?: string }).output ?? ''}`);
    return { name: step.name, ok: false, seconds: seconds(), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs steps `width` at a time, keeping their order in the results. */
async function pool(steps: Step[], width: number): Promise<Result[]> {
  const results: Result[] = new Array(steps.length);
  let next = 0;
  const worker = async () => {
    while (next < steps.length) {
      const index = next++;
      results[index] = await timed(steps[index] as Step, true);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, steps.length) }, worker));
  return results;
}

const started = performance.now();
const results: Result[] = [];
if (options.quick) {
  // The unit tests join the pool: on two cores they overlap with the type checks.
  results.push(...(await pool([vitest(['unit', 'site-components']), ...checks], availableParallelism())));
} else {
  results.push(...(await pool(checks, availableParallelism())));
  results.push(await timed(cmsBuild, false));
  // Two lanes side by side, each one file at a time (see SITE_BUILDS in vitest.config.ts).
  // Printed whole when done: the files that build site/ itself with Astro (builds of one site
  // folder cannot overlap), and the admin panel. Live: the unit tests, the integration files
  // that need only a CMS (SQLite, then PostgreSQL), and the browser tests of the demo site
  // (built from a copy of site/).
  results.push(
    ...(await Promise.all([
      timed(vitest(['integration-site', 'e2e-admin']), true),
      timed(vitest(['unit', 'site-components', 'integration', 'integration-postgres', 'e2e']), false),
    ])),
  );
  // astro check syncs the content layer into site/.astro, which Astro builds write too: after them.
  results.push(await timed(astroCheck, false));
}

process.stdout.write('\n━━ summary\n');
for (const r of results) {
  process.stdout.write(
    `${r.ok ? 'ok  ' : 'FAIL'}  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}${r.error ? `\n        ${r.error}` : ''}\n`,
  );
}
process.stdout.write(`      ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  in all\n`);

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

let passed = 0;
let failed = 0;
/** Each failed test, named, with its message's first lines: CI may keep only the output's tail. */
const failures: string[] = [];
const firstLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 4)
    .map((line) => `          ${line.trim().slice(0, 300)}`)
    .join('\n');
for (const file of vitestReports) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    for (const testFile of report.testResults ?? []) {
      const where = testFile.name.startsWith(ROOT) ? testFile.name.slice(ROOT.length) : testFile.name;
      const failedTests = (testFile.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const test of failedTests) {
        failures.push(`  ${where} > ${test.fullName}\n${firstLines((test.failureMessages ?? []).join('\n'))}`);
      }
      // A file that failed outside any test (an import, a hook) has no failed test to name.
      if (testFile.status === 'failed' && failedTests.length === 0) {
        failures.push(`  ${where}\n${firstLines(testFile.message ?? 'failed outside its tests')}`);
      }
    }
  } catch {
    // vitest did not get as far as writing its report; its step is marked failed above
  }
}
if (failures.length > 0) process.stdout.write(`\n━━ failed\n${failures.join('\n')}\n`);
// A failed step that is not vitest (lint, a type check) counts as one failure of its own.
const failedSteps = results.filter((r) => !r.ok);
const otherFailures = failedSteps.filter((r) => !r.name.includes('vitest')).length;
rmSync(reportDir, { recursive: true, force: true });
writeTally(options.quick ? 'quick' : 'all', passed, failed + otherFailures);
process.stdout.write(`\nTests: ${passed} passed, ${failed + otherFailures} failed\n`);
process.exit(failedSteps.length > 0 ? 1 : 0);
