import { type CollectionEntry, getCollection } from 'astro:content';

export type NewsEntry = CollectionEntry<'news'>;
export type TrainingEntry = CollectionEntry<'trainings'>;
export type LectureEntry = CollectionEntry<'lectures'>;
export type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

/** All news, newest event first; ties broken by title so the order is stable. */
export async function newsNewestFirst(): Promise<NewsEntry[]> {
  return (await getCollection('news')).sort(
    (a, b) => b.data.date.localeCompare(a.data.date) || a.data.title.localeCompare(b.data.title, 'zh-CN'),
  );
}

/** Trainings, latest start first. */
export async function trainingsNewestFirst(): Promise<TrainingEntry[]> {
  return (await getCollection('trainings')).sort(
    (a, b) => b.data.startDate.localeCompare(a.data.startDate) || a.data.title.localeCompare(b.data.title, 'zh-CN'),
  );
}

/** Lectures, latest first. */
export async function lecturesNewestFirst(): Promise<LectureEntry[]> {
  return (await getCollection('lectures')).sort(
    (a, b) => Date.parse(b.data.startsAt) - Date.parse(a.data.startsAt) || a.data.title.localeCompare(b.data.title, 'zh-CN'),
  );
}

/** Relief batches, latest disbursement first. */
export async function reliefBatchesNewestFirst(): Promise<ReliefBatchEntry[]> {
  return (await getCollection('reliefBatches')).sort(
    (a, b) => b.data.disbursementDate.localeCompare(a.data.disbursementDate) || b.data.batchNumber - a.data.batchNumber,
  );
}

export const newsUrl = (entry: NewsEntry) => `/news/${entry.id}/`;
export const categoryUrl = (slug: string) => `/news/category/${slug}/`;
export const trainingUrl = (entry: TrainingEntry) => `/trainings/${entry.id}/`;
export const lectureUrl = (entry: LectureEntry) => `/lectures/${entry.id}/`;
export const seriesUrl = (slug: string) => `/lectures/series/${slug}/`;
export const programmeUrl = (slug: string) => `/relief/${slug}/`;
export const reliefBatchUrl = (entry: ReliefBatchEntry) => `/relief/${entry.data.programme.slug}/${entry.id}/`;
