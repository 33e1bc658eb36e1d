import { inject } from 'vitest';

// throwaway-cms.ts is also used outside vitest (npm test's astro check), so it reads the
// environment rather than calling inject itself.
process.env.TEST_POSTGRES_ADMIN_URL = inject('postgresAdminUrl');
