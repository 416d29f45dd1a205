import 'reflect-metadata';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../api/harness';

/**
 * The 督办 demo seed (seed.demo): a new user of the demo district sees real 督办事项 — the supervisor a
 * board with red, yellow and green lights, the leader the items they instructed, a unit the items it
 * undertakes and its 签收 待办 — and a second start adds nothing.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

async function get(user: string, path: string) {
  const token = (await t.login(user)).accessToken;
  const r = await request(t.app).get(`/api${path}`).set(bearer(token));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('督办 demo data', () => {
  it('the supervisor sees every light; the leader and the units see theirs', async () => {
    const board = await get('weidong', '/supervision/items?view=supervising&pageSize=50');
    expect(board.total).toBe(11);
    const lights = new Set(board.items.map((x: { light: string }) => x.light));
    for (const l of ['red', 'yellow', 'green', 'none']) expect(lights, l).toContain(l);
    // overdue first
    expect(board.items[0].light).toBe('red');
    const statuses = new Set(board.items.map((x: { status: string }) => x.status));
    for (const s of ['approving', 'handling', 'reviewing', 'closed']) expect(statuses, s).toContain(s);
    const escalated = board.items.find((x: { escalated: boolean }) => x.escalated);
    expect(escalated.title).toBe('老旧小区改造资金拨付');
    const leader = await get('zhaoguoqiang', '/supervision/items?view=leader');
    expect(leader.total).toBeGreaterThan(0);
    const czj = await get('director', '/supervision/items?view=undertaking');
    expect(czj.total).toBeGreaterThan(3);
    const todo = await get('yangfan', '/inbox?box=todo&pageSize=100');
    expect(
      todo.items.some((i: { nodeName: string; title: string }) => i.nodeName.startsWith('签收') && i.title.includes('优化营商环境')),
    ).toBe(true);
    const approval = await get('sunjianhua', '/inbox?box=todo&pageSize=100');
    expect(approval.items.some((i: { title: string }) => i.title.includes('背街小巷'))).toBe(true);
    const late = await get(
      'weidong',
      `/supervision/items/${board.items.find((x: { title: string }) => x.title === '办公用房清理整改').id}`,
    );
    expect(late.closed.onTime).toBe(false);
    expect(late.reviewOpinions.map((o: { accepted: boolean }) => o.accepted)).toEqual([false, true]);
  });

  it('warehouse facts: the 驾驶舱 reports count on-time and overdue items by lead unit and month', async () => {
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    const range = `from=2020-01-01T00:00:00Z&to=${new Date(Date.now() + 86_400_000).toISOString()}&grain=month`;
    // 区财政局's head (report.read, unit scope): its own items only
    const onTime = await get('director', `/reports/supervision-on-time?${range}`);
    expect(onTime.rows.map((r: { unit: string }) => r.unit)).toEqual(['czj']);
    const closed = onTime.rows.reduce((n: number, r: { closed: number }) => n + r.closed, 0);
    expect(closed).toBe(1); // 落实2026年区级财政预算执行进度督查, on time
    expect(onTime.rows.every((r: { onTimeRate: number }) => r.onTimeRate === 1)).toBe(true);
    const overdue = await get('director', `/reports/supervision-overdue?${range}`);
    expect(overdue.rows.reduce((n: number, r: { overdue: number }) => n + r.overdue, 0)).toBe(1); // 老旧小区改造资金拨付 (决算公开整改 was extended before its deadline)
  });
});
