import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness';

/** Leadership reports over the embedded DuckDB warehouse, fed by the sink from the demo district. */
describe('reports API', () => {
  let t: TestApp;
  let director: string;
  let staff: string;
  const range = () => ({ from: '2020-01-01T00:00:00Z', to: new Date(Date.now() + 86400_000).toISOString() });

  beforeAll(async () => {
    t = await startTestApp();
    expect(t.warehouseSink).not.toBeNull();
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    director = (await t.login('director')).accessToken;
    staff = (await t.login('staff')).accessToken;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists the declared reports for a leader', async () => {
    const r = await request(t.app).get('/api/reports').set('Authorization', `Bearer ${director}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { key: string }) => i.key)).toEqual(
      expect.arrayContaining([
        'process-throughput',
        'node-handling-time',
        'overdue-by-unit',
        'returned-rate',
        'documents-by-kind',
        'headcount',
      ]),
    );
  });

  it("applies the caller's data scope: a unit head sees only his unit's head-count", async () => {
    const r = await request(t.app).get('/api/reports/headcount').query(range()).set('Authorization', `Bearer ${director}`);
    expect(r.status).toBe(200);
    const units = new Set(r.body.rows.map((row: { unit: string }) => row.unit));
    expect([...units]).toEqual(['czj']);
    const people = r.body.rows.reduce((n: number, row: { people: number }) => n + row.people, 0);
    // 区财政局 in the demo district: every active user whose primary post is in czj
    expect(people).toBeGreaterThanOrEqual(12);
    expect(r.body.rows[0].unitName).toBe('区财政局');
  });

  it('drills down from his unit to its departments, and refuses another unit', async () => {
    const r = await request(t.app)
      .get('/api/reports/headcount')
      .query({ ...range(), unit: 'czj' })
      .set('Authorization', `Bearer ${director}`);
    expect(r.status).toBe(200);
    expect(r.body.columns[0].key).toBe('department');
    expect(new Set(r.body.rows.map((x: { department: string }) => x.department))).toContain('czj-ysk');
    const other = await request(t.app)
      .get('/api/reports/headcount')
      .query({ ...range(), unit: 'rsj' })
      .set('Authorization', `Bearer ${director}`);
    expect(other.status).toBe(403);
  });

  it('exports the same table as Excel with Chinese headers', async () => {
    const r = await request(t.app)
      .get('/api/reports/headcount')
      .query({ ...range(), format: 'xlsx' })
      .set('Authorization', `Bearer ${director}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('在编人数（按单位、职级）');
    expect(ws.getRow(3).values).toEqual([undefined, '单位', '单位名称', '职级', '人数']);
    expect(ws.rowCount).toBeGreaterThan(3);
  });

  it('refuses staff without report.read (403), bad parameters (400 naming the field) and unknown reports (404)', async () => {
    expect((await request(t.app).get('/api/reports').set('Authorization', `Bearer ${staff}`)).status).toBe(403);
    const bad = await request(t.app).get('/api/reports/headcount').query({ grain: 'decade' }).set('Authorization', `Bearer ${director}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('grain');
    const inj = await request(t.app)
      .get('/api/reports/headcount')
      .query({ unit: "czj' OR 1=1 --" })
      .set('Authorization', `Bearer ${director}`);
    expect(inj.status).toBe(400);
    const inverted = await request(t.app)
      .get('/api/reports/headcount')
      .query({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
      .set('Authorization', `Bearer ${director}`);
    expect(inverted.status).toBe(400);
    // a bare date is the start of that day in Asia/Shanghai: 2026-01-02 (= 01-01 16:00Z) comes before 04:00 Shanghai that day
    const bareDate = await request(t.app)
      .get('/api/reports/headcount')
      .query({ from: '2026-01-02', to: '2026-01-02T04:00:00+08:00' })
      .set('Authorization', `Bearer ${director}`);
    expect(bareDate.status, JSON.stringify(bareDate.body)).toBe(200);
    expect((await request(t.app).get('/api/reports/nope').set('Authorization', `Bearer ${director}`)).status).toBe(404);
    expect((await request(t.app).get('/api/reports')).status).toBe(401);
  });
});
