import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent, TaskKind } from '../../domain/workflow/instance.events';
import type { Projection, SetupOptions, SqlClient, TableNamer } from '../engine/types';
import { cols, deleteRows, insertRows, selectByKeys, updateRows, type Column } from '../sql/bulk';
import type { InboxContribution, InboxRowClose, InboxRowOpen } from './contribution';

/**
 * 统一待办 (unified inbox) read models, one projection ('inbox') so that a task's row, the counters
 * and the 已办/我的流程 lists always move together in one transaction with the checkpoint.
 *
 *   inbox_tasks     one row per task: box todo (审批/重新提交/签收/批示/承办) | toread (待阅/传阅), assignee,
 *                   acting_delegate ("代 张三": the delegate who sees it for the assignee), status open |
 *                   suspended | done | cancelled, denormalised title / kind / definition / initiator / node,
 *                   deadline, assigned_at/_pos, done_at, outcome, acted_by, on_behalf_of, link (the page that
 *                   opens it when it is not the process page, as the module gave it: its contributed rows'
 *                   link, or its subjectLinks for a process about its subject). The overdue flag is derived
 *                   at query time (deadline < now).
 *   inbox_done      已办: one row per (user, task) the user closed by their own action (no primary key: a row
 *                   is written only when its task leaves 'open', which happens once; indexed by user and by task) — as
 *                   assignee, as delegate (on_behalf_of = the assignee) and, for the assignee, what the delegate
 *                   did for them (actor_id ≠ user_id).
 *   inbox_processes 我的流程: one row per instance (initiator, status running | returned | completed |
 *                   rejected | terminated | cancelled, link); its current nodes are read from inbox_tasks.
 *   inbox_counts    (user_id, box) → n for todo | toread | done | mine, kept incrementally: the counts
 *                   endpoint is a point lookup.
 *   inbox_titles    the display title of a contributed instance (a 收文 …), set by the module's 'title' rows.
 *
 * Business modules put their own rows in 待办/待阅 through an InboxContribution (./contribution.ts): the
 * projection is built over the list of contributions (`inboxProjection(contributions)`), applies their
 * row operations for the event types they declare, and links a workflow process whose subject belongs
 * to a module with the module's subjectLinks. It knows nothing of any module: who must act and the link
 * come from the contribution (公文: projections/documents/inbox-contribution.ts).
 *
 * Writes are set-based: `applyBatch` folds a whole engine batch in memory (the rows it needs are read
 * in a handful of `IN (…)` queries first) and writes each table with one multi-row statement
 * (projections/sql/bulk.ts); `apply` is the same fold over one event, so the two cannot disagree.
 *
 * SQL: the SQLite/PostgreSQL common subset, `?` parameters only. Hot queries are in ./queries.ts; their
 * indexes are the partial `… WHERE status = 'open'` ones below (the open tasks of a user are a tiny
 * slice of the 1M+ finished ones). Those per-user query indexes are built after a bulk fill rather than
 * kept up to date during it (`deferIndexes`, projections/engine/README.md).
 */
export const INBOX_TABLES = ['inbox_tasks', 'inbox_done', 'inbox_processes', 'inbox_counts', 'inbox_titles'] as const;

const WORKFLOW_TYPES = [
  'ProcessStarted',
  'TaskAssigned',
  'TaskDelegated',
  'TaskDelegationEnded',
  'TaskSuspended',
  'TaskResumed',
  'TaskApproved',
  'TaskRejected',
  'TaskReturned',
  'TaskForwarded',
  'TaskCancelled',
  'TaskReassigned',
  'TaskRead',
  'ProcessResubmitted',
  'ActionWithdrawn',
  'ProcessCompleted',
  'ProcessRejected',
  'ProcessTerminated',
  'ProcessCancelled',
] as const satisfies readonly InstanceEvent['type'][];
/** The workflow events the inbox folds itself; contributions add their own types. */
export const INBOX_EVENT_TYPES = WORKFLOW_TYPES;

