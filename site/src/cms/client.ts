import { type ListResponse, listResponseSchema } from '@fulian/shared-types';
import { REST_PAGE_SIZE } from '@fulian/shared-types/model';
import qs from 'qs';
import { z } from 'zod';
import { CmsRequestError } from './errors.ts';

export interface CmsClientOptions {
  /** Where Strapi listens, e.g. http://127.0.0.1:1337 */
  baseUrl: string;
  /** A read-only API token: published content only. */
  token: string;
  /** Injected so tests can observe requests; the platform fetch by default. */
  fetch?: typeof fetch;
  /** Attempts after the first for network errors, 429 and 5xx. */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter, capped at 8 s. */
  backoffMs?: number;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** Documents asked for per page: PAGE_SIZE, unless a test wants small pages. */
  pageSize?: number;
}

/** The most Strapi returns per page (its `rest.maxLimit` is the same shared number). */
export const PAGE_SIZE = REST_PAGE_SIZE;

/** Pages of one collection asked at once after the first (see getAll). */
const PAGES_IN_FLIGHT = 3;

/** A collection that changed while being paged is read again, at most this many times. */
const MAX_PULLS = 3;

/** Paths asked about in one request for media-library files (mediaFiles). */
const MEDIA_PATHS_PER_REQUEST = 50;

/** A page after the first: its documents (Strapi counts nothing unless asked, see readAll). */
const pageResponseSchema = z.object({ data: z.array(z.unknown()), meta: z.object({ pagination: z.object({}) }) });

