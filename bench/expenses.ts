/**
 * npm run bench:expenses — 费用 targets (issue 15):
 *  1. filtered 费用台账 page p99 < 50 ms over 1,000,000 claims: ledgerPage (rows + total) as the five
 *     roles see it (科员 own, 科长 department, 会计 unit, 财政局 all) with filters (category, status,
 *     period, amount range);
 *  2. totals for a unit-year < 200 ms: ledgerTotals (count and sums by status);
 *  3. Excel export of 100,000 rows < 10 s with flat memory: writeLedgerXlsx (the route's own writer)
 *     streaming the keyset-paged rows to a file; peak RSS printed against the RSS before;
 *  4. budget check on submit p99 < 20 ms: ReserveBudget through the command pipeline (load the budget
 *     line's stream, decide, append) on the embedded event store, on a line that already holds
 *     BENCH_LINE_EVENTS reservations (default 500: about 250 claims of one category in a department-year, each reserved then spent; BENCH_LINE_EVENTS=2000 for a heavy line).
 * The ledger rows are written straight into the read model's tables (created by the expenses
 * projection's own setup) in multi-row INSERTs — the bench measures the queries, not the fill.
 * BENCH_QUICK=1: 100,000 claims, 20,000 export rows. BENCH_CLAIMS / BENCH_EXPORT override.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { CommandHandler } from '../commands/pipeline/handler';
import { createEventStore } from '../commands/store/factory';
import { budgetLineDecider } from '../domain/expenses/budget-line.decide';
import { budgetLineStreamId } from '../domain/expenses/budget-line.events';
import { CLAIM_KINDS } from '../domain/expenses/claim.events';
import { expenseProjection } from '../projections/expenses/projection';
import { ledgerPage, ledgerRows, ledgerTotals, type LedgerFilter, type LedgerScope } from '../projections/expenses/queries';
import { SqliteClient } from '../projections/sql/sqlite-client';
import { writeLedgerXlsx } from '../reports/expenses/ledger-excel';

const QUICK = process.env.BENCH_QUICK === '1';
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? (QUICK ? 100_000 : 1_000_000));
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT ?? (QUICK ? 20_000 : 100_000));
const LINE_EVENTS = Number(process.env.BENCH_LINE_EVENTS ?? 500);
const RUNS = QUICK ? 30 : 100;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;

const UNITS = ['qzfb', 'czj', 'rsj', 'jgswj', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'];
const DEPTS_PER_UNIT = 6;
const PEOPLE_PER_DEPT = 15;
const STATUSES = ['paid', 'paid', 'paid', 'approved', 'submitted', 'draft'];
const YEARS = [2024, 2025, 2026];

/** Deterministic pseudo-random (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fill(db: SqliteClient): Promise<void> {
  const rand = rng(15);
  const cols =
    'claim_id, seq, unit_id, department_id, claimant_id, claimant_name, kind, title, amount, status, year, date_key, trip_id, process_id, approval, submitted_at, approved_at, paid_on, payment_id, voucher_no, method, created_at, updated_at';
  const perRow = 23;
  const batch = Math.floor(900 / perRow); // SQLite's bound-parameter limit
  const t0 = performance.now();
  for (let start = 0; start < CLAIMS; start += 20_000) {
    await db.transaction(async (tx) => {
      const end = Math.min(CLAIMS, start + 20_000);
      for (let i = start; i < end; i += batch) {
        const params: unknown[] = [];
        const n = Math.min(batch, end - i);
        for (let k = 0; k < n; k++) {
          const seq = i + k + 1;
          const u = UNITS[Math.floor(rand() * UNITS.length)];
          const d = `${u}-d${Math.floor(rand() * DEPTS_PER_UNIT)}`;
          const person = `${d}-p${Math.floor(rand() * PEOPLE_PER_DEPT)}`;
          const year = YEARS[Math.floor(rand() * YEARS.length)];
          const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
          const status = STATUSES[Math.floor(rand() * STATUSES.length)];
          const paid = status === 'paid';
          params.push(
            `c${seq}`,
            seq,
            u,
            d,
            person,
            `员工${person.slice(-3)}`,
            CLAIM_KINDS[Math.floor(rand() * CLAIM_KINDS.length)],
            `报销事由 ${seq}`,
            1000 + Math.floor(rand() * 2_000_000),
            status,
            year,
            date,
            null,
            null,
            'department',
            `${date}T02:00:00.000Z`,
            null,
            paid ? date : null,
            paid ? `pay${seq}` : null,
            paid ? `记-${seq}` : null,
            paid ? '银行转账' : null,
            `${date}T01:00:00.000Z`,
            `${date}T03:00:00.000Z`,
          );
        }
        const values = Array.from({ length: n }, () => `(${Array(perRow).fill('?').join(', ')})`).join(', ');
        await tx.run(`INSERT INTO exp_claims (${cols}) VALUES ${values}`, params);
      }
    });
  }
  console.error(`filled ${CLAIMS.toLocaleString()} claims in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function time(runs: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-expenses-'));
  const rows: string[][] = [];
  try {
    const db = new SqliteClient(join(dir, 'read.db'));
    await expenseProjection().setup(db, (n) => n);
    await fill(db);
    await db.run('ANALYZE');

    // 1. ledger pages per role
    const scopes: [string, LedgerScope, (i: number) => LedgerFilter][] = [
      ['科员（本人）', { scope: 'self', userId: 'czj-d1-p3', unitId: 'czj', departmentIds: ['czj-d1'] }, () => ({})],
      [
        '科长（本部门，类别）',
        { scope: 'department_tree', userId: 'czj-d1-p0', unitId: 'czj', departmentIds: ['czj-d1'] },
        (i) => ({ kind: CLAIM_KINDS[i % 6] }),
      ],
      [
        '会计（本单位，年度 + 状态）',
        { scope: 'unit', userId: 'x', unitId: 'czj', departmentIds: [] },
        (i) => ({ year: YEARS[i % 3], status: 'approved' }),
      ],
      [
        '财政局（全区，期间 + 金额区间）',
        { scope: 'all', userId: 'x', unitId: null, departmentIds: [] },
        (i) => ({ from: `2025-0${1 + (i % 9)}-01`, to: `2025-0${1 + (i % 9)}-28`, minAmount: 500_000, maxAmount: 900_000 }),
      ],
      [
        '财政局（全区，单位 + 类别，第 5 页）',
        { scope: 'all', userId: 'x', unitId: null, departmentIds: [] },
        (i) => ({ unitId: UNITS[i % 10], kind: '差旅费' }),
      ],
    ];
    const all: number[] = [];
    for (const [name, scope, filter] of scopes) {
      const page = name.includes('第 5 页') ? 4 : 0;
      const xs = await time(RUNS, (i) => ledgerPage(db, filter(i), scope, { limit: 20, offset: page * 20 }));
      all.push(...xs);
      rows.push([`台账分页：${name}`, ms(pct(xs, 50)), ms(pct(xs, 99)), '< 50 ms', pct(xs, 99) < 50 ? '✓' : '✗']);
    }
    rows.push(['台账分页：全部查询', ms(pct(all, 50)), ms(pct(all, 99)), '< 50 ms', pct(all, 99) < 50 ? '✓' : '✗']);

    // 2. totals of a unit-year
    const tot = await time(RUNS, (i) =>
      ledgerTotals(db, { year: YEARS[i % 3] }, { scope: 'unit', userId: 'x', unitId: UNITS[i % UNITS.length], departmentIds: [] }),
    );
    rows.push(['单位年度合计（ledgerTotals）', ms(pct(tot, 50)), ms(pct(tot, 99)), '< 200 ms', pct(tot, 99) < 200 ? '✓' : '✗']);

    // 3. Excel export, streamed
    const file = join(dir, 'ledger.xlsx');
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    async function* limited(): AsyncGenerator<import('../projections/expenses/queries').LedgerRow[]> {
      let left = EXPORT_ROWS;
      for await (const chunk of ledgerRows(db, {}, { scope: 'all', userId: 'x', unitId: null, departmentIds: [] })) {
        yield chunk.slice(0, left);
        left -= chunk.length;
        if (left <= 0) return;
      }
    }
    const out = createWriteStream(file);
    const done = new Promise<void>((r) => out.on('finish', () => r()));
    const written = await writeLedgerXlsx(out, limited(), { unit: (x) => `单位${x}`, department: (x) => `部门${x}` });
    await done;
    const exportMs = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    rows.push([
      `Excel 导出 ${written.rows.toLocaleString()} 行（${mb(statSync(file).size)}）`,
      `${(exportMs / 1000).toFixed(2)} s`,
      `峰值 RSS ${mb(peak)}（导出前 ${mb(rssBefore)}，+${mb(peak - rssBefore)}）`,
      '< 10 s，内存平稳',
      exportMs < 10_000 ? '✓' : '✗',
    ]);
    await db.close();

    // 4. budget check on submit: ReserveBudget through the pipeline on a busy line
    const store = await createEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
    const handler = new CommandHandler(store);
    const lineId = 'czj.czj-ysk.2026.差旅费';
    const meta = { actorId: 'bench', correlationId: 'bench' };
    await handler.handle({
      streamId: budgetLineStreamId(lineId),
      decider: budgetLineDecider,
      command: {
        type: 'SetBudgetLine',
        data: { lineId, unitId: 'czj', departmentId: 'czj-ysk', year: 2026, category: '差旅费', amount: 1e12, allowOverspend: false },
      },
      metadata: meta,
    });
    // the line's history so far, appended in one go (as many commands would have: the same events)
    const history = Array.from({ length: LINE_EVENTS }, (_, i) => ({
      type: 'BudgetReserved',
      data: {
        lineId,
        claimId: `seed-${i}`,
        amount: 10_000,
        overBudget: false,
        remainingAfter: 1e12 - (i + 1) * 10_000,
        at: new Date().toISOString(),
      },
      metadata: { ...meta, occurredAt: new Date().toISOString() },
    }));
    for (let i = 0; i < history.length; i += 500) await store.append(budgetLineStreamId(lineId), history.slice(i, i + 500));
    const reserve = await time(RUNS * 2, () =>
      handler.handle({
        streamId: budgetLineStreamId(lineId),
        decider: budgetLineDecider,
        command: { type: 'ReserveBudget', data: { claimId: uuidv7(), amount: 10_000, year: 2026, category: '差旅费' } },
        metadata: meta,
        commandId: uuidv7(),
      }),
    );
    rows.push([
      `提交时的预算检查（冻结，预算行已有 ${LINE_EVENTS.toLocaleString()} 笔）`,
      ms(pct(reserve, 50)),
      ms(pct(reserve, 99)),
      '< 20 ms',
      pct(reserve, 99) < 20 ? '✓' : '✗',
    ]);
    await (store as { close?: () => Promise<void> }).close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n### bench:expenses — ${CLAIMS.toLocaleString()} 笔报销单（SQLite 读库），导出 ${EXPORT_ROWS.toLocaleString()} 行\n`);
  console.log('| 指标 | p50 / 用时 | p99 / 内存 | 目标 | 达标 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
