import { type CollectionEntry, getCollection } from 'astro:content';

export type TrainingEntry = CollectionEntry<'trainings'>;
export type LectureEntry = CollectionEntry<'lectures'>;
export type ReliefBatchEntry = CollectionEntry<'reliefBatches'>;

/** Trainings, latest start first. */
export async function trainingsNewestFirst(): Promise<TrainingEntry[]> {
  return (await getCollection('trainings')).sort((a, b) => b.data.startDate.localeCompare(a.data.startDate));
}

/** Lectures, latest first. */
export async function lecturesNewestFirst(): Promise<LectureEntry[]> {
  return (await getCollection('lectures')).sort((a, b) => Date.parse(b.data.startsAt) - Date.parse(a.data.startsAt));
}

/** Relief batches, latest disbursement first. */
export async function reliefBatchesNewestFirst(): Promise<ReliefBatchEntry[]> {
  return (await getCollection('reliefBatches')).sort(
    (a, b) => b.data.disbursementDate.localeCompare(a.data.disbursementDate) || b.data.batchNumber - a.data.batchNumber,
  );
}

export const trainingUrl = (entry: TrainingEntry) => `/trainings/${entry.id}/`;
export const lectureUrl = (entry: LectureEntry) => `/lectures/${entry.id}/`;
export const seriesUrl = (slug: string) => `/lectures/series/${slug}/`;
export const programmeUrl = (slug: string) => `/relief/${slug}/`;
export const reliefBatchUrl = (entry: ReliefBatchEntry) => `/relief/${entry.data.programme.slug}/${entry.id}/`;
