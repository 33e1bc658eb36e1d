import type { CollectionEntry } from 'astro:content';
import { training as model, publicUrl } from '@fulian/shared-types/model';
import { bodyHtml } from '../cms/body-store.ts';
import { getDocuments } from '../cms/documents.ts';
import { formatChineseDateRange } from '../lib/dates.ts';
import { escapeHtml } from '../lib/escape.ts';
import { eventLd } from '../lib/event-ld.ts';
import { type Fact, organiserFacts } from '../lib/facts.ts';
import { factsHtml, signUpHtml, withCover } from '../lib/feed.ts';
import { signUpFields } from '../lib/ical.ts';
import { paginate } from '../lib/paginate.ts';
import { articleShell, byDocumentId, CALENDAR_SUBSCRIPTION, type SiteSection, sectionLabels, sortedOnce } from './section.ts';

/** The trainings section (see section.ts and news.ts). */

export type TrainingEntry = CollectionEntry<'trainings'>;

const labels = sectionLabels(model);

/** 课程安排 in a feed item: each course with its lecturer, when one is named. */
function coursesHtml(entry: TrainingEntry): string {
  const { courses } = entry.data;
  if (courses.length === 0) return '';
  const course = (c: (typeof courses)[number]) =>
    `<li>${escapeHtml(c.title)}${c.lecturer ? `（${escapeHtml(c.lecturer)}${c.lecturerTitle ? `，${escapeHtml(c.lecturerTitle)}` : ''}）` : ''}</li>`;
  return `<h2>课程安排</h2><ul>${courses.map(course).join('')}</ul>`;
}

export const trainingSection: SiteSection<TrainingEntry> = {
  ...labels,
  subscriptions: [...labels.subscriptions, CALENDAR_SUBSCRIPTION],

  /** Trainings, latest start first. */
  newestFirst: sortedOnce(
    () => getDocuments('trainings'),
    (a, b) => b.data.startDate.localeCompare(a.data.startDate) || byDocumentId(a, b),
  ),

  url: (entry) => publicUrl(model.url, entry.data),

  card: (entry) => ({
    title: entry.data.title,
    href: trainingSection.url(entry),
    datetime: entry.data.startDate,
    dateText: formatChineseDateRange(entry.data.startDate, entry.data.endDate),
    summary: entry.data.summary,
    tags: [labels.searchLabel, entry.data.venue],
  }),

  facts: (entry): Fact[] => {
    const t = entry.data;
    return [
      { label: '时间', text: formatChineseDateRange(t.startDate, t.endDate), datetime: t.startDate },
      { label: '地点', text: t.venue },
      ...organiserFacts(t.organisers),
      ...(t.host ? [{ label: '主持', text: t.host }] : []),
      ...(t.participantCount !== null ? [{ label: '参加人数', text: `约 ${t.participantCount} 人` }] : []),
      // The feed item has left the audience out so far.
      ...(t.audience ? [{ label: '参加对象', text: t.audience }] : []),
    ];
  },

  article: (entry, { image }) => articleShell(trainingSection, entry, { description: entry.data.summary, image }),

  /** schema.org Event, over its dates. */
  jsonLd: (entry, page) => {
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
  },

  /** The facts, 报名与咨询, the courses and the body, as on the page. */
  feedItem: (entry, site) => {
    const t = entry.data;
    return withCover(
      {
        title: t.title,
        link: trainingSection.url(entry),
        pubDate: new Date(t.publishedAt),
        description: t.summary,
        content:
          factsHtml(trainingSection.facts(entry)) +
          signUpHtml(t.registration, t.enquiryPhone) +
          coursesHtml(entry) +
          bodyHtml(entry),
        bodyImages: t.bodyImages,
        categories: [labels.searchLabel],
      },
      t.cover,
      site,
    );
  },

  /** All day, over its dates. */
  calendarEvent: (entry, { site, domain }) => {
    const t = entry.data;
    const url = new URL(trainingSection.url(entry), site).href;
    return {
      uid: `training-${t.documentId}@${domain}`,
      updatedAt: t.updatedAt,
      summary: t.title,
      ...signUpFields(t.summary, t.registration, t.enquiryPhone, url),
      location: t.venue,
      url,
      when: { allDay: true, startDate: t.startDate, endDate: t.endDate },
    };
  },
};

export async function trainingArticlePaths() {
  return (await trainingSection.newestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

export async function trainingListPaths() {
  return paginate(await trainingSection.newestFirst(), labels.list.href);
}

/** The lecturer columns of the course table, only when someone filled them in (else only dashes). */
export const showsLecturers = (entry: TrainingEntry) => entry.data.courses.some((c) => c.lecturer || c.lecturerTitle);