export type InboxBox = 'todo' | 'toread' | 'done' | 'mine';
export const boxOfTaskKind = (k: TaskKind): 'todo' | 'toread' => (k === 'read' ? 'toread' : 'todo');

// ------------------------------------------------------------------------------------------ tables
const TASK_COLUMNS = cols(
  'task_id',
  'instance_id',
  'box',
  'task_kind',
  'status',
  'assignee',
  'acting_delegate',
  'title',
  'process_kind',
  'definition_key',
  'initiator_id',
  'node_id',
  'node_name',
  'reason',
  'deadline',
  'assigned_at',
  'assigned_pos:bigint',
  'done_at',
  'outcome',
  'acted_by',
  'on_behalf_of',
  'closed_from',
  'link',
);
const DONE_COLUMNS = cols(
  'user_id',
  'task_id',
  'instance_id',
  'title',
  'process_kind',
  'definition_key',
  'initiator_id',
  'node_id',
  'node_name',
  'action',
  'actor_id',
  'on_behalf_of',
  'done_at',
  'done_pos:bigint',
  'link',
);
const PROC_COLUMNS = cols(
  'instance_id',
  'initiator_id',
  'title',
  'process_kind',
  'definition_key',
  'status',
  'started_at',
  'ended_at',
  'start_pos:bigint',
  'updated_at',
  'link',
);
const PROC_KEY = cols('instance_id');
const PROC_STATUS = cols('status', 'ended_at', 'updated_at');
const COUNT_COLUMNS = cols('user_id', 'box', 'n:bigint');
const TITLE_COLUMNS = cols('instance_id', 'title');
const DONE_KEY = cols('user_id', 'task_id');
const names = (c: readonly Column[]) => c.map((x) => x.name).join(', ');
const setAll = (c: readonly Column[], from = 1) =>
  c
    .slice(from)
    .map((x) => `${x.name} = excluded.${x.name}`)
    .join(', ');

async function setup(db: SqlClient, t: TableNamer, options: SetupOptions = {}): Promise<void> {
  const tasks = t('inbox_tasks');
  const done = t('inbox_done');
  const procs = t('inbox_processes');
  await db.run(`CREATE TABLE IF NOT EXISTS ${tasks} (
    task_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, box TEXT NOT NULL, task_kind TEXT NOT NULL, status TEXT NOT NULL,
    assignee TEXT NOT NULL, acting_delegate TEXT, title TEXT NOT NULL, process_kind TEXT NOT NULL, definition_key TEXT NOT NULL,
    initiator_id TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL, reason TEXT NOT NULL, deadline TEXT,
    assigned_at TEXT NOT NULL, assigned_pos BIGINT NOT NULL, done_at TEXT, outcome TEXT, acted_by TEXT, on_behalf_of TEXT, closed_from TEXT,
    link TEXT)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${done} (
    user_id TEXT NOT NULL, task_id TEXT NOT NULL, instance_id TEXT NOT NULL, title TEXT NOT NULL, process_kind TEXT NOT NULL,
    definition_key TEXT NOT NULL, initiator_id TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL, action TEXT NOT NULL,
    actor_id TEXT NOT NULL, on_behalf_of TEXT, done_at TEXT NOT NULL, done_pos BIGINT NOT NULL, link TEXT)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${procs} (
    instance_id TEXT PRIMARY KEY, initiator_id TEXT NOT NULL, title TEXT NOT NULL, process_kind TEXT NOT NULL,
    definition_key TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
    start_pos BIGINT NOT NULL, updated_at TEXT NOT NULL, link TEXT)`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('inbox_counts')} (user_id TEXT NOT NULL, box TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (user_id, box))`,
  );
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('inbox_titles')} (instance_id TEXT PRIMARY KEY, title TEXT NOT NULL)`);
  // What the batch fold reads and deletes by besides primary keys (the tasks of a contributed instance,
  // a withdrawn 已办 row by its task): always there, a fill would scan whole tables without them.
  // Instance and task ids are time-ordered (uuidv7), so these two grow at their right edge.
  await db.run(`CREATE INDEX IF NOT EXISTS ${tasks}_instance ON ${tasks} (instance_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${done}_task ON ${done} (task_id)`);
  // The query indexes, keyed by user: every insert lands on a random page. A bulk fill (rebuild, first
  // start far behind the head) creates them once it has caught up (inboxProjection.deferIndexes): a
  // sort of the full tables, where keeping them up to date row by row was most of a 1M-task fill.
  if (options.deferIndexes) return;
  // 待办/待阅 of a user, newest first: partial indexes over the open tasks only
  await db.run(`CREATE INDEX IF NOT EXISTS ${tasks}_open_assignee ON ${tasks} (assignee, box, assigned_pos) WHERE status = 'open'`);
  await db.run(
    `CREATE INDEX IF NOT EXISTS ${tasks}_open_delegate ON ${tasks} (acting_delegate, box, assigned_pos) WHERE status = 'open' AND acting_delegate IS NOT NULL`,
  );
  await db.run(`CREATE INDEX IF NOT EXISTS ${done}_user_pos ON ${done} (user_id, done_pos)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${procs}_initiator ON ${procs} (initiator_id, start_pos)`);
}

