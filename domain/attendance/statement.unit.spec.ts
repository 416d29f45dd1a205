import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { closeMonth, importPunches, recordPunch } from './month.decide';
import { evolveMonth, initialMonthState, type MonthEvent } from './month.events';
import { computeStatement } from './statement';

/**
 * A hand-worked month: November 2026 for three people of one section (no holiday in November; weekends
 * 7/8, 14/15, 21/22, 28/29). Punch times are Beijing time. The expected table was written by hand from
 * the rules S1–S6 before running the code.
 */
const at = (date: string, hhmm: string) => new Date(Date.parse(`${date}T${hhmm}:00+08:00`)).toISOString();
const workdays = [
  '02',
  '03',
  '04',
  '05',
  '06',
  '09',
  '10',
  '11',
  '12',
  '13',
  '16',
  '17',
  '18',
  '19',
  '20',
  '23',
  '24',
  '25',
  '26',
  '27',
  '30',
];

function normalPunches(personId: string, except: string[]) {
  return workdays
    .filter((d) => !except.includes(d))
    .flatMap((d) => [
      { personId, at: at(`2026-11-${d}`, '08:20') },
      { personId, at: at(`2026-11-${d}`, '17:40') },
    ]);
}

const input = {
  month: '2026-11',
  calendar: {},
  people: [
    { personId: 'a', name: '甲' },
    { personId: 'b', name: '乙' },
    { personId: 'c', name: '丙' },
  ],
  punches: [
    // 甲: late on the 3rd (08:45), leaves early on the 4th (16:50), forgets to punch out on the 5th (补签 17:35),
    //     no punch at all on the 6th; annual leave 9th–10th; a half day of 事假 on the morning of the 11th (arrives 13:50)
    ...normalPunches('a', ['03', '04', '05', '06', '09', '10', '11']),
    { personId: 'a', at: at('2026-11-03', '08:45') },
    { personId: 'a', at: at('2026-11-03', '17:31') },
    { personId: 'a', at: at('2026-11-04', '08:10') },
    { personId: 'a', at: at('2026-11-04', '16:50') },
    { personId: 'a', at: at('2026-11-05', '08:29') },
    { personId: 'a', at: at('2026-11-11', '13:50') },
    { personId: 'a', at: at('2026-11-11', '17:45') },
    // 乙: a trip 16th–18th (no punches), overtime on Saturday 21st (4 h) and the evening of the 23rd (2 h)
    ...normalPunches('b', ['16', '17', '18']),
    // 丙: 病假 the afternoon of the 24th (leaves at 12:05) through the 25th
    ...normalPunches('c', ['24', '25']),
    { personId: 'c', at: at('2026-11-24', '08:25') },
    { personId: 'c', at: at('2026-11-24', '12:05') },
    // a punch of another month is ignored
    { personId: 'c', at: at('2026-12-01', '08:25') },
  ],
  leaves: [
    {
      personId: 'a',
      leaveType: '年休假',
      startDate: '2026-11-09',
      startHalf: 'am' as const,
      endDate: '2026-11-10',
      endHalf: 'pm' as const,
    },
    { personId: 'a', leaveType: '事假', startDate: '2026-11-11', startHalf: 'am' as const, endDate: '2026-11-11', endHalf: 'am' as const },
    { personId: 'c', leaveType: '病假', startDate: '2026-11-24', startHalf: 'pm' as const, endDate: '2026-11-25', endHalf: 'pm' as const },
  ],
  trips: [{ personId: 'b', startDate: '2026-11-16', endDate: '2026-11-18' }],
  overtime: [
    { personId: 'b', date: '2026-11-21', hours: 4 },
    { personId: 'b', date: '2026-11-23', hours: 2 },
  ],
  corrections: [{ personId: 'a', date: '2026-11-05', time: '17:35' }],
};

//            1   2    3    4    5     6    7   8   9    10   11    12   13   14  15  16   17   18   19   20   21   22  23    24    25   26   27   28  29  30
const HAND = {
  甲: [
    '',
    '√',
    '迟',
    '早',
    '补√',
    '旷',
    '',
    '',
    '年',
    '年',
    '事√',
    '√',
    '√',
    '',
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
  ],
  乙: [
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '差',
    '差',
    '差',
    '√',
    '√',
    '加',
    '',
    '√加',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
  ],
  丙: [
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
    '√',
    '√',
    '√',
    '√',
    '',
    '',
    '√',
    '病√',
    '病',
    '√',
    '√',
    '',
    '',
    '√',
  ],
};

