import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_TABLES, FACT_TASK, type FactRow } from '../../projections/warehouse/facts';
import { openWarehouse, type Warehouse } from '../../projections/warehouse/warehouse';
import { compileReport, type ReportParams, type ReportScope } from '../../reports/warehouse/compile';
import { REPORTS, findReport } from '../../reports/warehouse/definitions';
import { runReport } from '../../reports/warehouse/run-report';
import { serviceUrl } from '../support/services';

/**
 * Task facts through both warehouses: ClickHouse answers from its daily rollup (whole days) plus the
 * fact table (partial days at the ends), DuckDB from the fact table alone — the rows must be equal,
 * must match a plain count in JS, and a batch delivered twice must count once on both.
 */
const dir = mkdtempSync(join(tmpdir(), 'oa-wh-task-'));
const clickhouse = serviceUrl('CLICKHOUSE_URL');
const runId = Math.random().toString(36).slice(2, 8);

const UNITS = [
  ['u-a', '甲局'],
  ['u-b', "乙局\t'引号'"],
  ['u-c', '丙局'],
] as const;
const NODES = ['科长审核', '分管领导审批', '主要领导签发', '办公室核稿'];
const KINDS = ['leave', 'trip', 'expense'];

function taskFacts(n: number, seed: number): FactRow[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * k);
  };
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  const rows: FactRow[] = [];
  for (let i = 0; i < n; i++) {
    const [unitId, unitName] = UNITS[rnd(UNITS.length)];
    const d = rnd(3);
    const finished = t0 + rnd(365 * 86400) * 1000;
    const hours = rnd(4000) / 100; // working hours, to the hundredth as working-hours.ts rounds them
    const node = rnd(NODES.length);
    rows.push({
      event_id: `ev-${seed}-${String(i).padStart(6, '0')}`,
      task_id: `t-${i}`,
      process_id: `p-${i >> 2}`,
      kind: KINDS[rnd(KINDS.length)],
      unit_id: unitId,
      unit_name: unitName,
      dept_id: `${unitId}-d${d}`,
      dept_name: `${unitName}${d + 1}科`,
      node_id: `n${node}`,
      node_name: NODES[node],
      assignee_id: `user-${rnd(50)}`,
      assignee_rank: '科员',
      outcome: 'approved',
      assigned_at: new Date(finished - hours * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
      finished_at: new Date(finished).toISOString().slice(0, 19).replace('T', ' '),
      handling_hours: hours,
      overdue: rnd(7) === 0 ? 1 : 0,
      returned: rnd(11) === 0 ? 1 : 0,
      delegated: 0,
    });
  }
  return rows;
}

const ROWS = taskFacts(6000, 42);
const ALL: ReportScope = { kind: 'all' };
const YEAR = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', grain: 'month' as const };
/** Not on day boundaries: whole days from the rollup, the two partial days from the fact table. */
const ODD = { from: '2025-03-05T13:17:09Z', to: '2025-09-20T08:00:00Z', grain: 'week' as const };
/** Within one day: the fact table alone. */
const SAME_DAY = { from: '2025-06-10T01:00:00Z', to: '2025-06-10T23:00:00Z', grain: 'day' as const };

const targets: Array<{ name: string; url: string }> = [{ name: 'duckdb', url: `duckdb:${join(dir, 'tasks.duckdb')}` }];
if (clickhouse) targets.push({ name: 'clickhouse', url: `${clickhouse}/oa_wh_${runId}_tasks` });

