/**
 * A published relief batch and its programme (救助项目), which has draft and publish. Strapi
 * serves a published batch with `programme: null` when its programme is not published (a
 * draft, unpublished or deleted). The batch's page lives under the programme's
 * (/relief/{programme}/{batch}/), so such a batch has no page to be on and every link to it
 * would lead to a programme the public may not see.
 *
 * The CMS refuses to get into that state (cms/src/validation/programme-publication.ts); a
 * database changed by other means still can. Then the build stops, naming the batch and the
 * programme it belonged to, and the site stays as it was: a published batch is an approved
 * disclosure of public money, and it neither vanishes nor loses its programme unless someone
 * decides so in the CMS (unpublish the batch, or publish the programme again).
 */

type Named = { name?: unknown; slug?: unknown } | null | undefined;

/** Why a batch cannot be built, or null. `before` is its programme in the last build, if any. */
export function programmeProblem(batch: unknown, before: Named): string | null {
  const programme = (batch as { programme?: Named } | null)?.programme;
  if (programme !== null && programme !== undefined) return null;
  const was = typeof before?.name === 'string' ? `“${before.name}”` : '';
  return (
    `programme（救助项目）：这一批次已发布，但它的救助项目${was}没有发布（尚未发布、已撤下或已删除），` +
    '网站不能链接到未公开的项目页。请在管理后台撤下这一批次，或重新发布它的救助项目。'
  );
}

/**
 * Published batches whose programme is not among the published programmes the build read:
 * each named with its programme, for the build's error. Empty when every link has a page.
 */
export function unlinkedBatches(
  batches: readonly { data: { documentId: string; title: string; programme: { slug: string; name: string } } }[],
  programmes: { id: string }[],
): string[] {
  const pages = new Set(programmes.map((p) => p.id));
  return batches
    .filter((b) => !pages.has(b.data.programme.slug))
    .map(
      (b) =>
        `救助金发放批次 documentId=${b.data.documentId}“${b.data.title}”：programme（救助项目）“${b.data.programme.name}”（/relief/${b.data.programme.slug}/）不在已发布的救助项目中，不能链接到它`,
    );
}
