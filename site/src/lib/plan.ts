import { getEntry } from 'astro:content';
import { type PlannedPath, planPaths, setGlobals } from '../build/render-plan.ts';

let globals: Promise<void> | undefined;

/**
 * What every page may show besides its own props: the site settings (header, footer, meta
 * tags). A change to them changes every page's key, as a template change does. The small
 * collections are not here: a page that shows a category, a series or a programme holds it in
 * its props (the news list's categories, the lecture list head's series, a programme's pages),
 * and documents hold the names of theirs (a change to one is read whole, sync.ts), so an edit
 * to one renders the pages that show it and no others. The differential test renames
 * categories and edits programmes and series to hold that.
 */
async function siteGlobals(): Promise<void> {
  setGlobals([(await getEntry('settings', 'site')) ?? null]);
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
