import {
  ROLLUP_DAY,
  ROLLUP_ROWS,
  rollupAggregates,
  rollupQuantileColumn,
  rollupSumColumn,
  rollupTableName,
  type FactRollup,
} from '../../projections/warehouse/facts';
import type { WarehouseDialect } from '../../projections/warehouse/literal';
import { dateTimeLiteral, numberLiteral, stringList, stringLiteral } from '../../projections/warehouse/literal';
import type { Dimension, Grain, Measure, ReportDefinition } from './definitions';

/**
 * Compiles a declared report to one SELECT for ClickHouse (18.16 and current: no CTEs, no window
 * functions, no query parameters) or DuckDB. Both warehouses hold one row per event id.
 * Every value goes through literal.ts; every identifier comes from the declaration.
 *
 * ClickHouse, tables with a daily rollup (facts.ts): the whole days of [from, to) are read from the
 * rollup and only the partial days at either end from the fact table (aggregated to the rollup's
 * shape, UNION ALL, then grouped again), so a year of 10M task facts costs a few hundred thousand
 * rollup rows. Reports the rollup cannot answer (a dimension, filter or measure it lacks) read the
 * fact table. Both paths and DuckDB give the same numbers:
 *   count, sum, avg, rate — exact on both (avg = sum / count);
 *   p50/p90 — the value at 0-based position floor(level × n) of the sorted values (ClickHouse's
 *   quantileExact; DuckDB sorts the list and picks the same element): exact at any size, and a
 *   mergeable state for the rollup. (The sampling `quantile` it replaced was approximate past
 *   8,192 values per group and merged slowly.)
 */

/** The caller's data scope as the reports layer applies it: all, some units, or some departments. */
export type ReportScope =
  | { kind: 'all' }
  | { kind: 'units'; unitIds: readonly string[] }
  | { kind: 'departments'; deptIds: readonly string[] }
  | { kind: 'self'; userId: string };

export interface ReportParams {
  /** Inclusive, ISO-8601 UTC. */
  from: string;
  /** Exclusive, ISO-8601 UTC. */
  to: string;
  grain: Grain;
  /** Drill into one unit (its departments). */
  unit?: string;
}

export interface CompiledReport {
  sql: string;
  /**
   * Output columns in order: dimension keys then measure keys, each with its label and its SQL alias.
   * Aliases are prefixed (d_…, m_…) so that no alias shadows a column: ClickHouse substitutes aliases
   * inside expressions, and `sum(overdue) AS overdue` would nest aggregates.
   */
  columns: Array<{ key: string; label: string; type: 'dimension' | 'measure' | 'period'; alias: string }>;
}

function periodExpr(col: string, grain: Grain, d: WarehouseDialect): string {
  if (d === 'clickhouse') {
    switch (grain) {
      case 'day':
        return `toDate(${col})`;
      case 'week':
        return `toMonday(${col})`;
      case 'month':
        return `toStartOfMonth(${col})`;
      case 'quarter':
        return `toStartOfQuarter(${col})`;
      case 'year':
        return `toStartOfYear(${col})`;
    }
  }
  return `CAST(date_trunc('${grain}', ${col}) AS DATE)`;
}

const QUANTILE_LEVEL = { p50: 0.5, p90: 0.9 } as const;

function quantileExpr(column: string, level: number, d: WarehouseDialect): string {
  const l = numberLiteral(level);
  return d === 'clickhouse'
    ? `quantileExact(${l})(${column})`
    : `list_sort(list(${column}))[CAST(floor(CAST(${l} AS DOUBLE) * count(${column})) AS BIGINT) + 1]`;
}

function measureExpr(m: Measure, d: WarehouseDialect): string {
  switch (m.agg) {
    case 'count':
      return d === 'clickhouse' ? 'count()' : 'count(*)';
    case 'sum':
      return `sum(${m.column})`;
    case 'avg':
      return `avg(${m.column})`;
    case 'p50':
    case 'p90':
      return quantileExpr(m.column, QUANTILE_LEVEL[m.agg], d);
    case 'rate':
      return d === 'clickhouse' ? `sum(${m.column}) / count()` : `sum(${m.column}) / count(*)`;
  }
}

