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
});
