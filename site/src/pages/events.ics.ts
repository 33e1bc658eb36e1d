import type { APIRoute } from 'astro';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { lecturesNewestFirst, lectureUrl, trainingsNewestFirst, trainingUrl } from '../lib/collections.ts';
import { siteSettings } from '../lib/settings.ts';

/**
 * China keeps UTC+8 all year (no daylight saving since 1991), so one STANDARD block
 * describes Asia/Shanghai completely for calendar apps that have no tz database.
 */
const SHANGHAI = [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Shanghai',
  'X-LIC-LOCATION:Asia/Shanghai',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * ical-generator writes a plain Date's UTC fields after TZID=Asia/Shanghai, so it is given the
 * Beijing wall-clock time in those fields: exact, because the offset is always +8 hours.
 */
function beijingWallClock(iso: string): Date {
  return new Date(Date.parse(iso) + 8 * 3600 * 1000);
}

/** Trainings (all-day, over their dates) and lectures (at their time), for calendar apps. */
export const GET: APIRoute = async ({ site }) => {
  if (!site) throw new Error('日历需要站点地址：请设置 SITE_URL');
  const settings = await siteSettings();
  const calendar = ical({
    name: `${settings.siteName} 培训与讲座`,
    prodId: { company: settings.siteDomain, product: 'fulian-publishing', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: 'Asia/Shanghai', generator: () => SHANGHAI },
  });
  for (const entry of await trainingsNewestFirst()) {
    const t = entry.data;
    // An all-day event ends on the day after its last day (RFC 5545 DTEND is exclusive).
    const end = new Date(`${t.endDate}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    calendar.createEvent({
      id: `training-${t.documentId}@${settings.siteDomain}`,
      start: new Date(`${t.startDate}T00:00:00Z`),
      end,
      allDay: true,
      summary: t.title,
      description: t.summary,
      location: t.venue,
      url: new URL(trainingUrl(entry), site).href,
      lastModified: new Date(t.updatedAt),
    });
  }
  for (const entry of await lecturesNewestFirst()) {
    const l = entry.data;
    calendar.createEvent({
      id: `lecture-${l.documentId}@${settings.siteDomain}`,
      start: beijingWallClock(l.startsAt),
      timezone: 'Asia/Shanghai',
      summary: l.title,
      description: l.summary,
      location: l.venue,
      url: new URL(lectureUrl(entry), site).href,
      lastModified: new Date(l.updatedAt),
    });
  }
  return new Response(calendar.toString(), { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
