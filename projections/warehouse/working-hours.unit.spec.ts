import { describe, it, expect } from 'vitest';
import { workingHoursBetween } from './working-hours';

describe('working hours (Asia/Shanghai office hours)', () => {
  it('counts a whole working day as 7 hours', () => {
    // Monday 2026-03-02 00:00 Shanghai = 2026-03-01T16:00Z, to Tuesday 00:00 Shanghai
    expect(workingHoursBetween('2026-03-01T16:00:00Z', '2026-03-02T16:00:00Z')).toBe(7);
  });
  it('skips the lunch break and the weekend', () => {
    // Friday 11:00 → Monday 10:00 Shanghai: Fri 1h + 4h, Mon 1h = 6h
    expect(workingHoursBetween('2026-03-06T03:00:00Z', '2026-03-09T02:00:00Z')).toBe(6);
  });
  it('is zero for an empty or inverted interval and out of hours', () => {
    expect(workingHoursBetween('2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z')).toBe(0);
    expect(workingHoursBetween('2026-03-03T10:00:00Z', '2026-03-02T10:00:00Z')).toBe(0);
    // Saturday all day
    expect(workingHoursBetween('2026-03-06T16:00:00Z', '2026-03-07T16:00:00Z')).toBe(0);
  });
});
