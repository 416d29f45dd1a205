/**
 * Fact tables of the leadership warehouse (ARCHITECTURE §8). Declared once; the DDL for ClickHouse
 * and DuckDB is generated from these declarations. Every table is keyed by `event_id` (the event that
 * produced the row), so a batch delivered twice never counts twice: ClickHouse uses
 * ReplacingMergeTree(event_id) and queries read `FINAL`; DuckDB has a primary key and inserts skip
 * rows already there.
 */
export type FactColumnType = 'string' | 'uint8' | 'uint32' | 'int64' | 'float64' | 'datetime';

export interface FactTable {
  name: string;
  /** The time column the table is partitioned by (by month). */
  timeColumn: string;
  columns: Readonly<Record<string, FactColumnType>>;
}

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

export function clickhouseDdl(t: FactTable): string {
  const cols = Object.entries(t.columns).map(([n, ty]) => `${n} ${CH_TYPES[ty]}`);
  return (
    `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')}) ` +
    `ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(${t.timeColumn}) ORDER BY event_id`
  );
}

export function duckdbDdl(t: FactTable): string {
  const cols = Object.entries(t.columns).map(([n, ty]) => `${n} ${DUCK_TYPES[ty]}${n === 'event_id' ? ' PRIMARY KEY' : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')})`;
}

/** ISO-8601 UTC → 'YYYY-MM-DD HH:MM:SS' (whole seconds, UTC), the form both warehouses take on insert. */
export function toWarehouseTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new TypeError(`bad time: ${iso}`);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
