import { formatIssues } from '@fulian/shared-types';
import type { Loader } from 'astro/loaders';
import { z } from 'astro/zod';
import { renderMarkdown } from '../lib/markdown.ts';
import { bodyStoreDir, hasBody, pruneBodies, writeBody } from './body-store.ts';
import type { CmsClient } from './client.ts';
import { ContentContractError } from './errors.ts';

/** What every collection document has: an id in the CMS and a slug for its URL. */
type Keyed = { documentId: string; slug: string };
type Contract = z.ZodObject<z.ZodRawShape> & z.ZodType<Keyed>;

/** What the store keeps of a document: its contract, less the Markdown source once rendered. */
export type Stored<S extends Contract, M extends string> = Omit<z.infer<S>, M>;

export interface StrapiCollection<S extends Contract, M extends keyof z.infer<S> & string> {
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
  /**
   * The Markdown field rendered once here, for pages and feeds alike (bodyHtml(entry)). Neither
   * the source nor the HTML goes into Astro's store, which every build loads, writes and
   * bundles whole: the HTML goes to the body store (body-store.ts).
   */
  markdownField?: M;
  client: () => CmsClient;
}

/**
 * A Content Layer loader for one Strapi collection. All documents are validated before the
 * store is touched, so a bad document fails the build with the last good store intact;
 * entries are keyed by slug with a digest, unchanged ones are skipped, vanished ones deleted.
 */
export function strapiLoader<S extends Contract, M extends keyof z.infer<S> & string = never>(
  collection: StrapiCollection<S, M>,
): Loader & { schema: z.ZodType<Stored<S, M>> } {
  const field = collection.markdownField;
  // The contract's refinements need the whole document, so the stored shape is rebuilt from
  // its fields: it describes the store for types; documents are validated against the contract.
  const stored = (field
    ? z.object(Object.fromEntries(Object.entries(collection.schema.shape).filter(([key]) => key !== field)))
    : collection.schema) as unknown as z.ZodType<Stored<S, M>>;
  return {
    name: `strapi:${collection.name}`,
    schema: stored,
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
      const bodies = bodyStoreDir();
      const digests = new Set<string>();
      for (const [id, data] of entries) {
        const digest = generateDigest(data as Record<string, unknown>);
        digests.add(digest);
        // A body lost from its store (a cleared cache folder) is written again.
        if (store.get(id)?.digest === digest && (!field || hasBody(bodies, collection.name, digest))) continue;
        if (!field) {
          store.set({ id, data: data as Record<string, unknown>, digest });
        } else {
          // The digest above covers the source, so an edit to it still renders again. The
          // rendered body goes to the body store, not into Astro's (see body-store.ts).
          const { [field]: markdown, ...rest } = data as Record<string, unknown>;
          writeBody(bodies, collection.name, digest, typeof markdown === 'string' ? renderMarkdown(markdown) : '');
          store.set({ id, data: rest, digest });
        }
        changed++;
      }
      let removed = 0;
      for (const id of store.keys()) {
        if (!entries.has(id)) {
          store.delete(id);
          removed++;
        }
      }
      if (field) pruneBodies(bodies, collection.name, digests);
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
