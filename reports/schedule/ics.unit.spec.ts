import { describe, expect, it } from 'vitest';
import { icsCalendar } from './ics';

describe('iCalendar export', () => {
  it('one weekly event: UTC times, RRULE, EXDATE, escaped text, CRLF lines of at most 75 octets', () => {
    const ics = icsCalendar('许文博的日程', [
      {
        uid: 'own-e1@oa',
        title: '预算科科务会; 第一次, 全体',
        location: '财政局四楼 406',
        description: '议程：\n一、预算编制',
        start: '2026-03-02T01:00:00.000Z',
        end: '2026-03-02T02:00:00.000Z',
        repeat: { freq: 'weekly', count: 4, exceptions: ['2026-03-16'] },
        updated: '2026-03-01T00:00:00.000Z',
      },
    ]);
    expect(ics).toContain('DTSTART:20260302T010000Z\r\n');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;COUNT=4\r\n');
    expect(ics).toContain('EXDATE:20260316T010000Z\r\n');
    expect(ics).toContain('SUMMARY:预算科科务会\\; 第一次\\, 全体');
    expect(ics).toContain('DESCRIPTION:议程：\\n一、预算编制');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });
});