/** The same measure over the rollup's columns (ClickHouse), or null when the rollup lacks what it needs. */
function rollupMeasureExpr(m: Measure, r: FactRollup): string | null {
  switch (m.agg) {
    case 'count':
      return `sum(${ROLLUP_ROWS})`;
    case 'sum':
      return r.sums.includes(m.column) ? `sum(${rollupSumColumn(m.column)})` : null;
    case 'avg':
    case 'rate':
      return r.sums.includes(m.column) ? `sum(${rollupSumColumn(m.column)}) / sum(${ROLLUP_ROWS})` : null;
    case 'p50':
    case 'p90': {
      const level = QUANTILE_LEVEL[m.agg];
      const q = r.quantiles.find((x) => x.column === m.column && x.level === level);
      // the state counts 1/scale steps (facts.ts FactRollup.quantiles): back to the column's unit
      return q ? `quantileExactMerge(${numberLiteral(level)})(${rollupQuantileColumn(m.column, level)}) / ${numberLiteral(q.scale)}` : null;
    }
  }
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10) + 'T00:00:00Z';

export function effectiveDimensions(def: ReportDefinition, params: ReportParams): Dimension[] {
  return def.dimensions.map((dim) => {
    if (params.unit && def.drillUnitToDepartment && dim.kind === 'column' && dim.column === def.unitColumn && def.deptColumn) {
      return {
        key: 'department',
        label: '部门',
        kind: 'column',
        column: def.deptColumn,
        labelColumn: def.deptColumn.replace(/_id$/, '_name'),
      };
    }
    return dim;
  });
}