const whs = new Map<string, Warehouse>();
beforeAll(async () => {
  for (const t of targets) {
    const wh = await openWarehouse(t.url);
    await wh.dropAll(FACT_TABLES);
    await wh.ensureSchema(FACT_TABLES);
    for (let i = 0; i < ROWS.length; i += 1000) await wh.insert(FACT_TASK, ROWS.slice(i, i + 1000));
    // at-least-once delivery: a whole batch again, and a batch overlapping two earlier ones
    await wh.insert(FACT_TASK, ROWS.slice(2000, 3000));
    await wh.insert(FACT_TASK, ROWS.slice(3500, 4700));
    whs.set(t.name, wh);
  }
}, 120_000);
afterAll(async () => {
  for (const wh of whs.values()) {
    await wh.dropAll(FACT_TABLES);
    await wh.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** node-handling-time computed in JS from the generated rows. */
function expectedNodeTimes(p: ReportParams) {
  const from = p.from.replace('T', ' ').slice(0, 19);
  const to = p.to.replace('T', ' ').slice(0, 19);
  const groups = new Map<string, number[]>();
  for (const r of ROWS) {
    const at = String(r.finished_at);
    if (at < from || at >= to) continue;
    const k = `${r.kind}|${r.node_name}`;
    groups.set(k, [...(groups.get(k) ?? []), Number(r.handling_hours)]);
  }
  return [...groups.entries()]
    .map(([k, hs]) => {
      const [kind, node] = k.split('|');
      const sorted = [...hs].sort((a, b) => a - b);
      const avg = hs.reduce((a, b) => a + b, 0) / hs.length;
      return { kind, node, tasks: hs.length, avgHours: Math.round(avg * 1000) / 1000, p90Hours: sorted[Math.floor(0.9 * sorted.length)] };
    })
    .sort(
      (a, b) => b.p90Hours - a.p90Hours || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.node < b.node ? -1 : a.node > b.node ? 1 : 0),
    );
}

describe('task reports on the warehouses', () => {
  it('node handling times match a count in JS (duplicates delivered twice counted once)', async () => {
    const def = findReport('node-handling-time')!;
    for (const wh of whs.values()) {
      for (const p of [YEAR, ODD, SAME_DAY]) {
        const got = (await runReport(wh, def, p, ALL)).rows;
        expect(got, `${wh.dialect} ${p.from}`).toEqual(expectedNodeTimes(p));
      }
    }
  });

  it('overdue by unit counts every task once', async () => {
    const def = findReport('overdue-by-unit')!;
    for (const wh of whs.values()) {
      const rows = (await runReport(wh, def, YEAR, ALL)).rows;
      expect(rows.reduce((a, r) => a + Number(r.tasks), 0)).toBe(ROWS.length);
      expect(rows.reduce((a, r) => a + Number(r.overdue), 0)).toBe(ROWS.filter((r) => r.overdue === 1).length);
      expect(rows.find((r) => r.unit === 'u-b')?.unitName).toBe("乙局\t'引号'");
    }
  });

  it.skipIf(!clickhouse)('ClickHouse reads the rollup for whole days and gives the same rows as DuckDB', async () => {
    const taskReports = REPORTS.filter((r) => r.table === FACT_TASK);
    expect(compileReport(taskReports[0], YEAR, ALL, 'clickhouse').sql).toContain('fact_task__daily');
    expect(compileReport(taskReports[0], ODD, ALL, 'clickhouse').sql).toMatch(/fact_task__daily.*UNION ALL.*FROM fact_task /);
    expect(compileReport(taskReports[0], SAME_DAY, ALL, 'clickhouse').sql).not.toContain('fact_task__daily');
    const [duck, ch] = [whs.get('duckdb')!, whs.get('clickhouse')!];
    let compared = 0;
    for (const def of taskReports) {
      for (const p of [YEAR, ODD, SAME_DAY, { ...YEAR, grain: 'quarter' as const }, { ...ODD, grain: 'day' as const }]) {
        for (const [params, scope] of [
          [p, ALL],
          [{ ...p, unit: 'u-b' }, ALL],
          [p, { kind: 'units', unitIds: ['u-a', 'u-c'] }],
          [p, { kind: 'departments', deptIds: ['u-b-d1'] }],
        ] as Array<[ReportParams, ReportScope]>) {
          const [a, b] = await Promise.all([runReport(duck, def, params, scope), runReport(ch, def, params, scope)]);
          expect(b.rows, `${def.key} ${JSON.stringify(params)} ${scope.kind}`).toEqual(a.rows);
          if (a.rows.length) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });
});
