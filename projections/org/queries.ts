import { BUILTIN_ROLES, DATA_SCOPES, type DataScope, isBuiltinRole, isDataScope, widerScope } from '../../domain/org/permissions';
import { RANKS, type Rank, rankOrder } from '../../domain/org/rank';
import type { SqlClient } from '../engine/types';

/**
 * Queries over the organisation read models (./projections.ts). Every function takes the read store
 * (SqlClient) first; `orgQueries(db)` binds them all. Values are always bound parameters.
 *
 *   getUser(db, userId)                     → UserRecord | null      (directory entry, roles, concurrent posts; no password hash)
 *   getUserByUsername(db, username)         → UserRecord | null
 *   getAuthByUsername(db, username)         → AuthRecord | null      (for the login: hash, lockout, status)
 *   getAuthByUserId(db, userId)             → AuthRecord | null
 *   listUsers(db, { page, pageSize, unitId?, departmentId?, includeSubDepartments?, q?, status?, minRank?, roleId? })
 *     q: name, username, phone, or the pinyin initials of the name from its start (zgq → 赵国强)
 *                                           → { items: UserRecord[], total, page, pageSize }   (ordered by unit, rank desc, name)
 *   orgTree(db, { includeClosed? })         → UnitNode[]  (roots; each with children units and a department tree)
 *   getUnit(db, id) / getDepartment(db, id) → UnitRow | DepartmentRow | null
 *   departmentLeader(db, deptId)            → leader user id | null  (the department's own 负责人, when active)
 *   leaderChain(db, deptId, levels = 10)    → LeaderLink[]: the department's leader, then each parent department's,
 *                                             then the unit's and each parent unit's; only levels that have an
 *                                             active leader, the first `levels` of them
 *   effectivePermissions(db, userId)        → { roles, permissions: [{ permission, scope }] } (union of role permissions,
 *                                             widest scope per permission; inactive users get none)
 *   departmentSubtreeIds(db, deptId)        → [deptId, …all its descendants]  ([] when unknown)
 *   unitSubtreeIds(db, unitId)              → [unitId, …all its descendant units]
 */
export interface PostRecord {
  unitId: string;
  departmentId: string;
  title: string;
  rank: Rank;
}

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  gender: 'male' | 'female' | null;
  phone: string | null;
  email: string | null;
  unitId: string;
  unitName: string | null;
  departmentId: string;
  departmentName: string | null;
  /** 职务 */
  title: string;
  /** 职务级别 */
  rank: Rank;
  status: 'active' | 'inactive';
  concurrentPosts: PostRecord[];
  roles: { roleId: string; scope: DataScope }[];
  hiredAt: string;
}

export interface AuthRecord {
  userId: string;
  username: string;
  passwordHash: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  status: 'active' | 'inactive';
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
  depth: number;
  leaderUserId: string | null;
  status: 'open' | 'closed';
}

export interface DepartmentRow extends UnitRow {
  unitId: string;
}

export interface DepartmentNode extends DepartmentRow {
  children: DepartmentNode[];
}

export interface UnitNode extends UnitRow {
  children: UnitNode[];
  /** Top-level departments of the unit, each with its sub-departments. */
  departments: DepartmentNode[];
}

export interface LeaderLink {
  kind: 'department' | 'unit';
  id: string;
  name: string;
  leaderUserId: string;
  leaderName: string | null;
}

export interface EffectivePermissions {
  userId: string;
  roles: { roleId: string; name: string; scope: DataScope }[];
  permissions: { permission: string; scope: DataScope }[];
}

export interface ListUsersFilter {
  page?: number;
  pageSize?: number;
  unitId?: string;
  departmentId?: string;
  /** With departmentId: also users of its sub-departments. */
  includeSubDepartments?: boolean;
  /** Matches name, username or phone (substring). */
  q?: string;
  status?: 'active' | 'inactive';
  /** Only users at this rank or above. */
  minRank?: Rank;
  roleId?: string;
}

interface UserRow {
  id: string;
  username: string;
  name: string;
  gender: string | null;
  phone: string | null;
  email: string | null;
  unit_id: string;
  unit_name: string | null;
  department_id: string;
  department_name: string | null;
  title: string;
  rank: string;
  status: string;
  concurrent_posts: string;
  hired_at: string;
}

const USER_SELECT = `SELECT u.id, u.username, u.name, u.gender, u.phone, u.email, u.unit_id, un.name AS unit_name,
  u.department_id, d.name AS department_name, u.title, u.rank, u.status, u.concurrent_posts, u.hired_at
  FROM org_users u LEFT JOIN org_units un ON un.id = u.unit_id LEFT JOIN org_departments d ON d.id = u.department_id`;

