import { formatIssues } from '@fulian/shared-types';
import type { Loader } from 'astro/loaders';
import type { z } from 'astro/zod';
import type { CmsClient } from './client.ts';
import { ContentContractError } from './errors.ts';

export interface StrapiSingleType<S extends z.ZodType> {
  name: string;
  label: string;
  /** REST path segment: the single type's singularName, e.g. `site-setting`. */
  path: string;
  query: Record<string, unknown>;
  schema: S;
  /** The one entry's id in the Astro collection. */
  id: string;
  client: () => CmsClient;
}

/**
 * A Content Layer loader for a Strapi single type: one entry, validated before the store is
 * touched. A single type nobody has filled in yet fails the build rather than guessing.
 */
export function strapiSingleLoader<S extends z.ZodType>(single: StrapiSingleType<S>): Loader & { schema: S } {
  return {
    name: `strapi:${single.name}`,
    schema: single.schema,
    async load({ store, generateDigest }) {
      const raw = await single.client().getSingle(single.path, single.query);
      const result = single.schema.safeParse(raw);
      if (!result.success) {
        throw new ContentContractError(
          single.label,
          formatIssues(result.error).map((problem) => ({ collection: single.label, documentId: null, title: null, problem })),
        );
      }
      const data = result.data as Record<string, unknown>;
      store.set({ id: single.id, data, digest: generateDigest(data) });
      for (const id of store.keys()) if (id !== single.id) store.delete(id);
    },
  };
}
