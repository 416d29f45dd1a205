import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { annualLeaveEntitlement } from '../../domain/attendance/rules';
import { demoWorkStart } from '../../api/attendance/demo-people';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryBody, bearer, startTestApp, type TestApp } from '../api/harness';

/**
 * 考勤 through the real app (SQLite, demo district, the attendance definitions and reactor):
 *
 *   陶然 (区人社局就业促进科) sees this year's 年休假 by the national rule → asks over the balance (422 with
 *   the numbers) → asks for 2 days: reserved → 魏坚 (部门负责人) approves → 人事会签 华振 + 严青 → LeaveApproved
 *   (contract A), 2 days taken → 销假 a day early: 1 day back (LeaveReportedBack) → a second request withdrawn
 *   and a third rejected: the days come back; 加班 8 h approved → 调休 8 h → spent as a 1-day 调休 leave;
 *   a 国内出差 with a companion approved → TripApproved (contract A), listed for 费用; 严青 (人事管理员) sees
 *   everything of her unit in the monitoring view with where it waits, 陶然 may not; a carry-over expires
 *   on its date by scheduled work. Every balance change is in the balance's history.
 */
let t: TestApp;
const tok: Record<string, string> = {};
const USERS = {
  taoran: 'tao-ran',
  weijian: 'wei-jian',
  huazhen: 'hua-zhen',
  yanqing: 'yan-qing',
  caojun: 'cao-jun',
  zhuli: 'zhu-li',
  staff: 'staff',
};
type Who = keyof typeof USERS;

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const u of Object.keys(USERS)) tok[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const get = (who: Who, url: string) => request(t.app).get(url).set(bearer(tok[who]));
const post = (who: Who, url: string, body: object = {}, key?: string) => {
  const r = request(t.app).post(url).set(bearer(tok[who]));
  if (key) r.set('Idempotency-Key', key);
  return r.send(body);
};

/** Approves every open 待办 of `who` in `processId`; returns how many. */
async function approveAll(who: Who, processId: string): Promise<number> {
  const box = await get(who, '/api/inbox?box=todo&pageSize=100');
  expect(box.status).toBe(200);
  const mine = (box.body.items as { taskId: string; processId: string }[]).filter((i) => i.processId === processId);
  for (const i of mine) {
    const r = await post(who, `/api/tasks/${i.taskId}/approve`, { opinion: '同意' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  return mine.length;
}

async function balance(who: Who = 'taoran', year = 2026) {
  const r = await get(who, `/api/attendance/my/balance?year=${year}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const row = (type: string) => r.body.rows.find((x: { leaveType: string }) => x.leaveType === type);
  return { body: r.body, annual: row('年休假'), comp: row('调休') };
}

async function streamTypes(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const events = await t.platform.store.readStream(`attendance-application-${id}`);
  return events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
}

const ENTITLED = annualLeaveEntitlement(2026, demoWorkStart('tao-ran')).days;

describe('考勤: leave with balances, 销假, overtime → 调休, a trip for 费用, the monitoring view', () => {
  let leaveId = '';
  let leaveProcess = '';

  it('the demo gives this year’s 年休假 by the national rule; the preview counts working days over 国庆', async () => {
    const b = await balance();
    expect(b.annual).toMatchObject({ entitled: ENTITLED, taken: 0, reserved: 0, available: ENTITLED });
    expect(b.body.history[0]).toMatchObject({ type: 'AnnualLeaveEntitled', change: ENTITLED });
    // 09-28 … 10-09: 09-28..30 and 10-08..09 are worked, 10-01..07 is the holiday
    const p = await get(
      'taoran',
      '/api/attendance/leave/preview?leaveType=年休假&startDate=2026-09-28&startHalf=am&endDate=2026-10-09&endHalf=pm',
    );
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ days: 5, unit: '天', available: ENTITLED });
    const holiday = await get(
      'taoran',
      '/api/attendance/leave/preview?leaveType=事假&startDate=2026-10-01&startHalf=am&endDate=2026-10-07&endHalf=pm',
    );
    expect(holiday.status).toBe(400);
    expect(holiday.body.errors[0].field).toBe('endDate');
  });

  it('refuses nonsense with the field and a request over the balance with the numbers, writing nothing', async () => {
    const head = await t.platform.store.headPosition();
    const typed = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      days: -3,
      startDate: '2026-12-14',
      startHalf: 'am',
      endDate: '2026-12-15',
      endHalf: 'pm',
    });
    expect(typed.status).toBe(400);
    expect(typed.body.errors.map((e: { field: string }) => e.field)).toContain('days');
    const half = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      startDate: '2026-12-14',
      startHalf: 'noon',
      endDate: '2026-12-15',
      endHalf: 'pm',
    });
    expect(half.status).toBe(400);
    expect(half.body.errors[0].field).toBe('startHalf');
    const over = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      startDate: '2026-11-02',
      startHalf: 'am',
      endDate: '2026-12-31',
      endHalf: 'pm',
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('attendance.over_balance');
    expect(over.body.detail).toContain(`可用 ${ENTITLED} 天`);
    expect(over.body.detail).toContain('本次申请 44 天');
    expect(await t.platform.store.headPosition()).toBe(head);
  });

  it('a 2-day leave reserves the days and waits for the department leader', async () => {
    const r = await post(
      'taoran',
      '/api/attendance/leave',
      { leaveType: '年休假', startDate: '2026-12-14', startHalf: 'am', endDate: '2026-12-15', endHalf: 'pm', reason: '家事' },
      'leave-1',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.days).toBe(2);
    leaveId = r.body.id;
    leaveProcess = r.body.processId;
    const again = await post(
      'taoran',
      '/api/attendance/leave',
      { leaveType: '年休假', startDate: '2026-12-14', startHalf: 'am', endDate: '2026-12-15', endHalf: 'pm', reason: '家事' },
      'leave-1',
    );
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(leaveId);
    expect((await balance()).annual).toMatchObject({ reserved: 2, available: ENTITLED - 2 });
    const detail = await get('taoran', `/api/attendance/applications/${leaveId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.application).toMatchObject({ kind: 'leave', status: 'pending', statusLabel: '审批中', days: 2 });
    expect(detail.body.application.waitingAt).toEqual([{ nodeName: '部门负责人审批', assignees: ['魏坚'] }]);
    expect(detail.body.allowedActions).toEqual(['withdraw']);
    // the process carries the application as its subject and the computed days
    const proc = await get('taoran', `/api/processes/${leaveProcess}`);
    expect(proc.status).toBe(200);
    // another unit's person may not read it
    expect((await get('zhuli', `/api/attendance/applications/${leaveId}`)).status).toBe(403);
  });

  it('approved by 部门负责人 and 人事会签: LeaveApproved (contract A), the days are taken', async () => {
    expect(await approveAll('weijian', leaveProcess)).toBe(1);
    expect(await approveAll('huazhen', leaveProcess)).toBe(1);
    expect(await approveAll('yanqing', leaveProcess)).toBe(1);
    const events = await streamTypes(leaveId);
    expect(events.map((e) => e.type)).toEqual(['LeaveRequested', 'LeaveApproved']);
    expect(events[1].data).toEqual({
      applicationId: leaveId,
      personId: 'tao-ran',
      leaveType: '年休假',
      startDate: '2026-12-14',
      endDate: '2026-12-15',
      startHalf: 'am',
      endHalf: 'pm',
      days: 2,
    });
    expect((await balance()).annual).toMatchObject({ reserved: 0, taken: 2, available: ENTITLED - 2 });
    const detail = await get('taoran', `/api/attendance/applications/${leaveId}`);
    expect(detail.body.application.status).toBe('approved');
    expect(detail.body.allowedActions).toEqual(['reportBack']);
  });

  it('销假 a day early: LeaveReportedBack, one day back; only once, only by the applicant', async () => {
    const other = await post('weijian', `/api/attendance/applications/${leaveId}/report-back`, {
      actualEndDate: '2026-12-14',
      actualEndHalf: 'pm',
    });
    expect(other.status).toBe(403);
    const early = await post('taoran', `/api/attendance/applications/${leaveId}/report-back`, {
      actualEndDate: '2026-12-13',
      actualEndHalf: 'pm',
    });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('actualEndDate');
    const r = await post('taoran', `/api/attendance/applications/${leaveId}/report-back`, {
      actualEndDate: '2026-12-14',
      actualEndHalf: 'pm',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const events = await streamTypes(leaveId);
    expect(events[2]).toEqual({
      type: 'LeaveReportedBack',
      data: { applicationId: leaveId, personId: 'tao-ran', actualEndDate: '2026-12-14', actualEndHalf: 'pm', days: 1 },
    });
    const b = await balance();
    expect(b.annual).toMatchObject({ taken: 1, available: ENTITLED - 1 });
    expect(b.body.history[0]).toMatchObject({ type: 'LeaveDaysAdjusted', change: 1, label: '销假调整' });
    const twice = await post('taoran', `/api/attendance/applications/${leaveId}/report-back`, {
      actualEndDate: '2026-12-14',
      actualEndHalf: 'am',
    });
    expect(twice.status).toBe(409);
  });

  it('withdrawal and rejection give the days back', async () => {
    const w = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      startDate: '2026-12-21',
      startHalf: 'am',
      endDate: '2026-12-21',
      endHalf: 'pm',
    });
    expect(w.status).toBe(201);
    expect((await balance()).annual.reserved).toBe(1);
    const withdrawn = await post('taoran', `/api/attendance/applications/${w.body.id}/withdraw`);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(201);
    expect((await streamTypes(w.body.id)).map((e) => e.type)).toEqual(['LeaveRequested', 'ApplicationClosed']);
    expect((await balance()).annual).toMatchObject({ reserved: 0, available: ENTITLED - 1 });

    const j = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      startDate: '2026-12-22',
      startHalf: 'pm',
      endDate: '2026-12-23',
      endHalf: 'pm',
    });
    expect(j.status).toBe(201);
    expect(j.body.days).toBe(1.5);
    const box = await get('weijian', '/api/inbox?box=todo&pageSize=100');
    const task = box.body.items.find((i: { processId: string }) => i.processId === j.body.processId);
    const rej = await post('weijian', `/api/tasks/${task.taskId}/reject`, { opinion: '年底工作繁忙' });
    expect(rej.status, JSON.stringify(rej.body)).toBe(201);
    const closed = (await streamTypes(j.body.id))[1];
    expect(closed).toMatchObject({
      type: 'ApplicationClosed',
      data: { outcome: 'rejected', actorId: 'wei-jian', opinion: '年底工作繁忙' },
    });
    const b = await balance();
    expect(b.annual).toMatchObject({ reserved: 0, taken: 1, available: ENTITLED - 1 });
    expect(b.body.history.slice(0, 2).map((h: { label: string; note: string }) => `${h.label}:${h.note}`)).toEqual([
      '退回余额:审批未同意',
      '申请占用:请假审批中，暂扣余额',
    ]);
  });

  it('加班 8 h approved → 调休 8 h → spent as a 1-day 调休 leave; more is refused', async () => {
    const bad = await post('taoran', '/api/attendance/overtime', { date: '2026-12-05', hours: 1e300, reason: '值班' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('hours');
    const ot = await post('taoran', '/api/attendance/overtime', { date: '2026-12-05', hours: 8, reason: '周六值班' });
    expect(ot.status, JSON.stringify(ot.body)).toBe(201);
    expect(await approveAll('weijian', ot.body.processId)).toBe(1);
    expect((await streamTypes(ot.body.id)).map((e) => e.type)).toEqual(['OvertimeRequested', 'OvertimeApproved']);
    expect((await balance()).comp).toMatchObject({ unit: '小时', entitled: 8, available: 8 });
    const tooMuch = await post('taoran', '/api/attendance/leave', {
      leaveType: '调休',
      startDate: '2026-12-16',
      startHalf: 'am',
      endDate: '2026-12-17',
      endHalf: 'pm',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.detail).toBe('调休余额不足：可用 8 小时，本次申请 16 小时');
    const spend = await post('taoran', '/api/attendance/leave', {
      leaveType: '调休',
      startDate: '2026-12-16',
      startHalf: 'am',
      endDate: '2026-12-16',
      endHalf: 'pm',
    });
    expect(spend.status).toBe(201);
    for (const who of ['weijian', 'huazhen', 'yanqing'] as const) await approveAll(who, spend.body.processId);
    expect((await balance()).comp).toMatchObject({ taken: 8, available: 0 });
  });

  it('a 国内出差 approved by the department and unit leaders: TripApproved (contract A), listed for 费用', async () => {
    const bad = await post('taoran', '/api/attendance/trips', {
      destinations: ['广州'],
      startDate: '2026-12-18',
      endDate: '2026-12-17',
      purpose: '调研',
      transport: '高铁',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('endDate');
    const ghost = await post('taoran', '/api/attendance/trips', {
      destinations: ['广州'],
      startDate: '2026-12-17',
      endDate: '2026-12-18',
      purpose: '调研',
      transport: '高铁',
      companions: ['nobody'],
    });
    expect(ghost.status).toBe(400);
    const r = await post('taoran', '/api/attendance/trips', {
      destinations: ['广州', '深圳'],
      startDate: '2026-12-17',
      endDate: '2026-12-18',
      purpose: '就业政策调研',
      transport: '高铁',
      companions: ['jiang-lan'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await approveAll('weijian', r.body.processId)).toBe(1);
    const waiting = await get('taoran', `/api/attendance/applications/${r.body.id}`);
    expect(waiting.body.application.waitingAt[0].nodeName).toBe('单位负责人审批');
    expect(waiting.body.application.waitingAt[0].assignees).toEqual(['曹军']); // 分管领导 (leader chain, level 2)
    expect(await approveAll('caojun', r.body.processId)).toBe(1);
    const events = await streamTypes(r.body.id);
    expect(events[1]).toEqual({
      type: 'TripApproved',
      data: {
        tripId: r.body.id,
        personId: 'tao-ran',
        companions: ['jiang-lan'],
        destinations: ['广州', '深圳'],
        startDate: '2026-12-17',
        endDate: '2026-12-18',
        purpose: '就业政策调研',
        transport: '高铁',
      },
    });
    const trips = await get('taoran', '/api/attendance/trips/approved');
    expect(trips.status).toBe(200);
    expect(trips.body.items.map((i: { id: string }) => i.id)).toEqual([r.body.id]);
  });

  it('the monitoring view: the unit’s attendance admin sees every application with where it waits; others may not', async () => {
    const pending = await post('taoran', '/api/attendance/corrections', {
      date: '2026-12-04',
      direction: 'in',
      time: '08:55',
      reason: '忘记打卡',
    });
    expect(pending.status, JSON.stringify(pending.body)).toBe(201);
    expect((await get('taoran', '/api/attendance/applications')).status).toBe(403);
    const all = await get('yanqing', '/api/attendance/applications?pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    const row = all.body.items.find((i: { id: string }) => i.id === pending.body.id);
    expect(row).toMatchObject({
      kindLabel: '补签',
      statusLabel: '审批中',
      personName: '陶然',
      waitingAt: [{ nodeName: '部门负责人审批', assignees: ['魏坚'] }],
    });
    const leaves = await get('yanqing', '/api/attendance/applications?kind=leave&status=approved');
    expect(leaves.body.items.map((i: { leaveType: string }) => i.leaveType).sort()).toEqual(['年休假', '调休']);
    const search = await get('yanqing', `/api/attendance/applications?q=${encodeURIComponent('就业政策')}`);
    expect(search.body.total).toBe(1);
    const byDate = await get('yanqing', '/api/attendance/applications?from=2026-12-16&to=2026-12-16');
    expect(byDate.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['leave']);
    // 许文博 (区财政局) holds no attendance.admin; the 区财政局's rows are not 严青's
    expect((await get('staff', '/api/attendance/applications')).status).toBe(403);
    const mine = await get('taoran', '/api/attendance/my/applications?pageSize=100');
    expect(mine.body.total).toBe(7);
    const theirs = await get('staff', '/api/attendance/my/applications');
    expect(theirs.body.total).toBe(0);
  });

  it('the admin sets a quota and a carry-over; the carry-over expires on its date by scheduled work', async () => {
    expect((await post('taoran', '/api/attendance/balances/tao-ran/quota', { year: 2026, leaveType: '事假', days: 3 })).status).toBe(403);
    const q = await post('yanqing', '/api/attendance/balances/tao-ran/quota', { year: 2026, leaveType: '事假', days: 1 });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    const over = await post('taoran', '/api/attendance/leave', {
      leaveType: '事假',
      startDate: '2026-12-28',
      startHalf: 'am',
      endDate: '2026-12-29',
      endHalf: 'pm',
    });
    expect(over.status).toBe(422);
    expect(over.body.detail).toBe('事假余额不足：可用 1 天，本次申请 2 天');
    // last year: entitled in full and nothing taken → up to the limit carried over, valid until tomorrow
    expect(
      (await post('yanqing', '/api/attendance/balances/tao-ran/entitlement', { year: 2025, workStartDate: demoWorkStart('tao-ran') }))
        .status,
    ).toBe(201);
    const c = await post('yanqing', '/api/attendance/balances/tao-ran/carry-over', { year: 2026, limit: 3, expiresOn: '2026-12-08' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await balance()).annual).toMatchObject({ carryOver: 3, carryOverLeft: 3, available: ENTITLED - 1 + 3 });
    const other = await get('zhuli', '/api/attendance/balances/tao-ran');
    expect(other.status).toBe(403);
    const seen = await get('yanqing', '/api/attendance/balances/tao-ran?year=2026');
    expect(seen.status).toBe(200);
    expect(seen.body.history[0]).toMatchObject({ type: 'CarryOverGranted', change: 3 });
    // the clock passes the end of 2026-12-08 (Asia/Shanghai): the sweep expires the unused carry-over once
    t.clock.advance(Date.parse('2026-12-08T16:00:01.000Z') - t.clock.now.getTime());
    await t.reactions.sweep();
    await t.reactions.sweep();
    tok.taoran = (await t.login('taoran')).accessToken; // the session timed out with the clock
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    const b = await balance();
    expect(b.annual).toMatchObject({ carryOver: 3, carryOverExpired: 3, carryOverLeft: 0, available: ENTITLED - 1 });
    expect(b.body.history.filter((h: { type: string }) => h.type === 'CarryOverExpired')).toHaveLength(1);
  });
});

describe('考勤月报: punch import row by row, the statement, 月结, a later 补签 carried into the next month, the Excel form', () => {
  const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
  const upload = (who: Who, body: string, type = 'text/csv', key?: string) => {
    const r = request(t.app).post('/api/attendance/punches/import?fileName=kq-2026-11.csv').set(bearer(tok[who])).set('Content-Type', type);
    if (key) r.set('Idempotency-Key', key);
    return r.send(body);
  };
  const NOV = [
    ['工号', '时间', '设备'],
    ['taoran', '2026-11-02 08:20', '一楼考勤机'],
    ['taoran', '2026-11-02 17:40', '一楼考勤机'],
    ['taoran', '2026-11-03 08:45', '一楼考勤机'],
    ['taoran', '2026-11-03 17:35', '一楼考勤机'],
    ['taoran', '2026/11/04 08:10:05', '一楼考勤机'],
    ['weijian', '2026-11-02 08:00', '二楼考勤机'],
    ['weijian', '2026-11-02 18:00', '二楼考勤机'],
  ];

  beforeAll(async () => {
    for (const u of Object.keys(USERS)) tok[u] = (await t.login(u)).accessToken; // the clock moved on above
  });

  it('a file with bad rows is refused with every row number; nothing is imported', async () => {
    const head = await t.platform.store.headPosition();
    const bad = await upload(
      'yanqing',
      csv([...NOV.slice(0, 3), ['nobody', '2026-11-02 08:00', 'X'], ['taoran', '2026-11-31 08:00', 'X'], ...NOV.slice(3)]),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows[4].工号', 'rows[5].时间']);
    expect(bad.body.errors[0].message).toContain('第 4 行');
    expect(await t.platform.store.headPosition()).toBe(head);
    expect((await upload('taoran', csv(NOV))).status).toBe(403);
    const ok = await upload('yanqing', csv(NOV), 'text/csv', 'import-nov');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ month: '2026-11', imported: 7 });
    const head2 = await t.platform.store.headPosition();
    const again = await upload('yanqing', csv(NOV), 'text/csv', 'import-nov');
    expect(again.body).toMatchObject({ month: '2026-11', imported: 7 });
    expect(await t.platform.store.headPosition()).toBe(head2); // the same key: answered again, nothing imported twice
  });

  it('the statement reconciles punches with the calendar; 月结 freezes it; a later 补签 goes into December with a reference', async () => {
    const s = await get('yanqing', '/api/attendance/statements/2026-11');
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const tao = s.body.rows.find((r: { name: string }) => r.name === '陶然');
    // 1 Sun blank · 2 √ · 3 late · 4 one punch (早) · 5.. no punches (旷) · 7/8 weekend blank
    expect(tao.days.slice(0, 8)).toEqual(['', '√', '迟', '早', '旷', '旷', '', '']);
    expect(tao.totals).toMatchObject({ present: 3, late: 1, early: 1, absent: 18 });
    expect(s.body.closed).toBeNull();
    expect(s.body.punches).toBe(7);

    expect((await post('taoran', '/api/attendance/statements/2026-11/close')).status).toBe(403);
    const early = await post('yanqing', '/api/attendance/statements/2026-12/close');
    expect(early.status).toBe(422);
    const closed = await post('yanqing', '/api/attendance/statements/2026-11/close');
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect((await post('yanqing', '/api/attendance/statements/2026-11/close')).status).toBe(409);
    const late = await upload('yanqing', csv([NOV[0], ['taoran', '2026-11-05 08:20', '一楼考勤机']]));
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('attendance.month_closed');

    // a 补签 of 5 November approved after the closing: November stays as closed, December lists it
    const fix = await post('taoran', '/api/attendance/corrections', {
      date: '2026-11-05',
      direction: 'in',
      time: '08:25',
      reason: '考勤机故障',
    });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(await approveAll('weijian', fix.body.processId)).toBe(1);
    const frozen = await get('yanqing', '/api/attendance/statements/2026-11');
    expect(frozen.body.closed).not.toBeNull();
    expect(frozen.body.rows.find((r: { name: string }) => r.name === '陶然').days[4]).toBe('旷');
    const dec = await get('yanqing', '/api/attendance/statements/2026-12');
    expect(dec.body.carried).toEqual([
      expect.objectContaining({
        name: '陶然',
        date: '2026-11-05',
        time: '08:25',
        applicationId: fix.body.id,
        reference: expect.stringContaining('2026-11 已于'),
      }),
    ]);
    // December so far: the approved 年休假 of the 14th (销假 to that day) shows as 年; later days are blank
    const decTao = dec.body.rows.find((r: { name: string }) => r.name === '陶然');
    expect(decTao.days[13]).toBe('');
    expect(dec.body.counts).toMatchObject({ leave: 2, trip: 1, overtime: 1 });
  });

  it('mobile clock-in records the time and position in this month', async () => {
    const bad = await post('taoran', '/api/attendance/punches/clock-in', { lat: 123, lng: 113.3 });
    expect(bad.status).toBe(400);
    const r = await post('taoran', '/api/attendance/punches/clock-in', { lat: 23.13, lng: 113.26, accuracy: 30 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(Date.parse(r.body.at)).toBeGreaterThan(Date.parse('2026-12-08T16:00:00Z'));
    const dec = await get('yanqing', '/api/attendance/statements/2026-12');
    expect(dec.body.punches).toBe(1);
  });

  it('the Excel is laid out like the printed form and opens in LibreOffice cell by cell', async () => {
    const r = await request(t.app)
      .get('/api/attendance/statements/2026-11?format=xlsx')
      .set(bearer(tok.yanqing))
      .buffer(true)
      .parse(binaryBody);
    expect(r.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'att-xlsx-'));
    writeFileSync(join(dir, 'm.xlsx'), r.body as Buffer);
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76',
        '--outdir',
        dir,
        join(dir, 'm.xlsx'),
      ],
      {
        timeout: 120_000,
        stdio: 'ignore',
      },
    );
    const cells = csvRowsOf(readFileSync(join(dir, 'm.csv'), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    expect(cells[0][0]).toBe('区人力资源和社会保障局 2026年11月 考勤月报');
    expect(cells[1].slice(0, 4)).toEqual(['序号', '姓名', '部门', '日期']);
    expect(cells[1][3 + 30]).toBe('合计');
    expect(cells[2].slice(3, 6)).toEqual(['1', '2', '3']);
    expect(cells[2].slice(33, 41)).toEqual(['出勤', '迟到', '早退', '旷工', '请假(天)', '出差', '加班(时)', '补签']);
    expect(cells[3].slice(3, 6)).toEqual(['日', '一', '二']);
    const tao = cells.find((c) => c[1] === '陶然')!;
    expect(tao.slice(3, 11)).toEqual(['', '√', '迟', '早', '旷', '旷', '', '']);
    expect(tao.slice(33, 37)).toEqual(['3', '1', '1', '18']);
    expect(cells[cells.length - 1][0]).toMatch(/^图例：√ 出勤/);
  });
});

function csvRowsOf(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const out: string[] = [];
      let cur = '';
      let q = false;
      for (let i = 0; i < l.length; i++) {
        const c = l[i];
        if (q) {
          if (c === '"' && l[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (c === '"') q = false;
          else cur += c;
        } else if (c === '"') q = true;
        else if (c === ',') {
          out.push(cur);
          cur = '';
        } else cur += c;
      }
      out.push(cur);
      return out;
    });
}
