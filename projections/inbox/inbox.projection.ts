import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent, TaskKind } from '../../domain/workflow/instance.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 统一待办 (unified inbox) read models, one projection ('inbox') so that a task's row, the counters
 * and the 已办/我的流程 lists always move together in one transaction with the checkpoint.
 *
 *   inbox_tasks     one row per task: box todo (审批/重新提交) | toread (待阅), assignee, acting_delegate
 *                   ("代 张三": the delegate who sees it for the assignee), status open | suspended | done |
 *                   cancelled, denormalised title / kind / definition / initiator / node, deadline,
 *                   assigned_at/_pos, done_at, outcome, acted_by, on_behalf_of. The overdue flag is
 *                   derived at query time (deadline < now).
 *   inbox_done      已办: one row per (user, task) the user closed by their own action (no primary key: a row
 *                   is written only when its task leaves 'open', which happens once; one index, by user) — as assignee, as
 *                   delegate (on_behalf_of = the assignee) and, for the assignee, what the delegate did for
 *                   them (actor_id ≠ user_id).
 *   inbox_processes 我的流程: one row per instance (initiator, status running | returned | completed |
 *                   rejected | terminated | cancelled); its current nodes are read from inbox_tasks at query time.
 *   inbox_counts    (user_id, box) → n for todo | toread | done | mine, kept incrementally: the counts
 *                   endpoint is a point lookup.
 *
 * SQL: the SQLite/PostgreSQL common subset, `?` parameters only. Hot queries are in ./queries.ts; their
 * indexes are the partial `… WHERE status = 'open'` ones below (the open tasks of a user are a tiny
 * slice of the 1M+ finished ones).
 */
export const INBOX_TABLES = ['inbox_tasks', 'inbox_done', 'inbox_processes', 'inbox_counts'] as const;

export const INBOX_EVENT_TYPES = [
  'ProcessStarted', 'TaskAssigned', 'TaskDelegated', 'TaskDelegationEnded', 'TaskSuspended', 'TaskResumed',
  'TaskApproved', 'TaskRejected', 'TaskReturned', 'TaskForwarded', 'TaskCancelled', 'TaskReassigned', 'TaskRead',
  'ProcessResubmitted', 'ActionWithdrawn', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled',
] as const satisfies readonly InstanceEvent['type'][];

export type InboxBox = 'todo' | 'toread' | 'done' | 'mine';
export const boxOfTaskKind = (k: TaskKind): 'todo' | 'toread' => (k === 'read' ? 'toread' : 'todo');

