import type { DataScope } from '../../domain/org/permissions';
import type { SqlClient } from '../engine/types';

/**
 * Queries over the 通讯录 read models (projection.ts). Values are always bound parameters.
 *
 *   searchPeople(db, filter, viewer) → a page of active people: q matches the name (contains), the pinyin
 *     initials (xwb → 许文博), username, office phone, email or room; a mobile number only where the viewer's
 *     mobile scope reaches the person (`mobileScope`, domain/contacts/mobile-policy.ts). Ordered by unit,
 *     department, rank (high first), name.
 *   personById(db, userId)           → one person with unit and department names
 *   personalContacts(db, ownerId, q, page, pageSize) → the owner's 个人通讯录
 */
export interface PersonRow {
  userId: string;
  name: string;
  initials: string;
  unitId: string;
  unitName: string | null;
  departmentId: string;
  departmentName: string | null;
  title: string;
  officePhone: string | null;
  mobile: string | null;
  email: string | null;
  room: string | null;
}

export interface Viewer {
  userId: string;
  unitId: string | null;
  departmentId: string | null;
  mobileScope: DataScope;
  /** The viewer's department and those below it (for department_tree). */
  subtree: readonly string[];
}

interface Raw {
  user_id: string;
  name: string;
  initials: string;
  unit_id: string;
  unit_name: string | null;
  department_id: string;
  department_name: string | null;
  title: string;
  office_phone: string | null;
  mobile: string | null;
  email: string | null;
  room: string | null;
}

const SELECT = `SELECT p.user_id, p.name, p.initials, p.unit_id, u.name AS unit_name, p.department_id, d.name AS department_name, p.title,
  p.office_phone, p.mobile, p.email, p.room FROM ct_people p LEFT JOIN ct_units u ON u.id = p.unit_id LEFT JOIN ct_departments d ON d.id = p.department_id`;

const toRow = (r: Raw): PersonRow => ({
  userId: r.user_id,
  name: r.name,
  initials: r.initials,
  unitId: r.unit_id,
  unitName: r.unit_name,
  departmentId: r.department_id,
  departmentName: r.department_name,
  title: r.title,
  officePhone: r.office_phone,
  mobile: r.mobile,
  email: r.email,
  room: r.room,
});

function like(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL for "the viewer may see this person's mobile" (M3/M4), with its parameters. */
function mobileVisibleSql(v: Viewer): { sql: string; params: unknown[] } {
  switch (v.mobileScope) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'unit':
      return { sql: '(p.unit_id = ? OR p.user_id = ?)', params: [v.unitId ?? '', v.userId] };
    case 'department':
      return { sql: '(p.department_id = ? OR p.user_id = ?)', params: [v.departmentId ?? '', v.userId] };
    case 'department_tree': {
      const ids = v.subtree.length ? v.subtree : [''];
      return { sql: `(p.department_id IN (${ids.map(() => '?').join(', ')}) OR p.user_id = ?)`, params: [...ids, v.userId] };
    }
    case 'self':
      return { sql: 'p.user_id = ?', params: [v.userId] };
  }
}

export async function searchPeople(
  db: SqlClient,
  f: { q?: string; unitId?: string; departmentIds?: string[]; page: number; pageSize: number },
  viewer: Viewer,
): Promise<{ items: PersonRow[]; total: number }> {
  const where = [`p.status = 'active'`];
  const params: unknown[] = [];
  if (f.unitId) {
    where.push('p.unit_id = ?');
    params.push(f.unitId);
  }
  if (f.departmentIds?.length) {
    where.push(`p.department_id IN (${f.departmentIds.map(() => '?').join(', ')})`);
    params.push(...f.departmentIds);
  }
  const q = f.q?.trim().toLowerCase();
  if (q) {
    if (/^\d{3,}$/.test(q)) {
      const vis = mobileVisibleSql(viewer);
      where.push(`(p.search_text LIKE ? ESCAPE '\\' OR (p.mobile LIKE ? ESCAPE '\\' AND ${vis.sql}))`);
      params.push(like(q), like(q), ...vis.params);
    } else {
      where.push(`p.search_text LIKE ? ESCAPE '\\'`);
      params.push(like(q));
    }
  }
  const cond = where.join(' AND ');
  const rows = await db.all<Raw & { total: number | string }>(
    `${SELECT} WHERE ${cond} ORDER BY p.unit_id, p.department_id, p.rank_order DESC, p.name, p.user_id LIMIT ? OFFSET ?`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  const total =
    rows.length < f.pageSize && f.page === 1
      ? rows.length
      : Number((await db.get<{ c: number | string }>(`SELECT count(*) AS c FROM ct_people p WHERE ${cond}`, params))?.c ?? 0);
  return { items: rows.map(toRow), total };
}

export async function personById(db: SqlClient, userId: string): Promise<PersonRow | null> {
  const r = await db.get<Raw>(`${SELECT} WHERE p.user_id = ?`, [userId]);
  return r ? toRow(r) : null;
}

export interface PersonalContactRow {
  contactId: string;
  name: string;
  initials: string;
  organisation: string | null;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
}

export async function personalContacts(
  db: SqlClient,
  ownerId: string,
  f: { q?: string; page: number; pageSize: number },
): Promise<{ items: PersonalContactRow[]; total: number }> {
  const where = ['owner_id = ?'];
  const params: unknown[] = [ownerId];
  const q = f.q?.trim().toLowerCase();
  if (q) {
    where.push(`search_text LIKE ? ESCAPE '\\'`);
    params.push(like(q));
  }
  const cond = where.join(' AND ');
  const total = await db.get<{ c: number | string }>(`SELECT count(*) AS c FROM ct_personal WHERE ${cond}`, params);
  const rows = await db.all<{
    contact_id: string;
    name: string;
    initials: string;
    organisation: string | null;
    title: string | null;
    mobile: string | null;
    phone: string | null;
    email: string | null;
    note: string | null;
  }>(
    `SELECT contact_id, name, initials, organisation, title, mobile, phone, email, note FROM ct_personal WHERE ${cond} ORDER BY initials, name, contact_id LIMIT ? OFFSET ?`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return {
    items: rows.map((r) => ({
      contactId: r.contact_id,
      name: r.name,
      initials: r.initials,
      organisation: r.organisation,
      title: r.title,
      mobile: r.mobile,
      phone: r.phone,
      email: r.email,
      note: r.note,
    })),
    total: Number(total?.c ?? 0),
  };
}
