/**
 * npm run bench:warehouse — generates task facts (10,000,000 by default; BENCH_ROWS to change,
 * BENCH_QUICK=1 for 500,000), loads them through the warehouse write path the sink uses (batched
 * inserts keyed by event id) and times every declared dashboard query on ClickHouse and DuckDB.
 * Prints ingestion rows/s and p50/p99 per query. Targets: ingestion ≥ 100,000 rows/s; every
 * dashboard query p99 < 300 ms on ClickHouse at 10M rows. BENCH_WAREHOUSES=clickhouse|duckdb picks one;
 * BENCH_KEEP=1 leaves the loaded tables (ClickHouse database oa_bench) for a look by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACT_TABLES, FACT_TASK, FACT_PROCESS, type FactRow } from '../projections/warehouse/facts';
import { openWarehouse, type Warehouse } from '../projections/warehouse/warehouse';
import { REPORTS } from '../reports/warehouse/definitions';
import { runReport } from '../reports/warehouse/run-report';

const QUICK = process.env.BENCH_QUICK === '1';
const ROWS = Number(process.env.BENCH_ROWS ?? (QUICK ? 500_000 : 10_000_000));
const BATCH = 100_000;
const RUNS = QUICK ? 5 : 20;

const UNITS = Array.from({ length: 12 }, (_, i) => [`u-${i}`, `单位${i}`] as const);
const NODES = ['部门负责人审批', '分管领导审批', '人事科会签', '办公室核稿', '领导签发', '财务审核'];
const KINDS = ['leave', 'trip', 'overtime', 'expense', 'outgoing', 'incoming'];
const RANKS = ['科员', '副科', '正科', '副处', '正处'];

/**
 * The id of the k-th fact's event, shaped as the sink writes it: a uuid v7 (48-bit ms time first, so ids
 * grow with the append order, as a sink's batches do), here one event every 3 ms from 2025-01-01.
 */
