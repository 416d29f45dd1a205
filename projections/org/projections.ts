import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { pinyinInitials } from './pinyin';
import type { DepartmentEvent } from '../../domain/org/department/department';
import { DEPARTMENT_EVENT_TYPES } from '../../domain/org/department/department';
import { rankOrder } from '../../domain/org/rank';
import { ROLE_EVENT_TYPES, type RoleEvent } from '../../domain/org/role/role';
import { UNIT_EVENT_TYPES, type UnitEvent } from '../../domain/org/unit/unit';
import { USER_EVENT_TYPES, type UserEvent } from '../../domain/org/user/user';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * Organisation read models (projections, per projections/engine/types.ts). SQL with `?` only, runs on
 * SQLite and PostgreSQL.
 *
 * orgTreeProjection ('org_tree'):
 *   org_units       (id, name, parent_id, path '/qzf/czj/', depth, leader_user_id, status open|closed, created_at, updated_at)
 *   org_departments (id, unit_id, name, parent_id, path '/bgs/yss/' inside the unit, depth, leader_user_id, status, …)
 *   — also answers "who leads department X" (leader_user_id, and up the chain via parent_id / the unit).
 * userDirectoryProjection ('org_directory'):
 *   org_users       (id, username, name, gender, phone, email, unit_id, department_id, title, rank, rank_order 0..7,
 *                    status active|inactive, concurrent_posts JSON [{unitId, departmentId, title, rank}], hired_at, updated_at)
 *   org_user_roles  (user_id, role_id, scope)
 *   org_roles       (id, name, permissions JSON, status active|retired) — custom roles only; built-ins are constants
 *   auth_users      (user_id, username, password_hash, must_change_password 0/1, password_changed_at, status,
 *                    failed_logins, locked_until, last_login_at) — for the login only, kept apart from the directory
 * Queries over these tables: ./queries.ts.
 */

async function q1<T>(db: SqlClient, sql: string, params: unknown[]): Promise<T | undefined> {
  return db.get<T>(sql, params);
}

// ---------------------------------------------------------------------------------------------
// org_tree

async function setupTree(db: SqlClient, t: TableNamer): Promise<void> {
  const u = t('org_units');
  const d = t('org_departments');
  await db.run(`CREATE TABLE IF NOT EXISTS ${u} (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT, path TEXT NOT NULL, depth INTEGER NOT NULL,
    leader_user_id TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${u}_parent ON ${u} (parent_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${u}_path ON ${u} (path)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${d} (
    id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT, path TEXT NOT NULL, depth INTEGER NOT NULL,
    leader_user_id TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${d}_unit ON ${d} (unit_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${d}_parent ON ${d} (parent_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${d}_path ON ${d} (unit_id, path)`);
}

/**
 * Re-roots a subtree: every row whose path starts with `oldPath` gets `newPath` instead of that prefix,
 * and its depth shifted. `scope` narrows to one unit for departments. No LIKE: ids could contain '_'.
 */
async function reroot(db: SqlClient, table: string, oldPath: string, newPath: string, scope?: { unitId: string }): Promise<void> {
  const delta = newPath.split('/').length - oldPath.split('/').length;
  const where = scope ? 'unit_id = ? AND ' : '';
  const params: unknown[] = [newPath, oldPath.length + 1, delta];
  if (scope) params.push(scope.unitId);
  params.push(oldPath.length, oldPath);
  await db.run(`UPDATE ${table} SET path = ? || substr(path, ?), depth = depth + ? WHERE ${where}substr(path, 1, ?) = ?`, params);
}

