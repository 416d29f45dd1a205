import type { SupervisionState } from '../../domain/supervision';
import type { SqlClient } from '../engine/types';

/**
 * Queries of the 督办 read model (projection.ts). Who sees what:
 *   supervising  items the caller's unit supervises (督办单位: the 督查 staff with supervision.admin);
 *   leader       items the caller instructed (督办领导);
 *   undertaking  items the caller's unit undertakes (主办 or 协办);
 *   all          the union of the three (default).
 * Lights (红黄灯) for open items (办理中/待审核): red = the deadline passed (overdue), yellow = due within
 * 3 working days; `today` and `yellowUntil` (local dates, Asia/Shanghai, from the statutory calendar)
 * come from the caller. Order: open first, earliest deadline first — overdue, then yellow, then the rest.
 */
export type BoardView = 'all' | 'supervising' | 'leader' | 'undertaking';
export type Light = 'red' | 'yellow' | 'green' | 'none';

export interface Viewer {
  userId: string;
  unitId: string | null;
}

export interface BoardFilter {
  view: BoardView;
  status?: string;
  light?: 'red' | 'yellow' | 'green';
  /** 承办单位 (lead or co). */
  unitId?: string;
  priority?: string;
  q?: string;
  offset: number;
  limit: number;
}

export interface BoardDates {
  today: string;
  yellowUntil: string;
}

export interface ItemRow {
  id: string;
  title: string;
  status: string;
  open: number;
  supervising_unit_id: string;
  supervisor_id: string;
  leader_id: string;
  lead_unit_id: string;
  lead_unit_name: string;
  co_unit_names: string;
  deadline: string;
  priority: string;
  source_kind: string;
  incoming_id: string | null;
  proposed_at: string;
  assigned_at: string | null;
  closed_at: string | null;
  on_time: number | null;
  overdue_days: number | null;
  urge_count: number;
  overdue: number;
  escalated: number;
  receipts: string;
}

const ITEM_COLUMNS =
  'i.id, i.title, i.status, i.open, i.supervising_unit_id, i.supervisor_id, i.leader_id, i.lead_unit_id, i.lead_unit_name, i.co_unit_names, i.deadline, i.priority, i.source_kind, i.incoming_id, i.proposed_at, i.assigned_at, i.closed_at, i.on_time, i.overdue_days, i.urge_count, i.overdue, i.escalated, i.receipts';

export function lightOf(row: { open: number; deadline: string }, d: BoardDates): Light {
  if (!row.open) return 'none';
  if (row.deadline < d.today) return 'red';
  if (row.deadline <= d.yellowUntil) return 'yellow';
  return 'green';
}

/**
 * The rows of a view: `from`, the condition and the order; `a` is the alias whose status/open/deadline
 * columns the filters use (the undertaking view filters sup_parts' copies, so that its index answers).
 * The views' indexes cover the filter columns (status, priority, title, lead unit): a filtered page or
 * count does not read the table rows.
 */
interface ViewSql {
  from: string;
  where: string;
  params: unknown[];
  order: string;
  a: 'i' | 'p';
}

function visibility(view: BoardView, v: Viewer): ViewSql {
  switch (view) {
    case 'supervising':
      return {
        from: 'sup_items i',
        where: 'i.supervising_unit_id = ?',
        params: [v.unitId ?? ''],
        order: 'i.open DESC, i.deadline, i.id',
        a: 'i',
      };
    case 'leader':
      return { from: 'sup_items i', where: 'i.leader_id = ?', params: [v.userId], order: 'i.open DESC, i.deadline, i.id', a: 'i' };
    case 'undertaking':
      return {
        from: 'sup_parts p JOIN sup_items i ON i.id = p.item_id',
        where: 'p.unit_id = ?',
        params: [v.unitId ?? ''],
        order: 'p.open DESC, p.deadline, p.item_id',
        a: 'p',
      };
    case 'all':
      // the caller's few items first (CROSS JOIN keeps that order in SQLite), then sorted: never a scan of the whole board
      return {
        from: '(SELECT id FROM sup_items WHERE supervising_unit_id = ? UNION SELECT id FROM sup_items WHERE leader_id = ? UNION SELECT item_id FROM sup_parts WHERE unit_id = ?) v CROSS JOIN sup_items i ON i.id = v.id',
        where: '1 = 1',
        params: [v.unitId ?? '', v.userId, v.unitId ?? ''],
        order: 'i.open DESC, i.deadline, i.id',
        a: 'i',
      };
  }
}

