import { describe, expect, it } from 'vitest';
import { beijingLocal, calendarText, dateValue, escapeText, foldLine, utcStamp } from '../src/lib/ical.ts';

describe('the iCalendar writer', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a Chinese character', () => {
    const line = `DESCRIPTION:${'妇联'.repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes UTC stamps with Z, Beijing wall-clock times and exclusive all-day ends', () => {
    expect(utcStamp('2018-04-24T01:00:00.000Z')).toBe('20180424T010000Z');
    expect(beijingLocal('2018-04-23T17:30:00.000Z')).toBe('20180424T013000');
    expect(dateValue('2018-12-31', 1)).toBe('20190101');
    expect(() => utcStamp('not a date')).toThrow(/无法识别的时间/);
  });

  it('ends every line, the last one too, with CRLF', () => {
    const text = calendarText({
      name: '日历',
      prodId: '-//example//test//ZH',
      events: [
        {
          uid: 'a@example',
          updatedAt: '2018-04-20T08:00:00.000Z',
          summary: '讲座',
          description: '摘要',
          location: '地点',
          url: 'https://example.org/lectures/a/',
          when: { allDay: false, start: '2018-04-24T01:00:00.000Z', end: '2018-04-24T03:00:00.000Z' },
        },
      ],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20180424T110000\r\n');
    expect(text).toContain('DTSTAMP:20180420T080000Z\r\n');
  });
});