// ------------------------------------------------------------------------------------------ rows
interface TaskRow {
  task_id: string;
  instance_id: string;
  box: 'todo' | 'toread';
  task_kind: string;
  status: string;
  assignee: string;
  acting_delegate: string | null;
  title: string;
  process_kind: string;
  definition_key: string;
  initiator_id: string;
  node_id: string;
  node_name: string;
  reason: string;
  deadline: string | null;
  assigned_at: string;
  assigned_pos: number;
  done_at: string | null;
  outcome: string | null;
  acted_by: string | null;
  on_behalf_of: string | null;
  closed_from: string | null;
  link: string | null;
}
interface ProcRow {
  instance_id: string;
  initiator_id: string;
  title: string;
  process_kind: string;
  definition_key: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  start_pos: number;
  updated_at: string;
  link: string | null;
}

/** A row's values in TASK_COLUMNS order, spelled out: a keyed read per column of every row of a rebuild added up. */
const taskValues = (r: TaskRow): unknown[] => [
  r.task_id,
  r.instance_id,
  r.box,
  r.task_kind,
  r.status,
  r.assignee,
  r.acting_delegate,
  r.title,
  r.process_kind,
  r.definition_key,
  r.initiator_id,
  r.node_id,
  r.node_name,
  r.reason,
  r.deadline,
  r.assigned_at,
  r.assigned_pos,
  r.done_at,
  r.outcome,
  r.acted_by,
  r.on_behalf_of,
  r.closed_from,
  r.link,
];
/** In PROC_COLUMNS order. */
const procValues = (r: ProcRow): unknown[] => [
  r.instance_id,
  r.initiator_id,
  r.title,
  r.process_kind,
  r.definition_key,
  r.status,
  r.started_at,
  r.ended_at,
  r.start_pos,
  r.updated_at,
  r.link,
];
/** @internal For the spec that keeps taskValues/procValues in step with the column lists. */
export const ROW_LAYOUT = { TASK_COLUMNS, PROC_COLUMNS, taskValues, procValues } as const;

type Delta = [userId: string | null, box: InboxBox, by: number];
type Who = { actorId: string; onBehalfOf: string | null };

/** What the closing workflow action was, for 已办 ('' = not a user's own action: cancelled / reassigned). */
const ACTION_OF: Record<string, string> = {
  TaskApproved: 'approve',
  TaskRejected: 'reject',
  TaskReturned: 'return',
  TaskForwarded: 'forward',
  TaskRead: 'read',
  ProcessResubmitted: 'resubmit',
  TaskCancelled: '',
  TaskReassigned: '',
};

