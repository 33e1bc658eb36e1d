import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL; each throwaway CMS makes its own database on it. */
    postgresAdminUrl: string;
  }
}

/**
 * One PostgreSQL for the whole integration-postgres run: initdb and start take about a
 * second, a database per Strapi a few milliseconds. Test files run in other processes, so
 * the URL travels through vitest's provide/inject (see postgres-env.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresAdminUrl', postgres.url);
  return () => postgres.stop();
}