function conditions(
  f: Omit<BoardFilter, 'offset' | 'limit' | 'view'>,
  d: BoardDates,
  a: 'i' | 'p',
): { sql: string; params: unknown[]; needsItem: boolean } {
  const parts: string[] = [];
  const params: unknown[] = [];
  let needsItem = false;
  if (f.status) {
    parts.push(`${a}.status = ?`);
    params.push(f.status);
  }
  if (f.light === 'red') {
    parts.push(`${a}.open = 1 AND ${a}.deadline < ?`);
    params.push(d.today);
  } else if (f.light === 'yellow') {
    parts.push(`${a}.open = 1 AND ${a}.deadline >= ? AND ${a}.deadline <= ?`);
    params.push(d.today, d.yellowUntil);
  } else if (f.light === 'green') {
    parts.push(`${a}.open = 1 AND ${a}.deadline > ?`);
    params.push(d.yellowUntil);
  }
  if (f.priority) {
    parts.push('i.priority = ?');
    params.push(f.priority);
    needsItem = true;
  }
  if (f.unitId) {
    parts.push('i.id IN (SELECT item_id FROM sup_parts WHERE unit_id = ?)');
    params.push(f.unitId);
    needsItem = true;
  }
  if (f.q) {
    parts.push("(i.title LIKE ? ESCAPE '\\' OR i.lead_unit_name LIKE ? ESCAPE '\\')");
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like);
    needsItem = true;
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params, needsItem };
}

/** One page of the board (督办看板) in the view's order, with the total. */
export async function boardPage(db: SqlClient, v: Viewer, f: BoardFilter, d: BoardDates): Promise<{ total: number; rows: ItemRow[] }> {
  if (f.view === 'all') return allPage(db, v, f, d);
  const vis = visibility(f.view, v);
  const c = conditions(f, d, vis.a);
  const where = `WHERE ${vis.where}${c.sql}`;
  const params = [...vis.params, ...c.params];
  const rows = await db.all<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM ${vis.from} ${where} ORDER BY ${vis.order} LIMIT ? OFFSET ?`, [
    ...params,
    f.limit,
    f.offset,
  ]);
  // the undertaking view counts its parts alone unless a filter needs the item's own columns
  const countFrom = f.view === 'undertaking' && !c.needsItem ? 'sup_parts p' : vis.from;
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${countFrom} ${where}`, params);
  return { total: Number(total?.n ?? 0), rows };
}

/**
 * 全部: the union of the three views. Each arm reads its own index in the board's order and stops at
 * offset + limit rows; the page is the first of their merge — never a sort of all the caller's items.
 * The total counts the union of the arms' ids (covering indexes only).
 */