/** The SQL of one physical table set (memoised per namer: prepared statements are cached by text). */
function sqlFor(t: TableNamer) {
  const tasks = t('inbox_tasks');
  const done = t('inbox_done');
  const procs = t('inbox_processes');
  const counts = t('inbox_counts');
  return {
    tasks, done, procs, counts,
    /** One upsert for k (user, box, delta) rows (keys distinct: PostgreSQL refuses to touch a row twice). */
    bump: (k: number) => `INSERT INTO ${counts} (user_id, box, n) VALUES ${Array.from({ length: k }, () => '(?, ?, ?)').join(', ')}
      ON CONFLICT (user_id, box) DO UPDATE SET n = ${counts}.n + excluded.n`,
    insertTask: `INSERT INTO ${tasks} (task_id, instance_id, box, task_kind, status, assignee, acting_delegate, title, process_kind,
        definition_key, initiator_id, node_id, node_name, reason, deadline, assigned_at, assigned_pos)
      VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING`,
    getTask: `SELECT task_id, instance_id, box, status, assignee, acting_delegate, title, process_kind, definition_key, initiator_id,
        node_id, node_name FROM ${tasks} WHERE task_id = ?`,
    setDelegate: `UPDATE ${tasks} SET acting_delegate = ? WHERE task_id = ?`,
    setStatus: `UPDATE ${tasks} SET status = ? WHERE task_id = ?`,
    /** Closes an open/suspended task and returns it; `closed_from` keeps the status it had (SET sees the old row). */
    closeTask: `UPDATE ${tasks} SET closed_from = status, status = ?, outcome = ?, done_at = ?, acted_by = ?, on_behalf_of = ?
      WHERE task_id = ? AND status IN ('open', 'suspended')
      RETURNING instance_id, box, closed_from, assignee, acting_delegate, title, process_kind, definition_key, initiator_id, node_id, node_name`,
    insertDone: `INSERT INTO ${done} (user_id, task_id, instance_id, title, process_kind, definition_key, initiator_id, node_id, node_name,
        action, actor_id, on_behalf_of, done_at, done_pos)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    actorsOf: `SELECT acted_by, on_behalf_of FROM ${tasks} WHERE task_id = ?`,
    deleteDone: `DELETE FROM ${done} WHERE user_id = ? AND task_id = ?`,
    insertProcess: `INSERT INTO ${procs} (instance_id, initiator_id, title, process_kind, definition_key, status, 
        started_at, ended_at, start_pos, updated_at)
      VALUES (?, ?, ?, ?, ?, 'running', ?, NULL, ?, ?) ON CONFLICT (instance_id) DO NOTHING`,
    processStatus: `UPDATE ${procs} SET status = ?, ended_at = ?, updated_at = ? WHERE instance_id = ?`,
  };
}

type Sql = ReturnType<typeof sqlFor>;
const sqlCache = new WeakMap<TableNamer, Sql>();
function sqlOf(t: TableNamer): Sql {
  let s = sqlCache.get(t);
  if (!s) {
    s = sqlFor(t);
    sqlCache.set(t, s);
  }
  return s;
}

interface TaskRow {
  task_id: string; instance_id: string; box: 'todo' | 'toread'; status: string; assignee: string; acting_delegate: string | null;
  title: string; process_kind: string; definition_key: string; initiator_id: string; node_id: string; node_name: string;
}

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const s = sqlOf(t);
  await db.run(`CREATE TABLE IF NOT EXISTS ${s.tasks} (
    task_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, box TEXT NOT NULL, task_kind TEXT NOT NULL, status TEXT NOT NULL,
    assignee TEXT NOT NULL, acting_delegate TEXT, title TEXT NOT NULL, process_kind TEXT NOT NULL, definition_key TEXT NOT NULL,
    initiator_id TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL, reason TEXT NOT NULL, deadline TEXT,
    assigned_at TEXT NOT NULL, assigned_pos BIGINT NOT NULL, done_at TEXT, outcome TEXT, acted_by TEXT, on_behalf_of TEXT, closed_from TEXT)`);
  // 待办/待阅 of a user, newest first: partial indexes over the open tasks only
  await db.run(`CREATE INDEX IF NOT EXISTS ${s.tasks}_open_assignee ON ${s.tasks} (assignee, box, assigned_pos) WHERE status = 'open'`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${s.tasks}_open_delegate ON ${s.tasks} (acting_delegate, box, assigned_pos) WHERE status = 'open' AND acting_delegate IS NOT NULL`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${s.tasks}_instance ON ${s.tasks} (instance_id)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${s.done} (
    user_id TEXT NOT NULL, task_id TEXT NOT NULL, instance_id TEXT NOT NULL, title TEXT NOT NULL, process_kind TEXT NOT NULL,
    definition_key TEXT NOT NULL, initiator_id TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL, action TEXT NOT NULL,
    actor_id TEXT NOT NULL, on_behalf_of TEXT, done_at TEXT NOT NULL, done_pos BIGINT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${s.done}_user_pos ON ${s.done} (user_id, done_pos)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${s.procs} (
    instance_id TEXT PRIMARY KEY, initiator_id TEXT NOT NULL, title TEXT NOT NULL, process_kind TEXT NOT NULL,
    definition_key TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
    start_pos BIGINT NOT NULL, updated_at TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${s.procs}_initiator ON ${s.procs} (initiator_id, start_pos)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${s.counts} (user_id TEXT NOT NULL, box TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (user_id, box))`);
}

type Delta = [userId: string | null, box: InboxBox, by: number];

const bumpSql = new WeakMap<Sql, Map<number, string>>();
/** Applies count deltas in one statement (same keys merged, zeros dropped). */
async function bump(db: SqlClient, s: Sql, deltas: Delta[]): Promise<void> {
  const merged = new Map<string, Delta>();
  for (const d of deltas) {
    if (!d[0] || d[2] === 0) continue;
    const k = `${d[0]}\u0000${d[1]}`;
    const m = merged.get(k);
    if (m) m[2] += d[2];
    else merged.set(k, [d[0], d[1], d[2]]);
  }
  const rows = [...merged.values()].filter((d) => d[2] !== 0);
  if (!rows.length) return;
  let cache = bumpSql.get(s);
  if (!cache) bumpSql.set(s, (cache = new Map()));
  let sql = cache.get(rows.length);
  if (!sql) cache.set(rows.length, (sql = s.bump(rows.length)));
  await db.run(sql, rows.flat());
}

/** Count deltas for every user who sees an open task (assignee and acting delegate). */
function visible(row: Pick<TaskRow, 'assignee' | 'acting_delegate' | 'box'>, by: number): Delta[] {
  const out: Delta[] = [[row.assignee, row.box, by]];
  if (row.acting_delegate && row.acting_delegate !== row.assignee) out.push([row.acting_delegate, row.box, by]);
  return out;
}

/** What the closing action was, for 已办 ('' = not a user's own action: cancelled / reassigned). */
const ACTION_OF: Record<string, string> = {
  TaskApproved: 'approve', TaskRejected: 'reject', TaskReturned: 'return', TaskForwarded: 'forward', TaskRead: 'read',
  ProcessResubmitted: 'resubmit', TaskCancelled: '', TaskReassigned: '',
};

async function closeTask(db: SqlClient, s: Sql, e: RecordedEvent, taskId: string, outcome: string, who: { actorId: string; onBehalfOf: string | null } | null, at: string): Promise<void> {
  const cancelled = outcome === 'cancelled' || outcome === 'reassigned';
  const row = await db.get<TaskRow & { closed_from: string }>(s.closeTask, [cancelled ? 'cancelled' : 'done', outcome, at, who?.actorId ?? null, who?.onBehalfOf ?? null, taskId]);
  if (!row) return;
  const deltas: Delta[] = row.closed_from === 'open' ? visible(row, -1) : [];
  const action = ACTION_OF[e.type];
  if (who && action) {
    for (const u of new Set([who.actorId, ...(who.onBehalfOf ? [who.onBehalfOf] : [])])) {
      await db.run(s.insertDone, [
        u, taskId, row.instance_id, row.title, row.process_kind, row.definition_key, row.initiator_id, row.node_id, row.node_name,
        action, who.actorId, who.onBehalfOf, at, e.position,
      ]);
      deltas.push([u, 'done', 1]);
    }
  }
  await bump(db, s, deltas);
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const s = sqlOf(t);
  const e = event as unknown as InstanceEvent;
  const instanceId = event.streamId.startsWith('process-') ? event.streamId.slice('process-'.length) : event.streamId;
  switch (e.type) {
    case 'ProcessStarted': {
      const d = e.data;
      await db.run(s.insertProcess, [d.instanceId, d.initiatorId, d.title, d.definition.kind, d.definition.key, d.startedAt, event.position, d.startedAt]);
      await bump(db, s, [[d.initiatorId, 'mine', 1]]);
      return;
    }
    case 'TaskAssigned': {
      const d = e.data;
      const box = boxOfTaskKind(d.kind);
      const delegate = d.actingDelegate && d.actingDelegate !== d.assignee ? d.actingDelegate : null;
      await db.run(s.insertTask, [
        d.taskId, d.instanceId, box, d.kind, d.assignee, delegate, d.title, d.processKind, d.definitionKey, d.initiatorId,
        d.nodeId, d.nodeName, d.reason, d.deadline, d.assignedAt, event.position,
      ]);
      await bump(db, s, visible({ assignee: d.assignee, acting_delegate: delegate, box }, 1));
      if (d.kind === 'resubmit') await db.run(s.processStatus, ['returned', null, d.assignedAt, d.instanceId]);
      return;
    }
    case 'TaskDelegated': {
      const row = await db.get<TaskRow>(s.getTask, [e.data.taskId]);
      if (!row || row.acting_delegate === e.data.actingDelegate) return;
      await db.run(s.setDelegate, [e.data.actingDelegate, e.data.taskId]);
      if (row.status === 'open') {
        await bump(db, s, [[row.acting_delegate, row.box, -1], [e.data.actingDelegate !== row.assignee ? e.data.actingDelegate : null, row.box, 1]]);
      }
      return;
    }
    case 'TaskDelegationEnded': {
      const row = await db.get<TaskRow>(s.getTask, [e.data.taskId]);
      if (!row || !row.acting_delegate) return;
      await db.run(s.setDelegate, [null, e.data.taskId]);
      if (row.status === 'open') await bump(db, s, [[row.acting_delegate, row.box, -1]]);
      return;
    }
    case 'TaskSuspended': {
      const row = await db.get<TaskRow>(s.getTask, [e.data.taskId]);
      if (!row || row.status !== 'open') return;
      await db.run(s.setStatus, ['suspended', e.data.taskId]);
      await bump(db, s, visible(row, -1));
      return;
    }
    case 'TaskResumed': {
      const row = await db.get<TaskRow>(s.getTask, [e.data.taskId]);
      if (!row || row.status !== 'suspended') return;
      await db.run(s.setStatus, ['open', e.data.taskId]);
      await bump(db, s, visible(row, 1));
      return;
    }
    case 'TaskApproved':
      return closeTask(db, s, event, e.data.taskId, 'approved', e.data, e.data.at);
    case 'TaskRejected':
      return closeTask(db, s, event, e.data.taskId, 'rejected', e.data, e.data.at);
    case 'TaskReturned':
      return closeTask(db, s, event, e.data.taskId, 'returned', e.data, e.data.at);
    case 'TaskForwarded':
      return closeTask(db, s, event, e.data.taskId, 'forwarded', e.data, e.data.at);
    case 'TaskRead':
      return closeTask(db, s, event, e.data.taskId, 'read', e.data, e.data.at);
    case 'ProcessResubmitted':
      await closeTask(db, s, event, e.data.taskId, 'resubmitted', e.data, e.data.at);
      await db.run(s.processStatus, ['running', null, e.data.at, instanceId]);
      return;
    case 'TaskCancelled':
      return closeTask(db, s, event, e.data.taskId, 'cancelled', null, e.data.at);
    case 'TaskReassigned':
      return closeTask(db, s, event, e.data.taskId, 'reassigned', null, e.data.at);
    case 'ActionWithdrawn': {
      // the withdrawn approval leaves 已办 (its task comes back as a new 待办); the drafter's 撤回 → 'returned'
      if (e.data.taskId) {
        const t = await db.get<{ acted_by: string | null; on_behalf_of: string | null }>(s.actorsOf, [e.data.taskId]);
        const users = [...new Set([t?.acted_by, t?.on_behalf_of].filter((u): u is string => !!u))];
        for (const u of users) await db.run(s.deleteDone, [u, e.data.taskId]);
        await bump(db, s, users.map((u): Delta => [u, 'done', -1]));
      } else {
        await db.run(s.processStatus, ['returned', null, e.data.at, instanceId]);
      }
      return;
    }
    case 'ProcessCompleted':
      await db.run(s.processStatus, ['completed', e.data.at, e.data.at, instanceId]);
      return;
    case 'ProcessRejected':
      await db.run(s.processStatus, ['rejected', e.data.at, e.data.at, instanceId]);
      return;
    case 'ProcessTerminated':
      await db.run(s.processStatus, ['terminated', e.data.at, e.data.at, instanceId]);
      return;
    case 'ProcessCancelled':
      await db.run(s.processStatus, ['cancelled', e.data.at, e.data.at, instanceId]);
      return;
    default:
      return;
  }
}

export const inboxProjection: Projection = {
  name: 'inbox',
  version: 2,
  tables: INBOX_TABLES,
  eventTypes: INBOX_EVENT_TYPES,
  pipelineWrites: true,
  setup,
  apply,
};