/** False when a document (by documentId) is in the list twice. */
function distinctDocuments(documents: unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const document of documents) {
    const id = (document as { documentId?: unknown } | null)?.documentId;
    if (id === undefined) continue;
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

type Query = Record<string, unknown>;

export interface ReadOptions {
  /**
   * Called with each page's documents as the page arrives, in no particular order, before
   * the read has checked the whole (a pull that starts over calls it again for the pages it
   * reads again): for work that can start early, and must not assume the read succeeds.
   */
  onPage?: (documents: unknown[]) => void;
}

/**
 * The one REST client of the site: GETs only, paging, retries with bounded backoff, and
 * loud failures. It never turns a failure into an empty result.
 */
export class CmsClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  readonly #pageSize: number;

  constructor(options: CmsClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#retries = options.retries ?? 4;
    this.#backoffMs = options.backoffMs ?? 300;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pageSize = options.pageSize ?? PAGE_SIZE;
  }

  /**
   * Every published document of a collection (e.g. `trainings`), PAGE_SIZE at a time until
   * `meta.pagination.pageCount`. If the pull does not add up (an editor published, withdrew
   * or republished mid-pull: another number of documents than the first page's total, or a
   * document twice) it starts over, so no document is missed or doubled. A republish gives
   * the document a new row, last in `id` order, and moves the others back by one across the
   * pages: the same total, one document read twice and another not at all.
   *
   * Only the first page asks Strapi to count (`withCount`): the count is one more query of the
   * CMS's database per page, and the pages after the first need none.
   *
   * The first page gives the page count; the others are asked PAGES_IN_FLIGHT at a time, so
   * that Strapi prepares the next pages while this process parses the last (one page at a
   * time, the CMS and the build took turns: 10,000 news in 12 s at 1x).
   */
  async getAll(collection: string, query: Query = {}): Promise<unknown[]> {
    return (await this.readAll(collection, query)).documents;
  }

  /**
   * getAll, and the CMS's clock when the read began: the `Date` header of the returned pull's
   * first page (ISO text; undefined if the CMS sent none). A delta read starts from it (sync.ts).
   */
  async readAll(
    collection: string,
    query: Query = {},
    options: ReadOptions = {},
  ): Promise<{ documents: unknown[]; serverTime?: string }> {
    const page = async (number: number) => {
      const url = this.url(`/api/${collection}`, {
        ...query,
        status: 'published',
        sort: ['id:asc'],
        pagination: { page: number, pageSize: this.#pageSize, withCount: number === 1 },
      });
      const { body, date } = await this.#get(url);
      const parsed = (number === 1 ? listResponseSchema : pageResponseSchema).safeParse(body);
      if (!parsed.success) {
        throw new CmsRequestError(url, `返回的不是 Strapi 列表格式（应有 data 数组和 meta.pagination）`);
      }
      options.onPage?.(parsed.data.data);
      return { ...parsed.data, date };
    };
    for (let pull = 1; ; pull++) {
      const first = await page(1);
      const started = first.date ? Date.parse(first.date) : Number.NaN;
      // The first page was checked against listResponseSchema: it has the count.
      const { total, pageCount } = (first as unknown as ListResponse).meta.pagination;
      const pages = [first, ...(await inOrder(pageCount - 1, PAGES_IN_FLIGHT, (i) => page(i + 2)))];
      const documents = pages.flatMap((p) => p.data);
      if (documents.length === total && distinctDocuments(documents))
        return { documents, serverTime: Number.isNaN(started) ? undefined : new Date(started).toISOString() };
      if (pull >= MAX_PULLS) {
        throw new CmsRequestError(
          this.url(`/api/${collection}`),
          `内容在读取过程中不断变化（读到 ${documents.length} 篇，应有 ${total} 篇），已重试 ${MAX_PULLS} 次`,
        );
      }
    }
  }

  /** How many published documents a collection has (one request, one document returned). */
  async count(collection: string): Promise<number> {
    const url = this.url(`/api/${collection}`, {
      status: 'published',
      fields: ['documentId'],
      pagination: { page: 1, pageSize: 1, withCount: true },
    });
    const parsed = listResponseSchema.safeParse(await this.getJson(url));
    if (!parsed.success) throw new CmsRequestError(url, '返回的不是 Strapi 列表格式（应有 data 数组和 meta.pagination）');
    return parsed.data.meta.pagination.total;
  }

  /**
   * The media-library files at these paths (`/uploads/x.jpg`), as the upload plugin's REST
   * API gives them: the body photos' identities for the image store. MEDIA_PATHS_PER_REQUEST
   * paths a request, so that no address outgrows what a proxy accepts; a path the library
   * does not have is simply not in the result.
   */
  async mediaFiles(paths: readonly string[]): Promise<unknown[]> {
    const unique = [...new Set(paths)];
    const files: unknown[] = [];
    for (let start = 0; start < unique.length; start += MEDIA_PATHS_PER_REQUEST) {
      const url = this.url('/api/upload/files', {
        filters: { url: { $in: unique.slice(start, start + MEDIA_PATHS_PER_REQUEST) } },
      });
      const body = await this.getJson(url);
      if (!Array.isArray(body)) throw new CmsRequestError(url, '返回的不是媒体库文件列表（应为数组）');
      files.push(...body);
    }
    return files;
  }

  /** A single type (e.g. `site-setting`): its one document, or a loud failure. */
  async getSingle(singleType: string, query: Query = {}): Promise<unknown> {
    const url = this.url(`/api/${singleType}`, { ...query, status: 'published' });
    const body = (await this.getJson(url)) as { data?: unknown } | null;
    if (!body || typeof body.data !== 'object' || body.data === null) {
      throw new CmsRequestError(url, '返回的不是 Strapi 单一类型格式（应有 data 对象）');
    }
    return body.data;
  }

  url(path: string, query: Query = {}): string {
    const search = qs.stringify(query, { encodeValuesOnly: true });
    return `${this.#baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /** One GET with retries: network errors, 429 and 5xx are retried; anything else fails now. */
  async getJson(url: string): Promise<unknown> {
    return (await this.#get(url)).body;
  }

  /** getJson, with the response's `Date` header. */
  async #get(url: string): Promise<{ body: unknown; date: string | null }> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          headers: { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        if (attempt < this.#retries) {
          await sleep(this.#delay(attempt));
          continue;
        }
        throw new CmsRequestError(url, `无法连接（${describeCause(error)}），已重试 ${this.#retries} 次`, { cause: error });
      }

      if (response.status === 429 || response.status >= 500) {
        const text = await response.text().catch(() => '');
        if (attempt < this.#retries) {
          await sleep(this.#delay(attempt, response.headers.get('retry-after')));
          continue;
        }
        throw new CmsRequestError(url, `HTTP ${response.status}${strapiMessage(text)}，已重试 ${this.#retries} 次`, {
          status: response.status,
        });
      }
      const text = await response.text();
      if (!response.ok) {
        throw new CmsRequestError(url, `HTTP ${response.status}${strapiMessage(text)}${hint(response.status)}`, {
          status: response.status,
        });
      }
      try {
        return { body: JSON.parse(text), date: response.headers.get('date') };
      } catch (error) {
        throw new CmsRequestError(url, `返回的内容不是有效的 JSON（${text.slice(0, 80)}…）`, {
          status: response.status,
          cause: error,
        });
      }
    }
  }

  #delay(attempt: number, retryAfter?: string | null): number {
    const asked = retryAfter ? Number(retryAfter) * 1000 : Number.NaN;
    const exponential = this.#backoffMs * 2 ** attempt;
    const base = Number.isFinite(asked) ? asked : exponential;
    return Math.min(8_000, base) * (0.75 + Math.random() * 0.5);
  }
}

/**
 * `task(0) … task(count - 1)`, at most `limit` running at once, results in index order. The
 * first failure is thrown once the tasks already running have settled (none is left dangling).
 */
async function inOrder<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(Math.max(0, count));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < count && !failure) {
      const index = next++;
      try {
        results[index] = await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(0, count)) }, worker));
  if (failure) throw failure.error;
  return results;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** fetch wraps the real reason (ECONNREFUSED, ENOTFOUND, a timeout) in `cause`. */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 4) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(' ← ') : String(error);
}

function strapiMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' && message ? `：${message}` : '';
  } catch {
    return '';
  }
}

function hint(status: number): string {
  if (status === 401) return '（令牌无效或未提供：检查 CMS_BUILD_TOKEN）';
  if (status === 403) return '（令牌没有读取此内容的权限）';
  if (status === 404) return '（内容不存在：单一类型（如站点设置）尚未在管理后台填写，或 CMS_URL、集合名称有误）';
  return '';
}
