import { FACT_DOCUMENT, FACT_HEADCOUNT, FACT_PROCESS, FACT_TASK, type FactTable } from '../../projections/warehouse/facts';

/**
 * Reports are declared once — measures, dimensions, filters, time grain — and compiled to ClickHouse
 * and DuckDB SQL by compile.ts. Column names here are code, never input.
 */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

export type Dimension =
  | { key: string; label: string; kind: 'period' }
  /** A grouping column; `labelColumn` is shown (e.g. the unit's name), `column` is grouped and filtered on. */
  | { key: string; label: string; kind: 'column'; column: string; labelColumn?: string };

export type Measure =
  | { key: string; label: string; agg: 'count' }
  | { key: string; label: string; agg: 'sum' | 'avg' | 'p50' | 'p90'; column: string; format?: 'integer' | 'decimal' | 'percent' }
  /** sum(numerator) / count(): e.g. the returned rate. */
  | { key: string; label: string; agg: 'rate'; column: string };

export interface ReportDefinition {
  key: string;
  title: string;
  description: string;
  table: FactTable;
  /** The time column that from/to and the grain apply to. */
  timeColumn: string;
  dimensions: readonly Dimension[];
  measures: readonly Measure[];
  /** Fixed conditions (column = value), e.g. documents at stage 'registered'. */
  where?: ReadonlyArray<{ column: string; equals: string }>;
  /** Ordering: by a measure descending (ranked lists) or by the dimensions (default). */
  orderBy?: { measure: string; direction: 'desc' | 'asc' };
  /** Drill-down: when a `unit` filter is given, the unit dimension is replaced by the department. */
  drillUnitToDepartment?: boolean;
  /** Column with the unit id (data scope and `unit` filter) and the department id (department scopes). */
  unitColumn: string;
  deptColumn?: string;
  /** Cumulative tables (head-count deltas) ignore `from`: they sum everything up to `to`. */
  cumulative?: boolean;
}

const PERIOD: Dimension = { key: 'period', label: '期间', kind: 'period' };
const UNIT: Dimension = { key: 'unit', label: '单位', kind: 'column', column: 'unit_id', labelColumn: 'unit_name' };

export const REPORTS: readonly ReportDefinition[] = [
  {
    key: 'process-throughput',
    title: '流程办结量（按月、单位）',
    description: '期间内办结的流程数，按时间粒度与单位分组',
    table: FACT_PROCESS,
    timeColumn: 'finished_at',
    dimensions: [PERIOD, UNIT],
    measures: [
      { key: 'finished', label: '办结数', agg: 'count' },
      { key: 'avgHours', label: '平均用时（工作小时）', agg: 'avg', column: 'duration_hours', format: 'decimal' },
    ],
    drillUnitToDepartment: true,
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
  {
    key: 'document-throughput',
    title: '公文办理量（按月、单位）',
    description: '期间内登记的收发文数量',
    table: FACT_DOCUMENT,
    timeColumn: 'occurred_at',
    dimensions: [PERIOD, UNIT, { key: 'direction', label: '收/发', kind: 'column', column: 'direction' }],
    measures: [{ key: 'documents', label: '公文数', agg: 'count' }],
    where: [{ column: 'stage', equals: 'registered' }],
    unitColumn: 'unit_id',
  },
  {
    key: 'node-handling-time',
    title: '各环节办理时长',
    description: '每个流程环节的平均与 P90 办理时长（工作小时）：工作在哪里等待',
    table: FACT_TASK,
    timeColumn: 'finished_at',
    dimensions: [
      { key: 'kind', label: '流程类型', kind: 'column', column: 'kind' },
      { key: 'node', label: '环节', kind: 'column', column: 'node_name' },
    ],
    measures: [
      { key: 'tasks', label: '任务数', agg: 'count' },
      { key: 'avgHours', label: '平均时长', agg: 'avg', column: 'handling_hours', format: 'decimal' },
      { key: 'p90Hours', label: 'P90 时长', agg: 'p90', column: 'handling_hours', format: 'decimal' },
    ],
    orderBy: { measure: 'p90Hours', direction: 'desc' },
    drillUnitToDepartment: false,
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
  {
    key: 'overdue-by-unit',
    title: '超期任务（按单位排名）',
    description: '期间内办结时已超期的任务数',
    table: FACT_TASK,
    timeColumn: 'finished_at',
    dimensions: [UNIT],
    measures: [
      { key: 'overdue', label: '超期数', agg: 'sum', column: 'overdue', format: 'integer' },
      { key: 'tasks', label: '任务数', agg: 'count' },
      { key: 'overdueRate', label: '超期率', agg: 'rate', column: 'overdue' },
    ],
    orderBy: { measure: 'overdue', direction: 'desc' },
    drillUnitToDepartment: true,
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
  {
    key: 'returned-rate',
    title: '退回率（按月）',
    description: '被退回的任务占全部任务的比例',
    table: FACT_TASK,
    timeColumn: 'finished_at',
    dimensions: [PERIOD],
    measures: [
      { key: 'tasks', label: '任务数', agg: 'count' },
      { key: 'returned', label: '退回数', agg: 'sum', column: 'returned', format: 'integer' },
      { key: 'returnedRate', label: '退回率', agg: 'rate', column: 'returned' },
    ],
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
  {
    key: 'documents-by-kind',
    title: '公文文种分布',
    description: '期间内登记的公文按文种统计',
    table: FACT_DOCUMENT,
    timeColumn: 'occurred_at',
    dimensions: [{ key: 'docKind', label: '文种', kind: 'column', column: 'doc_kind' }],
    measures: [{ key: 'documents', label: '公文数', agg: 'count' }],
    where: [{ column: 'stage', equals: 'registered' }],
    orderBy: { measure: 'documents', direction: 'desc' },
    unitColumn: 'unit_id',
  },
  {
    key: 'headcount',
    title: '在编人数（按单位、职级）',
    description: '截至期末的人数，用于人均指标',
    table: FACT_HEADCOUNT,
    timeColumn: 'occurred_at',
    dimensions: [UNIT, { key: 'rank', label: '职级', kind: 'column', column: 'rank' }],
    measures: [{ key: 'people', label: '人数', agg: 'sum', column: 'delta', format: 'integer' }],
    cumulative: true,
    drillUnitToDepartment: true,
    unitColumn: 'unit_id',
    deptColumn: 'dept_id',
  },
];

export function findReport(key: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.key === key);
}
