import type { Organiser } from '@fulian/shared-types';

/** schema.org Event fields shared by trainings and lectures: an in-person event in Xiamen. */
export function eventLd(fields: {
  name: string;
  description: string;
  url: string;
  startDate: string;
  endDate?: string;
  venue: string;
  organisers: Organiser[];
  image?: string | undefined;
}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: fields.name,
    description: fields.description,
    url: fields.url,
    startDate: fields.startDate,
    ...(fields.endDate ? { endDate: fields.endDate } : {}),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    eventStatus: 'https://schema.org/EventScheduled',
    inLanguage: 'zh-CN',
    location: {
      '@type': 'Place',
      name: fields.venue,
      address: { '@type': 'PostalAddress', addressCountry: 'CN', addressLocality: fields.venue },
    },
    ...(fields.image ? { image: fields.image } : {}),
    organizer: fields.organisers.filter((o) => o.role === '主办').map((o) => ({ '@type': 'Organization', name: o.name })),
  };
}
