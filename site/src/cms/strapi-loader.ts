import { hash } from 'node:crypto';
import { formatIssues, type Image, imageSchema } from '@fulian/shared-types';
import type { Loader } from 'astro/loaders';
import { z } from 'astro/zod';
import { uploadPathsIn } from '../lib/markdown.ts';
import {
  bodyKey,
  bodyStoreDir,
  hasBody,
  hasRendererStore,
  markRendererStore,
  pruneBodies,
  pruneOtherRenderers,
  removeBody,
} from './body-store.ts';
import type { CmsClient } from './client.ts';
import { documentStore } from './documents.ts';
import { ContentContractError, describeFailure, type FailedDocument } from './errors.ts';
import { type BodySource, EarlyBodies, renderBodies, renderBody } from './render-bodies.ts';
import { markRecordingPartial } from './snapshot-file.ts';
import { deltaStart, syncPlan } from './sync.ts';

/** What every collection document has: an id in the CMS and a slug for its URL. */
type Keyed = { documentId: string; slug: string };
type Contract = z.ZodObject<z.ZodRawShape> & z.ZodType<Keyed>;

/**
 * A media-library photo of a body, as the upload API describes it: what the image store needs
 * to encode it once, ever (site/src/images/). Its alt text may be empty in the library: the
 * body's own, written by the CMS at save, is the fallback.
 */
export const bodyImageSchema = imageSchema.extend({ alternativeText: z.string().nullable() });
export type BodyImageMedia = Omit<Image, 'alternativeText'> & { alternativeText: string | null };

/**
 * What the store keeps of a document: its contract, less the Markdown source once rendered,
 * plus the media-library photos its body shows (`bodyImages`, only when it shows any).
 */
export type Stored<S extends Contract, M extends string> = Omit<z.infer<S>, M> & { bodyImages?: BodyImageMedia[] };

export interface StrapiCollection<S extends Contract, M extends keyof z.infer<S> & string> {
  /** The Astro collection's name, used in messages. */
  name: string;
  /** Chinese name of the collection for editors, e.g. 新闻. */
  label: string;
  /** REST path segment: the content type's pluralName (restPathOf in the content model). */
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
  /**
   * For collections that can be read by delta (sync.ts): this collection's content type, and
   * every content type read that way. Without them the collection is always read whole.
   */
  delta?: { uid: string; types: ReadonlySet<string> };
  /**
   * A check the contract cannot make alone, run first: it gets the document and what the
   * store held for it in the last build (null if nothing), and returns the problem or null.
   */
  explain?: (document: unknown, before: Record<string, unknown> | null) => string | null;
  /**
   * Keep the entries in the document store (documents.ts) instead of Astro's content store:
   * for the collections that grow with the archive, which pages read with getDocuments().
   */
  documents?: boolean;
}

