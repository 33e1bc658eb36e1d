/** 2018-04-16 -> 2018年4月16日, read straight from the calendar date (no time zone shift). */
export function formatChineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** A calendar date as the moment it began in Xiamen (UTC+8), for feeds and machine tags. */
export function startOfDayInChina(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+08:00`);
}

/** 2018年4月17日至19日, or a single day when start and end agree. */
export function formatChineseDateRange(start: string, end: string): string {
  if (start === end) return formatChineseDate(start);
  const [sy, sm] = start.split('-').map(Number);
  const [ey, em, ed] = end.split('-').map(Number);
  if (sy !== ey) return `${formatChineseDate(start)}至${formatChineseDate(end)}`;
  if (sm !== em) return `${formatChineseDate(start)}至${em}月${ed}日`;
  return `${formatChineseDate(start)}至${ed}日`;
}

// Intl formatters are costly to construct (tens of microseconds each); list pages format
// thousands of dates, so each is made once.
const beijingDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const beijingIsoDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });

/** 2018年4月24日 09:00, in Beijing time whatever zone the build machine is in. */
export function formatChineseDateTime(iso: string): string {
  const parts = beijingDateTime.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** The calendar date in Beijing of an instant, as YYYY-MM-DD. */
export function chinaDate(iso: string): string {
  return beijingIsoDate.format(new Date(iso));
}
