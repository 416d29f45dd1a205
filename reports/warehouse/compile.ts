import type { WarehouseDialect } from '../../projections/warehouse/literal';
import { dateTimeLiteral, stringList, stringLiteral } from '../../projections/warehouse/literal';
import type { Dimension, Grain, Measure, ReportDefinition } from './definitions';

/**
 * Compiles a declared report to one SELECT for ClickHouse (18.16 and current: no CTEs, no window
 * functions, no query parameters) or DuckDB. Both warehouses hold one row per event id.
 * Every value goes through literal.ts; every identifier comes from the declaration.
 */

/** The caller's data scope as the reports layer applies it: all, some units, or some departments. */
export type ReportScope = { kind: 'all' } | { kind: 'units'; unitIds: readonly string[] } | { kind: 'departments'; deptIds: readonly string[] } | { kind: 'self'; userId: string };

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
      case 'day': return `toDate(${col})`;
      case 'week': return `toMonday(${col})`;
      case 'month': return `toStartOfMonth(${col})`;
      case 'quarter': return `toStartOfQuarter(${col})`;
      case 'year': return `toStartOfYear(${col})`;
    }
  }
  return `CAST(date_trunc('${grain}', ${col}) AS DATE)`;
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
      return d === 'clickhouse' ? `quantile(0.5)(${m.column})` : `quantile_cont(${m.column}, 0.5)`;
    case 'p90':
      return d === 'clickhouse' ? `quantile(0.9)(${m.column})` : `quantile_cont(${m.column}, 0.9)`;
    case 'rate':
      return d === 'clickhouse' ? `sum(${m.column}) / count()` : `sum(${m.column}) / count(*)`;
  }
}

export function effectiveDimensions(def: ReportDefinition, params: ReportParams): Dimension[] {
  return def.dimensions.map((dim) => {
    if (params.unit && def.drillUnitToDepartment && dim.kind === 'column' && dim.column === def.unitColumn && def.deptColumn) {
      return { key: 'department', label: '部门', kind: 'column', column: def.deptColumn, labelColumn: def.deptColumn.replace(/_id$/, '_name') };
    }
    return dim;
  });
}

export function compileReport(def: ReportDefinition, params: ReportParams, scope: ReportScope, d: WarehouseDialect): CompiledReport {
  const dims = effectiveDimensions(def, params);
  const select: string[] = [];
  const group: string[] = [];
  const columns: CompiledReport['columns'] = [];
  for (const dim of dims) {
    if (dim.kind === 'period') {
      select.push(`${periodExpr(def.timeColumn, params.grain, d)} AS d_period`);
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
    select.push(`${measureExpr(m, d)} AS m_${m.key}`);
    columns.push({ key: m.key, label: m.label, type: 'measure', alias: `m_${m.key}` });
  }

  const where: string[] = [];
  if (!def.cumulative) where.push(`${def.timeColumn} >= ${dateTimeLiteral(params.from, d)}`);
  where.push(`${def.timeColumn} < ${dateTimeLiteral(params.to, d)}`);
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

  // No FINAL on ClickHouse: the sink keeps duplicates out at insert (see projections/warehouse/clickhouse.ts).
  const from = def.table.name;
  const order = def.orderBy
    ? `m_${def.orderBy.measure} ${def.orderBy.direction.toUpperCase()}${group.length ? `, ${group.join(', ')}` : ''}`
    : group.join(', ');
  const sql =
    `SELECT ${select.join(', ')} FROM ${from} WHERE ${where.join(' AND ')}` +
    (group.length ? ` GROUP BY ${group.join(', ')}` : '') +
    (order ? ` ORDER BY ${order}` : '') +
    ' LIMIT 10000';
  return { sql, columns };
}