/** What the loader needs of a store: Astro's DataStore and MetaStore, or the document store's. */
interface EntryStore {
  get(id: string): { id: string; data: Record<string, unknown>; digest?: string | number } | undefined;
  has(id: string): boolean;
  keys(): string[];
  values(): { id: string; data: Record<string, unknown>; digest?: string | number }[];
  set(entry: { id: string; data: Record<string, unknown>; digest: string }): unknown;
  delete(id: string): void;
}
interface EntryMeta {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

type Raw = { documentId?: unknown; publishedAt?: unknown };

/** The newest publication time among documents, as ISO text (they compare as text). */
function newestPublished(documents: unknown[], since?: string): string | undefined {
  let newest = since;
  for (const doc of documents) {
    const at = (doc as Raw).publishedAt;
    if (typeof at === 'string' && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
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
    ? z.object({
        ...Object.fromEntries(Object.entries(collection.schema.shape).filter(([key]) => key !== field)),
        bodyImages: z.array(bodyImageSchema).optional(),
      })
    : collection.schema) as unknown as z.ZodType<Stored<S, M>>;
  return {
    name: `strapi:${collection.name}`,
    schema: stored,
    async load(context) {
      const { generateDigest, logger } = context;
      const own = collection.documents ? documentStore(collection.name) : null;
      // Entries Astro's store still holds from before this collection moved out of it.
      if (own && context.store.keys().length > 0) context.store.clear();
      const store: EntryStore = own ?? context.store;
      const meta: EntryMeta = own?.meta ?? context.meta;
      const client = collection.client();
      const plan = collection.delta ? syncPlan(process.env, collection.delta.types) : null;
      const since = meta.get('newestPublishedAt');
      // documentId → slug of what the store holds, for deletions and moved slugs.
      const slugOf = new Map<string, string>();
      for (const entry of store.values()) slugOf.set(String((entry.data as Raw).documentId), entry.id);

      let raw: unknown[];
      // The CMS's clock when this build's read began (client.ts readAll), kept for the next delta.
      let readAt: string | undefined;
      let delta: { gone: string[] } | null = null;
      let why = plan?.reason ?? '完整读取';
      let early: EarlyBodies | null = null;
      // A document's contract check and its digest, made once: early for the bodies rendered
      // while the read goes on, and again when the whole read is validated and stored.
      const checks = new WeakMap<object, ReturnType<S['safeParse']>>();
      const check = (document: unknown): ReturnType<S['safeParse']> => {
        if (document === null || typeof document !== 'object')
          return collection.schema.safeParse(document) as ReturnType<S['safeParse']>;
        let result = checks.get(document);
        if (!result) {
          result = collection.schema.safeParse(document) as ReturnType<S['safeParse']>;
          checks.set(document, result);
        }
        return result;
      };
      const digests = new WeakMap<object, string>();
      const digestOf = (data: object): string => {
        let digest = digests.get(data);
        if (digest === undefined) {
          digest = generateDigest(data as Record<string, unknown>);
          digests.set(data, digest);
        }
        return digest;
      };
      const bodies = bodyStoreDir();
      // Bodies rendered by an older Markdown renderer are not used: every document is read
      // and rendered again (body-store.ts).
      const rendered = !field || hasRendererStore(bodies, collection.name);
      if (plan?.mode === 'delta' && collection.delta && since && slugOf.size > 0 && rendered) {
        // What was published (or published again) lately, and every document the events named.
        const from = deltaStart(since, meta.get('readAt'));
        const read = await client.readAll(collection.path, { ...collection.query, filters: { publishedAt: { $gte: from } } });
        const recent = read.documents;
        readAt = read.serverTime;
        const seen = new Set(recent.map((d) => String((d as Raw).documentId)));
        const named = [...(plan.changed.get(collection.delta.uid) ?? [])].filter((id) => !seen.has(id));
        const fetched = named.length
          ? await client.getAll(collection.path, { ...collection.query, filters: { documentId: { $in: named } } })
          : [];
        for (const d of fetched) seen.add(String((d as Raw).documentId));
        raw = [...recent, ...fetched];
        // A named document the CMS no longer serves was unpublished or deleted.
        delta = { gone: named.filter((id) => !seen.has(id) && slugOf.has(id)) };
        markRecordingPartial(`${collection.label}为增量读取`);
      } else {
        if (plan?.mode === 'delta')
          why =
            slugOf.size === 0
              ? '完整读取：本地还没有这类内容'
              : !rendered
                ? '完整读取：正文渲染代码已更新'
                : '完整读取：这是此缓存的第一次读取';
        // Every body is rendered again (nothing stored, or by an older renderer): start on
        // each page of the read as it arrives (EarlyBodies), under the digest each document
        // will have if the whole read passes its checks.
        early = field && !rendered ? new EarlyBodies(bodies, collection.name) : null;
        const onPage = (documents: unknown[]) => {
          const sources: BodySource[] = [];
          for (const document of documents) {
            const result = check(document);
            if (result.success && field) {
              sources.push({ digest: digestOf(result.data), markdown: (result.data as Record<string, unknown>)[field] });
            }
          }
          early?.add(sources);
        };
        try {
          ({ documents: raw, serverTime: readAt } = await client.readAll(
            collection.path,
            collection.query,
            early ? { onPage } : {},
          ));
        } catch (error) {
          await early?.stop();
          throw error;
        }
      }

      // Every document read is checked before the store is touched: a bad one fails the build
      // with the last good store intact.
      const validate = (documents: unknown[]) => {
        const problems: FailedDocument[] = [];
        const valid = new Map<string, z.infer<S>>();
        for (const document of documents) {
          if (collection.explain) {
            const slug = slugOf.get(String((document as Raw | null)?.documentId));
            const problem = collection.explain(document, slug === undefined ? null : (store.get(slug)?.data ?? null));
            if (problem) {
              problems.push(failure(collection.label, document, problem));
              continue;
            }
          }
          const result = check(document);
          if (!result.success) {
            problems.push(...formatIssues(result.error).map((issue) => failure(collection.label, document, issue)));
            continue;
          }
          const data = result.data as z.infer<S>;
          const clash = valid.get(data.slug);
          if (clash) {
            problems.push(failure(collection.label, data, `slug “${data.slug}” 与 documentId=${clash.documentId} 重复`));
            continue;
          }
          valid.set(data.slug, data);
        }
        if (problems.length > 0) throw new ContentContractError(collection.label, problems);
        return valid;
      };
      let entries: Map<string, z.infer<S>>;
      try {
        entries = validate(raw);
      } catch (error) {
        await early?.stop();
        throw error;
      }

      // The media-library photos the bodies show, asked of the CMS in one go (none are asked
      // for when no body shows one): their identities go into the entries, so that a photo
      // replaced in the library (same address, new bytes) changes the pages that show it.
      const media = field ? await bodyMedia(client, entries, field) : new Map<string, BodyImageMedia>();
      const photosOf = (data: z.infer<S>): BodyImageMedia[] => {
        if (!field) return [];
        const markdown = (data as Record<string, unknown>)[field];
        return typeof markdown === 'string'
          ? uploadPathsIn(markdown).flatMap((path) => {
              const found = media.get(path);
              return found ? [found] : [];
            })
          : [];
      };
      // The entry's digest: its body's (digestOf), with its photos' after a `~` when it shows any.
      const entryDigests = new WeakMap<object, string>();
      const entryDigestOf = (data: z.infer<S>): string => {
        let digest = entryDigests.get(data);
        if (digest === undefined) {
          const photos = photosOf(data);
          digest = photos.length
            ? `${digestOf(data)}~${hash('sha256', JSON.stringify(photos), 'base64url').slice(0, 16)}`
            : digestOf(data);
          entryDigests.set(data, digest);
        }
        return digest;
      };

      let changed = 0;
      let removed = 0;
      const put = (id: string, data: z.infer<S>) => {
        const digest = entryDigestOf(data);
        if (!field) {
          store.set({ id, data: data as Record<string, unknown>, digest });
          return;
        }
        // The digest covers the source, so an edit to it still renders again. The rendered
        // body goes to the body store, not into Astro's (see body-store.ts).
        const { [field]: markdown, ...rest } = data as Record<string, unknown>;
        // Bodies are kept by digest: one already there (Astro emptied its store after a config
        // change, but not the body store) is this very text, rendered by this renderer.
        const body = digestOf(data);
        if (!hasBody(bodies, collection.name, body)) renderBody(bodies, collection.name, { digest: body, markdown });
        const photos = photosOf(data);
        store.set({ id, data: photos.length ? { ...rest, bodyImages: photos } : rest, digest });
      };
      const drop = (id: string) => {
        const digest = store.get(id)?.digest;
        store.delete(id);
        if (field && digest !== undefined) removeBody(bodies, collection.name, String(digest));
        removed++;
      };

      if (delta) {
        for (const [id, data] of entries) {
          const digest = entryDigestOf(data);
          // A document whose slug moved leaves its old entry; another document's entry under
          // this slug would be a clash the CMS prevents, so it is read whole to be sure.
          const before = slugOf.get(data.documentId);
          if (before !== undefined && before !== id) drop(before);
          const holder = store.get(id);
          if (holder && String((holder.data as Raw).documentId) !== data.documentId) {
            delta = null;
            break;
          }
          if (holder?.digest === digest && (!field || hasBody(bodies, collection.name, digest))) continue;
          // The old body goes unless it is this one (only a photo of it changed).
          if (holder && field && holder.digest !== undefined && bodyKey(String(holder.digest)) !== bodyKey(digest))
            removeBody(bodies, collection.name, String(holder.digest));
          put(id, data);
          changed++;
        }
        for (const documentId of delta?.gone ?? []) {
          const slug = slugOf.get(documentId);
          if (slug !== undefined && store.has(slug)) drop(slug);
        }
        // The cheap check for deletions no event named: the CMS's count against the store's.
        const total = delta ? await client.count(collection.path) : -1;
        if (total !== store.keys().length) {
          why = delta ? `完整读取：CMS 有 ${total} 篇，本地有 ${store.keys().length} 篇` : '完整读取：增量结果与本地内容不一致';
          delta = null;
          ({ documents: raw, serverTime: readAt } = await client.readAll(collection.path, collection.query));
          return loadWhole(validate(raw), raw, why);
        }
        meta.set('newestPublishedAt', newestPublished(raw, since) ?? since ?? '');
        remember(readAt);
        own?.save();
        logger.info(`${store.keys().length} ${collection.label}（${why}：更新 ${changed}，删除 ${removed}）`);
        return;
      }
      return loadWhole(entries, raw, why);

      // A CMS that sent no Date header leaves the delta counting from the newest publication.
      function remember(at: string | undefined) {
        meta.set('readAt', at ?? '');
      }

      // The whole collection, validated: stored by digest, and whatever the CMS no longer has
      // is deleted.
      async function loadWhole(all: Map<string, z.infer<S>>, documents: unknown[], reason: string) {
        changed = 0;
        removed = 0;
        const kept = new Set<string>();
        const changedEntries: { id: string; data: z.infer<S>; digest: string }[] = [];
        for (const [id, data] of all) {
          const digest = digestOf(data);
          kept.add(digest);
          // A body lost from its store (a cleared cache folder) is written again.
          if (store.get(id)?.digest === entryDigestOf(data) && (!field || hasBody(bodies, collection.name, digest))) continue;
          changedEntries.push({ id, data, digest });
        }
        if (field) {
          // Every body first (on threads when there are many), then the entries that name them.
          // Those rendered while the read went on are in the store already.
          await early?.finish();
          const sources = changedEntries
            .filter(({ digest }) => !early?.wrote(digest) && !hasBody(bodies, collection.name, digest))
            .map(({ data, digest }) => ({ digest, markdown: (data as Record<string, unknown>)[field] }));
          await renderBodies(bodies, collection.name, sources);
        }
        for (const { id, data, digest } of changedEntries) {
          if (field) {
            const { [field]: _markdown, ...rest } = data as Record<string, unknown>;
            const photos = photosOf(data);
            store.set({ id, data: photos.length ? { ...rest, bodyImages: photos } : rest, digest: entryDigestOf(data) });
          } else store.set({ id, data: data as Record<string, unknown>, digest });
          changed++;
        }
        for (const id of store.keys()) {
          if (!all.has(id)) {
            store.delete(id);
            removed++;
          }
        }
        if (field) {
          pruneBodies(bodies, collection.name, kept);
          markRendererStore(bodies, collection.name);
          pruneOtherRenderers(bodies, collection.name);
        }
        meta.set('newestPublishedAt', newestPublished(documents) ?? '');
        remember(readAt);
        own?.save();
        logger.info(`${all.size} ${collection.label}（${reason}：更新 ${changed}，删除 ${removed}）`);
      }
    },
  };
}

/**
 * The media-library files the bodies of these documents mention, by path. A file that is not
 * an image (a PDF linked from a body) is left out; an image whose description the upload API
 * gives in another shape fails the build, naming the file.
 */
async function bodyMedia(client: CmsClient, entries: Map<string, unknown>, field: string): Promise<Map<string, BodyImageMedia>> {
  const paths = new Set<string>();
  for (const data of entries.values()) {
    const markdown = (data as Record<string, unknown>)[field];
    if (typeof markdown === 'string') for (const path of uploadPathsIn(markdown)) paths.add(path);
  }
  const found = new Map<string, BodyImageMedia>();
  if (paths.size === 0) return found;
  for (const file of await client.mediaFiles([...paths])) {
    if (!String((file as { mime?: unknown } | null)?.mime ?? '').startsWith('image/')) continue;
    const parsed = bodyImageSchema.safeParse(file);
    if (!parsed.success) {
      const url = String((file as { url?: unknown }).url ?? '?');
      throw new Error(`媒体库文件 ${url} 的信息不完整，正文中的这张图片无法处理：${formatIssues(parsed.error).join('；')}`);
    }
    found.set(parsed.data.url, parsed.data);
  }
  return found;
}

/** A refused document: its collection, documentId, title and the problem. */
export function failure(label: string, document: unknown, problem: string): FailedDocument {
  const doc = (document ?? {}) as { documentId?: unknown; title?: unknown; name?: unknown };
  const heading = typeof doc.title === 'string' ? doc.title : doc.name;
  return {
    collection: label,
    documentId: typeof doc.documentId === 'string' ? doc.documentId : '(无 documentId)',
    title: typeof heading === 'string' ? heading : null,
    problem,
  };
}

/** `新闻 documentId=q3v…“标题”`: how messages name a document. */
export function describe(label: string, document: unknown): string {
  return describeFailure(failure(label, document, '')).replace(/：$/, '');
}