async function applyTree(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const at = event.recordedAt;
  const u = t('org_units');
  const d = t('org_departments');
  const e = event as unknown as UnitEvent | DepartmentEvent;
  switch (e.type) {
    case 'UnitCreated': {
      const parent = e.data.parentId ? await q1<{ path: string }>(db, `SELECT path FROM ${u} WHERE id = ?`, [e.data.parentId]) : undefined;
      const path = `${parent?.path ?? '/'}${e.data.unitId}/`;
      await db.run(
        `INSERT INTO ${u} (id, name, parent_id, path, depth, leader_user_id, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, 'open', ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, path = excluded.path,
           depth = excluded.depth, status = 'open', updated_at = excluded.updated_at`,
        [e.data.unitId, e.data.name, e.data.parentId, path, path.split('/').length - 3, e.data.createdAt, at],
      );
      return;
    }
    case 'UnitRenamed':
      await db.run(`UPDATE ${u} SET name = ?, updated_at = ? WHERE id = ?`, [e.data.name, at, e.data.unitId]);
      return;
    case 'UnitMoved': {
      const row = await q1<{ path: string }>(db, `SELECT path FROM ${u} WHERE id = ?`, [e.data.unitId]);
      if (!row) return;
      const parent = e.data.toParentId
        ? await q1<{ path: string }>(db, `SELECT path FROM ${u} WHERE id = ?`, [e.data.toParentId])
        : undefined;
      const newPath = `${parent?.path ?? '/'}${e.data.unitId}/`;
      await db.run(`UPDATE ${u} SET parent_id = ?, updated_at = ? WHERE id = ?`, [e.data.toParentId, at, e.data.unitId]);
      await reroot(db, u, row.path, newPath);
      return;
    }
    case 'UnitLeaderAssigned':
      await db.run(`UPDATE ${u} SET leader_user_id = ?, updated_at = ? WHERE id = ?`, [e.data.userId, at, e.data.unitId]);
      return;
    case 'UnitLeaderCleared':
      await db.run(`UPDATE ${u} SET leader_user_id = NULL, updated_at = ? WHERE id = ?`, [at, e.data.unitId]);
      return;
    case 'UnitClosed':
      await db.run(`UPDATE ${u} SET status = 'closed', updated_at = ? WHERE id = ?`, [at, e.data.unitId]);
      return;
    case 'DepartmentCreated': {
      const parent = e.data.parentId ? await q1<{ path: string }>(db, `SELECT path FROM ${d} WHERE id = ?`, [e.data.parentId]) : undefined;
      const path = `${parent?.path ?? '/'}${e.data.departmentId}/`;
      await db.run(
        `INSERT INTO ${d} (id, unit_id, name, parent_id, path, depth, leader_user_id, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, 'open', ?, ?)
         ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, parent_id = excluded.parent_id,
           path = excluded.path, depth = excluded.depth, status = 'open', updated_at = excluded.updated_at`,
        [e.data.departmentId, e.data.unitId, e.data.name, e.data.parentId, path, path.split('/').length - 3, e.data.createdAt, at],
      );
      return;
    }
    case 'DepartmentRenamed':
      await db.run(`UPDATE ${d} SET name = ?, updated_at = ? WHERE id = ?`, [e.data.name, at, e.data.departmentId]);
      return;
    case 'DepartmentMoved': {
      const row = await q1<{ path: string; unit_id: string }>(db, `SELECT path, unit_id FROM ${d} WHERE id = ?`, [e.data.departmentId]);
      if (!row) return;
      const parent = e.data.toParentId
        ? await q1<{ path: string }>(db, `SELECT path FROM ${d} WHERE id = ?`, [e.data.toParentId])
        : undefined;
      const newPath = `${parent?.path ?? '/'}${e.data.departmentId}/`;
      await db.run(`UPDATE ${d} SET parent_id = ?, updated_at = ? WHERE id = ?`, [e.data.toParentId, at, e.data.departmentId]);
      await reroot(db, d, row.path, newPath, { unitId: row.unit_id });
      return;
    }
    case 'DepartmentLeaderAssigned':
      await db.run(`UPDATE ${d} SET leader_user_id = ?, updated_at = ? WHERE id = ?`, [e.data.userId, at, e.data.departmentId]);
      return;
    case 'DepartmentLeaderCleared':
      await db.run(`UPDATE ${d} SET leader_user_id = NULL, updated_at = ? WHERE id = ?`, [at, e.data.departmentId]);
      return;
    case 'DepartmentClosed':
      await db.run(`UPDATE ${d} SET status = 'closed', updated_at = ? WHERE id = ?`, [at, e.data.departmentId]);
      return;
    default: {
      const exhaustive: never = e;
      void exhaustive;
    }
  }
}

export const orgTreeProjection: Projection = {
  name: 'org_tree',
  version: 1,
  tables: ['org_units', 'org_departments'],
  eventTypes: [...UNIT_EVENT_TYPES, ...DEPARTMENT_EVENT_TYPES],
  setup: setupTree,
  apply: applyTree,
};

// ---------------------------------------------------------------------------------------------
// org_directory