const instanceOf = (e: RecordedEvent) => (e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId);
const taskIdOf = (e: RecordedEvent): string | null => {
  const id = (e.data as { taskId?: unknown } | null)?.taskId;
  return typeof id === 'string' ? id : null;
};

// ------------------------------------------------------------------------------------------ the fold
/**
 * The inbox as one batch changes it: the rows the batch touches (read once, up front), changed in
 * memory event by event exactly as the SQL of a per-event projection would, then written back.
 */
class InboxFold {
  private readonly tasks = new Map<string, TaskRow | null>();
  /** Task ids that have a row in the table (read in `load`). */
  private readonly stored = new Set<string>();
  private readonly dirtyTasks = new Set<string>();
  /** Open/suspended tasks per contributed instance (loaded for the instances the batch touches). */
  private readonly instTasks = new Map<string, Set<string>>();
  /** Count deltas: user → box → n (nested maps: no key string built per delta). */
  private readonly counts = new Map<string, Map<InboxBox, number>>();
  private readonly doneRows: unknown[][] = [];
  private readonly doneDeletes = new Map<string, [string, string]>();
  private readonly newProcs = new Map<string, { row: ProcRow; updated: boolean }>();
  private readonly procUpdates = new Map<string, [string, string | null, string]>();
  private readonly procLinks = new Map<string, string | null>();
  private readonly titles = new Map<string, string>();
  private readonly dirtyTitles = new Set<string>();

  constructor(
    private readonly db: SqlClient,
    private readonly t: TableNamer,
    private readonly contributions: Contributions,
  ) {}

