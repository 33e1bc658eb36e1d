import type { APIRoute } from 'astro';
import { type CalendarEvent, calendarText } from '../lib/ical.ts';
import { siteSettings } from '../lib/settings.ts';
import { EVENT_SECTIONS } from '../sections/index.ts';

/**
 * The sections' events for calendar apps: trainings (all-day, over their dates) and lectures
 * (at their Beijing time), each as its section writes it (sections/*.ts, calendarEvent).
 */
export const GET: APIRoute = async ({ site }) => {
  if (!site) throw new Error('日历需要站点地址：请设置 SITE_URL');
  const settings = await siteSettings();
  const events: CalendarEvent[] = [];
  for (const section of EVENT_SECTIONS) {
    for (const entry of await section.newestFirst()) {
      events.push(section.calendarEvent(entry, { site, domain: settings.siteDomain }));
    }
  }
  const body = calendarText({
    name: `${settings.siteName} 培训与讲座`,
    prodId: `-//${settings.siteDomain}//fulian-publishing//ZH`,
    events,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