export function compileReport(def: ReportDefinition, params: ReportParams, scope: ReportScope, d: WarehouseDialect): CompiledReport {
  const dims = effectiveDimensions(def, params);
  const rollup = d === 'clickhouse' ? rollupPlan(def, params, scope, dims) : null;
  const select: string[] = [];
  const group: string[] = [];
  const columns: CompiledReport['columns'] = [];
  for (const dim of dims) {
    if (dim.kind === 'period') {
      select.push(`${periodExpr(rollup ? ROLLUP_DAY : def.timeColumn, params.grain, d)} AS d_period`);
      group.push('d_period');
      columns.push({ key: 'period', label: dim.label, type: 'period', alias: 'd_period' });
    } else {
      select.push(`${dim.column} AS d_${dim.key}`);
      group.push(`d_${dim.key}`);
      columns.push({ key: dim.key, label: dim.label, type: 'dimension', alias: `d_${dim.key}` });
      if (dim.labelColumn) {
        // the label is the same for every row of the group: any one will do
        select.push(`${d === 'clickhouse' ? 'any' : 'any_value'}(${dim.labelColumn}) AS d_${dim.key}_name`);
        columns.push({ key: `${dim.key}Name`, label: `${dim.label}名称`, type: 'dimension', alias: `d_${dim.key}_name` });
      }
    }
  }
  for (const m of def.measures) {
    select.push(`${rollup ? rollupMeasureExpr(m, rollup.r)! : measureExpr(m, d)} AS m_${m.key}`);
    columns.push({ key: m.key, label: m.label, type: 'measure', alias: `m_${m.key}` });
  }

  const filters = scopeFilters(def, params, scope, d);
  // No FINAL on ClickHouse: the sink keeps duplicates out at insert (see projections/warehouse/clickhouse.ts).
  let from: string;
  let where: string[];
  if (rollup) {
    const { r, fromDay, toDay } = rollup;
    const table = def.table.name;
    const cols = [ROLLUP_DAY, ...r.keys];
    const rollupCols = [
      ...cols,
      ...r.labels,
      ROLLUP_ROWS,
      ...r.sums.map(rollupSumColumn),
      ...r.quantiles.map((q) => rollupQuantileColumn(q.column, q.level)),
    ];
    const rollupWhere = [
      `${ROLLUP_DAY} >= toDate(${dateTimeLiteral(fromDay, d)})`,
      `${ROLLUP_DAY} < toDate(${dateTimeLiteral(toDay, d)})`,
      ...filters,
    ];
    const parts = [`SELECT ${rollupCols.join(', ')} FROM ${rollupTableName(def.table)} WHERE ${rollupWhere.join(' AND ')}`];
    // the partial days at either end, from the fact table, in the rollup's shape
    const edges: string[] = [];
    if (Date.parse(params.from) < Date.parse(fromDay)) {
      edges.push(`(${def.timeColumn} >= ${dateTimeLiteral(params.from, d)} AND ${def.timeColumn} < ${dateTimeLiteral(fromDay, d)})`);
    }
    if (Date.parse(toDay) < Date.parse(params.to)) {
      edges.push(`(${def.timeColumn} >= ${dateTimeLiteral(toDay, d)} AND ${def.timeColumn} < ${dateTimeLiteral(params.to, d)})`);
    }
    if (edges.length) {
      parts.push(
        // the labels are any(…) AS <label>: rollupPlan() only lets keys into WHERE, never a label
        `SELECT toDate(${def.timeColumn}) AS ${ROLLUP_DAY}, ${r.keys.join(', ')}, ${rollupAggregates(def.table).join(', ')} FROM ${table} ` +
          `WHERE ${[`(${edges.join(' OR ')})`, ...filters].join(' AND ')} GROUP BY ${cols.join(', ')}`,
      );
    }
    from = parts.length === 1 ? rollupTableName(def.table) : `(${parts.join(' UNION ALL ')})`;
    where = parts.length === 1 ? rollupWhere : [];
  } else {
    from = def.table.name;
    where = [];
    if (!def.cumulative) where.push(`${def.timeColumn} >= ${dateTimeLiteral(params.from, d)}`);
    where.push(`${def.timeColumn} < ${dateTimeLiteral(params.to, d)}`);
    where.push(...filters);
  }
  const order = def.orderBy
    ? `m_${def.orderBy.measure} ${def.orderBy.direction.toUpperCase()}${group.length ? `, ${group.join(', ')}` : ''}`
    : group.join(', ');
  const sql =
    `SELECT ${select.join(', ')} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
    (group.length ? ` GROUP BY ${group.join(', ')}` : '') +
    (order ? ` ORDER BY ${order}` : '') +
    ' LIMIT 10000';
  return { sql, columns };
}

/** The report's fixed conditions, the `unit` drill-down and the caller's data scope. */
function scopeFilters(def: ReportDefinition, params: ReportParams, scope: ReportScope, d: WarehouseDialect): string[] {
  const where: string[] = [];
  for (const w of def.where ?? []) where.push(`${w.column} = ${stringLiteral(w.equals, d)}`);
  if (params.unit) where.push(`${def.unitColumn} = ${stringLiteral(params.unit, d)}`);
  switch (scope.kind) {
    case 'all':
      break;
    case 'units':
      where.push(scope.unitIds.length ? `${def.unitColumn} IN ${stringList(scope.unitIds, d)}` : '1 = 0');
      break;
    case 'departments':
      where.push(def.deptColumn && scope.deptIds.length ? `${def.deptColumn} IN ${stringList(scope.deptIds, d)}` : '1 = 0');
      break;
    case 'self':
      // Leadership reports are aggregates: a self-scoped caller sees none of them.
      where.push('1 = 0');
      break;
  }
  return where;
}

/**
 * Whether (and over which whole days) a ClickHouse report can read the table's daily rollup: every
 * dimension, filter and measure must be among the rollup's, and [from, to) must hold a whole day.
 */
function rollupPlan(
  def: ReportDefinition,
  params: ReportParams,
  scope: ReportScope,
  dims: readonly Dimension[],
): { r: FactRollup; fromDay: string; toDay: string } | null {
  const r = def.table.rollup;
  if (!r || def.cumulative || def.timeColumn !== def.table.timeColumn) return null;
  const has = (c: string | undefined) => c !== undefined && r.keys.includes(c);
  for (const dim of dims) {
    if (dim.kind === 'column' && (!has(dim.column) || (dim.labelColumn && !r.labels.includes(dim.labelColumn)))) return null;
  }
  for (const w of def.where ?? []) if (!has(w.column)) return null;
  if ((params.unit || scope.kind === 'units') && !has(def.unitColumn)) return null;
  if (scope.kind === 'departments' && def.deptColumn && !has(def.deptColumn)) return null;
  if (def.measures.some((m) => rollupMeasureExpr(m, r) === null)) return null;
  const from = Date.parse(params.from);
  const to = Date.parse(params.to);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const fromDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const toDay = Math.floor(to / DAY_MS) * DAY_MS;
  if (fromDay >= toDay) return null;
  return { r, fromDay: isoDay(fromDay), toDay: isoDay(toDay) };
}
