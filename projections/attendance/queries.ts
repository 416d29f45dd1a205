import type { SqlClient } from '../engine/types';

/** What the monitoring view and 我的考勤 list: one row of att_application. */
export interface ApplicationRow {
  id: string;
  kind: string;
  personId: string;
  personName: string;
  unitId: string;
  departmentId: string;
  processId: string;
  status: string;
  leaveType: string | null;
  startDate: string;
  endDate: string;
  days: number | null;
  hours: number | null;
  summary: string;
  reason: string;
  requestedAt: string;
  decidedAt: string | null;
  actualEndDate: string | null;
  actualDays: number | null;
}

export interface ApplicationFilter {
  /** Data scope: the rows of these units / this department / this person only (null = no limit). */
  unitId?: string | null;
  departmentId?: string | null;
  personId?: string | null;
  kind?: string;
  status?: string;
  leaveType?: string;
  /** Applications overlapping [from, to] (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Person name, 事由 or summary contains. */
  q?: string;
}

const COLUMNS = `id, kind, person_id AS "personId", person_name AS "personName", unit_id AS "unitId", department_id AS "departmentId",
  process_id AS "processId", status, leave_type AS "leaveType", start_date AS "startDate", end_date AS "endDate", days, hours, summary, reason,
  requested_at AS "requestedAt", decided_at AS "decidedAt", actual_end_date AS "actualEndDate", actual_days AS "actualDays"`;

function where(f: ApplicationFilter): { sql: string; params: unknown[] } {
  const c: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    c.push(`${col} = ?`);
    params.push(v);
  };
  eq('unit_id', f.unitId);
  eq('department_id', f.departmentId);
  eq('person_id', f.personId);
  eq('kind', f.kind);
  eq('status', f.status);
  eq('leave_type', f.leaveType);
  if (f.from) {
    c.push('end_date >= ?');
    params.push(f.from);
  }
  if (f.to) {
    c.push('start_date <= ?');
    params.push(f.to);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(`(person_name LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR summary LIKE ? ESCAPE '\\')`);
    params.push(like, like, like);
  }
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params };
}

export async function listApplications(
  db: SqlClient,
  f: ApplicationFilter,
  page: { offset: number; limit: number },
): Promise<{ items: ApplicationRow[]; total: number }> {
  const w = where(f);
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM att_application ${w.sql}`, w.params);
  const items = await db.all<ApplicationRow>(`SELECT ${COLUMNS} FROM att_application ${w.sql} ORDER BY seq DESC LIMIT ? OFFSET ?`, [
    ...w.params,
    page.limit,
    page.offset,
  ]);
  return { items: items.map(num), total: Number(total?.n ?? 0) };
}

export async function applicationRow(db: SqlClient, id: string): Promise<ApplicationRow | null> {
  const r = await db.get<ApplicationRow>(`SELECT ${COLUMNS} FROM att_application WHERE id = ?`, [id]);
  return r ? num(r) : null;
}

/** Approved trips of a person (the trips 费用 claims against), newest first. */
export async function approvedTrips(db: SqlClient, personId: string): Promise<ApplicationRow[]> {
  const rows = await db.all<ApplicationRow>(
    `SELECT ${COLUMNS} FROM att_application WHERE person_id = ? AND kind = 'trip' AND status = 'approved' ORDER BY start_date DESC LIMIT 200`,
    [personId],
  );
  return rows.map(num);
}

function num(r: ApplicationRow): ApplicationRow {
  return {
    ...r,
    days: r.days === null ? null : Number(r.days),
    hours: r.hours === null ? null : Number(r.hours),
    actualDays: r.actualDays === null ? null : Number(r.actualDays),
  };
}

/** An approved application as the monthly statement needs it. */
export interface StatementSource {
  id: string;
  kind: string;
  personId: string;
  unitId: string;
  leaveType: string | null;
  startDate: string;
  endDate: string;
  actualEndDate: string | null;
  hours: number | null;
  detail: Record<string, unknown>;
  decidedAt: string | null;
}

/**
 * Approved applications overlapping [from, to] of the unit's people (and every approved trip, whose
 * companions may belong to the unit).
 */
export async function approvedOverlapping(db: SqlClient, unitId: string, from: string, to: string): Promise<StatementSource[]> {
  const rows = await db.all<Omit<StatementSource, 'detail'> & { detail: string }>(
    `SELECT id, kind, person_id AS "personId", unit_id AS "unitId", leave_type AS "leaveType", start_date AS "startDate", end_date AS "endDate",
       actual_end_date AS "actualEndDate", hours, detail, decided_at AS "decidedAt"
     FROM att_application WHERE status = 'approved' AND (unit_id = ? OR kind = 'trip') AND end_date >= ? AND start_date <= ?`,
    [unitId, from, to],
  );
  return rows.map((r) => ({
    ...r,
    hours: r.hours === null ? null : Number(r.hours),
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/** 考勤出差 / 考勤请假 / 考勤加班 / 考勤补签: approved applications of the unit starting in the month, by kind. */
export async function unitCounts(db: SqlClient, unitId: string, month: string): Promise<Record<string, number>> {
  const rows = await db.all<{ kind: string; n: number | string }>(
    `SELECT kind, COUNT(*) AS n FROM att_application WHERE unit_id = ? AND status = 'approved' AND start_date >= ? AND start_date <= ? GROUP BY kind`,
    [unitId, `${month}-01`, `${month}-31`],
  );
  const out: Record<string, number> = { trip: 0, leave: 0, overtime: 0, correction: 0 };
  for (const r of rows) out[r.kind] = Number(r.n);
  return out;
}
