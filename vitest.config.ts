import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; integration tests start a real Strapi and run real Astro
// builds, so they run one file at a time with generous limits.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared-types,site,cms,scripts}/test/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{shared-types,site,cms,scripts}/test/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['scripts/test/integration-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
