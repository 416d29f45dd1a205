import { describe, expect, it } from 'vitest';
import { available, carryOverLeft, type BalanceEvent } from './balance.events';
import { givenBalance, NOW } from './testing';

const P = { personId: 'tao-ran', year: 2026 };
const entitled: BalanceEvent = {
  type: 'AnnualLeaveEntitled',
  data: { ...P, days: 5, serviceYears: 3, basis: '', workStartDate: '2022-07-01', unitJoinDate: null, at: NOW },
};
const carry: BalanceEvent = {
  type: 'CarryOverGranted',
  data: { ...P, days: 3, unusedLastYear: 4, limit: 3, expiresOn: '2026-03-31', at: NOW },
};
const reserve = (applicationId: string, days: number, leaveType = '年休假', startDate = '2026-12-07') =>
  ({ type: 'ReserveLeave', data: { ...P, applicationId, leaveType, days, startDate } }) as const;

describe('leave balance (B1–B7)', () => {
  it('B1: entitles 年休假 by the national rule from 参加工作日期', () => {
    const [e] = givenBalance([]).when({ type: 'EntitleAnnualLeave', data: { ...P, workStartDate: '2010-01-01', unitJoinDate: null } });
    expect(e).toMatchObject({ type: 'AnnualLeaveEntitled', data: { days: 10, serviceYears: 16 } });
  });

  it('B3: a request over the balance is refused with the numbers', () => {
    expect(() => givenBalance([entitled]).when(reserve('a1', 5.5))).toThrow('年休假余额不足：可用 5 天，本次申请 5.5 天');
    const [e] = givenBalance([entitled]).when(reserve('a1', 5));
    expect(e).toMatchObject({ type: 'LeaveDaysReserved', data: { days: 5, fromCarryOver: 0 } });
  });

  it('B3: an uncapped type is not checked; a capped one is', () => {
    expect(givenBalance([]).when(reserve('a1', 30, '事假'))).toHaveLength(1);
    const capped: BalanceEvent = { type: 'LeaveQuotaSet', data: { ...P, leaveType: '事假', days: 2, at: NOW } };
    expect(() => givenBalance([capped]).when(reserve('a1', 3, '事假'))).toThrow('事假余额不足：可用 2 天，本次申请 3 天');
  });

  it('B4: withdrawal or rejection gives the days back; approval takes them', () => {
    const [r] = givenBalance([entitled]).when(reserve('a1', 3));
    const g = givenBalance([entitled, r]);
    expect(available(g.state, '年休假')).toBe(2);
    const [released] = g.when({ type: 'ReleaseLeave', data: { ...P, applicationId: 'a1', reason: 'cancelled' } });
    expect(available(givenBalance([entitled, r, released]).state, '年休假')).toBe(5);
    const [taken] = g.when({ type: 'TakeLeave', data: { ...P, applicationId: 'a1' } });
    const after = givenBalance([entitled, r, taken]);
    expect(after.state.taken['年休假']).toBe(3);
    expect(available(after.state, '年休假')).toBe(2);
    // B7: released twice, taken twice → nothing more
    expect(givenBalance([entitled, r, released]).when({ type: 'ReleaseLeave', data: { ...P, applicationId: 'a1', reason: 'x' } })).toEqual(
      [],
    );
    expect(after.when({ type: 'TakeLeave', data: { ...P, applicationId: 'a1' } })).toEqual([]);
  });

  it('B2/B3: carry-over is spent first before it expires, and the unused rest expires once', () => {
    const [r] = givenBalance([entitled, carry]).when(reserve('a1', 2, '年休假', '2026-03-10'));
    expect(r).toMatchObject({ data: { fromCarryOver: 2 } });
    const g = givenBalance([entitled, carry, r]);
    expect(available(g.state, '年休假')).toBe(6);
    expect(carryOverLeft(g.state)).toBe(1);
    const [expired] = g.when({ type: 'ExpireCarryOver', data: P });
    expect(expired).toMatchObject({ type: 'CarryOverExpired', data: { days: 1 } });
    const after = givenBalance([entitled, carry, r, expired]);
    expect(available(after.state, '年休假')).toBe(5);
    expect(after.when({ type: 'ExpireCarryOver', data: P })).toEqual([]);
    // a leave after the expiry date does not draw on the carry-over
    const [late] = givenBalance([entitled, carry]).when(reserve('a2', 2, '年休假', '2026-04-01'));
    expect(late).toMatchObject({ data: { fromCarryOver: 0 } });
    // carry-over days released after their expiry expire with them
    const back = after.when({ type: 'ReleaseLeave', data: { ...P, applicationId: 'a1', reason: 'rejected' } });
    expect(back.map((e) => e.type)).toEqual(['LeaveDaysReleased', 'CarryOverExpired']);
    expect(available(givenBalance([entitled, carry, r, expired, ...back]).state, '年休假')).toBe(5);
  });

  it('B2: carry-over is capped by the admin limit', () => {
    const [e] = givenBalance([]).when({ type: 'GrantCarryOver', data: { ...P, unusedLastYear: 7, limit: 5, expiresOn: '2026-03-31' } });
    expect(e).toMatchObject({ data: { days: 5 } });
    expect(() =>
      givenBalance([carry]).when({ type: 'GrantCarryOver', data: { ...P, unusedLastYear: 1, limit: 5, expiresOn: '2026-03-31' } }),
    ).toThrow(/已结转/);
  });

  it('B6 + A4: overtime → 调休 hours → spent as leave, over the hours refused', () => {
    const [earned] = givenBalance([]).when({ type: 'EarnCompTime', data: { ...P, applicationId: 'ot1', hours: 12 } });
    const g = givenBalance([earned]);
    expect(available(g.state, '调休')).toBe(12);
    expect(g.when({ type: 'EarnCompTime', data: { ...P, applicationId: 'ot1', hours: 12 } })).toEqual([]);
    expect(() => g.when(reserve('l1', 2, '调休'))).toThrow('调休余额不足：可用 12 小时，本次申请 16 小时');
    const [r] = g.when(reserve('l1', 1.5, '调休'));
    const [t] = givenBalance([earned, r]).when({ type: 'TakeLeave', data: { ...P, applicationId: 'l1' } });
    expect(available(givenBalance([earned, r, t]).state, '调休')).toBe(0);
  });

  it('B5: 销假 early gives days back, late must fit the balance', () => {
    const [r] = givenBalance([entitled]).when(reserve('a1', 3));
    const [t] = givenBalance([entitled, r]).when({ type: 'TakeLeave', data: { ...P, applicationId: 'a1' } });
    const g = givenBalance([entitled, r, t]);
    const [early] = g.when({ type: 'AdjustTakenLeave', data: { ...P, applicationId: 'a1', actualDays: 1.5 } });
    expect(early).toMatchObject({ type: 'LeaveDaysAdjusted', data: { delta: -1.5 } });
    expect(available(givenBalance([entitled, r, t, early]).state, '年休假')).toBe(3.5);
    expect(() => g.when({ type: 'AdjustTakenLeave', data: { ...P, applicationId: 'a1', actualDays: 6 } })).toThrow('续假需 3 天');
  });
});
