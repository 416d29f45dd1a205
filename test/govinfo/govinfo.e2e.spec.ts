import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';
import { schemaChecker } from '../announcements/schema-check';

/**
 * 信息报送 on the real app (issue 17): a unit answers a 约稿; the receiving office (区政府办公室, 李文静) edits,
 * adopts at district and city level, a leader endorsement, rejects another with a reason; points per the
 * office's rules land in the month's and the year's ranking; the 通报 exports to Excel; a unit sees only its own.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (u: string) => bearer(tokens[u]);
const month = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'liwenjing', 'jinyue', 'youjia']) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

describe('信息报送: 约稿 → 报送 → 采用 / 不予采用 → 积分排名 → 通报', () => {
  it('runs the flow with points from the rules in force', async () => {
    const rules = await request(t.app)
      .post('/api/govinfo/rules')
      .set(as('liwenjing'))
      .send({ submitted: 1, adoptedDistrict: 3, adoptedCity: 5, endorsed: 15 });
    expect(rules.status, JSON.stringify(rules.body)).toBe(201);
    expect(
      (
        await request(t.app)
          .post('/api/govinfo/rules')
          .set(as('staff'))
          .send({ submitted: 9, adoptedDistrict: 9, adoptedCity: 9, endorsed: 9 })
      ).status,
    ).toBe(403);
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const call = await request(t.app).post('/api/govinfo/calls').set(as('liwenjing')).send({ topic: '数字政府建设经验', deadline });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const before = (await request(t.app).get('/api/govinfo/ranking').query({ period: month() }).set(as('staff'))).body.items;
    const pointsOf = (items: { unitId: string; points: number }[], u: string) => items.find((x) => x.unitId === u)?.points ?? 0;

    const bad = await request(t.app).post('/api/govinfo/reports').set(as('staff')).send({ title: ' ', body: 'x', receiverUnitId: 'qzfb' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('title');
    const a = await request(t.app)
      .post('/api/govinfo/reports')
      .set(as('staff'))
      .send({ title: '区财政局电子票据全覆盖', body: '实现非税收入电子票据全覆盖。', callId: call.body.id });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await request(t.app)
      .post('/api/govinfo/reports')
      .set(as('jinyue'))
      .send({ title: '区人社局开展技能培训', body: '培训 200 人次。', receiverUnitId: 'qzfb' });
    expect(b.status).toBe(201);

    // the office's queue has both; each unit sees only its own
    const queue = await request(t.app).get('/api/govinfo/reports').query({ box: 'review', status: 'submitted' }).set(as('liwenjing'));
    expect(queue.body.items.map((x: { title: string }) => x.title)).toEqual(
      expect.arrayContaining(['区财政局电子票据全覆盖', '区人社局开展技能培训']),
    );
    const mine = await request(t.app).get('/api/govinfo/reports').query({ box: 'mine' }).set(as('youjia'));
    expect(mine.body.items.map((x: { title: string }) => x.title)).toContain('区财政局电子票据全覆盖');
    expect(mine.body.items.map((x: { title: string }) => x.title)).not.toContain('区人社局开展技能培训');
    expect((await request(t.app).get(`/api/govinfo/reports/${b.body.id}`).set(as('staff'))).status).toBe(403);
    expect((await request(t.app).get('/api/govinfo/reports').query({ box: 'review' }).set(as('staff'))).status).toBe(403);

    // a submitter may not adopt; the office edits and adopts at two levels plus an endorsement
    expect((await request(t.app).post(`/api/govinfo/reports/${a.body.id}/adopt`).set(as('staff')).send({ level: 'district' })).status).toBe(
      403,
    );
    const view = await request(t.app).get(`/api/govinfo/reports/${a.body.id}`).set(as('liwenjing'));
    expect(view.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'adopt:district', 'adopt:city', 'adopt:endorsed', 'reject']));
    expect(
      (
        await request(t.app)
          .post(`/api/govinfo/reports/${a.body.id}/edit`)
          .set(as('liwenjing'))
          .send({ title: '区财政局实现非税电子票据全覆盖', body: '实现非税收入电子票据全覆盖，群众缴费“零跑腿”。' })
      ).status,
    ).toBe(201);
    for (const level of ['district', 'city', 'endorsed'])
      expect((await request(t.app).post(`/api/govinfo/reports/${a.body.id}/adopt`).set(as('liwenjing')).send({ level })).status).toBe(201);
    const twice = await request(t.app).post(`/api/govinfo/reports/${a.body.id}/adopt`).set(as('liwenjing')).send({ level: 'city' });
    expect(twice.status).toBe(409);
    const noReason = await request(t.app).post(`/api/govinfo/reports/${b.body.id}/reject`).set(as('liwenjing')).send({ reason: '' });
    expect(noReason.status).toBe(400);
    expect(
      (await request(t.app).post(`/api/govinfo/reports/${b.body.id}/reject`).set(as('liwenjing')).send({ reason: '与上月重复' })).status,
    ).toBe(201);
    expect(
      (await request(t.app).post(`/api/govinfo/reports/${b.body.id}/adopt`).set(as('liwenjing')).send({ level: 'district' })).status,
    ).toBe(422);

    const detail = (await request(t.app).get(`/api/govinfo/reports/${a.body.id}`).set(as('staff'))).body;
    expect(detail).toMatchObject({
      status: 'adopted',
      title: '区财政局实现非税电子票据全覆盖',
      points: 1 + 3 + 5 + 15,
      callId: call.body.id,
    });

    // ranking: czj +24, rsj +1 this month and this year
    const after = (await request(t.app).get('/api/govinfo/ranking').query({ period: month() }).set(as('staff'))).body.items;
    expect(pointsOf(after, 'czj') - pointsOf(before, 'czj')).toBe(24);
    expect(pointsOf(after, 'rsj') - pointsOf(before, 'rsj')).toBe(1);
    expect(after[0].rank).toBe(1);
    const year = (
      await request(t.app)
        .get('/api/govinfo/ranking')
        .query({ period: month().slice(0, 4) })
        .set(as('staff'))
    ).body.items;
    expect(pointsOf(year, 'czj')).toBeGreaterThanOrEqual(pointsOf(after, 'czj'));
    expect((await request(t.app).get('/api/govinfo/ranking').query({ period: '2026-13x' }).set(as('staff'))).status).toBe(400);
    const calls = (await request(t.app).get('/api/govinfo/calls').set(as('staff'))).body.items;
    expect(calls.find((c: { id: string }) => c.id === call.body.id)).toMatchObject({
      topic: '数字政府建设经验',
      reportCount: 1,
      status: 'open',
    });
  });

  it('every answer the web reads matches its declared schema', async () => {
    const check = schemaChecker(t);
    await check(tokens.staff, '/api/govinfo/reports?box=mine', '/api/govinfo/reports');
    await check(tokens.liwenjing, '/api/govinfo/reports?box=review&status=adopted', '/api/govinfo/reports');
    await check(tokens.staff, '/api/govinfo/calls', '/api/govinfo/calls');
    await check(tokens.staff, '/api/govinfo/rules', '/api/govinfo/rules');
    await check(tokens.staff, `/api/govinfo/ranking?period=${month()}`, '/api/govinfo/ranking');
  });

  it('exports the 通报 with the ranking', async () => {
    const r = await request(t.app)
      .get('/api/govinfo/ranking')
      .query({ period: month(), format: 'xlsx' })
      .set(as('staff'))
      .buffer(true)
      .parse(binaryBody);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as never);
    const ws = wb.getWorksheet('通报')!;
    expect(String(ws.getCell('A1').value)).toContain('政务信息报送采用情况通报');
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['排名', '单位', '报送', '区级采用', '市级采用', '领导批示', '积分']));
    const units = [] as string[];
    ws.eachRow((row, n) => {
      if (n > 3) units.push(String(row.getCell(2).value));
    });
    expect(units).toContain('区财政局');
    expect(Number(ws.getRow(4).getCell(8).value)).toBeGreaterThanOrEqual(Number(ws.getRow(5).getCell(8).value ?? 0));
  });
});
