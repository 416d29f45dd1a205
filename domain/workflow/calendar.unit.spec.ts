import { describe, it, expect } from 'vitest';
import { addWorkingDays, fractionBetween, workingDayRule } from './calendar';

describe('working-day calendar', () => {
  it('skips Saturday and Sunday (Asia/Shanghai dates)', () => {
    // Friday 2026-03-06 10:00 Shanghai = 02:00Z
    expect(addWorkingDays('2026-03-06T02:00:00.000Z', 1)).toBe('2026-03-09T02:00:00.000Z'); // Monday
    expect(addWorkingDays('2026-03-06T02:00:00.000Z', 3)).toBe('2026-03-11T02:00:00.000Z'); // Wednesday
    // Saturday 10:00 + 1 → Monday 10:00
    expect(addWorkingDays('2026-03-07T02:00:00.000Z', 1)).toBe('2026-03-09T02:00:00.000Z');
    expect(addWorkingDays('2026-03-02T01:00:00.000Z', 0)).toBe('2026-03-02T01:00:00.000Z');
  });

  it('uses the Shanghai date, not the UTC date: Friday 23:30 UTC is already Saturday in Shanghai', () => {
    // 2026-03-06T23:30Z = Saturday 07:30 Shanghai; +1 working day = Monday 07:30 Shanghai
    expect(addWorkingDays('2026-03-06T23:30:00.000Z', 1)).toBe('2026-03-08T23:30:00.000Z');
  });

  it('takes a pluggable holiday calendar (节假日 and 调休上班)', () => {
    const cal = workingDayRule({ holidays: ['2026-10-01', '2026-10-02'], extraWorkdays: ['2026-10-10'] });
    // Wed 2026-09-30 10:00 + 1: Thu 10-01 holiday, Fri 10-02 holiday, Sat/Sun, → Mon 10-05
    expect(addWorkingDays('2026-09-30T02:00:00.000Z', 1, cal)).toBe('2026-10-05T02:00:00.000Z');
    // Fri 10-09 + 1: Sat 10-10 is a make-up working day
    expect(addWorkingDays('2026-10-09T02:00:00.000Z', 1, cal)).toBe('2026-10-10T02:00:00.000Z');
    expect(addWorkingDays('2026-09-30T02:00:00.000Z', 1, () => true)).toBe('2026-10-01T02:00:00.000Z');
  });

  it('computes the reminder moment as a fraction of the span', () => {
    expect(fractionBetween('2026-03-02T00:00:00.000Z', '2026-03-02T10:00:00.000Z', 0.8)).toBe('2026-03-02T08:00:00.000Z');
  });

  it('rejects bad input', () => {
    expect(() => addWorkingDays('nonsense', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02T00:00:00Z', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02T00:00:00Z', 1, () => false)).toThrow(/no working day/);
  });
});
