import type { APIRoute } from 'astro';
import { lecturesNewestFirst, lectureUrl, trainingsNewestFirst, trainingUrl } from '../lib/collections.ts';
import { type CalendarEvent, calendarText, DEFAULT_LECTURE_HOURS } from '../lib/ical.ts';
import { phoneNumbers } from '../lib/phone.ts';
import { siteSettings } from '../lib/settings.ts';

/**
 * 报名方式 and 咨询电话 go into DESCRIPTION, which every calendar app shows in full, after the
 * summary and before the page's address; the phone also goes into CONTACT (RFC 5545 3.8.4.2,
 * free text naming whom to ask), which some apps show as its own field. Neither when empty.
 */
function signUp(summary: string, registration: string | null, enquiryPhone: string | null, url: string) {
  // Several numbers in the one field are listed as the page lists them.
  const phones = enquiryPhone ? phoneNumbers(enquiryPhone).join('、') : '';
  return {
    description: [summary, registration && `报名方式：${registration}`, phones && `咨询电话：${phones}`, `详情：${url}`]
      .filter(Boolean)
      .join('\n'),
    contact: phones ? `咨询电话：${phones}` : null,
  };
}

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
      ...signUp(t.summary, t.registration, t.enquiryPhone, url),
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
      ...signUp(l.summary, l.registration, l.enquiryPhone, url),
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
