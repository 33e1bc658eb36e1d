import { formatIssues } from '@fulian/shared-types';
import type { Loader } from 'astro/loaders';
import type { z } from 'astro/zod';
import { renderMarkdown } from '../lib/markdown.ts';
import type { CmsClient } from './client.ts';
import { ContentContractError } from './errors.ts';

/** What every collection document has: an id in the CMS and a slug for its URL. */
type Keyed = { documentId: string; slug: string };

export interface StrapiCollection<S extends z.ZodType<Keyed>> {
  /** The Astro collection's name, used in messages. */
  name: string;
  /** Chinese name of the collection for editors, e.g. 新闻. */
  label: string;
  /** REST path segment: the content type's pluralName, e.g. `news-items`. */
  path: string;
  /** Exactly the fields and relations the pages need (never `populate=*`). */
  query: Record<string, unknown>;
  /** The shared-types contract every document must meet. */
  schema: S;
  /** The Markdown field rendered once here, for pages and feeds alike. */
  markdownField?: keyof z.infer<S> & string;
  client: () => CmsClient;
}

/**
 * A Content Layer loader for one Strapi collection. All documents are validated before the
 * store is touched, so a bad document fails the build with the last good store intact;
 * entries are keyed by slug with a digest, unchanged ones are skipped, vanished ones deleted.
 */
export function strapiLoader<S extends z.ZodType<Keyed>>(collection: StrapiCollection<S>): Loader & { schema: S } {
  return {
    name: `strapi:${collection.name}`,
    schema: collection.schema,
    async load({ store, generateDigest, logger }) {
      const raw = await collection.client().getAll(collection.path, collection.query);

      const problems: string[] = [];
      const entries = new Map<string, z.infer<S>>();
      for (const document of raw) {
        const result = collection.schema.safeParse(document);
        if (!result.success) {
          problems.push(...formatIssues(result.error).map((issue) => `${describe(collection.label, document)}：${issue}`));
          continue;
        }
        const data = result.data;
        const clash = entries.get(data.slug);
        if (clash) {
          problems.push(`${describe(collection.label, data)}：slug “${data.slug}” 与 documentId=${clash.documentId} 重复`);
          continue;
        }
        entries.set(data.slug, data);
      }
      if (problems.length > 0) throw new ContentContractError(collection.label, problems);

      let changed = 0;
      for (const [id, data] of entries) {
        const digest = generateDigest(data as Record<string, unknown>);
        if (store.get(id)?.digest === digest) continue;
        const markdown = collection.markdownField ? data[collection.markdownField] : undefined;
        store.set({
          id,
          data: data as Record<string, unknown>,
          digest,
          ...(typeof markdown === 'string' ? { rendered: { html: renderMarkdown(markdown) } } : {}),
        });
        changed++;
      }
      let removed = 0;
      for (const id of store.keys()) {
        if (!entries.has(id)) {
          store.delete(id);
          removed++;
        }
      }
      logger.info(`${entries.size} ${collection.label}（更新 ${changed}，删除 ${removed}）`);
    },
  };
}

export function describe(label: string, document: unknown): string {
  const doc = (document ?? {}) as { documentId?: unknown; title?: unknown; name?: unknown };
  const id = typeof doc.documentId === 'string' ? doc.documentId : '(无 documentId)';
  const heading = typeof doc.title === 'string' ? doc.title : doc.name;
  const title = typeof heading === 'string' ? `“${heading}”` : '';
  return `${label} documentId=${id}${title}`;
}
