/**
 * Fact tables of the leadership warehouse (ARCHITECTURE §8). Declared once; the DDL for ClickHouse
 * and DuckDB is generated from these declarations. Every row carries the `event_id` that produced it,
 * so a batch delivered twice never counts twice: DuckDB has a primary key and inserts skip rows already
 * there; ClickHouse keeps an id table per fact table (`<table>__ids`, ORDER BY event_id, filled by a
 * materialized view in the same INSERT) that the insert reads to skip stored ids — see clickhouse.ts.
 *
 * ClickHouse layout (schema version CLICKHOUSE_SCHEMA_VERSION):
 *   <table>          ReplacingMergeTree, PARTITION BY year, ORDER BY (unit_id, dept_id, <time>, event_id):
 *                    the dashboards filter on a time range and a unit or department;
 *   <table>__ids     the event ids alone, for the insert-time duplicate check;
 *   <table>__daily   (tables with a `rollup`) one row per day and dimension combination with row
 *                    counts, sums and quantileExact states, filled by a materialized view from the
 *                    fresh rows of each INSERT; reports/warehouse/compile.ts reads it for whole days.
 */
export type FactColumnType = 'string' | 'uint8' | 'uint32' | 'int64' | 'float64' | 'datetime';

export interface FactTable {
  name: string;
  /** The time column the table is partitioned (ClickHouse: by year) and reported by. */
  timeColumn: string;
  columns: Readonly<Record<string, FactColumnType>>;
  /** ClickHouse only: a daily pre-aggregate the reports read for whole days (see FactRollup). */
  rollup?: FactRollup;
}

/**
 * A daily pre-aggregate of a fact table (ClickHouse): grouped by toDate(timeColumn) and `keys`, with
 * any value of each of `labels`, the row count (`n__rows`), `<column>__sum` for each of `sums` and a
 * quantileExact state `<column>__q<level×100>` for each of `quantiles`. A report can be answered from it when every
 * dimension, filter and measure it uses is among these.
 */
export interface FactRollup {
  /** Grouped on (with the day): the sort key of the rollup. */
  keys: readonly string[];
  /** Shown beside a key (a name for an id): any one value per row, like the reports' any(). */
  labels: readonly string[];
  sums: readonly string[];
  /**
   * `scale`: the column's values are non-negative multiples of 1/scale (handling_hours: hundredths,
   * rounded so by working-hours.ts), and the state holds them as UInt32 counts of 1/scale —
   * half the bytes of Float64 and integer comparisons, so merging a year of states takes about half
   * the time (bench:warehouse node-handling-time, 10M facts). The merged value / scale is the same
   * double the fact holds, so reports stay exact and equal to DuckDB's.
   */
  quantiles: ReadonlyArray<{ column: string; level: number; scale: number }>;
}

/** Bump when the ClickHouse DDL changes: tables of another version are dropped and rebuilt from position 0. */
export const CLICKHOUSE_SCHEMA_VERSION = 3;

/** 审批任务事实: one row per finished task (approved, rejected, returned, forwarded, withdrawn …). */
export const FACT_TASK: FactTable = {
  name: 'fact_task',
  timeColumn: 'finished_at',
  columns: {
    event_id: 'string',
    task_id: 'string',
    process_id: 'string',
    kind: 'string', // process kind, e.g. leave
    unit_id: 'string',
    unit_name: 'string',
    dept_id: 'string',
    dept_name: 'string',
    node_id: 'string',
    node_name: 'string',
    assignee_id: 'string',
    assignee_rank: 'string',
    outcome: 'string', // approved | rejected | returned | forwarded | withdrawn | reassigned | terminated
    assigned_at: 'datetime',
    finished_at: 'datetime',
    handling_hours: 'float64', // working hours between assigned and finished
    overdue: 'uint8',
    returned: 'uint8',
    delegated: 'uint8',
  },
  rollup: {
    // not dept_id: with it the rollup held 2.7× as many rows (and quantile states) and p90 by node took
    // twice as long; department drill-downs and department scopes read the fact table, whose sort key
    // starts (unit_id, dept_id, finished_at)
    keys: ['unit_id', 'kind', 'node_name'],
    labels: ['unit_name'],
    sums: ['handling_hours', 'overdue', 'returned'],
    quantiles: [{ column: 'handling_hours', level: 0.9, scale: 100 }],
  },
};

/** 流程事实: one row per finished process instance. */
export const FACT_PROCESS: FactTable = {
  name: 'fact_process',
  timeColumn: 'finished_at',
  columns: {
    event_id: 'string',
    process_id: 'string',
    kind: 'string',
    unit_id: 'string',
    unit_name: 'string',
    dept_id: 'string',
    dept_name: 'string',
    applicant_id: 'string',
    outcome: 'string', // approved | rejected | withdrawn | terminated
    started_at: 'datetime',
    finished_at: 'datetime',
    duration_hours: 'float64',
    returned_count: 'uint32',
  },
};

/** 公文事实: one row per document stage reached (registered, signed, sealed, received, archived …). */
export const FACT_DOCUMENT: FactTable = {
  name: 'fact_document',
  timeColumn: 'occurred_at',
  columns: {
    event_id: 'string',
    document_id: 'string',
    direction: 'string', // outgoing | incoming
    doc_kind: 'string', // 通知, 请示 …
    unit_id: 'string',
    unit_name: 'string',
    secrecy: 'string',
    urgency: 'string',
    stage: 'string',
    occurred_at: 'datetime',
  },
};

/** 编制/人数事实: +1 when a person joins a unit/department/rank, -1 when they leave it. */
export const FACT_HEADCOUNT: FactTable = {
  name: 'fact_headcount',
  timeColumn: 'occurred_at',
  columns: {
    event_id: 'string',
    user_id: 'string',
    unit_id: 'string',
    unit_name: 'string',
    dept_id: 'string',
    dept_name: 'string',
    rank: 'string',
    delta: 'int64',
    occurred_at: 'datetime',
  },
};

