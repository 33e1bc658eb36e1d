import type { APIRoute } from 'astro';
import { lecturesNewestFirst, lectureUrl, trainingsNewestFirst, trainingUrl } from '../lib/collections.ts';
import { type CalendarEvent, calendarText, DEFAULT_LECTURE_HOURS } from '../lib/ical.ts';
import { siteSettings } from '../lib/settings.ts';

/** Trainings (all-day, over their dates) and lectures (at their Beijing time), for calendar apps. */
export const GET: APIRoute = async ({ site }) => {
  if (!site) throw new Error('日历需要站点地址：请设置 SITE_URL');
  const settings = await siteSettings();
  const events: CalendarEvent[] = [];
  for (const entry of await trainingsNewestFirst()) {
    const t = entry.data;
    const url = new URL(trainingUrl(entry), site).href;
    events.push({
      uid: `training-${t.documentId}@${settings.siteDomain}`,
      updatedAt: t.updatedAt,
      summary: t.title,
      description: `${t.summary}\n详情：${url}`,
      location: t.venue,
      url,
      when: { allDay: true, startDate: t.startDate, endDate: t.endDate },
    });
  }
  for (const entry of await lecturesNewestFirst()) {
    const l = entry.data;
    const url = new URL(lectureUrl(entry), site).href;
    // The CMS records when a lecture starts, not how long it runs: calendars get a default length.
    const end = new Date(Date.parse(l.startsAt) + DEFAULT_LECTURE_HOURS * 3600 * 1000).toISOString();
    events.push({
      uid: `lecture-${l.documentId}@${settings.siteDomain}`,
      updatedAt: l.updatedAt,
      summary: l.title,
      description: `${l.summary}\n详情：${url}`,
      location: l.venue,
      url,
      when: { allDay: false, start: l.startsAt, end },
    });
  }
  const body = calendarText({
    name: `${settings.siteName} 培训与讲座`,
    prodId: `-//${settings.siteDomain}//fulian-publishing//ZH`,
    events,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
