import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; integration tests start a real Strapi and run real Astro
// builds, so they run one file at a time with generous limits. Files of both integration
// projects share vitest's single sequential queue, so two Strapis never run at once.
const integration = {
  globalSetup: ['scripts/testkit/src/integration-setup.ts'],
  fileParallelism: false,
  testTimeout: 180_000,
  hookTimeout: 240_000,
  // The publish service's periodic catch-up check would add builds the tests count; its own
  // test (scripts/test/reconcile.integration.test.ts) calls it directly.
  env: { PUBLISH_RECONCILE_MINUTES: '0' },
};

// Integration files that build site/ itself with Astro. Astro builds of one site folder
// cannot overlap (they share its .astro/ build folder): npm test runs these in one lane, and
// everything else (unit, CMS-only integration, PostgreSQL, the browser tests, whose demo site
// is built from a copy of site/) in a second lane beside it (scripts/tooling/test.ts).
// A file not listed here goes to `integration`: one that builds site/ must be added.
const SITE_BUILDS = [
  'site/test/pipeline.integration.test.ts',
  'scripts/publisher/test/publish.integration.test.ts',
  'scripts/publisher/test/publish-preview.integration.test.ts',
  'scripts/publisher/test/incremental.integration.test.ts',
  'scripts/bench/test/bench.integration.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared-types,site,cms,scripts/*}/test/**/*.test.ts'],
          // Some of these start real threads at the lowest priority or niced processes (body
          // rendering, compressed copies, `cp -al`), and npm test runs a lane of Astro builds
          // beside them on 2 cores: twice in CI a test that takes 1-2 s alone passed vitest's
          // default 5 s. A test that hangs still fails, within 30 s.
          testTimeout: 30_000,
          // *.deploy.test.ts needs Debian's nginx: npm run test:deploy only (scripts/tooling/vitest.deploy.config.ts).
          // *.container.test.ts renders .astro components: the project site-components, below.
          exclude: ['**/*.integration.test.ts', '**/*.deploy.test.ts', '**/*.container.test.ts', '**/node_modules/**'],
        },
      },
      // Astro components rendered by the Container API, with Astro's own Vite config (fast, no build).
      'site/vitest.config.ts',
      {
        test: {
          ...integration,
          name: 'integration',
          include: ['{shared-types,site,cms,scripts/*}/test/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', ...SITE_BUILDS],
        },
      },
      {
        // The site pipeline, the publish service and the benchmark: real Astro builds of site/.
        test: { ...integration, name: 'integration-site', include: SITE_BUILDS },
      },
      {
        // The CMS behaviour again on a real PostgreSQL, which an install may use instead of
        // SQLite. The site pipeline only sees REST, so it stays on SQLite.
        test: {
          ...integration,
          name: 'integration-postgres',
          include: ['cms/test/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: [...integration.globalSetup, 'scripts/testkit/src/postgres-setup.ts'],
          setupFiles: ['scripts/testkit/src/postgres-env.ts'],
          env: { ...integration.env, TEST_DATABASE: 'postgres' },
        },
      },
      {
        // What a reader sees: the demo site built and served from dist, in chromium.
        test: {
          ...integration,
          name: 'e2e',
          include: ['site/e2e/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        // What an editor sees: the admin panel of a real Strapi, in chromium.
        test: {
          ...integration,
          name: 'e2e-admin',
          include: ['cms/e2e/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
    ],
  },
});
