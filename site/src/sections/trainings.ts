import { type TrainingEntry, trainingsNewestFirst } from '../lib/collections.ts';
import { eventLd } from '../lib/event-ld.ts';
import { paginate } from '../lib/paginate.ts';

/** The trainings section's page data (see sections/news.ts). */

export async function trainingArticlePaths() {
  return (await trainingsNewestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

export async function trainingListPaths() {
  return paginate(await trainingsNewestFirst(), '/trainings/');
}

/** schema.org Event for a training page. */
export function trainingJsonLd(entry: TrainingEntry, page: { url: string; image: string | undefined }) {
  const t = entry.data;
  return eventLd({
    name: t.title,
    description: t.summary,
    url: page.url,
    startDate: t.startDate,
    endDate: t.endDate,
    venue: t.venue,
    organisers: t.organisers,
    image: page.image,
  });
}

/** The lecturer columns of the course table, only when someone filled them in (else only dashes). */
export const showsLecturers = (entry: TrainingEntry) => entry.data.courses.some((c) => c.lecturer || c.lecturerTitle);
