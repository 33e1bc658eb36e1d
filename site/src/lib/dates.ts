/** 2018-04-16 -> 2018年4月16日, read straight from the calendar date (no time zone shift). */
export function formatChineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** A calendar date as the moment it began in Xiamen (UTC+8), for feeds and machine tags. */
export function startOfDayInChina(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+08:00`);
}
