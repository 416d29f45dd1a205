/**
 * npm run bench:assets — 固定资产 targets (issue 16):
 *   1. list/search page p99 < 50 ms     searchAssets (projections/assets/queries.ts): unit scope × filters
 *                                        (status, keyword, 资产编号 prefix, department, date range), page + total
 *   2. department report < 500 ms       departmentCategoryReport of one unit at a past date (部门 × 分类)
 *   3. net book value of a unit at a    heldAt + straight-line value per asset (custody history: the unit's
 *      past date < 1 s                  assets that day, transfers counted from acceptance)
 *   4. import of 10,000 rows < 10 s     parse the Excel file (reports/assets/excel.ts) + registerMany through
 *                                        the command pipeline into a SQLite event store (one number range)
 * The read model is filled by the assets projection's own apply() from generated events (≈10 per asset:
 * 录入, 领用, 维修, 归还, 借用, transfers between units, disposals) on the embedded read store (SQLite).
 * Full size: BENCH_ASSETS=200000 (2,000,000 events). Default 40,000 assets (≈400,000 events) on this shared
 * machine; BENCH_QUICK=1: 10,000.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetCommands, type NewCard } from '../commands/assets/asset-commands';
import { AssetKit } from '../commands/assets/kit';
import { fixedClock } from '../commands/pipeline/clock';
import { CommandHandler } from '../commands/pipeline/handler';
import { createSqliteEventStore } from '../commands/store/sqlite-event-store';
import { SEEDED_CATEGORIES, type AssetEvent } from '../domain/assets';
import type { RecordedEvent } from '../domain/eventstore/envelope';
import { assetProjection } from '../projections/assets/projection';
import { departmentCategoryReport, heldAt, searchAssets, searchWhere, valueOf } from '../projections/assets/queries';
import { SqliteClient } from '../projections/sql/sqlite-client';
import { IMPORT_COLUMNS, parseImport } from '../reports/assets/excel';

const QUICK = process.env.BENCH_QUICK === '1';
const ASSETS = Number(process.env.BENCH_ASSETS ?? (QUICK ? 10_000 : 40_000));
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT ?? 10_000);
const RUNS = QUICK ? 20 : 60;
const UNITS = ['czj', 'rsj', 'qzfb', 'jgswj', 'fgj'];
const DEPTS = ['bgs', 'k1', 'k2', 'k3', 'k4'];
const CATS = SEEDED_CATEGORIES.filter((c) => c.usefulLifeMonths > 0);
const NAMES = ['台式计算机', '便携式计算机', '激光打印机', '复印机', '投影仪', '办公桌', '文件柜', '会议椅', '服务器', '乘用车'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rnd = (seed: number) => () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** ≈10 events for asset i, days apart, from 2019 on. */
function eventsOf(i: number, r: () => number): AssetEvent[] {
  const unitId = UNITS[i % UNITS.length]!;
  const dept = `${unitId}-${DEPTS[Math.floor(r() * DEPTS.length)]}`;
  const cat = CATS[i % CATS.length]!;
  const y = 2019 + Math.floor(r() * 7);
  const acq = `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const at = (k: number) => new Date(Date.parse(`${acq}T02:00:00Z`) + k * 40 * 86_400_000).toISOString();
  const assetId = `a${i}`;
  const name = NAMES[i % NAMES.length]!;
  const by = 'admin';
  const ev: AssetEvent[] = [
    {
      type: 'AssetRegistered',
      data: {
        assetId,
        assetNo: `${unitId.toUpperCase()}-${y}-${String(i).padStart(6, '0')}`,
        year: y,
        number: i + 1,
        category: cat,
        card: {
          name,
          specification: `型号 ${i % 97}`,
          serialNumber: `SN${i}`,
          quantity: 1,
          measureUnit: '台',
          originalValue: 100_000 + Math.floor(r() * 5_000_000),
          acquisitionDate: acq,
          fundingSource: '财政拨款',
          supplier: '区政采中心',
          warrantyEnd: '',
          location: `${100 + (i % 40)} 室`,
          photos: [],
        },
        custody: { unitId, departmentId: null, custodianId: null },
        source: { type: 'import', id: null },
        registeredBy: by,
        at: at(0),
      },
    },
    { type: 'AssetIssued', data: { assetId, departmentId: dept, custodianId: `u${i % 3000}`, by, at: at(1) } },
    { type: 'AssetRepairRequested', data: { assetId, repairId: `r${i}`, fault: '故障', photos: [], requestedBy: by, at: at(2) } },
    {
      type: 'AssetRepairCompleted',
      data: { assetId, repairId: `r${i}`, vendor: '服务站', cost: 20_000, outcome: 'repaired', note: '', by, at: at(3) },
    },
    { type: 'AssetReturned', data: { assetId, fromDepartmentId: dept, fromCustodianId: `u${i % 3000}`, by, at: at(4) } },
    {
      type: 'AssetLent',
      data: { assetId, borrowerId: `u${(i + 7) % 3000}`, borrowerDepartmentId: dept, dueDate: at(5).slice(0, 10), by, at: at(5) },
    },
    { type: 'AssetLoanReturned', data: { assetId, borrowerId: `u${(i + 7) % 3000}`, overdue: false, by, at: at(6) } },
    { type: 'AssetIssued', data: { assetId, departmentId: dept, custodianId: `u${(i + 1) % 3000}`, by, at: at(7) } },
  ];
  if (i % 10 === 0) {
    const to = {
      unitId: UNITS[(i + 1) % UNITS.length]!,
      departmentId: `${UNITS[(i + 1) % UNITS.length]}-bgs`,
      custodianId: `u${(i + 2) % 3000}`,
    };
    const from = { unitId, departmentId: dept, custodianId: `u${(i + 1) % 3000}` };
    ev.push(
      {
        type: 'AssetTransferRequested',
        data: { assetId, transferId: `t${i}`, processId: `p${i}`, from, to, reason: '调剂', requestedBy: by, at: at(8) },
      },
      {
        type: 'AssetTransferApproved',
        data: { assetId, transferId: `t${i}`, processId: `p${i}`, giverId: from.custodianId, receiverId: to.custodianId, at: at(8) },
      },
      { type: 'AssetHandedOver', data: { assetId, transferId: `t${i}`, receiverId: to.custodianId, by, onBehalfOf: null, at: at(9) } },
      {
        type: 'AssetTransferAccepted',
        data: { assetId, transferId: `t${i}`, from, to, netValue: 0, by, onBehalfOf: null, at: at(9), date: at(9).slice(0, 10) },
      },
    );
  } else if (i % 20 === 1) {
    ev.push(
      {
        type: 'AssetDisposalRequested',
        data: {
          assetId,
          disposalId: `d${i}`,
          processId: `q${i}`,
          method: '报废',
          reason: '老化',
          level: 'unit',
          netValue: 0,
          stockTakeId: null,
          requestedBy: by,
          at: at(8),
        },
      },
      { type: 'AssetDisposalApproved', data: { assetId, disposalId: `d${i}`, processId: `q${i}`, at: at(9) } },
      {
        type: 'AssetDisposed',
        data: {
          assetId,
          disposalId: `d${i}`,
          method: '报废',
          proceeds: 0,
          approvalRef: '',
          date: at(9).slice(0, 10),
          netValue: 0,
          by,
          at: at(9),
        },
      },
    );
  } else {
    ev.push({
      type: 'AssetAdjusted',
      data: {
        assetId,
        location: `${200 + (i % 40)} 室`,
        departmentId: dept,
        custodianId: `u${(i + 1) % 3000}`,
        stockTakeId: null,
        reason: '盘点调整',
        by,
        at: at(8),
      },
    });
  }
  return ev;
}

async function fill(db: SqlClient): Promise<{ events: number; seconds: number }> {
  const p = assetProjection();
  const t = (x: string) => x;
  await p.setup(db, t);
  const r = rnd(42);
  let position = 0;
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const b = batch;
    batch = [];
    await db.transaction(async (tx) => {
      for (const e of b) await p.apply(tx, e, t);
    });
  };
  const t0 = performance.now();
  for (let i = 0; i < ASSETS; i++) {
    for (const e of eventsOf(i, r)) {
      position++;
      const at = (e.data as { at: string }).at;
      batch.push({
        id: `e${position}`,
        streamId: `asset-a${i}`,
        revision: 0,
        position,
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        metadata: {},
        recordedAt: at,
      } as unknown as RecordedEvent);
    }
    if (batch.length >= 5_000) await flush();
  }
  await flush();
  return { events: position, seconds: (performance.now() - t0) / 1000 };
}
type SqlClient = import('../projections/engine/types').SqlClient;

async function importRows(dir: string): Promise<{ parse: number; register: number; total: number }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('资产卡片');
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (let i = 0; i < IMPORT_ROWS; i++)
    ws.addRow({
      categoryCode: 'A02010104',
      name: `台式计算机 ${i}`,
      specification: 'M720',
      serialNumber: `SN${i}`,
      quantity: 1,
      measureUnit: '台',
      originalValue: '5800.00',
      acquisitionDate: '2026-01-15',
      fundingSource: '财政拨款',
      supplier: '区政采中心',
      warrantyEnd: '',
      location: '301 室',
      departmentId: '',
      custodian: '',
    });
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const store = await createSqliteEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
  try {
    const handler = new CommandHandler(store, { clock: fixedClock('2026-03-05T03:00:00.000Z') });
    const kit = new AssetKit(handler);
    await kit.ensureSeeded();
    const assets = new AssetCommands(kit);
    const t0 = performance.now();
    const parsed = await parseImport(bytes);
    if (parsed.errors.length) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    const t1 = performance.now();
    const cards: NewCard[] = parsed.rows.map((r) => ({
      categoryCode: r.values.categoryCode,
      card: {
        name: r.values.name,
        specification: r.values.specification,
        serialNumber: r.values.serialNumber,
        quantity: r.quantity!,
        measureUnit: r.values.measureUnit,
        originalValue: r.originalValue!,
        acquisitionDate: r.values.acquisitionDate,
        fundingSource: r.values.fundingSource,
        supplier: r.values.supplier,
        warrantyEnd: '',
        location: r.values.location,
        photos: [],
      },
      custody: { unitId: 'czj', departmentId: null, custodianId: null },
    }));
    const made = await assets.registerMany(
      cards,
      { actorId: 'bench', unitId: 'czj', departmentId: null, correlationId: 'bench' },
      { type: 'import', id: 'bench' },
      cards.map((_, i) => `imp-${i}`),
    );
    if (made.length !== IMPORT_ROWS || made.at(-1)!.assetNo !== `CZJ-2026-${String(IMPORT_ROWS).padStart(5, '0')}`)
      throw new Error('import numbering');
    const t2 = performance.now();
    return { parse: (t1 - t0) / 1000, register: (t2 - t1) / 1000, total: (t2 - t0) / 1000 };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-assets-'));
  const db = new SqliteClient(join(dir, 'read.db'));
  try {
    console.error(`filling the read model: ${ASSETS} assets …`);
    const f = await fill(db);
    console.error(`  ${f.events} events in ${f.seconds.toFixed(1)} s`);
    const shapes: [string, Parameters<typeof searchAssets>[1], Parameters<typeof searchAssets>[2]][] = [
      ['unit, valid, page 1', { unitIds: ['czj'] }, { status: 'valid' }],
      ['unit, keyword 计算机', { unitIds: ['rsj'] }, { q: '计算机' }],
      ['unit, 资产编号 prefix', { unitIds: ['qzfb'] }, { assetNo: 'QZFB-2024-0001' }],
      ['department scope', { unitIds: null, departmentIds: ['czj-k1'] }, { status: 'valid' }],
      ['unit, date range + category', { unitIds: ['jgswj'] }, { from: '2022-01-01', to: '2023-12-31', categoryCode: CATS[3]!.code }],
      ['all units, disposed', { unitIds: null }, { status: 'disposed' }],
    ];
    const search: number[] = [];
    const byShape = new Map<string, number[]>(shapes.map(([name]) => [name, []]));
    for (let k = 0; k < RUNS; k++)
      for (const [name, scope, filter] of shapes) {
        const t0 = performance.now();
        await searchAssets(db, scope, filter, { offset: (k % 5) * 20, limit: 20 });
        const took = performance.now() - t0;
        search.push(took);
        byShape.get(name)!.push(took);
      }
    for (const [name, scope, filter] of shapes) {
      const times = byShape.get(name)!;
      const { sql, params } = searchWhere(scope, filter, db.dialect);
      const plan = async (q: string) =>
        (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`, params)).map((r) => r.detail).join('; ');
      console.error(`  search ${name}: p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))}`);
      console.error(`    page:  ${await plan(`SELECT * FROM asset_register ${sql} ORDER BY asset_no LIMIT 20`)}`);
      console.error(`    count: ${await plan(`SELECT COUNT(*) FROM asset_register ${sql}`)}`);
    }
    const report: number[] = [];
    const nbv: number[] = [];
    let nbvValue = 0;
    for (let k = 0; k < 5; k++) {
      const unit = UNITS[k % UNITS.length]!;
      let t0 = performance.now();
      await departmentCategoryReport(db, unit, '2024-06-30');
      report.push(performance.now() - t0);
      t0 = performance.now();
      nbvValue = (await heldAt(db, unit, '2023-12-31')).reduce((n, h) => n + valueOf(h.row, '2023-12-31').netValue, 0);
      nbv.push(performance.now() - t0);
    }
    console.error(`importing ${IMPORT_ROWS} rows …`);
    const imp = await importRows(dir);
    const perUnit = ASSETS / UNITS.length;
    const rows = [
      [
        'list/search page (p99)',
        `${ms(pct(search, 99))} (p50 ${ms(pct(search, 50))}, ${search.length} queries, 6 shapes)`,
        '< 50 ms',
        pct(search, 99) < 50,
      ],
      [
        'department report (部门 × 分类, one unit, past date)',
        `${ms(Math.max(...report))} max of ${report.length}`,
        '< 500 ms',
        Math.max(...report) < 500,
      ],
      [
        'net book value of a unit at a past date',
        `${ms(Math.max(...nbv))} max of ${nbv.length} (≈${Math.round(perUnit)} assets, ¥${(nbvValue / 100).toFixed(2)})`,
        '< 1 s',
        Math.max(...nbv) < 1000,
      ],
      [
        `import of ${IMPORT_ROWS.toLocaleString()} rows (parse + 录入)`,
        `${imp.total.toFixed(2)} s (parse ${imp.parse.toFixed(2)} s, 录入 ${imp.register.toFixed(2)} s)`,
        '< 10 s',
        imp.total < 10,
      ],
    ] as const;
    console.log(
      `\n### bench:assets — ${ASSETS.toLocaleString()} assets, ${f.events.toLocaleString()} events (SQLite read store; read model filled in ${f.seconds.toFixed(0)} s)\n`,
    );
    console.log('| measure | result | target | |');
    console.log('| --- | --- | --- | --- |');
    for (const [m, r, t, ok] of rows) console.log(`| ${m} | ${r} | ${t} | ${ok ? '✅' : '❌'} |`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