describe('考勤月报 (S1–S6): a hand-worked month of three people', () => {
  const rows = computeStatement(input);

  it('every day of every person matches the table written by hand', () => {
    expect(Object.fromEntries(rows.map((r) => [r.name, r.days]))).toEqual(HAND);
  });

  it('the totals match by hand', () => {
    const [a, b, c] = rows.map((r) => r.totals);
    // 甲: 21 working days − 1 absent − 2 days of 年休假 = 18 present (incl. the half-day 11th)
    expect(a).toEqual({
      present: 18,
      late: 1,
      early: 1,
      absent: 1,
      leave: { 年休假: 2, 事假: 0.5 },
      trip: 0,
      overtimeHours: 0,
      corrected: 1,
    });
    expect(b).toEqual({ present: 18, late: 0, early: 0, absent: 0, leave: {}, trip: 3, overtimeHours: 6, corrected: 0 });
    expect(c).toEqual({ present: 20, late: 0, early: 0, absent: 0, leave: { 病假: 1.5 }, trip: 0, overtimeHours: 0, corrected: 0 });
  });
});

describe('考勤月 decider (M1–M3): punches, mobile clock-in, closing', () => {
  const md = (now: string) => ({ now, actorId: 'yan-qing' });
  const batch = {
    unitId: 'rsj',
    month: '2026-11',
    batchId: 'b1',
    fileName: 'x.csv',
    punches: [{ personId: 'a', at: at('2026-11-02', '08:20'), device: 'K1' }],
  };

  it('M1: one month per import, a batch once', () => {
    const [e] = importPunches({ type: 'ImportPunches', data: batch, metadata: md('2026-12-01T01:00:00Z') }, initialMonthState());
    expect(e.type).toBe('PunchesImported');
    const s = evolveMonth(initialMonthState(), e);
    expect(importPunches({ type: 'ImportPunches', data: batch, metadata: md('2026-12-01T01:00:00Z') }, s)).toEqual([]);
    const mixed = { ...batch, batchId: 'b2', punches: [...batch.punches, { personId: 'a', at: at('2026-12-01', '08:20'), device: 'K1' }] };
    expect(() => importPunches({ type: 'ImportPunches', data: mixed, metadata: md('2026-12-01T01:00:00Z') }, s)).toThrow(/同一个月/);
  });

  it('M3: closed once the month is over; then no punch is recorded into it', () => {
    const close = (now: string, s = initialMonthState()) =>
      closeMonth({ type: 'CloseMonth', data: { unitId: 'rsj', month: '2026-11', rows: [], punches: 0 }, metadata: md(now) }, s);
    expect(() => close('2026-11-30T10:00:00Z')).toThrow(/尚未结束/);
    const [closed] = close('2026-11-30T16:00:00Z'); // 2026-12-01 00:00 Beijing
    const s = evolveMonth(initialMonthState(), closed as MonthEvent);
    expect(() => close('2026-12-02T00:00:00Z', s)).toThrow(/已于/);
    expect(() =>
      importPunches({ type: 'ImportPunches', data: { ...batch, batchId: 'b9' }, metadata: md('2026-12-02T00:00:00Z') }, s),
    ).toThrow(DomainError);
  });

  it('M2: a mobile clock-in now, with a position checked', () => {
    const now = '2026-12-07T00:31:00.000Z';
    const [e] = recordPunch(
      {
        type: 'RecordPunch',
        data: { unitId: 'rsj', month: '2026-12', personId: 'a', position: { lat: 23.1, lng: 113.3 } },
        metadata: md(now),
      },
      initialMonthState(),
    );
    expect(e).toMatchObject({ type: 'PunchRecorded', data: { at: now, personId: 'a' } });
    expect(() =>
      recordPunch(
        {
          type: 'RecordPunch',
          data: { unitId: 'rsj', month: '2026-12', personId: 'a', position: { lat: 123, lng: 0 } },
          metadata: md(now),
        },
        initialMonthState(),
      ),
    ).toThrow(/定位/);
  });
});
