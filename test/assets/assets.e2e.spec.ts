import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../api/seed/demo-district';
import { bookValueAt } from '../../domain/assets';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { instanceStreamId, openTasks } from '../../domain/workflow/instance.events';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';
import { rasterize, toolsMissing } from '../documents/raster';

/**
 * 固定资产 across two units through the real app (SQLite, demo district):
 *   采购 (许文博's colleague 游佳, 区财政局预算科) approved on the workflow engine → 验收 (杨帆, 资产管理员) creates
 *   two cards → 领用 to 预算科 → laptop A transferred to 区人社局就业促进科 (陶然): approved, 在途 on
 *   the giver's books, 游佳 hands over, 陶然 accepts → 陶然 reports a fault, 华振 records the repair →
 *   stock-take at 区财政局 (朱丽 ticks on the phone): laptop B missing → 盘亏核销 through disposal →
 *   closed → the point-in-time value of both units on three dates. Plus: Excel import with bad rows
 *   (nothing imported) and a good one, 20 concurrent 录入 gap-free, labels PDF with QR codes decoded back.
 */
let t: TestApp;
const tokens = new Map<string, string>();
const username = (userId: string) => DEMO_USERS.find((u) => u.id === userId)!.username;

async function tok(userId: string): Promise<string> {
  if (!tokens.has(userId)) tokens.set(userId, (await t.login(username(userId))).accessToken);
  return tokens.get(userId)!;
}
const get = async (who: string, url: string) =>
  request(t.app)
    .get(url)
    .set(bearer(await tok(who)));
const post = async (who: string, url: string, body: object = {}) =>
  request(t.app)
    .post(url)
    .set(bearer(await tok(who)))
    .send(body);

