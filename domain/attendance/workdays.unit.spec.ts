import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { CAL_2026 } from './testing';
import { countLeaveDays } from './workdays';
import { annualLeaveEntitlement } from './rules';

const span = (startDate: string, endDate: string, startHalf: 'am' | 'pm' = 'am', endHalf: 'am' | 'pm' = 'pm') => ({
  startDate,
  startHalf,
  endDate,
  endHalf,
});

describe('working-day counting (W1–W4)', () => {
  it('counts a plain week as five days and half days as ½', () => {
    expect(countLeaveDays(span('2026-12-07', '2026-12-11'), CAL_2026)).toBe(5);
    expect(countLeaveDays(span('2026-12-07', '2026-12-11', 'pm', 'am'), CAL_2026)).toBe(4);
    expect(countLeaveDays(span('2026-12-07', '2026-12-07', 'am', 'am'), CAL_2026)).toBe(0.5);
    expect(countLeaveDays(span('2026-12-07', '2026-12-07', 'pm', 'pm'), CAL_2026)).toBe(0.5);
  });

  it('counts only working days across 国庆 and counts the 调休 Saturday', () => {
    // 09-28 (Mon) … 10-11 (Sun): 09-28..09-30 = 3, 10-01..10-07 holidays, 10-08 Thu, 10-09 Fri, 10-10 Sat worked = 3
    expect(countLeaveDays(span('2026-09-28', '2026-10-11'), CAL_2026)).toBe(6);
    // a leave only over the holiday has no working day
    expect(() => countLeaveDays(span('2026-10-01', '2026-10-07'), CAL_2026)).toThrow(/没有工作日/);
  });

  it('counts 产假 in calendar days', () => {
    expect(countLeaveDays(span('2026-10-01', '2026-10-07'), CAL_2026, { calendarDays: true })).toBe(7);
  });

  it('refuses an end before the start with the field, and pm→am on one day', () => {
    const e = (() => {
      try {
        countLeaveDays(span('2026-12-11', '2026-12-07'), CAL_2026);
      } catch (x) {
        return x as DomainError;
      }
    })();
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'attendance.date_order', field: 'endDate' });
    expect(() => countLeaveDays(span('2026-12-07', '2026-12-07', 'pm', 'am'), CAL_2026)).toThrow(DomainError);
    expect(() => countLeaveDays(span('2026-02-30', '2026-03-01'), CAL_2026)).toThrow(/YYYY-MM-DD/);
  });
});

describe('annual leave entitlement (A2, A3)', () => {
  it('follows the national steps 5 / 10 / 15', () => {
    expect(annualLeaveEntitlement(2026, '2025-06-01').days).toBe(0);
    expect(annualLeaveEntitlement(2026, '2024-12-31').days).toBe(5);
    expect(annualLeaveEntitlement(2026, '2016-01-01').days).toBe(10);
    expect(annualLeaveEntitlement(2026, '2016-01-02').days).toBe(5);
    expect(annualLeaveEntitlement(2026, '2006-01-01').days).toBe(15);
  });

  it('is pro rata (floored) in the year of joining the unit', () => {
    // joined 2026-07-01: 184 days left ÷ 365 × 10 = 5.04 → 5
    expect(annualLeaveEntitlement(2026, '2010-03-01', '2026-07-01')).toMatchObject({ days: 5, serviceYears: 15 });
    // joined 2026-10-01: 92 ÷ 365 × 15 = 3.78 → 3
    expect(annualLeaveEntitlement(2026, '2000-03-01', '2026-10-01').days).toBe(3);
  });
});
