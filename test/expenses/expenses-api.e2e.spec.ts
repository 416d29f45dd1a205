import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';

/**
 * 费用 on the real app (SQLite, demo district): a 国内出差 approved by attendance (its TripApproved
 * appended through the event store, as the attendance module does) → 许文博 files a travel claim
 * from it (allowances by 财行〔2013〕531号, a hotel over its cap needs a reason) → budget refused with
 * the numbers, then reserved → 科长 and 局长 approve on the workflow engine → the budget becomes
 * spending → 会计 pays once (a second payment refused), reverses, pays again → the ledger row, seen
 * exactly by 科员 / 科长 / 局长 / 会计 / 财政局 → Excel export → 资金支付统计表.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
let keyN = 0;
const key = () => ({ 'Idempotency-Key': `exp-e2e-${++keyN}` });
const TAG = 'E2E核对';

let year = 0;
const TRIP = {
  tripId: 'trip-e2e-1',
  personId: 'staff',
  companions: ['qin-tao'],
  destinations: ['广州', '深圳'],
  startDate: '',
  endDate: '',
  purpose: '赴广州、深圳调研预算绩效管理',
  transport: '高铁',
};

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'qintao', 'director', 'finance', 'shiyun', 'jinyue', 'lvpeng', 'hejing', 'taoran', 'weijian']) {
    tokens[u] = (await t.login(u)).accessToken;
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  year = Number(today.slice(0, 4));
  // a trip in the past month (before today, within this year where possible)
  const end = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000 * 3).toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000 * 2).toISOString().slice(0, 10);
  TRIP.startDate = start;
  TRIP.endDate = end;
  // attendance's TripApproved (contract A), on the trip application's own stream
  await t.platform.store.append(`trip-application-${TRIP.tripId}`, [
    {
      type: 'TripApproved',
      data: TRIP,
      metadata: { actorId: 'system', correlationId: 'trip-e2e', occurredAt: new Date().toISOString() },
    },
  ]);
  await t.platform.projections.waitFor(await t.platform.store.headPosition());
});
afterAll(async () => {
  await t?.stop();
});

const budget = (user: string, unitId: string, departmentId: string, category: string, amount: number, allowOverspend = false) =>
  request(t.app)
    .put('/api/expenses/budgets')
    .set(as(user))
    .set(key())
    .send({ unitId, departmentId, year, category, amount, allowOverspend });

async function myTask(user: string, claimId: string): Promise<string> {
  const r = await request(t.app).get(`/api/expenses/claims/${claimId}`).set(as(user));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.allowedActions).toContain('approve');
  return r.body.process.task.taskId as string;
}
async function approve(user: string, claimId: string, opinion = '同意') {
  const taskId = await myTask(user, claimId);
  const r = await request(t.app).post(`/api/tasks/${taskId}/approve`).set(as(user)).set(key()).send({ opinion });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}
const claimOf = async (user: string, id: string) => (await request(t.app).get(`/api/expenses/claims/${id}`).set(as(user))).body;

describe('费用 e2e: trip → claim → approval → payment → ledger', () => {
  /** What the demo already spent and reserved on 预算科's 差旅费 line (the demo seed has a paid claim there). */
  let used = 0;
  let travelId = '';
  let officeId = '';
  let meetingId = '';
  const hotelLines = () => [
    { date: TRIP.startDate, item: '城市间交通费', amount: 21450, invoiceNo: 'G6011' },
    { date: TRIP.startDate, item: '住宿费', amount: 42000, invoiceNo: 'FP001', city: '广州', nights: 1 },
    { date: addDays(TRIP.startDate, 1), item: '住宿费', amount: 52000, invoiceNo: 'FP002', city: '深圳', nights: 1 },
  ];

  it('finance sets the budget lines of its own unit only (财政局 of every unit)', async () => {
    const mine = await request(t.app).get('/api/expenses/budgets').query({ for: 'mine', category: '差旅费', year }).set(as('staff'));
    expect(mine.status).toBe(200);
    used = mine.body.items[0].spent + mine.body.items[0].reserved;
    // the demo's paid travel claim of 许文博: 214.50 + 438 + 488 + 74.50 + 3 × 100 + 3 × 80 元
    expect(mine.body.items[0]).toMatchObject({ spent: 175500, reserved: 0 });
    const demo = await request(t.app).get('/api/expenses/ledger').set(as('finance'));
    expect(demo.body.items.map((x: { status: string }) => x.status).sort()).toEqual(['approved', 'paid', 'paid', 'submitted']);
    const below = await budget('finance', 'czj', 'czj-ysk', '差旅费', used - 1);
    expect(below.status).toBe(422);
    expect(below.body.code).toBe('expense.budget_below_used');
    expect((await budget('finance', 'czj', 'czj-ysk', '差旅费', used + 100_000)).status).toBe(201);
    expect((await budget('finance', 'czj', 'czj-gkk', '办公费', 500_000)).status).toBe(201);
    const other = await budget('finance', 'rsj', 'rsj-jyk', '会议费', 500_000);
    expect(other.status).toBe(403);
    expect((await budget('shiyun', 'rsj', 'rsj-jyk', '会议费', 5_000_000)).status).toBe(201);
    const wrongDept = await budget('shiyun', 'rsj', 'czj-ysk', '会议费', 1);
    expect(wrongDept.status).toBe(400);
    expect((await budget('staff', 'czj', 'czj-ysk', '差旅费', 1)).status).toBe(403);
  });

  it('the traveller and the companion see the approved trip; the allowance preview shows the rules and caps', async () => {
    for (const u of ['staff', 'qintao']) {
      const r = await request(t.app).get('/api/expenses/trips').set(as(u));
      expect(r.status).toBe(200);
      expect(r.body.items.map((x: { tripId: string }) => x.tripId)).toContain(TRIP.tripId);
    }
    const none = await request(t.app).get('/api/expenses/trips').set(as('lvpeng'));
    expect(none.body.items).toEqual([]);
    const p = await request(t.app)
      .post('/api/expenses/allowance-preview')
      .set(as('staff'))
      .send({ tripId: TRIP.tripId, lines: hotelLines() });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    // 3 days × 100 元 meals, 3 × 80 元 local transport; 其他人员 caps 广州 450 元, 深圳 500 元
    expect(p.body).toMatchObject({ days: 3, rank: '科员', gradeLabel: '其他人员', meals: 30000, localTransport: 24000 });
    expect(p.body.hotels).toEqual([
      { line: 1, cap: 45000, overCap: false },
      { line: 2, cap: 50000, overCap: true },
    ]);
  });

  it('a travel claim: the hotel over its cap needs a reason (400 naming the line), then it is drafted with the computed lines', async () => {
    const body = {
      kind: '差旅费',
      tripId: TRIP.tripId,
      title: `广州深圳调研差旅费 ${TAG}`,
      payee: '许文博',
      account: '6222020200112233445',
    };
    const bad = await request(t.app)
      .post('/api/expenses/claims')
      .set(as('staff'))
      .set(key())
      .send({ ...body, lines: hotelLines() });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('expense.over_cap_reason');
    expect(bad.body.errors?.[0]?.field ?? bad.body.field).toBe('lines[2].reason');
    const lines = hotelLines().map((l, i) => (i === 2 ? { ...l, reason: '会议协议酒店，标准间满房' } : l));
    const ok = await request(t.app)
      .post('/api/expenses/claims')
      .set(as('staff'))
      .set(key())
      .send({ ...body, lines });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    travelId = ok.body.id;
    const again = await request(t.app)
      .post('/api/expenses/claims')
      .set(as('staff'))
      .set(key())
      .send({ ...body, lines });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('expense.trip_already_claimed');
    const c = await claimOf('staff', travelId);
    // 214.50 + 420 + 520 + 300 + 240 = 1,694.50 元
    expect(c.amount).toBe(169450);
    expect(c.trip.companionNames).toEqual(['秦涛']);
    expect(c.lines.map((l: { item: string; cap: number | null; overCap: boolean }) => [l.item, l.cap, l.overCap])).toEqual([
      ['城市间交通费', null, false],
      ['住宿费', 45000, false],
      ['住宿费', 50000, true],
      ['伙食补助费', null, false],
      ['市内交通费', null, false],
    ]);
    expect(c.allowedActions).toEqual(['edit', 'submit']);
    expect(c.budget).toMatchObject({ amount: used + 100_000, remaining: 100_000 });
    // 发票: a PDF is hashed, listed and downloaded as uploaded; a renamed text file is refused
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const up = await request(t.app)
      .post(`/api/expenses/claims/${travelId}/invoices`)
      .set(as('staff'))
      .set(key())
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', encodeURIComponent('深圳住宿发票.pdf'))
      .send(pdf);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const fake = await request(t.app)
      .post(`/api/expenses/claims/${travelId}/invoices`)
      .set(as('staff'))
      .set(key())
      .set('Content-Type', 'application/octet-stream')
      .set('X-File-Name', 'a.pdf')
      .send(Buffer.from('not a pdf'));
    expect(fake.status).toBe(400);
    const withInvoice = await claimOf('staff', travelId);
    expect(withInvoice.attachments).toHaveLength(1);
    expect(withInvoice.attachments[0]).toMatchObject({ fileName: '深圳住宿发票.pdf', contentType: 'application/pdf', size: pdf.length });
    const dl = await request(t.app)
      .get(`/api/expenses/claims/${travelId}/invoices/${withInvoice.attachments[0].id}`)
      .set(as('staff'))
      .buffer(true)
      .parse(binaryBody);
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body as Buffer, pdf)).toBe(0);
    // a colleague of the same department does not see it
    const peer = await request(t.app).get(`/api/expenses/claims/${travelId}`).set(as('lvpeng'));
    expect(peer.status).toBe(403);
  });

  it('submitting over the remaining budget is refused with the numbers; within budget it reserves and starts the approval', async () => {
    const over = await request(t.app).post(`/api/expenses/claims/${travelId}/submit`).set(as('staff')).set(key());
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('expense.budget_exceeded');
    expect(over.body.detail).toContain('可用 1,000.00 元');
    expect(over.body.detail).toContain('本次报销 1,694.50 元');
    expect((await claimOf('staff', travelId)).status).toBe('draft');
    expect((await budget('finance', 'czj', 'czj-ysk', '差旅费', used + 1_000_000)).status).toBe(201);
    const ok = await request(t.app).post(`/api/expenses/claims/${travelId}/submit`).set(as('staff')).set(key());
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const c = await claimOf('staff', travelId);
    expect(c).toMatchObject({ status: 'submitted', approval: 'unit' });
    expect(c.budget).toMatchObject({ reserved: 169450, remaining: 1_000_000 - 169450 });
    expect(c.process.nodes.map((n: { name: string; state: string }) => [n.name, n.state])).toEqual(
      expect.arrayContaining([
        ['部门负责人审核', 'current'],
        ['单位负责人审批', 'pending'],
      ]),
    );
    expect(c.allowedActions).toEqual(['withdraw']);
  });

  it('科长 then 局长 approve (the hotel over its cap sends it to the unit leader); the reservation becomes spending', async () => {
    // the 科长's unified 待办 opens the claim page
    const inbox = await request(t.app).get('/api/inbox').query({ box: 'todo' }).set(as('qintao'));
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((r: { link: string }) => r.link)).toContain(`/expenses/claims/${travelId}`);
    await approve('qintao', travelId, '情况属实');
    expect((await claimOf('staff', travelId)).status).toBe('submitted');
    await approve('director', travelId, '同意报销');
    const c = await claimOf('staff', travelId);
    expect(c.status).toBe('approved');
    expect(c.budget).toMatchObject({ reserved: 0, spent: used + 169450 });
    expect(c.process.log.map((l: { actorName: string; opinion: string }) => [l.actorName, l.opinion])).toEqual(
      expect.arrayContaining([
        ['秦涛', '情况属实'],
        ['沈振华', '同意报销'],
      ]),
    );
  });

  it('a rejected claim releases its reservation and returns to 草稿', async () => {
    const r = await request(t.app)
      .post('/api/expenses/claims')
      .set(as('lvpeng'))
      .set(key())
      .send({
        kind: '办公费',
        title: `打印耗材 ${TAG}`,
        payee: '吕鹏',
        account: '6222020200199887766',
        lines: [{ date: TRIP.startDate, item: '硒鼓', amount: 128000, invoiceNo: 'FP-9' }],
      });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    officeId = r.body.id;
    expect((await request(t.app).post(`/api/expenses/claims/${officeId}/submit`).set(as('lvpeng')).set(key())).status).toBe(201);
    expect((await claimOf('lvpeng', officeId)).budget).toMatchObject({ reserved: 128000 });
    const taskId = await myTask('hejing', officeId);
    const rej = await request(t.app).post(`/api/tasks/${taskId}/reject`).set(as('hejing')).set(key()).send({ opinion: '请走集中采购' });
    expect(rej.status).toBe(201);
    const c = await claimOf('lvpeng', officeId);
    expect(c.status).toBe('draft');
    expect(c.lastOutcome).toMatchObject({ outcome: 'rejected', opinion: '请走集中采购' });
    expect(c.budget).toMatchObject({ reserved: 0, spent: 0 });
    // resubmitted: reserved again, approved by the department (≤ 5,000 元)
    expect((await request(t.app).post(`/api/expenses/claims/${officeId}/submit`).set(as('lvpeng')).set(key())).status).toBe(201);
    await approve('hejing', officeId);
    expect((await claimOf('lvpeng', officeId)).status).toBe('approved');
  });

  it('finance pays once: the claimant cannot pay, a second payment is refused, a reversal needs a reason and allows paying again', async () => {
    const pay = (user: string, voucherNo: string) =>
      request(t.app)
        .post(`/api/expenses/claims/${travelId}/pay`)
        .set(as(user))
        .set(key())
        .send({ paidOn: TRIP.endDate, method: '银行转账', voucherNo });
    expect((await pay('staff', 'X')).status).toBe(403);
    expect((await pay('jinyue', 'X')).status).toBe(403); // another unit's 会计
    expect((await claimOf('finance', travelId)).allowedActions).toEqual(['pay']);
    expect((await pay('finance', '记-001')).status).toBe(201);
    const twice = await pay('finance', '记-002');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('expense.already_paid');
    expect(twice.body.detail).toContain('记-001');
    const noReason = await request(t.app)
      .post(`/api/expenses/claims/${travelId}/reverse`)
      .set(as('finance'))
      .set(key())
      .send({ reason: '' });
    expect(noReason.status).toBe(400);
    const rev = await request(t.app)
      .post(`/api/expenses/claims/${travelId}/reverse`)
      .set(as('finance'))
      .set(key())
      .send({ reason: '收款账号有误，银行退回' });
    expect(rev.status).toBe(201);
    expect((await claimOf('finance', travelId)).status).toBe('approved');
    expect((await pay('finance', '记-003')).status).toBe(201);
    expect((await claimOf('staff', travelId)).payment).toMatchObject({ voucherNo: '记-003', amount: 169450 });
  });

  it('another unit: 陶然 (人社局) 会议费 approved by 魏坚 and paid by that unit’s 会计', async () => {
    const r = await request(t.app)
      .post('/api/expenses/claims')
      .set(as('taoran'))
      .set(key())
      .send({
        kind: '会议费',
        title: `就业工作座谈会 ${TAG}`,
        payee: '陶然',
        account: '6222020200155554444',
        lines: [{ date: TRIP.startDate, item: '会议室租金', amount: 300000, invoiceNo: 'FP-77' }],
      });
    expect(r.status).toBe(201);
    meetingId = r.body.id;
    expect((await request(t.app).post(`/api/expenses/claims/${meetingId}/submit`).set(as('taoran')).set(key())).status).toBe(201);
    await approve('weijian', meetingId);
    const pay = await request(t.app)
      .post(`/api/expenses/claims/${meetingId}/pay`)
      .set(as('jinyue'))
      .set(key())
      .send({ paidOn: TRIP.endDate, method: '公务卡', voucherNo: '人社-01' });
    expect(pay.status).toBe(201);
  });

  it('the same ledger query as 科员, 科长, 局长, 会计, 财政局 gives exactly their rows', async () => {
    const rows = async (user: string) => {
      const r = await request(t.app).get('/api/expenses/ledger').query({ q: TAG, pageSize: 100 }).set(as(user));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as { claimId: string }[]).map((x) => x.claimId).sort();
    };
    const sorted = (...ids: string[]) => [...ids].sort();
    expect(await rows('staff')).toEqual([travelId]); // 科员: own
    expect(await rows('qintao')).toEqual([travelId]); // 科长 预算科: the department
    expect(await rows('hejing')).toEqual([officeId]); // 科长 国库科
    expect(await rows('director')).toEqual(sorted(travelId, officeId)); // 局长: the unit
    expect(await rows('finance')).toEqual(sorted(travelId, officeId)); // 会计 of 区财政局: the unit
    expect(await rows('jinyue')).toEqual([meetingId]); // 会计 of 人社局: that unit
    expect(await rows('shiyun')).toEqual(sorted(travelId, officeId, meetingId)); // 财政局: every unit
  });

  it('ledger filters, totals and pagination', async () => {
    const q = (query: Record<string, string | number>) =>
      request(t.app)
        .get('/api/expenses/ledger')
        .query({ q: TAG, ...query })
        .set(as('shiyun'));
    const p1 = await q({ pageSize: 2, page: 1 });
    expect(p1.body).toMatchObject({ total: 3, page: 1, pageSize: 2, scope: 'all' });
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.totals).toEqual({ count: 3, amount: 169450 + 128000 + 300000, paid: 169450 + 300000, approved: 128000, submitted: 0 });
    const p2 = await q({ pageSize: 2, page: 2 });
    expect(p2.body.items).toHaveLength(1);
    expect((await q({ unitId: 'rsj' })).body.items.map((x: { claimId: string }) => x.claimId)).toEqual([meetingId]);
    expect((await q({ kind: '差旅费' })).body.totals.amount).toBe(169450);
    expect((await q({ minAmount: 150000, maxAmount: 200000 })).body.items.map((x: { claimId: string }) => x.claimId)).toEqual([travelId]);
    expect((await q({ status: 'approved' })).body.items.map((x: { claimId: string }) => x.claimId)).toEqual([officeId]);
    expect((await q({ claimantId: 'lv-peng' })).body.total).toBe(1);
    const bad = await q({ minAmount: 'abc' });
    expect(bad.status).toBe(400);
  });

  it('Excel export of the ledger (streamed) has a header, the rows and the total', async () => {
    const r = await request(t.app)
      .get('/api/expenses/ledger')
      .query({ q: TAG, format: 'xlsx' })
      .set(as('finance'))
      .buffer(true)
      .parse(binaryBody);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as never);
    const ws = wb.getWorksheet('费用台账')!;
    const values = (i: number) => (ws.getRow(i).values as unknown[]).slice(1);
    expect(values(1).slice(0, 7)).toEqual(['填报日期', '单位', '部门', '报销人', '类别', '事由', '金额（元）']);
    const body = [2, 3].map(values);
    expect(body.map((v) => v[3]).sort()).toEqual(['吕鹏', '许文博'].sort());
    expect(body.find((v) => v[3] === '许文博')!.slice(1, 8)).toEqual([
      '区财政局',
      '预算科',
      '许文博',
      '差旅费',
      `广州深圳调研差旅费 ${TAG}`,
      1694.5,
      '已支付',
    ]);
    expect(values(4).slice(0, 1)).toEqual(['合计']);
    expect(values(4)[6]).toBe(2974.5);
  });

  it('资金支付统计表: payments by unit, category and month, with budget, spent, reserved and remaining', async () => {
    const r = await request(t.app).get('/api/expenses/stats').query({ year }).set(as('shiyun'));
    expect(r.status).toBe(200);
    const czj = r.body.items.find((x: { unitId: string; category: string }) => x.unitId === 'czj' && x.category === '差旅费');
    expect(czj).toMatchObject({ unitName: '区财政局', reserved: 0 });
    // the unit's 差旅费 lines together: 预算科's line now spends the demo's claim plus this one
    expect(czj.spent).toBeGreaterThanOrEqual(used + 169450);
    expect(czj.remaining).toBe(czj.budget - czj.spent - czj.reserved);
    expect(czj.paid).toBeGreaterThanOrEqual(169450);
    expect(czj.months[Number(TRIP.endDate.slice(5, 7)) - 1]).toBeGreaterThanOrEqual(169450);
    const mine = await request(t.app).get('/api/expenses/stats').query({ year }).set(as('jinyue'));
    expect(mine.body.items.every((x: { unitId: string }) => x.unitId === 'rsj')).toBe(true);
  });

  it('the 领导驾驶舱 panel (warehouse facts) shows the same paid amount as the ledger, per category and in total', async () => {
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    const ledger = await request(t.app).get('/api/expenses/ledger').set(as('shiyun'));
    // up to tomorrow: the report's day buckets end before the day of `to` (a reversal recorded today must be in)
    const to = new Date(t.clock.now.getTime() + 2 * 86400_000).toISOString().slice(0, 10);
    const report = await request(t.app).get('/api/reports/expense-by-category').query({ to }).set(as('shiyun'));
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const rows = report.body.rows as { category: string; paid: number }[];
    expect(rows.reduce((a, r) => a + Number(r.paid), 0)).toBe(ledger.body.totals.paid);
    for (const kind of ['差旅费', '会议费']) {
      const l = await request(t.app).get('/api/expenses/ledger').query({ kind }).set(as('shiyun'));
      expect(Number(rows.find((r) => r.category === kind)?.paid)).toBe(l.body.totals.paid);
    }
    // the reversed payment of this test is netted out: 差旅费 counts 许文博's claim once
    expect(Number(rows.find((r) => r.category === '差旅费')?.paid)).toBeGreaterThanOrEqual(169450);
    // a unit's 会计 sees only that unit's spending
    const rsj = await request(t.app).get('/api/reports/expense-by-category').query({ to }).set(as('jinyue'));
    const rsjLedger = await request(t.app).get('/api/expenses/ledger').set(as('jinyue'));
    expect((rsj.body.rows as { paid: number }[]).reduce((a, r) => a + Number(r.paid), 0)).toBe(rsjLedger.body.totals.paid);
  });

  it("the claim and ledger answers match their declared response schemas (from which the web's types are generated)", async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const detail = ajv.compile(doc.components.schemas['ExpenseClaimDetail']!);
    const ledger = ajv.compile(doc.components.schemas['ExpenseLedgerPage']!);
    for (const [user, id] of [
      ['staff', travelId],
      ['qintao', travelId],
      ['finance', officeId],
      ['jinyue', meetingId],
    ] as const) {
      const c = await claimOf(user, id);
      expect(detail(c), `${user} ${id}: ${ajv.errorsText(detail.errors)}`).toBe(true);
    }
    for (const user of ['staff', 'director', 'shiyun']) {
      const l = (await request(t.app).get('/api/expenses/ledger').set(as(user))).body;
      expect(ledger(l), `${user}: ${ajv.errorsText(ledger.errors)}`).toBe(true);
    }
  });

  it('差旅费标准表: 财政局 publishes a new table from tomorrow; a unit 会计 may not; none is back-dated; old claims keep their rates', async () => {
    const rates = await request(t.app).get('/api/expenses/rates').set(as('staff'));
    expect(rates.body.items.map((x: { tableId: string }) => x.tableId)).toEqual(['cx-2016-71']);
    const tomorrow = addDays(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), 1);
    const table = {
      tableId: 'e2e-next',
      name: '调整后的差旅费标准（测试）',
      effectiveFrom: tomorrow,
      source: '测试文件',
      mealPerDay: 15000,
      highMealPerDay: 18000,
      localTransportPerDay: 10000,
      lodging: [{ province: '广东', city: '广州', minister: 100000, bureau: 60000, other: 50000 }],
    };
    expect((await request(t.app).post('/api/expenses/rates').set(as('finance')).set(key()).send(table)).status).toBe(403);
    const back = await request(t.app)
      .post('/api/expenses/rates')
      .set(as('shiyun'))
      .set(key())
      .send({ ...table, tableId: 'e2e-back', effectiveFrom: TRIP.startDate });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('expense.rate_table_backdated');
    expect((await request(t.app).post('/api/expenses/rates').set(as('shiyun')).set(key()).send(table)).status).toBe(201);
    // the paid claim keeps the allowance it was computed with
    const c = await claimOf('staff', travelId);
    expect(c.allowance).toMatchObject({ meals: 30000, localTransport: 24000, tablesUsed: ['cx-2016-71'] });
    // the companion's claim of the same (past) trip is still computed at the rates of its travel dates
    const p = await request(t.app).post('/api/expenses/allowance-preview').set(as('qintao')).send({ tripId: TRIP.tripId, lines: [] });
    expect(p.body).toMatchObject({ meals: 30000, localTransport: 24000, tablesUsed: ['cx-2016-71'] });
  });
});

function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
