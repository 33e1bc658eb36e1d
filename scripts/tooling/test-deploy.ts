// `npm run test:deploy`: the shipped production setup (deploy/) with Debian's nginx, the real
// Astro build and chromium. Run by .ci/run after `npm test`; needs nginx,
// libnginx-mod-http-brotli-static and libnginx-mod-http-js
// (apt-get install -y nginx libnginx-mod-http-brotli-static libnginx-mod-http-js).
// Like `npm test`, its last line counts the test cases ("Deploy: N passed, N failed"), and
// FULIAN_TEST_TALLY, when set, gets the same counts as one JSON line (.ci/run adds them up).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './src/paths.ts';
import { writeTally } from './src/tally.ts';

const reportDir = mkdtempSync(join(tmpdir(), 'fulian-deploy-'));
const report = join(reportDir, 'vitest.json');
const child = spawn(
  join(ROOT, 'node_modules/.bin/vitest'),
  [
    'run',
    '--config',
    'scripts/tooling/vitest.deploy.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
const ok = !signal && code === 0;

let passed = 0;
let failed = 0;
try {
  const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed = counts.numPassedTests;
  failed = counts.numFailedTests;
} catch {
  // vitest stopped before writing its report (a setup failure): count the run as one failure
}
rmSync(reportDir, { recursive: true, force: true });
if (!ok && failed === 0) failed = 1;
writeTally('deploy', passed, failed);
process.stdout.write(`\nDeploy: ${passed} passed, ${failed} failed\n`);
process.exit(ok ? 0 : 1);