/** The answer is valid against the schema its route declares in /api/openapi.json (closed objects: the web's generated types). */
async function matchesSchema(name: string, body: unknown): Promise<void> {
  const doc = (await request(t.app).get('/api/openapi.json')).body as { components: { schemas: Record<string, object> } };
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(doc.components.schemas[name]!);
  expect(validate(body), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** Approves every open task of the process as its assignee, until it ends. */
async function approveAll(processId: string): Promise<string[]> {
  const approvers: string[] = [];
  for (let guard = 0; guard < 10; guard++) {
    const { state } = await t.platform.commands.load(instanceStreamId(processId), processInstanceDecider);
    const open = openTasks(state, 'approval');
    if (open.length === 0) break;
    for (const task of open) {
      const r = await post(task.assignee, `/api/tasks/${task.taskId}/approve`, { opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      approvers.push(task.assignee);
    }
  }
  return approvers;
}

const laptop = {
  name: '便携式计算机',
  categoryCode: 'A02010105',
  specification: 'ThinkPad X1',
  quantity: 2,
  measureUnit: '台',
  estimatedUnitPrice: 800_000,
};
let purchaseId = '';
let A = '';
let B = '';
let C = '';

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('purchase → cards → 领用 → transfer between units → repair → stock-take → disposal', () => {
  it('采购: a request with a missing price is refused with the field; a good one runs on the workflow engine', async () => {
    const bad = await post('you-jia', '/api/assets/purchases', {
      title: '预算科电脑更新',
      budgetLine: '2026 办公设备',
      fundingSource: '财政拨款',
      items: [{ ...laptop, estimatedUnitPrice: 0 }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('estimatedUnitPrice');
    const r = await post('you-jia', '/api/assets/purchases', {
      title: '预算科电脑更新',
      budgetLine: '2026 办公设备',
      fundingSource: '财政拨款',
      items: [laptop],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    purchaseId = r.body.id;
    // 16,000 元 < 10 万: 部门负责人 and 资产管理员, no unit leader
    const approvers = await approveAll(r.body.processId);
    expect(approvers).toEqual(['qin-tao', 'yang-fan']);
    const p = await get('yang-fan', `/api/assets/purchases/${purchaseId}`);
    expect(p.body.status).toBe('approved');
    expect(p.body.allowedActions).toEqual(['receive']);
  });

  it('验收 creates one card per unit, numbered gap-free in the unit and year', async () => {
    const r = await post('yang-fan', `/api/assets/purchases/${purchaseId}/receive`, {
      supplier: '区政府采购中心',
      acquisitionDate: '2026-06-15',
      items: [{ item: 0, unitPrice: 780_000, serialNumbers: ['PF-A', 'PF-B'], location: '财政局 402 室' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.assetNos).toHaveLength(2);
    [A, B] = r.body.assetIds;
    const year = new Date().getUTCFullYear();
    expect(r.body.assetNos).toEqual([`CZJ-${year}-00001`, `CZJ-${year}-00002`]);
    const list = await get('yang-fan', '/api/assets?q=thinkpad');
    expect(list.body.total).toBe(2);
    await matchesSchema('AssetList', list.body);
    expect(list.body.items[0]).toMatchObject({ status: 'in_stock', originalValue: 780_000, unitName: '区财政局' });
    // 区人社局's admin does not see 区财政局's register
    expect((await get('hua-zhen', '/api/assets?q=thinkpad')).body.total).toBe(0);
  });

  it('领用 to 预算科 and 游佳; a department of another unit is refused', async () => {
    const wrong = await post('yang-fan', `/api/assets/${A}/issue`, { departmentId: 'rsj-jyk', custodianId: 'tao-ran' });
    expect(wrong.status).toBe(400);
    for (const id of [A, B])
      expect((await post('yang-fan', `/api/assets/${id}/issue`, { departmentId: 'czj-ysk', custodianId: 'you-jia' })).status).toBe(201);
    const a = await get('you-jia', `/api/assets/${A}`);
    expect(a.status).toBe(200);
    expect(a.body.custody).toMatchObject({ departmentName: '预算科', custodianName: expect.any(String) });
    expect(a.body.allowedActions).toEqual(['repair']);
  });

  it('转移 to 区人社局: approved → 在途 on the giver’s books; both sides confirm; then it is on the receiver’s books', async () => {
    const r = await post('yang-fan', `/api/assets/${A}/transfer`, {
      toUnitId: 'rsj',
      toDepartmentId: 'rsj-jyk',
      toCustodianId: 'tao-ran',
      reason: '支援就业促进科',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const again = await post('yang-fan', `/api/assets/${A}/transfer`, { toUnitId: 'rsj', toDepartmentId: 'rsj-jyk', reason: '重复' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('asset.transfer_open');
    await approveAll(r.body.processId);
    const inTransit = await get('yang-fan', `/api/assets/${A}`);
    expect(inTransit.body).toMatchObject({
      inTransit: true,
      statusLabel: '在途',
      transfer: { giverId: 'you-jia', receiverId: 'tao-ran', handedOver: false },
    });
    expect(inTransit.body.custody.unitId).toBe('czj');
    // no transfer of an asset 在途
    expect(
      (await post('yang-fan', `/api/assets/${A}/transfer`, { toUnitId: 'czj', toDepartmentId: 'czj-gkk', reason: 'x' })).body.code,
    ).toBe('asset.in_transit');
    const transferId = inTransit.body.transfer.transferId;
    await matchesSchema('AssetView', inTransit.body);
    // who must act is in the unified inbox: the giver's 移交确认 (and, after it, the receiver's 接收确认)
    const todo = async (who: string) =>
      ((await get(who, '/api/inbox?box=todo')).body.items as { taskKind: string; link: string }[]).filter((i) => i.link === `/assets/${A}`);
    expect((await todo('you-jia')).map((i) => i.taskKind)).toEqual(['hand-over']);
    expect(await todo('tao-ran')).toEqual([]);
    // the receiver cannot accept before the hand-over; only the giver hands over
    expect((await post('tao-ran', `/api/assets/${A}/transfer/accept`, { transferId })).body.code).toBe('asset.not_handed_over');
    expect((await post('tao-ran', `/api/assets/${A}/transfer/hand-over`, { transferId })).status).toBe(403);
    const receiverView = await get('tao-ran', `/api/assets/${A}`);
    expect(receiverView.status).toBe(200);
    expect((await post('you-jia', `/api/assets/${A}/transfer/hand-over`, { transferId })).status).toBe(201);
    expect((await get('tao-ran', `/api/assets/${A}`)).body.allowedActions).toContain('accept');
    expect(await todo('you-jia')).toEqual([]);
    expect((await todo('tao-ran')).map((i) => i.taskKind)).toEqual(['accept']);
    const acc = await post('tao-ran', `/api/assets/${A}/transfer/accept`, { transferId });
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    expect(await todo('tao-ran')).toEqual([]);
    const after = await get('hua-zhen', `/api/assets/${A}`);
    expect(after.body).toMatchObject({ inTransit: false, custody: { unitId: 'rsj', departmentId: 'rsj-jyk', custodianId: 'tao-ran' } });
    const types = after.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'AssetRegistered',
      'AssetIssued',
      'AssetTransferRequested',
      'AssetTransferApproved',
      'AssetHandedOver',
      'AssetTransferAccepted',
    ]);
    const tr = await get('hua-zhen', '/api/assets/transfers');
    expect(tr.body.items[0]).toMatchObject({ assetId: A, status: 'accepted', from: { unitName: '区财政局' } });
  });

  it('维修: the custodian reports, the receiving unit’s admin records vendor, cost and outcome', async () => {
    const r = await post('tao-ran', `/api/assets/${A}/repairs`, { fault: '键盘失灵' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await get('hua-zhen', `/api/assets/${A}`);
    const repairId = a.body.repairs[0].repairId;
    expect(
      (await post('yang-fan', `/api/assets/${A}/repairs/${repairId}/complete`, { vendor: 'x', cost: 1, outcome: 'repaired' })).status,
    ).toBe(403);
    const done = await post('hua-zhen', `/api/assets/${A}/repairs/${repairId}/complete`, {
      vendor: '联想授权服务站',
      cost: 45_000,
      outcome: 'repaired',
      note: '更换键盘',
    });
    expect(done.status).toBe(201);
    expect((await get('tao-ran', `/api/assets/${A}`)).body.repairs[0]).toMatchObject({
      open: false,
      cost: 45_000,
      vendor: '联想授权服务站',
    });
  });

  it('盘点 with one missing: ticked by scanning the label URL, 盘亏 written off through disposal, closed', async () => {
    const c = await post('yang-fan', '/api/assets', {
      categoryCode: 'A05010000',
      name: '会议桌',
      quantity: 1,
      measureUnit: '张',
      originalValue: 320_000,
      acquisitionDate: '2026-11-20',
      fundingSource: '财政拨款',
      location: '财政局 402 室',
      departmentId: 'czj-ysk',
      custodianId: 'you-jia',
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    C = c.body.id;
    const plan = await post('yang-fan', '/api/assets/stocktakes', {
      title: '2026 年度资产盘点',
      departmentId: 'czj-ysk',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
      checkerIds: ['zhu-li'],
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const sid = plan.body.id;
    const view = await get('zhu-li', `/api/assets/stocktakes/${sid}`);
    expect(view.body.book.map((b: { assetId: string }) => b.assetId).sort()).toEqual([B, C].sort());
    expect(view.body.allowedActions).toEqual(['count']);
    expect((await post('you-jia', `/api/assets/stocktakes/${sid}/count`, { code: `https://oa.example.gov.cn/assets/${C}` })).status).toBe(
      403,
    );
    const tick = await post('zhu-li', `/api/assets/stocktakes/${sid}/count`, { code: `https://oa.example.gov.cn/assets/${C}` });
    expect(tick.status, JSON.stringify(tick.body)).toBe(201);
    expect(tick.body).toMatchObject({ onBook: true, asset: { id: C } });
    expect((await post('yang-fan', `/api/assets/stocktakes/${sid}/close`)).body.code).toBe('stocktake.not_finished');
    expect((await post('yang-fan', `/api/assets/stocktakes/${sid}/finish`)).status).toBe(201);
    const diffs = (await get('yang-fan', `/api/assets/stocktakes/${sid}`)).body.differences;
    expect(diffs.map((d: { key: string; label: string }) => [d.key, d.label])).toEqual([[`missing:${B}`, '盘亏']]);
    expect((await post('yang-fan', `/api/assets/stocktakes/${sid}/close`)).body.code).toBe('stocktake.unresolved');
    const w = await post('yang-fan', `/api/assets/stocktakes/${sid}/resolve`, {
      key: `missing:${B}`,
      action: 'write_off',
      note: '多方查找未果',
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect((await post('yang-fan', `/api/assets/stocktakes/${sid}/close`)).status).toBe(201);
    // the disposal (盘亏核销, 7,800 元 < 5 万: the unit's asset admin) is approved and completed
    const b = await get('yang-fan', `/api/assets/${B}`);
    expect(b.body.disposal).toMatchObject({ method: '盘亏核销', level: 'unit', stage: 'approving' });
    await approveAll(b.body.disposal.processId);
    const done = await post('yang-fan', `/api/assets/${B}/disposal/complete`, { disposalId: b.body.disposal.disposalId, proceeds: 0 });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const gone = await get('yang-fan', `/api/assets/${B}`);
    expect(gone.body).toMatchObject({ status: 'disposed', allowedActions: [] });
    expect(gone.body.timeline.at(-1).type).toBe('AssetDisposed');
    await matchesSchema('AssetView', gone.body);
    expect((await post('yang-fan', `/api/assets/${B}/repairs`, { fault: 'x' })).body.code).toBe('asset.disposed');
    expect((await get('yang-fan', '/api/assets?status=disposed')).body.items.map((i: { id: string }) => i.id)).toEqual([B]);
  });

  it('point-in-time value of each unit on three dates, computed from the streams', async () => {
    const report = async (unit: string, admin: string, date: string) => {
      const r = await get(admin, `/api/assets/reports/departments?unitId=${unit}&date=${date}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.total as { count: number; originalValue: number; accumulatedDepreciation: number; netValue: number };
    };
    // 2026-06-30: acquired this month — no depreciation yet
    expect(await report('czj', 'yang-fan', '2026-06-30')).toEqual({
      count: 2,
      originalValue: 1_560_000,
      accumulatedDepreciation: 0,
      netValue: 1_560_000,
    });
    // 2026-09-30: July–September, 3 × 780,000 / 72 = 32,500 each
    expect(await report('czj', 'yang-fan', '2026-09-30')).toEqual({
      count: 2,
      originalValue: 1_560_000,
      accumulatedDepreciation: 65_000,
      netValue: 1_495_000,
    });
    // 2026-11-30: 5 months = floor(780,000 × 5 / 72) = 54,166 each; the table (bought 11-20) not yet depreciated
    expect(await report('czj', 'yang-fan', '2026-11-30')).toEqual({
      count: 3,
      originalValue: 1_880_000,
      accumulatedDepreciation: 108_332,
      netValue: 1_771_668,
    });
    expect(await report('rsj', 'hua-zhen', '2026-11-30')).toMatchObject({ count: 0, netValue: 0 });
    // today: A is on 区人社局's books (accepted today), B has left the books, C remains at 区财政局
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const a = bookValueAt(
      { originalValue: 780_000, acquisitionDate: '2026-06-15', segments: [{ from: '2026-06-15', usefulLifeMonths: 72 }], disposedOn: null },
      today,
    );
    expect(await report('rsj', 'hua-zhen', today)).toEqual({
      count: 1,
      originalValue: 780_000,
      accumulatedDepreciation: a.accumulatedDepreciation,
      netValue: a.netValue,
    });
    expect((await report('czj', 'yang-fan', today)).count).toBe(1);
    const v = await get('tao-ran', `/api/assets/${A}/value?date=2026-09-30`);
    expect(v.body).toMatchObject({ onBooks: true, accumulatedDepreciation: 32_500, netValue: 747_500 });
  });

  it('warehouse facts: the 领导驾驶舱 report sums each unit’s assets on the books (transfer moved A, disposal removed B)', async () => {
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    // `to` is exclusive: the day after today (Shanghai) keeps today's 录入 in
    const to = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    const r = await get('director', `/api/reports/asset-value-by-unit?from=2026-01-01&to=${to}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.rows as { unit: string; category: string; assets: number; originalValue: number }[];
    expect(rows.every((x) => x.unit === 'czj')).toBe(true); // the director's data scope: his unit
    const sum = (cat: string) => rows.filter((x) => x.category === cat).reduce((n, x) => n + x.assets, 0);
    expect(sum('A02010105')).toBe(0); // A went to 区人社局, B left the books
    expect(sum('A05010000')).toBe(1); // the 会议桌
    const rsj = await get('cao-jun', `/api/reports/asset-value-by-unit?from=2026-01-01&to=${to}`);
    const laptops = (rsj.body.rows as { category: string; assets: number; originalValue: number }[]).filter(
      (x) => x.category === 'A02010105',
    );
    expect(laptops.reduce((n, x) => n + x.originalValue, 0)).toBe(780_000);
  });
});

describe('Excel import, concurrency, labels', () => {
  const workbook = async (rows: (string | number)[][]) => {
    const tpl = await request(t.app)
      .get('/api/assets/import-template')
      .set(bearer(await tok('yang-fan')))
      .buffer(true)
      .parse(binaryBody);
    expect(tpl.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.spliceRows(2, 1);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const row = (over: Record<number, string | number> = {}) => {
    const r: (string | number)[] = [
      'A02010104',
      '台式计算机',
      'M720',
      'SN',
      1,
      '台',
      '5800.00',
      '2026-10-08',
      '财政拨款',
      '区政采中心',
      '',
      '301 室',
      'czj-gkk',
      'lvpeng',
    ];
    for (const [k, v] of Object.entries(over)) r[Number(k)] = v;
    return r;
  };
  const upload = async (bytes: Buffer) =>
    request(t.app)
      .post('/api/assets/import')
      .set(bearer(await tok('yang-fan')))
      .set('Content-Type', 'application/octet-stream')
      .send(bytes);

  it('reports every bad row with its number and reason and imports nothing', async () => {
    const before = (await get('yang-fan', '/api/assets')).body.total;
    const bytes = await workbook([row(), row({ 6: '12.345' }), row({ 0: 'Z999' }), row({ 7: '2099-01-01' }), row({ 13: 'taoran' })]);
    const r = await upload(bytes);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('asset.import_invalid');
    expect(r.body.rows.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6]);
    expect(r.body.errors[0].message).toContain('第 3 行');
    expect((await get('yang-fan', '/api/assets')).body.total).toBe(before);
  });

  it('imports a good file in one contiguous range of numbers', async () => {
    const r = await upload(await workbook([row(), row({ 1: '显示器' }), row({ 1: '打印机', 12: '', 13: '' })]));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.imported).toBe(3);
    const year = new Date().getUTCFullYear();
    expect(r.body.assetNos).toEqual([`CZJ-${year}-00004`, `CZJ-${year}-00006`]);
    const printer = (await get('yang-fan', '/api/assets?name=打印机')).body.items[0];
    expect(printer).toMatchObject({ status: 'in_stock', originalValue: 580_000, custodianId: null });
  });

  it('20 concurrent 录入 get consecutive numbers, none shared, none skipped', async () => {
    const token = await tok('hua-zhen');
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.app)
          .post('/api/assets')
          .set(bearer(token))
          .send({
            categoryCode: 'A05010000',
            name: `办公椅 ${i}`,
            quantity: 1,
            measureUnit: '把',
            originalValue: 60_000,
            acquisitionDate: '2026-10-01',
            fundingSource: '财政拨款',
          }),
      ),
    );
    for (const r of rs) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(rs.map((r) => r.body.assetNo).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `RSJ-${year}-${String(i + 1).padStart(5, '0')}`),
    );
  });

  it('labels: an A4 PDF whose QR codes decode back to the asset pages', async () => {
    if (toolsMissing()) return;
    const pdf = await request(t.app)
      .get(`/api/assets/labels?ids=${C}`)
      .set(bearer(await tok('yang-fan')))
      .buffer(true)
      .parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const [page] = rasterize(pdf.body as Buffer, 150);
    // the first label: top-left 70 × 37 mm
    const w = Math.round((70 / 25.4) * 150);
    const h = Math.round((42 / 25.4) * 150);
    const crop = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w * 4; x++) crop[y * w * 4 + x] = page!.data[y * page!.width * 4 + x]!;
    const code = jsQR(crop, w, h);
    expect(code?.data).toMatch(new RegExp(`^https?://[^/]+/assets/${C}$`));
    const other = await get('hua-zhen', `/api/assets/labels?ids=${C}`);
    expect(other.status).toBe(403);
  });
});
