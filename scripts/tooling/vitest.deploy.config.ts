import { defineConfig } from 'vitest/config';

// `npm run test:deploy` only: Debian's nginx with the shipped config. Kept out of the root
// vitest.config.ts so that `npm test` never needs nginx.
export default defineConfig({
  test: {
    name: 'deploy',
    root: `${import.meta.dirname}/../..`,
    include: ['scripts/tooling/test/**/*.deploy.test.ts'],
    globalSetup: ['scripts/testkit/src/integration-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