  // ---------------------------------------------------------------------------------------- load
  async load(events: readonly RecordedEvent[]): Promise<void> {
    const taskIds = new Set<string>();
    const procIds = new Set<string>();
    const started = new Set<string>();
    const instIds = new Set<string>();
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      const contribution = this.contributions.byType.get(e.type);
      if (contribution) {
        instIds.add(contribution.instanceOf(e));
        continue;
      }
      if (e.type === 'ProcessStarted') started.add(String(d.instanceId));
      else if (e.type === 'TaskAssigned' && !started.has(String(d.instanceId))) procIds.add(String(d.instanceId));
      const taskId = taskIdOf(e);
      if (taskId) taskIds.add(taskId);
    }
    const t = this.t;
    const taskCols = names(TASK_COLUMNS);
    const put = (rows: TaskRow[]) => {
      for (const r of rows) {
        this.tasks.set(r.task_id, { ...r, assigned_pos: Number(r.assigned_pos) });
        this.stored.add(r.task_id);
        if (instIds.has(r.instance_id) && (r.status === 'open' || r.status === 'suspended')) this.instSet(r.instance_id).add(r.task_id);
      }
    };
    if (taskIds.size) {
      put(await selectByKeys<TaskRow>(this.db, t('inbox_tasks'), taskCols, 'task_id', taskIds));
      for (const id of taskIds) if (!this.tasks.has(id)) this.tasks.set(id, null);
    }
    if (instIds.size) {
      put(await selectByKeys<TaskRow>(this.db, t('inbox_tasks'), taskCols, 'instance_id', instIds));
      for (const r of await selectByKeys<{ instance_id: string; title: string }>(
        this.db,
        t('inbox_titles'),
        names(TITLE_COLUMNS),
        'instance_id',
        instIds,
      )) {
        this.titles.set(r.instance_id, r.title);
      }
    }
    if (procIds.size) {
      for (const r of await selectByKeys<{ instance_id: string; link: string | null }>(
        this.db,
        t('inbox_processes'),
        'instance_id, link',
        'instance_id',
        procIds,
      )) {
        this.procLinks.set(r.instance_id, r.link);
      }
    }
  }

  private instSet(instanceId: string): Set<string> {
    let s = this.instTasks.get(instanceId);
    if (!s) this.instTasks.set(instanceId, (s = new Set()));
    return s;
  }

  // ---------------------------------------------------------------------------------------- helpers
  private bump(deltas: Delta[]): void {
    for (const d of deltas) this.add(d[0], d[1], d[2]);
  }

  /** A task row appearing (by = 1) in, or leaving (-1), the box of its assignee and of its acting delegate. */
  private see(row: TaskRow, by: number): void {
    this.add(row.assignee, row.box, by);
    if (row.acting_delegate && row.acting_delegate !== row.assignee) this.add(row.acting_delegate, row.box, by);
  }

  private add(user: string | null, box: InboxBox, by: number): void {
    if (!user || by === 0) return;
    let boxes = this.counts.get(user);
    if (!boxes) this.counts.set(user, (boxes = new Map()));
    boxes.set(box, (boxes.get(box) ?? 0) + by);
  }

  private task(id: string): TaskRow | null {
    return this.tasks.get(id) ?? null;
  }

  private touch(row: TaskRow): void {
    this.dirtyTasks.add(row.task_id);
  }

  /** A new task (nothing when its id exists: `INSERT … ON CONFLICT DO NOTHING`), visible at once. */
  private assign(row: TaskRow, contributed = false): void {
    if (!this.task(row.task_id)) {
      this.tasks.set(row.task_id, row);
      this.touch(row);
      if (contributed) this.instSet(row.instance_id).add(row.task_id);
    }
    this.see(row, 1);
  }

  private processStatus(instanceId: string, status: string, endedAt: string | null, at: string): void {
    const p = this.newProcs.get(instanceId);
    if (p) {
      p.row.status = status;
      p.row.ended_at = endedAt;
      p.row.updated_at = at;
      p.updated = true;
    } else {
      this.procUpdates.set(instanceId, [status, endedAt, at]);
    }
  }

  private insertDone(user: string, row: TaskRow, action: string, who: Who, at: string, position: number): void {
    this.doneRows.push([
      user,
      row.task_id,
      row.instance_id,
      row.title,
      row.process_kind,
      row.definition_key,
      row.initiator_id,
      row.node_id,
      row.node_name,
      action,
      who.actorId,
      who.onBehalfOf,
      at,
      position,
      row.link,
    ]);
  }

  private deleteDone(user: string, taskId: string): void {
    for (let i = this.doneRows.length - 1; i >= 0; i--) {
      const r = this.doneRows[i]!;
      if (r[0] === user && r[1] === taskId) this.doneRows.splice(i, 1);
    }
    this.doneDeletes.set(`${user}\u0000${taskId}`, [user, taskId]);
  }

  /**
   * Closes an open/suspended task (`UPDATE … WHERE status IN ('open', 'suspended')`); `action` non-empty
   * and `who` given: 已办 rows for the actor and the one they acted for.
   */
  private close(taskId: string, outcome: string, who: Who | null, at: string, action: string, position: number): void {
    const row = this.task(taskId);
    if (!row || (row.status !== 'open' && row.status !== 'suspended')) return;
    const cancelled = outcome === 'cancelled' || outcome === 'reassigned';
    row.closed_from = row.status;
    row.status = cancelled ? 'cancelled' : 'done';
    row.outcome = outcome;
    row.done_at = at;
    row.acted_by = who?.actorId ?? null;
    row.on_behalf_of = who?.onBehalfOf ?? null;
    this.touch(row);
    this.instTasks.get(row.instance_id)?.delete(taskId);
    if (row.closed_from === 'open') this.see(row, -1);
    if (who && action) {
      this.insertDone(who.actorId, row, action, who, at, position);
      this.add(who.actorId, 'done', 1);
      if (who.onBehalfOf && who.onBehalfOf !== who.actorId) {
        this.insertDone(who.onBehalfOf, row, action, who, at, position);
        this.add(who.onBehalfOf, 'done', 1);
      }
    }
  }

  /** Open (and suspended) tasks of a contributed instance, oldest first. */
  private openOf(instanceId: string, kind?: string): TaskRow[] {
    const out: TaskRow[] = [];
    for (const id of this.instTasks.get(instanceId) ?? []) {
      const r = this.task(id);
      if (r && (r.status === 'open' || r.status === 'suspended') && (!kind || r.task_kind === kind)) out.push(r);
    }
    return out.sort((a, b) => a.assigned_pos - b.assigned_pos);
  }

  // ---------------------------------------------------------------------------------------- apply
  apply(event: RecordedEvent): void {
    const contribution = this.contributions.byType.get(event.type);
    if (contribution) return this.applyRows(contribution, event);
    const e = event as unknown as InstanceEvent;
    const pos = event.position;
    switch (e.type) {
      case 'ProcessStarted': {
        const d = e.data;
        if (!this.newProcs.has(d.instanceId)) {
          const link = (d.subject && this.contributions.subjectLinks.get(d.subject.type)?.(d.subject.id)) ?? null;
          this.newProcs.set(d.instanceId, {
            updated: false,
            row: {
              instance_id: d.instanceId,
              initiator_id: d.initiatorId,
              title: d.title,
              process_kind: d.definition.kind,
              definition_key: d.definition.key,
              status: 'running',
              started_at: d.startedAt,
              ended_at: null,
              start_pos: pos,
              updated_at: d.startedAt,
              link,
            },
          });
        }
        this.bump([[d.initiatorId, 'mine', 1]]);
        return;
      }
      case 'TaskAssigned': {
        const d = e.data;
        const box = boxOfTaskKind(d.kind);
        const delegate = d.actingDelegate && d.actingDelegate !== d.assignee ? d.actingDelegate : null;
        const link = this.newProcs.get(d.instanceId)?.row.link ?? this.procLinks.get(d.instanceId) ?? null;
        this.assign({
          task_id: d.taskId,
          instance_id: d.instanceId,
          box,
          task_kind: d.kind,
          status: 'open',
          assignee: d.assignee,
          acting_delegate: delegate,
          title: d.title,
          process_kind: d.processKind,
          definition_key: d.definitionKey,
          initiator_id: d.initiatorId,
          node_id: d.nodeId,
          node_name: d.nodeName,
          reason: d.reason,
          deadline: d.deadline,
          assigned_at: d.assignedAt,
          assigned_pos: pos,
          done_at: null,
          outcome: null,
          acted_by: null,
          on_behalf_of: null,
          closed_from: null,
          link,
        });
        if (d.kind === 'resubmit') this.processStatus(d.instanceId, 'returned', null, d.assignedAt);
        return;
      }
      case 'TaskDelegated': {
        const row = this.task(e.data.taskId);
        if (!row || row.acting_delegate === e.data.actingDelegate) return;
        const before = row.acting_delegate;
        row.acting_delegate = e.data.actingDelegate;
        this.touch(row);
        if (row.status === 'open')
          this.bump([
            [before, row.box, -1],
            [e.data.actingDelegate !== row.assignee ? e.data.actingDelegate : null, row.box, 1],
          ]);
        return;
      }
      case 'TaskDelegationEnded': {
        const row = this.task(e.data.taskId);
        if (!row || !row.acting_delegate) return;
        const before = row.acting_delegate;
        row.acting_delegate = null;
        this.touch(row);
        if (row.status === 'open') this.bump([[before, row.box, -1]]);
        return;
      }
      case 'TaskSuspended': {
        const row = this.task(e.data.taskId);
        if (!row || row.status !== 'open') return;
        row.status = 'suspended';
        this.touch(row);
        this.see(row, -1);
        return;
      }
      case 'TaskResumed': {
        const row = this.task(e.data.taskId);
        if (!row || row.status !== 'suspended') return;
        row.status = 'open';
        this.touch(row);
        this.see(row, 1);
        return;
      }
      case 'TaskApproved':
        return this.close(e.data.taskId, 'approved', e.data, e.data.at, ACTION_OF[e.type]!, pos);
      case 'TaskRejected':
        return this.close(e.data.taskId, 'rejected', e.data, e.data.at, ACTION_OF[e.type]!, pos);
      case 'TaskReturned':
        return this.close(e.data.taskId, 'returned', e.data, e.data.at, ACTION_OF[e.type]!, pos);
      case 'TaskForwarded':
        return this.close(e.data.taskId, 'forwarded', e.data, e.data.at, ACTION_OF[e.type]!, pos);
      case 'TaskRead':
        return this.close(e.data.taskId, 'read', e.data, e.data.at, ACTION_OF[e.type]!, pos);
      case 'ProcessResubmitted':
        this.close(e.data.taskId, 'resubmitted', e.data, e.data.at, ACTION_OF[e.type]!, pos);
        this.processStatus(instanceOf(event), 'running', null, e.data.at);
        return;
      case 'TaskCancelled':
        return this.close(e.data.taskId, 'cancelled', null, e.data.at, '', pos);
      case 'TaskReassigned':
        return this.close(e.data.taskId, 'reassigned', null, e.data.at, '', pos);
      case 'ActionWithdrawn': {
        // the withdrawn approval leaves 已办 (its task comes back as a new 待办); the drafter's 撤回 → 'returned'
        if (e.data.taskId) {
          const t = this.task(e.data.taskId);
          const users = [...new Set([t?.acted_by, t?.on_behalf_of].filter((u): u is string => !!u))];
          for (const u of users) this.deleteDone(u, e.data.taskId);
          this.bump(users.map((u): Delta => [u, 'done', -1]));
        } else {
          this.processStatus(instanceOf(event), 'returned', null, e.data.at);
        }
        return;
      }
      case 'ProcessCompleted':
        return this.processStatus(instanceOf(event), 'completed', e.data.at, e.data.at);
      case 'ProcessRejected':
        return this.processStatus(instanceOf(event), 'rejected', e.data.at, e.data.at);
      case 'ProcessTerminated':
        return this.processStatus(instanceOf(event), 'terminated', e.data.at, e.data.at);
      case 'ProcessCancelled':
        return this.processStatus(instanceOf(event), 'cancelled', e.data.at, e.data.at);
      default:
        return;
    }
  }

  private openRow(op: InboxRowOpen, pos: number): void {
    if (op.unlessOpen && this.openOf(op.instanceId, op.taskKind).some((r) => r.assignee === op.assignee)) return;
    this.assign(
      {
        task_id: op.taskId,
        instance_id: op.instanceId,
        box: op.box,
        task_kind: op.taskKind,
        status: 'open',
        assignee: op.assignee,
        acting_delegate: null,
        title: op.title ?? this.titles.get(op.instanceId) ?? '',
        process_kind: op.processKind,
        definition_key: op.definitionKey,
        initiator_id: op.initiatorId,
        node_id: op.nodeId,
        node_name: op.nodeName,
        reason: 'activated',
        deadline: op.deadline,
        assigned_at: op.at,
        assigned_pos: pos,
        done_at: null,
        outcome: null,
        acted_by: null,
        on_behalf_of: null,
        closed_from: null,
        link: op.link,
      },
      true,
    );
  }

  private closeRows(op: InboxRowClose, pos: number): void {
    const rows = op.taskId ? [this.task(op.taskId)] : this.openOf(op.instanceId, op.taskKind);
    for (const r of rows) {
      if (!r || (op.assignee !== undefined && r.assignee !== op.assignee) || (op.taskKind !== undefined && r.task_kind !== op.taskKind))
        continue;
      this.close(r.task_id, op.outcome, op.who, op.at, op.action, pos);
    }
  }

  /** A contributed event: its row operations, in order. */
  private applyRows(contribution: InboxContribution, event: RecordedEvent): void {
    for (const op of contribution.rows(event)) {
      if (op.op === 'open') this.openRow(op, event.position);
      else if (op.op === 'close') this.closeRows(op, event.position);
      else {
        this.titles.set(op.instanceId, op.title);
        this.dirtyTitles.add(op.instanceId);
      }
    }
  }

  // ---------------------------------------------------------------------------------------- write
  async write(): Promise<void> {
    const { db, t } = this;
    const tasks = t('inbox_tasks');
    const procs = t('inbox_processes');
    const counts = t('inbox_counts');
    await deleteRows(db, t('inbox_done'), DONE_KEY, [...this.doneDeletes.values()]);
    await insertRows(db, t('inbox_done'), DONE_COLUMNS, this.doneRows);
    // new rows (their ids were looked up: absent) as plain inserts; changed ones as upserts of the whole row
    const created: unknown[][] = [];
    const changed: unknown[][] = [];
    for (const id of this.dirtyTasks) (this.stored.has(id) ? changed : created).push(taskValues(this.tasks.get(id)!));
    await insertRows(db, tasks, TASK_COLUMNS, created);
    await insertRows(db, tasks, TASK_COLUMNS, changed, `(task_id) DO UPDATE SET ${setAll(TASK_COLUMNS)}`);
    const plain: unknown[][] = [];
    const updated: unknown[][] = [];
    for (const p of this.newProcs.values()) (p.updated ? updated : plain).push(procValues(p.row));
    await insertRows(db, procs, PROC_COLUMNS, plain, '(instance_id) DO NOTHING');
    await insertRows(
      db,
      procs,
      PROC_COLUMNS,
      updated,
      '(instance_id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at, updated_at = excluded.updated_at',
    );
    await updateRows(
      db,
      procs,
      PROC_KEY,
      PROC_STATUS,
      [...this.procUpdates].map(([id, v]) => [id, ...v]),
    );
    const deltas: Delta[] = [];
    for (const [user, boxes] of this.counts) for (const [box, n] of boxes) if (n !== 0) deltas.push([user, box, n]);
    await insertRows(db, counts, COUNT_COLUMNS, deltas, `(user_id, box) DO UPDATE SET n = ${counts}.n + excluded.n`);
    const titles = [...this.dirtyTitles].map((id) => [id, this.titles.get(id)!]);
    await insertRows(db, t('inbox_titles'), TITLE_COLUMNS, titles, `(instance_id) DO UPDATE SET ${setAll(TITLE_COLUMNS)}`);
  }
}

