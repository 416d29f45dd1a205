import type { RecordedEvent } from '../../domain/eventstore/envelope';
import {
  SUPERVISION_EVENT_TYPES,
  SUPERVISION_STREAM_PREFIX,
  evolveSupervision,
  initialSupervisionState,
  leadPart,
  type SupervisionEvent,
  type SupervisionState,
} from '../../domain/supervision';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 督办 read models (one projection, 'supervision'). SQL with `?` only; runs on SQLite and PostgreSQL.
 *
 * sup_items  one row per 督办事项 (the board, the 台账, every view): id, title, status, open (1 while
 *   办理中/待审核: what the lights apply to), supervising_unit_id, supervisor_id, leader_id,
 *   lead_unit_id, lead_unit_name, co_unit_names, deadline (YYYY-MM-DD, the current one), priority,
 *   source_kind, incoming_id, proposed_at, assigned_at, closed_at, on_time, overdue_days, urge_count,
 *   overdue (自动催办 happened), escalated (通报 happened), receipts ('已签收 1/2'), position.
 *   The board's order (open first, earliest deadline first) puts red (overdue) then yellow (due within
 *   3 working days) at the top without a sort: indexes (scope column, open, deadline).
 * sup_parts  one row per undertaking unit of an item (from 交办 on): item_id, unit_id, unit_name, role,
 *   receipt, and copied from the item — open, deadline, status, on_time, supervising_unit_id, leader_id —
 *   so that the unit's view sorts by them and the board summary's 按单位 counts come from an index alone.
 * sup_item_state  the item as both sides see it: the folded SupervisionState (JSON), for the detail
 *   page — apart from sup_items, whose narrow rows the board scans.
 */
