import type { Core, UID } from '@strapi/strapi';

/**
 * The publish service reads each collection by delta: what was published since its last
 * read (`filters[publishedAt][$gte]`, site/src/cms/sync.ts). Strapi indexes `published_at`
 * only behind `document_id` and `locale`, so that filter read the whole table: at 30,000 news
 * (60,000 rows with drafts, bodies inline) the read of one edited article took 2.2 s of the
 * CMS's time on every publish, the longest wait of an edit. An index of its own on every
 * draft-and-publish collection makes it a range lookup (0.2 ms).
 *
 * SQLite plans without statistics and preferred walking the table in id order for the
 * `sort=id:asc` of the read; `PRAGMA optimize` gathers statistics for the tables that need
 * them (after a new index, or once a table has grown), cheap when nothing changed.
 * PostgreSQL keeps its statistics itself (autovacuum). The index is created at every start
 * if missing.
 */
export async function ensurePublicationIndexes(strapi: Core.Strapi): Promise<void> {
  let indexed = false;
  for (const [uid, contentType] of Object.entries(strapi.contentTypes)) {
    if (!uid.startsWith('api::') || contentType.kind !== 'collectionType') continue;
    if (!(contentType.options as { draftAndPublish?: boolean } | undefined)?.draftAndPublish) continue;
    const { tableName, attributes } = strapi.db.metadata.get(uid as UID.ContentType);
    const column = (attributes.publishedAt as { columnName?: string } | undefined)?.columnName ?? 'published_at';
    const name = `${tableName}_published_at_idx`;
    await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??)', [name, tableName, column]);
    indexed = true;
  }
  if (indexed && strapi.db.dialect.client === 'sqlite') await strapi.db.connection.raw('PRAGMA optimize=0x10002');
}
