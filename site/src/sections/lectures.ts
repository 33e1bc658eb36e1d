import { type CollectionEntry, getCollection } from 'astro:content';
import { lecture as model, publicUrl, lectureSeries as seriesModel } from '@fulian/shared-types/model';
import { bodyHtml } from '../cms/body-store.ts';
import { getDocuments } from '../cms/documents.ts';
import { formatChineseDateTime } from '../lib/dates.ts';
import { eventLd } from '../lib/event-ld.ts';
import { type Fact, organiserFacts } from '../lib/facts.ts';
import { factsHtml, signUpHtml, withCover } from '../lib/feed.ts';
import { DEFAULT_LECTURE_HOURS, signUpFields } from '../lib/ical.ts';
import { paginate } from '../lib/paginate.ts';
import { articleShell, byDocumentId, CALENDAR_SUBSCRIPTION, type SiteSection, sectionLabels, sortedOnce } from './section.ts';

/** The lectures section (see section.ts and news.ts). */

export type LectureEntry = CollectionEntry<'lectures'>;

const labels = sectionLabels(model);

/** A lecture series' page, e.g. /lectures/series/baichang-2018/. */
export const seriesUrl = (slug: string) => publicUrl(seriesModel.url, { slug });

/** 主讲: each speaker with their title, as the page, its feed item and its search excerpt read. */
export const speakersText = (entry: LectureEntry) =>
  entry.data.speakers.map((s) => (s.title ? `${s.name}（${s.title}）` : s.name)).join('；');

export const lectureSection: SiteSection<LectureEntry> = {
  ...labels,
  subscriptions: [...labels.subscriptions, CALENDAR_SUBSCRIPTION],

  /** Lectures, latest first. */
  newestFirst: sortedOnce(
    () => getDocuments('lectures'),
    (a, b) => Date.parse(b.data.startsAt) - Date.parse(a.data.startsAt) || byDocumentId(a, b),
  ),

  url: (entry) => publicUrl(model.url, entry.data),

  card: (entry) => ({
    title: entry.data.title,
    href: lectureSection.url(entry),
    datetime: entry.data.startsAt,
    dateText: formatChineseDateTime(entry.data.startsAt),
    summary: entry.data.summary,
    tags: [labels.searchLabel, ...(entry.data.series ? [entry.data.series.name] : [])],
  }),

  facts: (entry): Fact[] => {
    const l = entry.data;
    return [
      { label: '时间', text: formatChineseDateTime(l.startsAt), datetime: l.startsAt },
      { label: '地点', text: l.venue },
      ...(l.speakers.length > 0 ? [{ label: '主讲', text: speakersText(entry) }] : []),
      ...(l.series ? [{ label: '所属系列', text: l.series.name, href: seriesUrl(l.series.slug) }] : []),
      ...organiserFacts(l.organisers),
      // The feed item has left the audience and the attendance out so far.
      ...(l.audience ? [{ label: '听众对象', text: l.audience }] : []),
      ...(l.attendance !== null ? [{ label: '参加人数', text: `约 ${l.attendance} 人` }] : []),
    ];
  },

  article: (entry, { image }) => articleShell(lectureSection, entry, { description: entry.data.summary, image }),

  /** schema.org Event (the CMS has no end time for a lecture). */
  jsonLd: (entry, page) => {
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
  },

  /** The facts, 报名与咨询 and the body, as on the page. */
  feedItem: (entry, site) => {
    const l = entry.data;
    return withCover(
      {
        title: l.title,
        link: lectureSection.url(entry),
        pubDate: new Date(l.publishedAt),
        description: l.summary,
        content: factsHtml(lectureSection.facts(entry)) + signUpHtml(l.registration, l.enquiryPhone) + bodyHtml(entry),
        bodyImages: l.bodyImages,
        categories: [labels.searchLabel, ...(l.series ? [l.series.name] : [])],
      },
      l.cover,
      site,
    );
  },

  /** At its Beijing time; the CMS records when a lecture starts, not how long it runs. */
  calendarEvent: (entry, { site, domain }) => {
    const l = entry.data;
    const url = new URL(lectureSection.url(entry), site).href;
    const end = new Date(Date.parse(l.startsAt) + DEFAULT_LECTURE_HOURS * 3600 * 1000).toISOString();
    return {
      uid: `lecture-${l.documentId}@${domain}`,
      updatedAt: l.updatedAt,
      summary: l.title,
      ...signUpFields(l.summary, l.registration, l.enquiryPhone, url),
      location: l.venue,
      url,
      when: { allDay: false, start: l.startsAt, end },
    };
  },
};

export async function lectureArticlePaths() {
  return (await lectureSection.newestFirst()).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

/**
 * The numbered list. Its head (the list's own address) shows the series above the list, so
 * they are in its props alone: a series edited renders the head again, and the series' and
 * lectures' own pages, not the whole site.
 */
export async function lectureListPaths() {
  const series = await lectureSeries();
  return paginate(await lectureSection.newestFirst(), labels.list.href).map((page) => ({
    ...page,
    props: { ...page.props, series: page.props.kind === 'head' ? series : [] },
  }));
}

/** The series above the list's head, newest name first. */
export async function lectureSeries() {
  return [...(await getCollection('lectureSeries'))].sort((a, b) => b.data.name.localeCompare(a.data.name, 'zh-CN'));
}

/**
 * One page per series with its lectures and how many have been held. Held means the lecture's
 * time has come by the time the site was built. It is worked out here, in the page's props,
 * so that the page is written again when a lecture takes place.
 */
export async function lectureSeriesPaths(now = Date.now()) {
  const lectures = await lectureSection.newestFirst();
  return (await getCollection('lectureSeries')).map((series) => {
    const own = lectures.filter((l) => l.data.series?.documentId === series.data.documentId);
    return {
      params: { slug: series.id },
      props: { series, lectures: own, held: own.filter((l) => Date.parse(l.data.startsAt) <= now).length },
    };
  });
}