async function rolesOf(db: SqlClient, userIds: string[]): Promise<Map<string, { roleId: string; scope: DataScope }[]>> {
  const out = new Map<string, { roleId: string; scope: DataScope }[]>();
  if (userIds.length === 0) return out;
  const rows = await db.all<{ user_id: string; role_id: string; scope: string }>(
    `SELECT user_id, role_id, scope FROM org_user_roles WHERE user_id IN (${userIds.map(() => '?').join(', ')}) ORDER BY user_id, role_id`,
    userIds,
  );
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ roleId: r.role_id, scope: r.scope as DataScope });
    out.set(r.user_id, list);
  }
  return out;
}

function toUser(r: UserRow, roles: { roleId: string; scope: DataScope }[]): UserRecord {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    gender: (r.gender as UserRecord['gender']) ?? null,
    phone: r.phone,
    email: r.email,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    title: r.title,
    rank: r.rank as Rank,
    status: r.status as UserRecord['status'],
    concurrentPosts: JSON.parse(r.concurrent_posts) as PostRecord[],
    roles,
    hiredAt: r.hired_at,
  };
}

async function usersFrom(db: SqlClient, rows: UserRow[]): Promise<UserRecord[]> {
  const roles = await rolesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, roles.get(r.id) ?? []));
}

export async function getUser(db: SqlClient, userId: string): Promise<UserRecord | null> {
  const rows = await db.all<UserRow>(`${USER_SELECT} WHERE u.id = ?`, [userId]);
  return (await usersFrom(db, rows))[0] ?? null;
}

export async function getUserByUsername(db: SqlClient, username: string): Promise<UserRecord | null> {
  const rows = await db.all<UserRow>(`${USER_SELECT} WHERE u.username = ?`, [username.trim().toLowerCase()]);
  return (await usersFrom(db, rows))[0] ?? null;
}

interface AuthRow {
  user_id: string;
  username: string;
  password_hash: string | null;
  must_change_password: number | string;
  password_changed_at: string | null;
  status: string;
  failed_logins: number | string;
  locked_until: string | null;
  last_login_at: string | null;
}

function toAuth(r: AuthRow | undefined): AuthRecord | null {
  if (!r) return null;
  return {
    userId: r.user_id,
    username: r.username,
    passwordHash: r.password_hash,
    mustChangePassword: Number(r.must_change_password) === 1,
    passwordChangedAt: r.password_changed_at,
    status: r.status as AuthRecord['status'],
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
  };
}

export async function getAuthByUsername(db: SqlClient, username: string): Promise<AuthRecord | null> {
  return toAuth(await db.get<AuthRow>(`SELECT * FROM auth_users WHERE username = ?`, [username.trim().toLowerCase()]));
}

export async function getAuthByUserId(db: SqlClient, userId: string): Promise<AuthRecord | null> {
  return toAuth(await db.get<AuthRow>(`SELECT * FROM auth_users WHERE user_id = ?`, [userId]));
}

/** `LIKE ? ESCAPE '\'` pattern for a substring search: %, _ and \ in the input match literally. */
function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listUsers(
  db: SqlClient,
  filter: ListUsersFilter = {},
): Promise<{ items: UserRecord[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, Math.trunc(filter.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(filter.pageSize ?? 20)));
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.unitId) {
    where.push('u.unit_id = ?');
    params.push(filter.unitId);
  }
  if (filter.departmentId) {
    const ids = filter.includeSubDepartments ? await departmentSubtreeIds(db, filter.departmentId) : [filter.departmentId];
    if (ids.length === 0) ids.push(filter.departmentId);
    where.push(`u.department_id IN (${ids.map(() => '?').join(', ')})`);
    params.push(...ids);
  }
  if (filter.q && filter.q.trim()) {
    const p = likeContains(filter.q.trim().toLowerCase());
    // pinyin initials from the start of the name (zgq → 赵国强); letters only, so nothing to escape
    const letters = filter.q.trim().toLowerCase();
    const byInitials = /^[a-z]+$/.test(letters);
    where.push(
      `(lower(u.name) LIKE ? ESCAPE '\\' OR u.username LIKE ? ESCAPE '\\' OR coalesce(u.phone, '') LIKE ? ESCAPE '\\'${byInitials ? ' OR u.initials LIKE ?' : ''})`,
    );
    params.push(p, p, p, ...(byInitials ? [`${letters}%`] : []));
  }
  if (filter.status) {
    where.push('u.status = ?');
    params.push(filter.status);
  }
  if (filter.minRank && (RANKS as readonly string[]).includes(filter.minRank)) {
    where.push('u.rank_order >= ?');
    params.push(rankOrder(filter.minRank));
  }
  if (filter.roleId) {
    where.push('EXISTS (SELECT 1 FROM org_user_roles r WHERE r.user_id = u.id AND r.role_id = ?)');
    params.push(filter.roleId);
  }
  const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const totalRow = await db.get<{ n: number | string }>(`SELECT count(*) AS n FROM org_users u${cond}`, params);
  const rows = await db.all<UserRow>(`${USER_SELECT}${cond} ORDER BY u.unit_id, u.rank_order DESC, u.name, u.id LIMIT ? OFFSET ?`, [
    ...params,
    pageSize,
    (page - 1) * pageSize,
  ]);
  return { items: await usersFrom(db, rows), total: Number(totalRow?.n ?? 0), page, pageSize };
}

