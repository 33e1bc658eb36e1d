import { CmsClient, type CmsClientOptions, type ReadOptions } from './client.ts';
import { CmsRequestError } from './errors.ts';

/** The draft being previewed: a collection's REST path and the document's id. */
export interface PreviewTarget {
  collection: string;
  documentId: string;
}

/** `trainings/abc123` (SITE_PREVIEW_DOCUMENT) → its parts, or a message saying what is wrong. */
export function parsePreviewTarget(value: string): PreviewTarget {
  const match = /^([a-z0-9-]+)\/([A-Za-z0-9]+)$/.exec(value);
  if (!match) {
    throw new Error(`SITE_PREVIEW_DOCUMENT=“${value}” 无法识别：应为“集合路径/documentId”，如 trainings/abc123`);
  }
  return { collection: match[1] as string, documentId: match[2] as string };
}

/**
 * The site as it will be once one draft is published: everything published, with the
 * previewed document's draft in place of (or beside) its published version. Other editors'
 * unfinished drafts stay out, so they can neither leak into this preview nor break it.
 */
export class PreviewCmsClient extends CmsClient {
  readonly #target: PreviewTarget;

  constructor(options: CmsClientOptions & { target: PreviewTarget }) {
    super(options);
    this.#target = options.target;
  }

  // getAll reads through readAll: both see the draft.
  override async readAll(
    collection: string,
    query: Record<string, unknown> = {},
    options: ReadOptions = {},
  ): Promise<{ documents: unknown[]; serverTime?: string }> {
    const read = await super.readAll(collection, query, options);
    if (collection !== this.#target.collection) return read;
    const published = read.documents;
    const { documentId } = this.#target;
    const url = this.url(`/api/${collection}/${documentId}`, { ...query, status: 'draft' });
    const body = (await this.getJson(url)) as { data?: Record<string, unknown> | null } | null;
    if (!body?.data || typeof body.data !== 'object') {
      throw new CmsRequestError(url, `要预览的文档 documentId=${documentId} 不存在（可能已被删除）`);
    }
    // A draft has no publishedAt; publishing now would give it this one.
    const draft = { ...body.data, publishedAt: body.data.publishedAt ?? new Date().toISOString() };
    return {
      documents: [...published.filter((document) => (document as { documentId?: unknown }).documentId !== documentId), draft],
      ...(read.serverTime ? { serverTime: read.serverTime } : {}),
    };
  }
}