export const FACT_TABLES: readonly FactTable[] = [FACT_TASK, FACT_PROCESS, FACT_DOCUMENT, FACT_HEADCOUNT];

export type FactRow = Record<string, string | number>;

export interface FactBatch {
  table: FactTable;
  rows: FactRow[];
}

const CH_TYPES: Record<FactColumnType, string> = {
  string: 'String',
  uint8: 'UInt8',
  uint32: 'UInt32',
  int64: 'Int64',
  float64: 'Float64',
  datetime: "DateTime('UTC')",
};
const DUCK_TYPES: Record<FactColumnType, string> = {
  string: 'VARCHAR',
  uint8: 'UTINYINT',
  uint32: 'UINTEGER',
  int64: 'BIGINT',
  float64: 'DOUBLE',
  datetime: 'TIMESTAMP',
};

export const rollupTableName = (t: FactTable) => `${t.name}__daily`;
export const idTableName = (t: FactTable) => `${t.name}__ids`;
export const rollupSumColumn = (c: string) => `${c}__sum`;
export const rollupQuantileColumn = (c: string, level: number) => `${c}__q${Math.round(level * 100)}`;
export const ROLLUP_ROWS = 'n__rows';
export const ROLLUP_DAY = 'day';

function rollupSumType(ty: FactColumnType): string {
  return ty === 'float64' ? 'Float64' : ty === 'int64' ? 'Int64' : 'UInt64';
}

/** The rollup's aggregate expressions over the fact table (shared by its materialized view and by the reports' edge days). */
export function rollupAggregates(t: FactTable): string[] {
  const r = t.rollup;
  if (!r) return [];
  return [
    ...r.labels.map((c) => `any(${c}) AS ${c}`),
    `count() AS ${ROLLUP_ROWS}`,
    ...r.sums.map((c) => `sum(${c}) AS ${rollupSumColumn(c)}`),
    ...r.quantiles.map(
      (q) => `quantileExactState(${q.level})(toUInt32(round(${q.column} * ${q.scale}))) AS ${rollupQuantileColumn(q.column, q.level)}`,
    ),
  ];
}

/** Every ClickHouse statement that creates a fact table and its companions, in order (all IF NOT EXISTS). */
export function clickhouseDdl(t: FactTable): string[] {
  const cols = Object.entries(t.columns).map(([n, ty]) => `${n} ${CH_TYPES[ty]}`);
  const key = ['unit_id', 'dept_id']
    .filter((c) => c in t.columns)
    .concat([t.timeColumn, 'event_id'])
    .join(', ');
  const ids = idTableName(t);
  const out = [
    // by year, not month: an INSERT writes one part per partition it touches, and a backfill spreads
    // over many months (measured: monthly partitions halved the insert rate of a year's batch)
    `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')}) ` +
      `ENGINE = ReplacingMergeTree() PARTITION BY toYear(${t.timeColumn}) ORDER BY (${key})`,
    `CREATE TABLE IF NOT EXISTS ${ids} (event_id String) ENGINE = ReplacingMergeTree() ORDER BY event_id`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${ids}_mv TO ${ids} AS SELECT event_id FROM ${t.name}`,
  ];
  const r = t.rollup;
  if (r) {
    const daily = rollupTableName(t);
    const rcols = [
      `${ROLLUP_DAY} Date`,
      ...[...r.keys, ...r.labels].map((k) => `${k} ${CH_TYPES[t.columns[k]]}`),
      `${ROLLUP_ROWS} UInt64`,
      ...r.sums.map((c) => `${rollupSumColumn(c)} ${rollupSumType(t.columns[c])}`),
      ...r.quantiles.map((q) => `${rollupQuantileColumn(q.column, q.level)} AggregateFunction(quantileExact(${q.level}), UInt32)`),
    ];
    // the day first: every report reads a range of days
    const rkey = [ROLLUP_DAY, ...r.keys];
    out.push(
      // not partitioned: a few hundred thousand rows a year, and one part per INSERT instead of one per month
      `CREATE TABLE IF NOT EXISTS ${daily} (${rcols.join(', ')}) ENGINE = SummingMergeTree() ORDER BY (${rkey.join(', ')})`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${daily}_mv TO ${daily} AS ` +
        `SELECT toDate(${t.timeColumn}) AS ${ROLLUP_DAY}, ${r.keys.join(', ')}, ${rollupAggregates(t).join(', ')} ` +
        `FROM ${t.name} GROUP BY ${rkey.join(', ')}`,
    );
  }
  return out;
}

/** The ClickHouse objects of a fact table, in the order they must be dropped (views first). */
export function clickhouseObjects(t: FactTable): string[] {
  const ids = idTableName(t);
  const out = [`${ids}_mv`];
  if (t.rollup) out.push(`${rollupTableName(t)}_mv`, rollupTableName(t));
  out.push(ids, t.name);
  return out;
}

export function duckdbDdl(t: FactTable): string {
  // No primary key: keeping an ART index over millions of VARCHAR ids made every insert slower as the
  // table grew (bench:warehouse: 41k rows/s at 10M). duckdb.ts keeps duplicates out by reading back the
  // batch's id range instead (the sink is the only writer), as the ClickHouse adapter does.
  const cols = Object.entries(t.columns).map(([n, ty]) => `${n} ${DUCK_TYPES[ty]}`);
  return `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')})`;
}

/** ISO-8601 UTC → 'YYYY-MM-DD HH:MM:SS' (whole seconds, UTC), the form both warehouses take on insert. */
export function toWarehouseTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new TypeError(`bad time: ${iso}`);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
