import { describe, expect, it } from 'vitest';
import type { ApplicationEvent } from './application.events';
import { CAL_2026, givenApplication, NOW } from './testing';

const filing = { applicationId: 'a1', personId: 'tao-ran', personName: '陶然', unitId: 'rsj', departmentId: 'rsj-jyk', processId: 'p1' };
const leave = {
  leaveType: '年休假',
  startDate: '2026-09-28',
  startHalf: 'am' as const,
  endDate: '2026-10-09',
  endHalf: 'am' as const,
  reason: '探亲',
};
const requested = (): ApplicationEvent =>
  givenApplication([]).when({ type: 'RequestLeave', data: { ...filing, ...leave, calendar: CAL_2026 } })[0];
const outcome = (o: 'approved' | 'rejected' | 'cancelled' | 'terminated', processId = 'p1') =>
  ({ type: 'RecordApplicationOutcome', data: { processId, outcome: o, actorId: 'wei-jian', opinion: '', at: NOW } }) as const;

describe('attendance applications (P1–P7)', () => {
  it('P1: days are computed on the calendar (a request over 国庆), never typed', () => {
    expect(requested()).toMatchObject({ type: 'LeaveRequested', data: { days: 4.5, personId: 'tao-ran', processId: 'p1' } });
  });

  it('P1: refuses nonsense with the field', () => {
    const g = givenApplication([]);
    const tryIt = (over: object) => {
      try {
        g.when({ type: 'RequestLeave', data: { ...filing, ...leave, ...over, calendar: CAL_2026 } } as never);
      } catch (e) {
        return e as { code: string; field: string };
      }
      return null;
    };
    expect(tryIt({ endDate: '2026-09-01' })).toMatchObject({ field: 'endDate', code: 'attendance.date_order' });
    expect(tryIt({ leaveType: '旷工' })).toMatchObject({ field: 'leaveType' });
    expect(tryIt({ startHalf: 'noon' })).toMatchObject({ field: 'startHalf' });
    expect(tryIt({ startDate: '2026-12-30', endDate: '2027-01-04' })).toMatchObject({ field: 'endDate', code: 'attendance.across_years' });
    expect(tryIt({ reason: 'x'.repeat(501) })).toMatchObject({ field: 'reason' });
  });

  it('P5: filed once', () => {
    expect(() => givenApplication([requested()]).when({ type: 'RequestLeave', data: { ...filing, ...leave, calendar: CAL_2026 } })).toThrow(
      /已提交/,
    );
  });

  it('P6: approval emits LeaveApproved (contract A), once; another process is refused', () => {
    const g = givenApplication([requested()]);
    expect(g.when(outcome('approved'))).toEqual([
      {
        type: 'LeaveApproved',
        data: {
          applicationId: 'a1',
          personId: 'tao-ran',
          leaveType: '年休假',
          startDate: '2026-09-28',
          endDate: '2026-10-09',
          startHalf: 'am',
          endHalf: 'am',
          days: 4.5,
        },
      },
    ]);
    expect(() => g.when(outcome('approved', 'p2'))).toThrow(/流程与申请不符/);
    const approved = givenApplication([requested(), ...g.when(outcome('approved'))]);
    expect(approved.when(outcome('approved'))).toEqual([]);
    expect(g.when(outcome('cancelled'))[0]).toMatchObject({ type: 'ApplicationClosed', data: { outcome: 'cancelled' } });
  });

  it('P2: a trip is checked and approved as TripApproved (contract A)', () => {
    const trip = {
      destinations: ['广州', '深圳'],
      startDate: '2026-12-14',
      endDate: '2026-12-16',
      purpose: '调研',
      transport: '高铁',
      companions: ['wei-jian'],
    };
    const [e] = givenApplication([]).when({ type: 'RequestTrip', data: { ...filing, ...trip } });
    expect(() => givenApplication([]).when({ type: 'RequestTrip', data: { ...filing, ...trip, transport: '火箭' } })).toThrow(/交通工具/);
    expect(() => givenApplication([]).when({ type: 'RequestTrip', data: { ...filing, ...trip, companions: ['tao-ran'] } })).toThrow(/本人/);
    expect(givenApplication([e]).when(outcome('approved'))).toEqual([
      {
        type: 'TripApproved',
        data: {
          tripId: 'a1',
          personId: 'tao-ran',
          companions: ['wei-jian'],
          destinations: ['广州', '深圳'],
          startDate: '2026-12-14',
          endDate: '2026-12-16',
          purpose: '调研',
          transport: '高铁',
        },
      },
    ]);
  });

  it('P3/P4: overtime hours and corrections are checked', () => {
    expect(() =>
      givenApplication([]).when({ type: 'RequestOvertime', data: { ...filing, date: '2026-09-05', hours: 1e300, reason: '值班' } }),
    ).toThrow(/0.5–24/);
    expect(() =>
      givenApplication([]).when({ type: 'RequestOvertime', data: { ...filing, date: '2026-09-05', hours: -3, reason: '值班' } }),
    ).toThrow(/0.5–24/);
    const [ot] = givenApplication([]).when({ type: 'RequestOvertime', data: { ...filing, date: '2026-09-05', hours: 4, reason: '值班' } });
    expect(givenApplication([ot]).when(outcome('approved'))[0]).toMatchObject({ type: 'OvertimeApproved', data: { hours: 4 } });
    expect(() =>
      givenApplication([]).when({
        type: 'RequestCorrection',
        data: { ...filing, date: '2026-09-30', direction: 'in', time: '08:30', reason: '忘打卡' },
      }),
    ).toThrow(/将来/);
    expect(() =>
      givenApplication([]).when({
        type: 'RequestCorrection',
        data: { ...filing, date: '2026-08-30', direction: 'in', time: '25:30', reason: '忘打卡' },
      }),
    ).toThrow(/HH:MM/);
  });

  it('P7: 销假 by the applicant of an approved leave recomputes the days, once', () => {
    const approvedEvents = [requested(), { type: 'LeaveApproved', data: {} } as unknown as ApplicationEvent];
    const g = givenApplication(approvedEvents);
    expect(() =>
      givenApplication([requested()]).when({
        type: 'ReportBack',
        data: { actualEndDate: '2026-09-29', actualEndHalf: 'pm', calendar: CAL_2026 },
      }),
    ).toThrow(/尚未批准/);
    expect(() =>
      g.when(
        { type: 'ReportBack', data: { actualEndDate: '2026-09-29', actualEndHalf: 'pm', calendar: CAL_2026 } },
        { actorId: 'wei-jian' },
      ),
    ).toThrow(/本人/);
    const [back] = g.when({ type: 'ReportBack', data: { actualEndDate: '2026-09-29', actualEndHalf: 'pm', calendar: CAL_2026 } });
    expect(back).toEqual({
      type: 'LeaveReportedBack',
      data: { applicationId: 'a1', personId: 'tao-ran', actualEndDate: '2026-09-29', actualEndHalf: 'pm', days: 2 },
    });
    expect(() =>
      givenApplication([...approvedEvents, back]).when({
        type: 'ReportBack',
        data: { actualEndDate: '2026-09-29', actualEndHalf: 'pm', calendar: CAL_2026 },
      }),
    ).toThrow(/已销假/);
    expect(() => g.when({ type: 'ReportBack', data: { actualEndDate: '2026-09-01', actualEndHalf: 'pm', calendar: CAL_2026 } })).toThrow(
      expect.objectContaining({ field: 'actualEndDate' }),
    );
  });
});
