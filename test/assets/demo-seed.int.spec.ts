import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAssetDemo } from '../../api/assets/seed';
import { bearer, startTestApp, type TestApp } from '../api/harness';

/**
 * The 资产 demo (api/assets/seed.ts) — played with the district's year of activity (DEMO_HISTORY) at
 * `npm start`; here on the test app (without the history) by calling the module's demo step: it is
 * fast, idempotent, and `staff` (许文博) and `director` see their assets; the stock-take waits for 朱丽.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('资产 demo seed', () => {
  it('seeds in well under 2 s, twice without a change, and the demo users see real data', async () => {
    const p = { ...t.platform, config: { ...t.platform.config, demoHistory: true } };
    const t0 = performance.now();
    await seedAssetDemo(p, () => {});
    const first = performance.now() - t0;
    const head = await t.platform.store.headPosition();
    await seedAssetDemo(p, () => {});
    expect(await t.platform.store.headPosition()).toBe(head);
    expect(first).toBeLessThan(2000);
    await t.platform.projections.waitFor(head, { timeoutMs: 10_000 });

    const staff = (await t.login('staff')).accessToken;
    const mine = await request(t.app).get('/api/assets').set(bearer(staff));
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['台式计算机', '便携式计算机', '办公桌']));
    const admin = (await t.login('yangfan')).accessToken;
    const all = await request(t.app).get('/api/assets?status=valid').set(bearer(admin));
    expect(all.body.total).toBe(16);
    const st = await request(t.app)
      .get('/api/assets/stocktakes')
      .set(bearer((await t.login('zhuli')).accessToken));
    expect(st.body.items[0]).toMatchObject({ status: 'counting', book_count: 7 });
  });
});
