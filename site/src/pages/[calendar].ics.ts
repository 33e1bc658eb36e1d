import type { APIRoute, GetStaticPaths } from 'astro';
import { siteEnv } from '../env.ts';
import { type CalendarEvent, calendarText } from '../lib/ical.ts';
import { planned } from '../lib/plan.ts';
import { siteSettings } from '../lib/settings.ts';
import { EVENT_SECTIONS } from '../sections/index.ts';

/**
 * /events.ics: the sections' events for calendar apps: trainings (all-day, over their dates)
 * and lectures (at their Beijing time), each as its section writes it (sections/*.ts,
 * calendarEvent).
 *
 * A route with one path rather than a static file, so that the calendar has a key in the
 * render plan (build/render-plan.ts) and an edit to a news article does not render it again
 * (0.5 s at 3x). Its props are the events' entries, so the key follows every training and
 * lecture; the page reads nothing else but the site settings, which are in every key.
 */
const SITE = new URL(siteEnv().SITE_URL);

export const getStaticPaths = (async () =>
  planned('/[calendar].ics', [
    {
      params: { calendar: 'events' },
      props: { sections: await Promise.all(EVENT_SECTIONS.map((section) => section.newestFirst())) },
    },
  ])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { sections } = props as { sections: Awaited<ReturnType<(typeof EVENT_SECTIONS)[number]['newestFirst']>>[] };
  const settings = await siteSettings();
  const events: CalendarEvent[] = [];
  EVENT_SECTIONS.forEach((section, i) => {
    for (const entry of sections[i] ?? []) events.push(section.calendarEvent(entry, { site: SITE, domain: settings.siteDomain }));
  });
  const body = calendarText({
    name: `${settings.siteName} 培训与讲座`,
    prodId: `-//${settings.siteDomain}//fulian-publishing//ZH`,
    events,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
