// A small, strict RFC 5545 writer for the site's calendar: every line ends in CRLF (the last
// one too), long lines fold at 75 octets without splitting a UTF-8 character, TEXT values are
// escaped, and timestamps that name no time zone are UTC with a final "Z".

import { phoneNumbers } from './phone.ts';

/** Beijing keeps UTC+8 all year (no daylight saving since 1991). */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** One STANDARD block describes Asia/Shanghai completely for apps that have no tz database. */
export const SHANGHAI_VTIMEZONE = [
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
];

/** A lecture has no end time in the CMS; calendars are given this length (documented in the README). */
export const DEFAULT_LECTURE_HOURS = 2;

/**
 * TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. TEXT may hold
 * no control character but HTAB, so any other one an editor pasted (a form feed from Word, say)
 * is dropped rather than written into a line a client would reject.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n|\r|\n/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function compact(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** A UTC DATE-TIME, e.g. 20180424T010000Z. */
export function utcStamp(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) throw new Error(`日历：无法识别的时间“${String(iso)}”`);
  return `${compact(date)}Z`;
}

/** The Beijing wall-clock time of an instant, for DTSTART;TZID=Asia/Shanghai. */
export function beijingLocal(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) throw new Error(`日历：无法识别的时间“${String(iso)}”`);
  return compact(new Date(date.getTime() + BEIJING_OFFSET_MS));
}

/** A DATE value from YYYY-MM-DD, optionally moved by whole days. */
export function dateValue(isoDate: string, addDays = 0): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`日历：无法识别的日期“${isoDate}”`);
  date.setUTCDate(date.getUTCDate() + addDays);
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}

/** Folds one content line at 75 octets, continuing with CRLF and a space, never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; each continuation 74 after its leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * 报名方式 and 咨询电话 go into DESCRIPTION, which every calendar app shows in full, after the
 * summary and before the page's address; the phone also goes into CONTACT (RFC 5545 3.8.4.2,
 * free text naming whom to ask), which some apps show as its own field. Neither when empty.
 */
export function signUpFields(summary: string, registration: string | null, enquiryPhone: string | null, url: string) {
  // Several numbers in the one field are listed as the page lists them.
  const phones = enquiryPhone ? phoneNumbers(enquiryPhone).join('、') : '';
  return {
    description: [summary, registration && `报名方式：${registration}`, phones && `咨询电话：${phones}`, `详情：${url}`]
      .filter(Boolean)
      .join('\n'),
    contact: phones ? `咨询电话：${phones}` : null,
  };
}

export interface CalendarEvent {
  uid: string;
  /** DTSTAMP and LAST-MODIFIED: the document's last revision, so a rebuild changes nothing. */
  updatedAt: string;
  summary: string;
  description: string;
  location: string;
  /** CONTACT (RFC 5545 3.8.4.2): who to ask, e.g. 咨询电话：0592-1234567; none when empty. */
  contact?: string | null;
  url: string;
  /** An all-day event over these dates (inclusive), or a timed one in Beijing time. */
  when: { allDay: true; startDate: string; endDate: string } | { allDay: false; start: string; end: string };
}

function eventLines(event: CalendarEvent): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${utcStamp(event.updatedAt)}`];
  if (event.when.allDay) {
    // DTEND is exclusive: the day after the last day.
    lines.push(`DTSTART;VALUE=DATE:${dateValue(event.when.startDate)}`);
    lines.push(`DTEND;VALUE=DATE:${dateValue(event.when.endDate, 1)}`);
  } else {
    lines.push(`DTSTART;TZID=Asia/Shanghai:${beijingLocal(event.when.start)}`);
    lines.push(`DTEND;TZID=Asia/Shanghai:${beijingLocal(event.when.end)}`);
  }
  lines.push(
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.location)}`,
    ...(event.contact ? [`CONTACT:${escapeText(event.contact)}`] : []),
    `URL;VALUE=URI:${event.url}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    'END:VEVENT',
  );
  return lines;
}

/** A whole VCALENDAR (METHOD:PUBLISH), CRLF throughout and at the end. */
export function calendarText(options: { name: string; prodId: string; events: CalendarEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
    ...SHANGHAI_VTIMEZONE,
    ...options.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