async function allPage(db: SqlClient, v: Viewer, f: BoardFilter, d: BoardDates): Promise<{ total: number; rows: ItemRow[] }> {
  const n = f.offset + f.limit;
  const arms = (['supervising', 'leader', 'undertaking'] as const).map((view) => {
    const vis = visibility(view, v);
    const c = conditions(f, d, vis.a);
    return { vis, c };
  });
  const pageSql = arms
    .map(
      ({ vis, c }) =>
        `SELECT * FROM (SELECT ${ITEM_COLUMNS} FROM ${vis.from} WHERE ${vis.where}${c.sql} ORDER BY ${vis.order} LIMIT ?) AS a`,
    )
    .join(' UNION ');
  const pageParams = arms.flatMap(({ vis, c }) => [...vis.params, ...c.params, n]);
  const rows = await db.all<ItemRow>(`SELECT * FROM (${pageSql}) AS u ORDER BY open DESC, deadline, id LIMIT ? OFFSET ?`, [
    ...pageParams,
    f.limit,
    f.offset,
  ]);
  const countSql = arms
    .map(({ vis, c }, k) => {
      const from = k === 2 && !c.needsItem ? 'sup_parts p' : vis.from;
      return `SELECT ${k === 2 ? 'p.item_id' : 'i.id'} AS id FROM ${from} WHERE ${vis.where}${c.sql}`;
    })
    .join(' UNION ');
  const total = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM (${countSql}) AS x`,
    arms.flatMap(({ vis, c }) => [...vis.params, ...c.params]),
  );
  return { total: Number(total?.n ?? 0), rows };
}

export interface UnitSummary {
  unitId: string;
  unitName: string;
  total: number;
  open: number;
  red: number;
  yellow: number;
  closed: number;
  onTime: number;
}

/** 按状态、按单位 counts for the board header (same view as the list). */
export async function boardSummary(
  db: SqlClient,
  v: Viewer,
  view: BoardView,
  d: BoardDates,
): Promise<{ byStatus: Record<string, number>; byUnit: UnitSummary[]; red: number; yellow: number }> {
  const vis = visibility(view, v);
  const statusRows = await db.all<{ status: string; n: number | string; red: number | string | null; yellow: number | string | null }>(
    `SELECT i.status AS status, COUNT(*) AS n,
       SUM(CASE WHEN i.open = 1 AND i.deadline < ? THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN i.open = 1 AND i.deadline >= ? AND i.deadline <= ? THEN 1 ELSE 0 END) AS yellow
     FROM ${vis.from} WHERE ${vis.where} GROUP BY i.status`,
    [d.today, d.today, d.yellowUntil, ...vis.params],
  );
  const byStatus: Record<string, number> = {};
  let red = 0;
  let yellow = 0;
  for (const r of statusRows) {
    byStatus[r.status] = Number(r.n);
    red += Number(r.red ?? 0);
    yellow += Number(r.yellow ?? 0);
  }
  // 按单位: from sup_parts alone (its copied columns), by the view's column
  const partWhere: Record<BoardView, { where: string; params: unknown[] }> = {
    supervising: { where: 'q.supervising_unit_id = ?', params: [v.unitId ?? ''] },
    leader: { where: 'q.leader_id = ?', params: [v.userId] },
    undertaking: { where: 'q.unit_id = ?', params: [v.unitId ?? ''] },
    all: {
      where: '(q.supervising_unit_id = ? OR q.leader_id = ? OR q.item_id IN (SELECT item_id FROM sup_parts WHERE unit_id = ?))',
      params: [v.unitId ?? '', v.userId, v.unitId ?? ''],
    },
  };
  const pw = partWhere[view];
  const unitRows = await db.all<{
    unit_id: string;
    unit_name: string;
    n: number | string;
    open: number | string | null;
    red: number | string | null;
    yellow: number | string | null;
    closed: number | string | null;
    on_time: number | string | null;
  }>(
    `SELECT q.unit_id AS unit_id, MAX(q.unit_name) AS unit_name, COUNT(*) AS n, SUM(q.open) AS open,
       SUM(CASE WHEN q.open = 1 AND q.deadline < ? THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN q.open = 1 AND q.deadline >= ? AND q.deadline <= ? THEN 1 ELSE 0 END) AS yellow,
       SUM(CASE WHEN q.status = 'closed' THEN 1 ELSE 0 END) AS closed,
       SUM(CASE WHEN q.on_time = 1 THEN 1 ELSE 0 END) AS on_time
     FROM sup_parts q WHERE ${pw.where} GROUP BY q.unit_id ORDER BY red DESC, yellow DESC, unit_id`,
    [d.today, d.today, d.yellowUntil, ...pw.params],
  );
  return {
    byStatus,
    red,
    yellow,
    byUnit: unitRows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      total: Number(r.n),
      open: Number(r.open ?? 0),
      red: Number(r.red ?? 0),
      yellow: Number(r.yellow ?? 0),
      closed: Number(r.closed ?? 0),
      onTime: Number(r.on_time ?? 0),
    })),
  };
}

/** The item as both sides see it (the folded state kept by the projection), or null. */
export async function itemState(db: SqlClient, id: string): Promise<SupervisionState | null> {
  const row = await db.get<{ state: string }>('SELECT state FROM sup_item_state WHERE id = ?', [id]);
  return row ? (JSON.parse(row.state) as SupervisionState) : null;
}

/** 督办事项 started from a 收文 (the incoming document's page links to them). */
export async function itemsFromIncoming(
  db: SqlClient,
  incomingId: string,
  supervisingUnitId: string,
): Promise<{ id: string; title: string; status: string }[]> {
  return db.all('SELECT id, title, status FROM sup_items WHERE incoming_id = ? AND supervising_unit_id = ? ORDER BY proposed_at', [
    incomingId,
    supervisingUnitId,
  ]);
}
