import { reliefBatchesNewestFirst } from '../lib/collections.ts';

/** The relief section's page data (see sections/news.ts). */

/** One page per batch, under its programme. */
export async function reliefBatchPaths() {
  return (await reliefBatchesNewestFirst()).map((entry) => ({
    params: { programme: entry.data.programme.slug, batch: entry.id },
    props: { entry },
  }));
}