export const SUPERVISION_TABLES = ['sup_items', 'sup_parts', 'sup_item_state'] as const;

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const i = t('sup_items');
  const p = t('sup_parts');
  await db.run(`CREATE TABLE IF NOT EXISTS ${i} (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, open INTEGER NOT NULL,
    supervising_unit_id TEXT NOT NULL, supervisor_id TEXT NOT NULL, leader_id TEXT NOT NULL,
    lead_unit_id TEXT NOT NULL, lead_unit_name TEXT NOT NULL, co_unit_names TEXT NOT NULL,
    deadline TEXT NOT NULL, priority TEXT NOT NULL, source_kind TEXT NOT NULL, incoming_id TEXT,
    proposed_at TEXT NOT NULL, assigned_at TEXT, closed_at TEXT, on_time INTEGER, overdue_days INTEGER,
    urge_count INTEGER NOT NULL, overdue INTEGER NOT NULL, escalated INTEGER NOT NULL, receipts TEXT NOT NULL,
    position BIGINT NOT NULL)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('sup_item_state')} (id TEXT PRIMARY KEY, state TEXT NOT NULL)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (
    item_id TEXT NOT NULL, unit_id TEXT NOT NULL, unit_name TEXT NOT NULL, role TEXT NOT NULL, receipt TEXT NOT NULL,
    open INTEGER NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL, on_time INTEGER, supervising_unit_id TEXT NOT NULL, leader_id TEXT NOT NULL,
    PRIMARY KEY (item_id, unit_id))`);
  // the views' orders, covering the filter columns (a filtered page or count reads no table row)
  await db.run(
    `CREATE INDEX IF NOT EXISTS ${i}_sup ON ${i} (supervising_unit_id, open DESC, deadline, id, status, priority, title, lead_unit_name)`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${i}_sup_status ON ${i} (supervising_unit_id, status, open, deadline)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${i}_leader_status ON ${i} (leader_id, status, open, deadline)`);
  await db.run(
    `CREATE INDEX IF NOT EXISTS ${i}_leader ON ${i} (leader_id, open DESC, deadline, id, status, priority, title, lead_unit_name)`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${i}_board ON ${i} (open DESC, deadline, id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${i}_incoming ON ${i} (incoming_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_unit ON ${p} (unit_id, open DESC, deadline, item_id, status)`);
  // the board summary's 按单位 counts, answered from the index alone
  await db.run(
    `CREATE INDEX IF NOT EXISTS ${p}_sup_unit ON ${p} (supervising_unit_id, unit_id, unit_name, open, deadline, status, on_time)`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_leader_unit ON ${p} (leader_id, unit_id, unit_name, open, deadline, status, on_time)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_unit_status ON ${p} (unit_id, status, open, deadline, on_time)`);
}

const OPEN = new Set(['handling', 'reviewing']);

async function loadState(db: SqlClient, t: TableNamer, id: string): Promise<SupervisionState | null> {
  const row = await db.get<{ state: string }>(`SELECT state FROM ${t('sup_item_state')} WHERE id = ?`, [id]);
  return row ? (JSON.parse(row.state) as SupervisionState) : null;
}

async function write(db: SqlClient, t: TableNamer, s: SupervisionState, position: number): Promise<void> {
  const lead = leadPart(s);
  const open = OPEN.has(s.status) ? 1 : 0;
  const signed = s.parts.filter((p) => p.receipt === 'signed').length;
  const row = [
    s.itemId,
    s.title,
    s.status,
    open,
    s.supervisingUnit?.id ?? '',
    s.supervisor?.id ?? '',
    s.leader?.id ?? '',
    lead?.unitId ?? '',
    lead?.unitName ?? '',
    s.parts
      .filter((p) => p.role === 'co')
      .map((p) => p.unitName)
      .join('、'),
    s.deadline ?? '',
    s.priority,
    s.source?.kind ?? '',
    s.source?.incomingId ?? null,
    s.proposedAt ?? '',
    s.assignedAt,
    s.closedAt,
    s.closed ? (s.closed.onTime ? 1 : 0) : null,
    s.closed ? s.closed.overdueDays : null,
    s.urgeCount,
    s.overdueFor ? 1 : 0,
    s.escalatedFor ? 1 : 0,
    s.assignedAt ? `${signed}/${s.parts.length}` : '',
    position,
  ];
  const cols =
    'id, title, status, open, supervising_unit_id, supervisor_id, leader_id, lead_unit_id, lead_unit_name, co_unit_names, deadline, priority, source_kind, incoming_id, proposed_at, assigned_at, closed_at, on_time, overdue_days, urge_count, overdue, escalated, receipts, position';
  const updates = cols
    .split(', ')
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  await db.run(
    `INSERT INTO ${t('sup_items')} (${cols}) VALUES (${row.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET ${updates}`,
    row,
  );
  await db.run(`INSERT INTO ${t('sup_item_state')} (id, state) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state`, [
    s.itemId,
    JSON.stringify(s),
  ]);
  await db.run(`DELETE FROM ${t('sup_parts')} WHERE item_id = ?`, [s.itemId]);
  // the units see the item from 交办 on
  if (s.assignedAt)
    for (const p of s.parts)
      await db.run(
        `INSERT INTO ${t('sup_parts')} (item_id, unit_id, unit_name, role, receipt, open, deadline, status, on_time, supervising_unit_id, leader_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          s.itemId,
          p.unitId,
          p.unitName,
          p.role,
          p.receipt,
          open,
          s.deadline ?? '',
          s.status,
          s.closed ? (s.closed.onTime ? 1 : 0) : null,
          s.supervisingUnit?.id ?? '',
          s.leader?.id ?? '',
        ],
      );
}

export function supervisionProjection(): Projection {
  return {
    name: 'supervision',
    version: 1,
    tables: SUPERVISION_TABLES,
    eventTypes: SUPERVISION_EVENT_TYPES,
    pipelineWrites: true,
    setup,
    async apply(db: SqlClient, event: RecordedEvent, t: TableNamer) {
      if (!event.streamId.startsWith(SUPERVISION_STREAM_PREFIX)) return;
      const id = event.streamId.slice(SUPERVISION_STREAM_PREFIX.length);
      const before = (await loadState(db, t, id)) ?? initialSupervisionState();
      const after = evolveSupervision(before, event as unknown as SupervisionEvent);
      await write(db, t, after, event.position);
    },
    async applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer) {
      // fold per item in memory, then write each touched item once
      const states = new Map<string, { s: SupervisionState; position: number }>();
      for (const e of events) {
        if (!e.streamId.startsWith(SUPERVISION_STREAM_PREFIX)) continue;
        const id = e.streamId.slice(SUPERVISION_STREAM_PREFIX.length);
        const cur = states.get(id)?.s ?? (await loadState(db, t, id)) ?? initialSupervisionState();
        states.set(id, { s: evolveSupervision(cur, e as unknown as SupervisionEvent), position: e.position });
      }
      for (const { s, position } of states.values()) await write(db, t, s, position);
    },
  };
}