interface Contributions {
  byType: Map<string, InboxContribution>;
  subjectLinks: Map<string, (subjectId: string) => string>;
}

function indexContributions(list: readonly InboxContribution[]): Contributions {
  const byType = new Map<string, InboxContribution>();
  const subjectLinks = new Map<string, (subjectId: string) => string>();
  for (const c of list) {
    for (const type of c.eventTypes) {
      if ((WORKFLOW_TYPES as readonly string[]).includes(type) || byType.has(type))
        throw new Error(`inbox contribution '${c.module}': event type ${type} is already folded by the inbox`);
      byType.set(type, c);
    }
    for (const [subject, link] of Object.entries(c.subjectLinks ?? {})) subjectLinks.set(subject, link);
  }
  return { byType, subjectLinks };
}

/**
 * The inbox projection over the workflow's tasks and the rows the given modules contribute (公文:
 * projections/documents documentInboxContributions). Version 4: contributed rows come from the events'
 * recorded recipients; the org tables are gone.
 */
export function inboxProjection(contributions: readonly InboxContribution[] = []): Projection {
  const c = indexContributions(contributions);
  const applyBatch = async (db: SqlClient, events: readonly RecordedEvent[], t: TableNamer): Promise<void> => {
    const fold = new InboxFold(db, t, c);
    await fold.load(events);
    for (const e of events) fold.apply(e);
    await fold.write();
  };
  return {
    name: 'inbox',
    version: 4,
    tables: INBOX_TABLES,
    eventTypes: [...WORKFLOW_TYPES, ...c.byType.keys()],
    pipelineWrites: true,
    deferIndexes: true,
    setup,
    /** The batch fold over one event: the fallback that finds and parks a poison event. */
    apply: (db, event, t) => applyBatch(db, [event], t),
    applyBatch,
  };
}