interface TreeRow {
  id: string;
  name: string;
  parent_id: string | null;
  path: string;
  depth: number | string;
  leader_user_id: string | null;
  status: string;
  unit_id?: string;
}

function toUnitRow(r: TreeRow): UnitRow {
  return {
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    path: r.path,
    depth: Number(r.depth),
    leaderUserId: r.leader_user_id,
    status: r.status as UnitRow['status'],
  };
}

function toDepartmentRow(r: TreeRow): DepartmentRow {
  return { ...toUnitRow(r), unitId: r.unit_id ?? '' };
}

export async function getUnit(db: SqlClient, unitId: string): Promise<UnitRow | null> {
  const r = await db.get<TreeRow>(`SELECT id, name, parent_id, path, depth, leader_user_id, status FROM org_units WHERE id = ?`, [unitId]);
  return r ? toUnitRow(r) : null;
}

export async function getDepartment(db: SqlClient, departmentId: string): Promise<DepartmentRow | null> {
  const r = await db.get<TreeRow>(
    `SELECT id, unit_id, name, parent_id, path, depth, leader_user_id, status FROM org_departments WHERE id = ?`,
    [departmentId],
  );
  return r ? toDepartmentRow(r) : null;
}

export async function orgTree(db: SqlClient, options: { includeClosed?: boolean } = {}): Promise<UnitNode[]> {
  const cond = options.includeClosed ? '' : ` WHERE status = 'open'`;
  const units = (
    await db.all<TreeRow>(`SELECT id, name, parent_id, path, depth, leader_user_id, status FROM org_units${cond} ORDER BY depth, name, id`)
  ).map(toUnitRow);
  const depts = (
    await db.all<TreeRow>(
      `SELECT id, unit_id, name, parent_id, path, depth, leader_user_id, status FROM org_departments${cond} ORDER BY depth, name, id`,
    )
  ).map(toDepartmentRow);
  const unitNodes = new Map<string, UnitNode>(units.map((u) => [u.id, { ...u, children: [], departments: [] }]));
  const deptNodes = new Map<string, DepartmentNode>(depts.map((d) => [d.id, { ...d, children: [] }]));
  const roots: UnitNode[] = [];
  for (const u of unitNodes.values()) {
    const parent = u.parentId ? unitNodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(u);
  }
  for (const d of deptNodes.values()) {
    const parent = d.parentId ? deptNodes.get(d.parentId) : undefined;
    if (parent) parent.children.push(d);
    else unitNodes.get(d.unitId)?.departments.push(d);
  }
  return roots;
}

export async function departmentLeader(db: SqlClient, departmentId: string): Promise<string | null> {
  const r = await db.get<{ leader_user_id: string | null }>(
    `SELECT d.leader_user_id FROM org_departments d JOIN org_users u ON u.id = d.leader_user_id AND u.status = 'active' WHERE d.id = ?`,
    [departmentId],
  );
  return r?.leader_user_id ?? null;
}

