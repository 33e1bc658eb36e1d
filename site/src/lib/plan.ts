import { getCollection, getEntry } from 'astro:content';
import { type PlannedPath, planPaths, setGlobals } from '../build/render-plan.ts';

let globals: Promise<void> | undefined;

/**
 * What every page may show besides its own props: the site settings (header, footer, meta
 * tags) and the small collections used in navigation and facts. A change to any of them
 * changes every page's key, as a template change does.
 */
async function siteGlobals(): Promise<void> {
  const [settings, categories, series, programmes] = await Promise.all([
    getEntry('settings', 'site'),
    getCollection('categories'),
    getCollection('lectureSeries'),
    getCollection('reliefProgrammes'),
  ]);
  setGlobals([settings ?? null, categories, series, programmes]);
}

/**
 * The paths of a dynamic route this build renders: every path in a full build, the paths
 * whose inputs changed in an incremental one (see build/render-plan.ts). Each route passes
 * its URL pattern and ALL its paths, with props that hold everything the page shows.
 */
export async function planned<T extends PlannedPath>(pattern: string, paths: T[]): Promise<T[]> {
  globals ??= siteGlobals();
  await globals;
  return planPaths(pattern, paths);
}
