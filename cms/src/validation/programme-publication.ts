import { reliefBatch, reliefProgramme } from '@fulian/shared-types/model';
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const PROGRAMME = reliefProgramme.uid as UID.ContentType;
const BATCH = reliefBatch.uid as UID.ContentType;
const BATCH_WRITES = new Set(['create', 'update', 'publish']);

type Row = { documentId: string; title?: string; name?: string };

/** `“第一批”、“第二批” 等 5 个`: a few titles, then how many in all. */
function titles(rows: Row[]): string {
  const shown = rows
    .slice(0, 3)
    .map((row) => `“${row.title ?? row.documentId}”`)
    .join('、');
  return rows.length > 3 ? `${shown} 等 ${rows.length} 个` : shown;
}

function refuse(message: string, path: string): never {
  throw new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
}

/**
 * A relief batch's page lives under its programme's (/relief/{programme}/{batch}/), and Strapi
 * links a published batch only to a published programme: a published batch whose programme
 * is a draft, unpublished or deleted is served with no programme at all. The public site
 * would have a batch with nowhere to live, or a link to a page that is gone. So, refused at
 * save, in Chinese, naming the documents:
 * - publishing a batch (or saving it published) while its programme is not published;
 * - unpublishing a programme that still has published batches, or deleting one that has any.
 * The site's build refuses such a batch too (site/src/lib/relief-programme-links.ts), for a
 * database changed by other means.
 */
export function registerProgrammePublication(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: unknown; status?: string };
    const documentId = typeof params.documentId === 'string' ? params.documentId : null;

    if (context.uid === PROGRAMME && (context.action === 'unpublish' || context.action === 'delete') && documentId) {
      const programme = (await strapi.db.query(PROGRAMME).findOne({ where: { documentId }, select: ['name'] })) as Row | null;
      const where =
        context.action === 'unpublish'
          ? { programme: { documentId }, publishedAt: { $notNull: true } }
          : { programme: { documentId } };
      const rows = (await strapi.db.query(BATCH).findMany({ where, select: ['documentId', 'title'] })) as Row[];
      const batches = [...new Map(rows.map((row) => [row.documentId, row])).values()];
      if (programme && batches.length > 0) {
        const verb = context.action === 'unpublish' ? '撤下' : '删除';
        refuse(
          context.action === 'unpublish'
            ? `救助项目“${programme.name}”还有已发布的发放批次 ${titles(batches)}：撤下项目后这些批次在网站上将没有所属项目。请先撤下这些批次，再${verb}项目。`
            : `救助项目“${programme.name}”还有发放批次 ${titles(batches)}：删除项目后这些批次将没有所属项目。请先删除这些批次或把它们改到其他项目，再${verb}项目。`,
          'batches',
        );
      }
      return next();
    }

    const publishes = context.action === 'publish' || params.status === 'published';
    if (context.uid !== BATCH || !BATCH_WRITES.has(context.action) || !publishes) return next();
    // Strapi decides the published batch's programme while storing it; checked after, and the
    // whole write rolled back (no webhook is sent for a rolled-back write).
    return strapi.db.transaction(async () => {
      const result = await next();
      const id = documentId ?? (result as { documentId?: string } | null)?.documentId;
      if (!id) return result;
      const live = (await strapi.db.query(BATCH).findOne({
        where: { documentId: id, publishedAt: { $notNull: true } },
        select: ['title'],
        populate: { programme: { select: ['name'] } },
      })) as (Row & { programme?: Row | null }) | null;
      if (!live || live.programme) return result;
      const draft = (await strapi.db.query(BATCH).findOne({
        where: { documentId: id, publishedAt: null },
        select: ['title'],
        populate: { programme: { select: ['name'] } },
      })) as (Row & { programme?: Row | null }) | null;
      const name = draft?.programme?.name;
      refuse(
        name
          ? `发放批次“${live.title}”的“救助项目”“${name}”还没有发布：请先发布该救助项目，再发布这一批次。`
          : `发放批次“${live.title}”没有所属的“救助项目”：请选择一个已发布的救助项目。`,
        'programme',
      );
    });
  });
}