async function setupDirectory(db: SqlClient, t: TableNamer): Promise<void> {
  const users = t('org_users');
  const roles = t('org_user_roles');
  const defs = t('org_roles');
  const auth = t('auth_users');
  await db.run(`CREATE TABLE IF NOT EXISTS ${users} (
    id TEXT PRIMARY KEY, username TEXT NOT NULL, name TEXT NOT NULL, gender TEXT, phone TEXT, email TEXT,
    unit_id TEXT NOT NULL, department_id TEXT NOT NULL, title TEXT NOT NULL, rank TEXT NOT NULL, rank_order INTEGER NOT NULL,
    status TEXT NOT NULL, concurrent_posts TEXT NOT NULL, hired_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    initials TEXT NOT NULL DEFAULT '')`);
  await db.run(`CREATE UNIQUE INDEX IF NOT EXISTS ${users}_username ON ${users} (username)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${users}_unit ON ${users} (unit_id, department_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${users}_department ON ${users} (department_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${roles} (
    user_id TEXT NOT NULL, role_id TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_id, role_id))`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${roles}_role ON ${roles} (role_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${defs} (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, permissions TEXT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${auth} (
    user_id TEXT PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT, must_change_password INTEGER NOT NULL,
    password_changed_at TEXT, status TEXT NOT NULL, failed_logins INTEGER NOT NULL, locked_until TEXT, last_login_at TEXT)`);
  await db.run(`CREATE UNIQUE INDEX IF NOT EXISTS ${auth}_username ON ${auth} (username)`);
}

interface PostJson {
  unitId: string;
  departmentId: string;
  title: string;
  rank: string;
}

async function applyDirectory(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const at = event.recordedAt;
  const users = t('org_users');
  const roles = t('org_user_roles');
  const defs = t('org_roles');
  const auth = t('auth_users');
  const e = event as unknown as UserEvent | RoleEvent;
  switch (e.type) {
    case 'UserHired': {
      const x = e.data;
      const p = x.primaryPost;
      await db.run(
        `INSERT INTO ${users} (id, username, name, gender, phone, email, unit_id, department_id, title, rank, rank_order, status, concurrent_posts, hired_at, updated_at, initials)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', '[]', ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET username = excluded.username, name = excluded.name, initials = excluded.initials, gender = excluded.gender, phone = excluded.phone,
           email = excluded.email, unit_id = excluded.unit_id, department_id = excluded.department_id, title = excluded.title,
           rank = excluded.rank, rank_order = excluded.rank_order, status = 'active', concurrent_posts = '[]', updated_at = excluded.updated_at`,
        [
          x.userId,
          x.username,
          x.name,
          x.gender,
          x.phone,
          x.email,
          p.unitId,
          p.departmentId,
          p.title,
          p.rank,
          rankOrder(p.rank),
          x.hiredAt,
          at,
          pinyinInitials(x.name),
        ],
      );
      await db.run(
        `INSERT INTO ${auth} (user_id, username, password_hash, must_change_password, password_changed_at, status, failed_logins, locked_until, last_login_at)
         VALUES (?, ?, NULL, 0, NULL, 'active', 0, NULL, NULL)
         ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, status = 'active'`,
        [x.userId, x.username],
      );
      return;
    }
    case 'UserProfileUpdated': {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const col of ['name', 'gender', 'phone', 'email'] as const) {
        if (col in e.data) {
          sets.push(`${col} = ?`);
          params.push(e.data[col] ?? null);
        }
      }
      if (typeof e.data.name === 'string') {
        sets.push('initials = ?');
        params.push(pinyinInitials(e.data.name));
      }
      sets.push('updated_at = ?');
      params.push(at, e.data.userId);
      await db.run(`UPDATE ${users} SET ${sets.join(', ')} WHERE id = ?`, params);
      return;
    }
    case 'UserTransferred': {
      const p = e.data.to;
      await db.run(`UPDATE ${users} SET unit_id = ?, department_id = ?, title = ?, rank = ?, rank_order = ?, updated_at = ? WHERE id = ?`, [
        p.unitId,
        p.departmentId,
        p.title,
        p.rank,
        rankOrder(p.rank),
        at,
        e.data.userId,
      ]);
      return;
    }
    case 'UserConcurrentPostAdded':
    case 'UserConcurrentPostRemoved': {
      const row = await q1<{ concurrent_posts: string }>(db, `SELECT concurrent_posts FROM ${users} WHERE id = ?`, [e.data.userId]);
      if (!row) return;
      let posts = JSON.parse(row.concurrent_posts) as PostJson[];
      if (e.type === 'UserConcurrentPostAdded') posts = [...posts.filter((p) => p.departmentId !== e.data.post.departmentId), e.data.post];
      else posts = posts.filter((p) => p.departmentId !== e.data.departmentId);
      await db.run(`UPDATE ${users} SET concurrent_posts = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(posts), at, e.data.userId]);
      return;
    }
    case 'UserDeactivated':
    case 'UserReactivated': {
      const status = e.type === 'UserDeactivated' ? 'inactive' : 'active';
      await db.run(`UPDATE ${users} SET status = ?, updated_at = ? WHERE id = ?`, [status, at, e.data.userId]);
      await db.run(`UPDATE ${auth} SET status = ? WHERE user_id = ?`, [status, e.data.userId]);
      return;
    }
    case 'UserRoleGranted':
      await db.run(
        `INSERT INTO ${roles} (user_id, role_id, scope) VALUES (?, ?, ?) ON CONFLICT (user_id, role_id) DO UPDATE SET scope = excluded.scope`,
        [e.data.userId, e.data.roleId, e.data.scope],
      );
      return;
    case 'UserRoleRevoked':
      await db.run(`DELETE FROM ${roles} WHERE user_id = ? AND role_id = ?`, [e.data.userId, e.data.roleId]);
      return;
    case 'UserPasswordChanged':
      await db.run(`UPDATE ${auth} SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE user_id = ?`, [
        e.data.passwordHash,
        e.data.byAdmin ? 1 : 0,
        e.data.changedAt,
        e.data.userId,
      ]);
      return;
    case 'UserLoginFailed':
      await db.run(`UPDATE ${auth} SET failed_logins = ? WHERE user_id = ?`, [e.data.failedCount, e.data.userId]);
      return;
    case 'UserLockedOut':
      await db.run(`UPDATE ${auth} SET locked_until = ?, failed_logins = 0 WHERE user_id = ?`, [e.data.until, e.data.userId]);
      return;
    case 'UserUnlocked':
      await db.run(`UPDATE ${auth} SET locked_until = NULL, failed_logins = 0 WHERE user_id = ?`, [e.data.userId]);
      return;
    case 'UserLoggedIn':
      await db.run(`UPDATE ${auth} SET locked_until = NULL, failed_logins = 0, last_login_at = ? WHERE user_id = ?`, [
        e.data.at,
        e.data.userId,
      ]);
      return;
    case 'RoleDefined':
      await db.run(
        `INSERT INTO ${defs} (id, name, permissions, status, updated_at) VALUES (?, ?, ?, 'active', ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, permissions = excluded.permissions, status = 'active', updated_at = excluded.updated_at`,
        [e.data.roleId, e.data.name, JSON.stringify(e.data.permissions), at],
      );
      return;
    case 'RolePermissionsChanged':
      await db.run(`UPDATE ${defs} SET permissions = ?, updated_at = ? WHERE id = ?`, [
        JSON.stringify(e.data.permissions),
        at,
        e.data.roleId,
      ]);
      return;
    case 'RoleRenamed':
      await db.run(`UPDATE ${defs} SET name = ?, updated_at = ? WHERE id = ?`, [e.data.name, at, e.data.roleId]);
      return;
    case 'RoleRetired':
      await db.run(`UPDATE ${defs} SET status = 'retired', updated_at = ? WHERE id = ?`, [at, e.data.roleId]);
      return;
    default: {
      const exhaustive: never = e;
      void exhaustive;
    }
  }
}

export const userDirectoryProjection: Projection = {
  name: 'org_directory',
  version: 2, // 2: org_users.initials (pinyin initials of the name, for the person picker's search)
  tables: ['org_users', 'org_user_roles', 'org_roles', 'auth_users'],
  eventTypes: [...USER_EVENT_TYPES, ...ROLE_EVENT_TYPES],
  setup: setupDirectory,
  apply: applyDirectory,
};

/** Both organisation projections, for the composition root: engine.register(...orgProjections). */
export const orgProjections: readonly Projection[] = [orgTreeProjection, userDirectoryProjection];
