// The test counts of one run, for .ci/run's closing line. CI reads the last lines of its
// output to know that tests ran, so `npm test` and `npm run test:deploy` each append their
// counts to the file named by FULIAN_TEST_TALLY and .ci/run prints their sum last.
import { appendFileSync } from 'node:fs';

export function writeTally(suite: string, passed: number, failed: number): void {
  const file = process.env.FULIAN_TEST_TALLY;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ suite, passed, failed })}\n`);
}