function eventId(k: number, series: number): string {
  const hex = (Date.parse('2025-01-01T00:00:00Z') + k * 3).toString(16).padStart(12, '0');
  const rand = ((k * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7${rand.slice(0, 3)}-${8 + series}${rand.slice(3, 6)}-${rand}${(k & 0xffff).toString(16).padStart(4, '0')}`;
}

function taskRows(start: number, n: number): FactRow[] {
  const rows: FactRow[] = new Array(n);
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const k = start + i;
    const h = (k * 2654435761) >>> 0;
    const [unitId, unitName] = UNITS[h % UNITS.length];
    const finished = t0 + (h % (365 * 86400)) * 1000;
    const hours = (h % 97) / 4;
    rows[i] = {
      event_id: eventId(k, 0),
      task_id: `t-${k}`,
      process_id: `p-${Math.floor(k / 3)}`,
      kind: KINDS[(h >>> 3) % KINDS.length],
      unit_id: unitId,
      unit_name: unitName,
      dept_id: `${unitId}-d${(h >>> 5) % 4}`,
      dept_name: `${unitName}第${((h >>> 5) % 4) + 1}科`,
      node_id: `n${(h >>> 7) % NODES.length}`,
      node_name: NODES[(h >>> 7) % NODES.length],
      assignee_id: `user-${h % 5000}`,
      assignee_rank: RANKS[(h >>> 9) % RANKS.length],
      outcome: (h >>> 11) % 20 === 0 ? 'returned' : 'approved',
      assigned_at: new Date(finished - hours * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
      finished_at: new Date(finished).toISOString().slice(0, 19).replace('T', ' '),
      handling_hours: hours,
      overdue: (h >>> 13) % 10 === 0 ? 1 : 0,
      returned: (h >>> 11) % 20 === 0 ? 1 : 0,
      delegated: (h >>> 15) % 25 === 0 ? 1 : 0,
    };
  }
  return rows;
}

function processRows(start: number, n: number): FactRow[] {
  return taskRows(start, n).map((t, i) => ({
    event_id: eventId(start + i, 1),
    process_id: t.process_id,
    kind: t.kind,
    unit_id: t.unit_id,
    unit_name: t.unit_name,
    dept_id: t.dept_id,
    dept_name: t.dept_name,
    applicant_id: t.assignee_id,
    outcome: t.outcome === 'returned' ? 'rejected' : 'approved',
    started_at: t.assigned_at,
    finished_at: t.finished_at,
    duration_hours: Number(t.handling_hours) * 3,
    returned_count: Number(t.returned),
  }));
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function bench(name: string, wh: Warehouse) {
  await wh.dropAll(FACT_TABLES);
  await wh.ensureSchema(FACT_TABLES);
  // Two clocks: the whole loop (making the fact rows in JS + writing them), and the write path alone
  // (Warehouse.insert: what the sink spends per batch once its mappers have produced the rows).
  const t0 = performance.now();
  let writeMs = 0;
  for (let s = 0; s < ROWS; s += BATCH) {
    const rows = taskRows(s, Math.min(BATCH, ROWS - s));
    const w0 = performance.now();
    await wh.insert(FACT_TASK, rows);
    writeMs += performance.now() - w0;
    if (s % 1_000_000 === 0) process.stderr.write(`  ${name}: ${s.toLocaleString()} rows\r`);
  }
  const ingestSec = (performance.now() - t0) / 1000;
  const writeSec = writeMs / 1000;
  // a tenth as many process facts, for the throughput report
  for (let s = 0; s < ROWS / 10; s += BATCH) await wh.insert(FACT_PROCESS, processRows(s, Math.min(BATCH, ROWS / 10 - s)));
  process.stderr.write('\n');
  // as the sink does once it has caught up: collapse parts, so queries do not race background merges
  await wh.optimize(FACT_TABLES);
  const results: Array<{ warehouse: string; query: string; rows: number; p50: number; p99: number }> = [];
  const params = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', grain: 'month' as const };
  for (const def of REPORTS) {
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const q0 = performance.now();
      const r = await runReport(wh, def, i % 2 ? { ...params, unit: 'u-3' } : params, { kind: 'all' });
      if (i >= 2) times.push(performance.now() - q0); // two warm-up runs
      n = r.rows.length;
    }
    times.sort((a, b) => a - b);
    results.push({ warehouse: name, query: def.key, rows: n, p50: pct(times, 50), p99: pct(times, 99) });
  }
  return { ingestRowsPerSec: ROWS / ingestSec, writeRowsPerSec: ROWS / writeSec, results };
}

const dir = mkdtempSync(join(tmpdir(), 'oa-bench-wh-'));
const targets: Array<[string, string]> = [['duckdb', `duckdb:${join(dir, 'bench.duckdb')}`]];
if (process.env.CLICKHOUSE_URL) targets.unshift(['clickhouse', `${process.env.CLICKHOUSE_URL}/oa_bench`]);
else console.warn('CLICKHOUSE_URL not set: ClickHouse rows skipped (bash deploy/services.sh start && source .services/env)');

console.log(
  `warehouse benchmark: ${ROWS.toLocaleString()} task facts, ${RUNS} timed runs per query (after 2 warm-up runs), batches of ${BATCH.toLocaleString()}`,
);
const lines: string[] = [];
const only = process.env.BENCH_WAREHOUSES?.split(',');
for (const [name, url] of targets.filter(([n]) => !only || only.includes(n))) {
  const wh = await openWarehouse(url);
  const r = await bench(name, wh);
  lines.push(
    `| ${name} | ingestion: write path (Warehouse.insert) | ${ROWS.toLocaleString()} rows | ${Math.round(r.writeRowsPerSec).toLocaleString()} rows/s | | ${r.writeRowsPerSec >= 100_000 ? 'PASS' : 'FAIL'} (≥ 100,000 rows/s) |`,
  );
  lines.push(
    `| ${name} | ingestion incl. making the rows in JS | ${ROWS.toLocaleString()} rows | ${Math.round(r.ingestRowsPerSec).toLocaleString()} rows/s | | |`,
  );
  for (const q of r.results) {
    const target = name === 'clickhouse' ? (q.p99 < 300 ? 'PASS' : 'FAIL') + ' (p99 < 300 ms)' : '';
    lines.push(`| ${name} | ${q.query} | ${q.rows} rows | p50 ${q.p50.toFixed(1)} ms | p99 ${q.p99.toFixed(1)} ms | ${target} |`);
  }
  // BENCH_KEEP=1: leave the loaded tables for a look at the queries by hand (database oa_bench)
  if (process.env.BENCH_KEEP !== '1') await wh.dropAll(FACT_TABLES);
  await wh.close();
}
console.log('| warehouse | workload | size | result | p99 | target |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const l of lines) console.log(l);
rmSync(dir, { recursive: true, force: true });
