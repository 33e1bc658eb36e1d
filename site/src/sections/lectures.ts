import { getCollection } from 'astro:content';
import { type LectureEntry, lecturesNewestFirst } from '../lib/collections.ts';
import { eventLd } from '../lib/event-ld.ts';
import { paginate } from '../lib/paginate.ts';

/** The lectures section's page data (see sections/news.ts). */

export async function lectureArticlePaths() {
  return (await lecturesNewestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

export async function lectureListPaths() {
  return paginate(await lecturesNewestFirst(), '/lectures/');
}

/** The series above the list's head, newest name first. */
export async function lectureSeries() {
  return (await getCollection('lectureSeries')).sort((a, b) => b.data.name.localeCompare(a.data.name, 'zh-CN'));
}

/** schema.org Event for a lecture page (the CMS has no end time for a lecture). */
export function lectureJsonLd(entry: LectureEntry, page: { url: string; image: string | undefined }) {
  const l = entry.data;
  return eventLd({
    name: l.title,
    description: l.summary,
    url: page.url,
    startDate: l.startsAt,
    venue: l.venue,
    organisers: l.organisers,
    image: page.image,
  });
}

/** 主讲: each speaker with their title, as the page and its search excerpt read. */
export const speakersText = (entry: LectureEntry) =>
  entry.data.speakers.map((s) => (s.title ? `${s.name}（${s.title}）` : s.name)).join('；');
