/**
 * The command-line tools' one way to talk to the CMS's REST API with a token: JSON in and
 * out, and failures that name the request, the HTTP status and what Strapi said, so the
 * person running the tool can act. The token never appears in a message.
 */

/** Flat query parameters in Strapi's bracket syntax, e.g. { 'filters[slug][$eq]': 'abc' }. */
export type Query = Record<string, string | number>;

export class CmsRestError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CmsRestError';
    this.status = status;
  }
}

export interface CmsRest {
  readonly baseUrl: string;
  get<T = unknown>(path: string, query?: Query): Promise<T>;
  /** Every document of a collection matching the query, a page of 100 at a time. */
  getAll<T = unknown>(path: string, query?: Query): Promise<T[]>;
  post<T = unknown>(path: string, query: Query, body: unknown): Promise<T>;
}

export function cmsRest(options: { baseUrl: string; token: string; timeoutMs?: number }): CmsRest {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  const request = async <T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    const where = `${method} ${decodeURIComponent(url)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new CmsRestError(`${where} 失败：无法连接 CMS（${causeOf(error)}）。CMS 是否已启动？CMS_URL 是否正确？`, undefined, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new CmsRestError(
        `${where} 失败：HTTP ${response.status}${strapiError(text)}${hint(response.status)}`,
        response.status,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new CmsRestError(`${where} 失败：返回的内容不是 JSON（${text.slice(0, 80)}…）`, response.status, { cause: error });
    }
  };

  return {
    baseUrl,
    get: (path, query) => request('GET', path, query),
    post: (path, query, body) => request('POST', path, query, body),
    async getAll<T>(path: string, query: Query = {}) {
      const documents: T[] = [];
      for (let page = 1; ; page++) {
        const { data, meta } = await request<{ data: T[]; meta: { pagination: { pageCount: number } } }>('GET', path, {
          ...query,
          'pagination[page]': page,
          'pagination[pageSize]': 100,
        });
        documents.push(...data);
        if (page >= meta.pagination.pageCount || data.length === 0) return documents;
      }
    },
  };
}

/** Strapi's message and, for a validation error, each field's own message. */
function strapiError(text: string): string {
  try {
    const { error } = JSON.parse(text) as {
      error?: { message?: string; details?: { errors?: { path?: string[]; message?: string }[] } };
    };
    if (!error?.message) return '';
    const fields = (error.details?.errors ?? [])
      .filter((e) => e.message && !error.message?.includes(e.message))
      .map((e) => `${e.path?.join('.') ?? ''}：${e.message}`);
    return `：${[error.message, ...fields].join('；')}`;
  } catch {
    return text ? `：${text.slice(0, 200)}` : '';
  }
}

function hint(status: number): string {
  if (status === 401) return '（令牌无效：检查 CMS_IMPORT_TOKEN 是否与 CMS 启动时的 .env 一致）';
  if (status === 403) return '（令牌没有这项权限：导入须使用 CMS_IMPORT_TOKEN）';
  return '';
}

/** fetch hides the real reason (ECONNREFUSED, a timeout) in `cause`. */
function causeOf(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error && parts.length < 3; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? code : e.message);
  }
  return parts.join(' ← ') || String(error);
}