export async function leaderChain(db: SqlClient, departmentId: string, levels = 10): Promise<LeaderLink[]> {
  const out: LeaderLink[] = [];
  const seen = new Set<string>();
  let dept = await getDepartment(db, departmentId);
  const unitId = dept?.unitId ?? null;
  while (dept && !seen.has(`d:${dept.id}`)) {
    seen.add(`d:${dept.id}`);
    if (dept.leaderUserId)
      out.push({ kind: 'department', id: dept.id, name: dept.name, leaderUserId: dept.leaderUserId, leaderName: null });
    dept = dept.parentId ? await getDepartment(db, dept.parentId) : null;
  }
  let unit = unitId ? await getUnit(db, unitId) : null;
  while (unit && !seen.has(`u:${unit.id}`)) {
    seen.add(`u:${unit.id}`);
    if (unit.leaderUserId) out.push({ kind: 'unit', id: unit.id, name: unit.name, leaderUserId: unit.leaderUserId, leaderName: null });
    unit = unit.parentId ? await getUnit(db, unit.parentId) : null;
  }
  if (out.length === 0) return out;
  // a deactivated leader leads no more: skip that level
  const ids = [...new Set(out.map((l) => l.leaderUserId))];
  const users = await db.all<{ id: string; name: string }>(
    `SELECT id, name FROM org_users WHERE status = 'active' AND id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const byId = new Map(users.map((n) => [n.id, n.name]));
  return out
    .filter((l) => byId.has(l.leaderUserId))
    .slice(0, Math.max(0, levels))
    .map((l) => ({ ...l, leaderName: byId.get(l.leaderUserId) ?? null }));
}

export async function departmentSubtreeIds(db: SqlClient, departmentId: string): Promise<string[]> {
  const root = await db.get<{ unit_id: string; path: string }>(`SELECT unit_id, path FROM org_departments WHERE id = ?`, [departmentId]);
  if (!root) return [];
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM org_departments WHERE unit_id = ? AND substr(path, 1, ?) = ? ORDER BY depth, id`,
    [root.unit_id, root.path.length, root.path],
  );
  return rows.map((r) => r.id);
}

export async function unitSubtreeIds(db: SqlClient, unitId: string): Promise<string[]> {
  const root = await db.get<{ path: string }>(`SELECT path FROM org_units WHERE id = ?`, [unitId]);
  if (!root) return [];
  const rows = await db.all<{ id: string }>(`SELECT id FROM org_units WHERE substr(path, 1, ?) = ? ORDER BY depth, id`, [
    root.path.length,
    root.path,
  ]);
  return rows.map((r) => r.id);
}

export async function effectivePermissions(db: SqlClient, userId: string): Promise<EffectivePermissions> {
  const user = await db.get<{ status: string }>(`SELECT status FROM org_users WHERE id = ?`, [userId]);
  if (!user || user.status !== 'active') return { userId, roles: [], permissions: [] };
  const grants = await db.all<{ role_id: string; scope: string }>(
    `SELECT role_id, scope FROM org_user_roles WHERE user_id = ? ORDER BY role_id`,
    [userId],
  );
  const custom = grants.filter((g) => !isBuiltinRole(g.role_id)).map((g) => g.role_id);
  const defs = new Map<string, { name: string; permissions: string[] }>();
  if (custom.length) {
    const rows = await db.all<{ id: string; name: string; permissions: string }>(
      `SELECT id, name, permissions FROM org_roles WHERE status = 'active' AND id IN (${custom.map(() => '?').join(', ')})`,
      custom,
    );
    for (const r of rows) defs.set(r.id, { name: r.name, permissions: JSON.parse(r.permissions) as string[] });
  }
  const roles: EffectivePermissions['roles'] = [];
  const perms = new Map<string, DataScope>();
  for (const g of grants) {
    const def = isBuiltinRole(g.role_id) ? BUILTIN_ROLES[g.role_id] : defs.get(g.role_id);
    if (!def || !isDataScope(g.scope)) continue; // a retired custom role grants nothing
    roles.push({ roleId: g.role_id, name: def.name, scope: g.scope });
    for (const p of def.permissions) {
      const had = perms.get(p);
      perms.set(p, had ? widerScope(had, g.scope) : g.scope);
    }
  }
  const permissions = [...perms.entries()]
    .map(([permission, scope]) => ({ permission, scope }))
    .sort((a, b) => a.permission.localeCompare(b.permission));
  return { userId, roles, permissions };
}

/** All query functions bound to one read store. */
export function orgQueries(db: SqlClient) {
  return {
    getUser: (userId: string) => getUser(db, userId),
    getUserByUsername: (username: string) => getUserByUsername(db, username),
    getAuthByUsername: (username: string) => getAuthByUsername(db, username),
    getAuthByUserId: (userId: string) => getAuthByUserId(db, userId),
    listUsers: (filter?: ListUsersFilter) => listUsers(db, filter),
    orgTree: (options?: { includeClosed?: boolean }) => orgTree(db, options),
    getUnit: (unitId: string) => getUnit(db, unitId),
    getDepartment: (departmentId: string) => getDepartment(db, departmentId),
    departmentLeader: (departmentId: string) => departmentLeader(db, departmentId),
    leaderChain: (departmentId: string, levels?: number) => leaderChain(db, departmentId, levels),
    effectivePermissions: (userId: string) => effectivePermissions(db, userId),
    departmentSubtreeIds: (departmentId: string) => departmentSubtreeIds(db, departmentId),
    unitSubtreeIds: (unitId: string) => unitSubtreeIds(db, unitId),
  };
}
export type OrgQueries = ReturnType<typeof orgQueries>;

/** Scopes in order, re-exported for callers that build scope filters. */
export { DATA_SCOPES };
