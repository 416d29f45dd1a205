import type { SqlClient } from '../engine/types';

/**
 * Queries of the 出国境 read models (projection.ts). Every list is paged and filtered by the caller's
 * data scope: `self` = the caller's own rows; `department` / `department_tree` = those departments;
 * `unit` = the caller's unit; `all` = everything.
 */
export interface AbroadScope {
  scope: 'self' | 'department' | 'department_tree' | 'unit' | 'all';
  userId: string;
  unitId: string | null;
  departmentIds: string[];
}

/** `prefix` qualifies the columns ('a.' when the table is aliased). */
function scopeWhere(s: AbroadScope, ownerColumn: string, prefix = ''): { sql: string; params: unknown[] } {
  const owner = `${prefix}${ownerColumn}`;
  switch (s.scope) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'unit':
      return { sql: `(${prefix}unit_id = ? OR ${owner} = ?)`, params: [s.unitId ?? '', s.userId] };
    case 'department':
    case 'department_tree':
      if (!s.departmentIds.length) return { sql: `${owner} = ?`, params: [s.userId] };
      return {
        sql: `(${prefix}department_id IN (${s.departmentIds.map(() => '?').join(', ')}) OR ${owner} = ?)`,
        params: [...s.departmentIds, s.userId],
      };
    case 'self':
      return { sql: `${owner} = ?`, params: [s.userId] };
  }
}

export interface ApplicationRow {
  id: string;
  entry: string;
  applicant_id: string;
  applicant_name: string;
  unit_id: string;
  department_id: string;
  rank: string;
  destinations: string;
  destination_type: string;
  depart_date: string;
  return_date: string;
  days: number;
  reason: string;
  status: string;
  process_id: string;
  submitted_at: string;
  decided_at: string | null;
  current_step: string | null;
}

export interface ApplicationFilter {
  status?: string;
  entry?: string;
  /** Keyword: applicant name, destinations or 事由. */
  q?: string;
  /** Only the caller's own. */
  mine?: boolean;
}

export async function listApplications(
  db: SqlClient,
  scope: AbroadScope,
  f: ApplicationFilter,
  page: { offset: number; limit: number },
): Promise<{ items: ApplicationRow[]; total: number }> {
  const w = scopeWhere(f.mine ? { ...scope, scope: 'self' } : scope, 'applicant_id', 'a.');
  const where = [w.sql];
  const params = [...w.params];
  if (f.status) {
    where.push('a.status = ?');
    params.push(f.status);
  }
  if (f.entry) {
    where.push('a.entry = ?');
    params.push(f.entry);
  }
  if (f.q) {
    where.push('(a.applicant_name LIKE ? OR a.destinations LIKE ? OR a.reason LIKE ?)');
    const like = `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    params.push(like, like, like);
  }
  const cond = where.join(' AND ');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM abroad_application a WHERE ${cond}`, params);
  const items = await db.all<ApplicationRow>(
    `SELECT a.id, a.entry, a.applicant_id, a.applicant_name, a.unit_id, a.department_id, a.rank, a.destinations, a.destination_type,
            a.depart_date, a.return_date, a.days, a.reason, a.status, a.process_id, a.submitted_at, a.decided_at, pr.current_step
       FROM abroad_application a LEFT JOIN abroad_process pr ON pr.process_id = a.process_id
      WHERE ${cond} ORDER BY a.submitted_at DESC, a.id DESC LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return { items, total: Number(total?.n ?? 0) };
}

export interface PassportRow {
  id: string;
  holder_id: string;
  holder_name: string;
  unit_id: string;
  department_id: string;
  doc_type: string;
  number: string;
  valid_until: string;
  keeper_id: string;
  keeper_name: string;
  status: 'in_custody' | 'checked_out';
  application_id: string | null;
  checked_out_at: string | null;
  due_back: string | null;
  overdue: number;
  returned_at: string | null;
  registered_at: string;
}

export interface PassportFilter {
  /** in_custody | checked_out | overdue */
  status?: string;
  q?: string;
  holderId?: string;
}

/** 证照台账: where every 证照 is now. `overdue` = out past its due time (`now`). */
export async function passportRegister(
  db: SqlClient,
  scope: AbroadScope,
  f: PassportFilter,
  now: string,
  page: { offset: number; limit: number },
): Promise<{ items: PassportRow[]; total: number }> {
  const w = scopeWhere(scope, 'holder_id');
  const where = [w.sql];
  const params = [...w.params];
  if (f.status === 'overdue') {
    where.push(`status = 'checked_out' AND due_back <= ?`);
    params.push(now);
  } else if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  if (f.holderId) {
    where.push('holder_id = ?');
    params.push(f.holderId);
  }
  if (f.q) {
    where.push('(holder_name LIKE ? OR number LIKE ?)');
    const like = `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    params.push(like, like);
  }
  const cond = where.join(' AND ');
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM abroad_passport WHERE ${cond}`, params);
  const items = await db.all<PassportRow>(
    `SELECT id, holder_id, holder_name, unit_id, department_id, doc_type, number, valid_until, keeper_id, keeper_name, status,
            application_id, checked_out_at, due_back, overdue, returned_at, registered_at
       FROM abroad_passport WHERE ${cond} ORDER BY unit_id, holder_name, id LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return { items, total: Number(total?.n ?? 0) };
}

export async function custodyHistory(db: SqlClient, passportId: string) {
  return db.all<{ seq: number; action: string; at: string; actor_id: string; application_id: string | null; note: string }>(
    `SELECT seq, action, at, actor_id, application_id, note FROM abroad_custody WHERE passport_id = ? ORDER BY seq`,
    [passportId],
  );
}

/** The 证照 of a holder (for 领用 on an application's page). */
export async function passportsOf(db: SqlClient, holderId: string): Promise<PassportRow[]> {
  return db.all<PassportRow>(`SELECT * FROM abroad_passport WHERE holder_id = ? ORDER BY registered_at`, [holderId]);
}
