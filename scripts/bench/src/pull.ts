import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as model from '@fulian/shared-types/model';
import { type ContentTypeConfig, restPathOf } from '@fulian/shared-types/model';
import type { Pulled } from './hugo.ts';

/**
 * The REST pull the site's build makes, done alone and timed: the site's own CmsClient
 * (site/src/cms/client.ts) with the site's own queries (site/src/cms/queries.ts) for every
 * collection its content config loads, all collections at once as Astro's content sync does.
 * An injected fetch counts requests and response bytes.
 */

export interface CollectionSpec {
  kind: 'collection' | 'single';
  path: string;
  label: string;
  query: Record<string, unknown>;
}

export interface PullResult {
  seconds: number;
  documents: number;
  requests: number;
  bytes: number;
  perCollection: Record<string, { documents: number; requests: number; bytes: number }>;
  pulled: Pulled;
}

type ClientModule = typeof import('@fulian/site/cms-client');

/**
 * The collections the site loads, read from its content config (each strapiLoader /
 * strapiSingleLoader block's `path` and `query`), so the benchmark follows the site as
 * collections are added.
 */
export async function siteCollections(siteRoot: string): Promise<CollectionSpec[]> {
  const config = readFileSync(join(siteRoot, 'src', 'content.config.ts'), 'utf8');
  const queries = (await import(pathToFileURL(join(siteRoot, 'src', 'cms', 'queries.ts')).href)) as Record<string, unknown>;
  const specs: CollectionSpec[] = [];
  for (const match of config.matchAll(/(strapiLoader|strapiSingleLoader)\(\{([\s\S]*?)\}\)/g)) {
    const block = match[2] ?? '';
    // The path is a literal, or (since the content model) restPathOf(model.<type>).
    const modelType = /\bpath:\s*restPathOf\(model\.(\w+)\)/.exec(block)?.[1];
    const path =
      /\bpath:\s*['"]([^'"]+)['"]/.exec(block)?.[1] ??
      (modelType
        ? restPathOf((model as unknown as Record<string, ContentTypeConfig>)[modelType] as ContentTypeConfig)
        : undefined);
    const queryName = /\bquery:\s*(\w+)/.exec(block)?.[1];
    const label = /\blabel:\s*['"]([^'"]+)['"]/.exec(block)?.[1] ?? path ?? '?';
    if (!path || !queryName) continue;
    const query = queries[queryName];
    if (!query || typeof query !== 'object')
      throw new Error(`site/src/cms/queries.ts has no export ${queryName} (used for ${path})`);
    specs.push({
      kind: match[1] === 'strapiSingleLoader' ? 'single' : 'collection',
      path,
      label,
      query: query as Record<string, unknown>,
    });
  }
  if (specs.length === 0) throw new Error(`found no strapiLoader in ${join(siteRoot, 'src', 'content.config.ts')}`);
  return specs;
}

export async function pullAll(siteRoot: string, cmsUrl: string, token: string): Promise<PullResult> {
  const { CmsClient } = (await import(pathToFileURL(join(siteRoot, 'src', 'cms', 'client.ts')).href)) as ClientModule;
  const specs = await siteCollections(siteRoot);
  const perCollection: PullResult['perCollection'] = {};
  const pulled: Pulled = { collections: {}, singles: {} };

  const started = performance.now();
  await Promise.all(
    specs.map(async (spec) => {
      const counts = { documents: 0, requests: 0, bytes: 0 };
      perCollection[spec.path] = counts;
      const counting: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        counts.requests++;
        counts.bytes += body.byteLength;
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      };
      const client = new CmsClient({ baseUrl: cmsUrl, token, fetch: counting });
      if (spec.kind === 'single') {
        pulled.singles[spec.path] = (await client.getSingle(spec.path, spec.query)) as Record<string, any>;
        counts.documents = 1;
      } else {
        const documents = (await client.getAll(spec.path, spec.query)) as Record<string, any>[];
        pulled.collections[spec.path] = documents;
        counts.documents = documents.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sum = (key: 'documents' | 'requests' | 'bytes') => Object.values(perCollection).reduce((s, c) => s + c[key], 0);
  return { seconds, documents: sum('documents'), requests: sum('requests'), bytes: sum('bytes'), perCollection, pulled };
}
