import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { beijingLocal, calendarText, dateValue, escapeText, foldLine, utcStamp } from '../src/lib/ical.ts';

describe('the iCalendar writer', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    // CRLF and CR are one line break each; other control characters (a form feed pasted from
    // Word) are not allowed in TEXT and are dropped; HTAB is allowed and kept.
    expect(escapeText('一\r\n二\r三\f四\t五\u0000')).toBe('一\\n二\\n三四\t五');
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

  it('writes CONTACT and a DESCRIPTION with 报名方式 that a maintained parser reads back exactly', () => {
    const registration = '请于4月20日前报名，名额有限；发送“姓名,单位”至 fl@example.org\n或到市妇联 302 室\\现场报名';
    const event = {
      uid: 'b@example',
      updatedAt: '2018-04-20T08:00:00.000Z',
      summary: '培训',
      description: `摘要\n报名方式：${registration}\n咨询电话：0592-1234567、0592-7654321`,
      location: '地点',
      url: 'https://example.org/trainings/b/',
      when: { allDay: true as const, startDate: '2018-04-17', endDate: '2018-04-19' },
    };
    const text = calendarText({
      name: '日历',
      prodId: '-//example//test//ZH',
      events: [
        { ...event, contact: '咨询电话：0592-1234567、0592-7654321' },
        { ...event, uid: 'c@example', description: '摘要', contact: null },
      ],
    });
    for (const line of text.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('CONTACT:咨询电话：0592-1234567、0592-7654321\r\n');
    expect(unfolded).toContain('\\,单位”至 fl@example.org\\n或到市妇联 302 室\\\\现场报名\\n');
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
    const withContact = events.find((e) => e.uid === 'b@example');
    expect(withContact?.description).toBe(event.description);
    expect((withContact as unknown as { contact?: string }).contact).toBe('咨询电话：0592-1234567、0592-7654321');
    const without = events.find((e) => e.uid === 'c@example');
    expect(without?.description).toBe('摘要');
    expect((without as unknown as { contact?: string }).contact).toBeUndefined();
    expect(text.match(/^CONTACT:/gm)).toHaveLength(1);
  });
});
