import { type CollectionEntry, getCollection } from 'astro:content';
import { unlinkedBatches } from './relief-programme-links.ts';

export type NewsEntry = CollectionEntry<'news'>;
export type TrainingEntry = CollectionEntry<'trainings'>;
export type LectureEntry = CollectionEntry<'lectures'>;
export type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

// Ties are broken by documentId, which never changes (a title may): the numbered list pages
// (paginate.ts) need a total order that an edit cannot reshuffle.
const byId = (a: { data: { documentId: string } }, b: { data: { documentId: string } }) =>
  b.data.documentId.localeCompare(a.data.documentId);

/** All news, newest event first. */
export async function newsNewestFirst(): Promise<NewsEntry[]> {
  return (await getCollection('news')).sort((a, b) => b.data.date.localeCompare(a.data.date) || byId(a, b));
}

/** Trainings, latest start first. */
export async function trainingsNewestFirst(): Promise<TrainingEntry[]> {
  return (await getCollection('trainings')).sort((a, b) => b.data.startDate.localeCompare(a.data.startDate) || byId(a, b));
}

/** Lectures, latest first. */
export async function lecturesNewestFirst(): Promise<LectureEntry[]> {
  return (await getCollection('lectures')).sort(
    (a, b) => Date.parse(b.data.startsAt) - Date.parse(a.data.startsAt) || byId(a, b),
  );
}

/**
 * Relief batches, latest disbursement first. Every one must link to a published programme's
 * page (relief-programme-links.ts): the build stops otherwise, naming batch and programme.
 */
export async function reliefBatchesNewestFirst(): Promise<ReliefBatchEntry[]> {
  const [batches, programmes] = await Promise.all([getCollection('reliefBatches'), getCollection('reliefProgrammes')]);
  const unlinked = unlinkedBatches(batches, programmes);
  if (unlinked.length > 0) throw new Error(`救助金发放批次链接到未发布的救助项目，构建已停止：\n  - ${unlinked.join('\n  - ')}`);
  return batches.sort(
    (a, b) =>
      b.data.disbursementDate.localeCompare(a.data.disbursementDate) || b.data.batchNumber - a.data.batchNumber || byId(a, b),
  );
}

export const newsUrl = (entry: NewsEntry) => `/news/${entry.id}/`;
export const categoryUrl = (slug: string) => `/news/category/${slug}/`;
export const trainingUrl = (entry: TrainingEntry) => `/trainings/${entry.id}/`;
export const lectureUrl = (entry: LectureEntry) => `/lectures/${entry.id}/`;
export const seriesUrl = (slug: string) => `/lectures/series/${slug}/`;
export const programmeUrl = (slug: string) => `/relief/${slug}/`;
export const reliefBatchUrl = (entry: ReliefBatchEntry) => `/relief/${entry.data.programme.slug}/${entry.id}/`;
