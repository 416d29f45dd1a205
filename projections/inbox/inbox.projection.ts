import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { IncomingEvent } from '../../domain/documents/incoming.events';
import type { DepartmentEvent } from '../../domain/org/department/department';
import type { UserEvent } from '../../domain/org/user/user';
import type { InstanceEvent, TaskKind } from '../../domain/workflow/instance.events';
import type { Projection, SetupOptions, SqlClient, TableNamer } from '../engine/types';
import { cols, deleteRows, insertRows, selectByKeys, updateRows, type Column } from '../sql/bulk';

/**
 * 统一待办 (unified inbox) read models, one projection ('inbox') so that a task's row, the counters
 * and the 已办/我的流程 lists always move together in one transaction with the checkpoint.
 *
 *   inbox_tasks     one row per task: box todo (审批/重新提交/签收/批示/承办) | toread (待阅/传阅), assignee,
 *                   acting_delegate ("代 张三": the delegate who sees it for the assignee), status open |
 *                   suspended | done | cancelled, denormalised title / kind / definition / initiator / node,
 *                   deadline, assigned_at/_pos, done_at, outcome, acted_by, on_behalf_of, link (the page that
 *                   opens it when it is not the process page: 收文 /documents/incoming/:id, 发文 approval
 *                   tasks /documents/outgoing/:id). The overdue flag is derived at query time (deadline < now).
 *   inbox_done      已办: one row per (user, task) the user closed by their own action (no primary key: a row
 *                   is written only when its task leaves 'open', which happens once; indexed by user and by task) — as
 *                   assignee, as delegate (on_behalf_of = the assignee) and, for the assignee, what the delegate
 *                   did for them (actor_id ≠ user_id).
 *   inbox_processes 我的流程: one row per instance (initiator, status running | returned | completed |
 *                   rejected | terminated | cancelled, link); its current nodes are read from inbox_tasks.
 *   inbox_counts    (user_id, box) → n for todo | toread | done | mine, kept incrementally: the counts
 *                   endpoint is a point lookup.
 *   inbox_docs      收文 (IncomingDocument) known to the inbox: title (from the exchange or the 登记簿), unit.
 *   inbox_org_users / inbox_org_leaders  who a 收文 task goes to, from the org events: each user's unit,
 *                   active flag and 收发文 role (office_admin → 收文 clerk); each department's 负责人.
 *
 * 收文 in the inbox (process kind '收文', definition key 'incoming-document', instance id = the incoming id):
 *   待签收  IncomingDocumentReceived → a 待办 'sign' for every active 收文 clerk of the receiving unit;
 *           签收/退回 closes them: the clerk who acted → 已办 (sign / return), the others cancelled.
 *   批示    IncomingDocumentProposed (拟办, leaderIds) → a 待办 'instruct' per leader; the leader's
 *           IncomingDocumentInstructed (or a delegate's, on behalf of them) → 已办 (instruct).
 *   承办    IncomingDocumentAssigned (lead + co departments) → a 待办 'handle' for each department's 负责人
 *           (主办 / 协办, with the deadline); a new assignment replaces the open ones.
 *   传阅    IncomingCirculationStarted → a 待阅 'read' per reader; IncomingDocumentRead → 已阅 (已办, read).
 *   办结    IncomingDocumentCompleted closes whatever is still open (cancelled: not anyone's 已办).
 * A clerk who joins after a document arrived does not get its 待签收 (the 待签收 page lists it).
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
export const INBOX_TABLES = [
  'inbox_tasks',
  'inbox_done',
  'inbox_processes',
  'inbox_counts',
  'inbox_docs',
  'inbox_org_users',
  'inbox_org_leaders',
] as const;

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
const INCOMING_TYPES = [
  'IncomingDocumentReceived',
  'IncomingDocumentSignedFor',
  'IncomingDocumentReturned',
  'IncomingDocumentRegistered',
  'IncomingPaperDocumentRegistered',
  'IncomingDocumentProposed',
  'IncomingDocumentInstructed',
  'IncomingDocumentAssigned',
  'IncomingCirculationStarted',
  'IncomingDocumentRead',
  'IncomingDocumentCompleted',
] as const satisfies readonly IncomingEvent['type'][];
const ORG_TYPES = [
  'UserHired',
  'UserTransferred',
  'UserDeactivated',
  'UserReactivated',
  'UserRoleGranted',
  'UserRoleRevoked',
  'DepartmentLeaderAssigned',
  'DepartmentLeaderCleared',
] as const satisfies readonly (UserEvent['type'] | DepartmentEvent['type'])[];

export const INBOX_EVENT_TYPES = [...WORKFLOW_TYPES, ...INCOMING_TYPES, ...ORG_TYPES] as const;

export type InboxBox = 'todo' | 'toread' | 'done' | 'mine';
export const boxOfTaskKind = (k: TaskKind): 'todo' | 'toread' => (k === 'read' ? 'toread' : 'todo');

/** 收文 in the inbox. */
export const INCOMING_DEFINITION_KEY = 'incoming-document';
export const INCOMING_PROCESS_KIND = '收文';
/** The role whose holders sign for their unit's incoming documents (收发文管理, as api/documents). */
export const INCOMING_CLERK_ROLE = 'office_admin';
export const incomingLink = (incomingId: string) => `/documents/incoming/${encodeURIComponent(incomingId)}`;
export const outgoingLink = (documentId: string) => `/documents/outgoing/${encodeURIComponent(documentId)}`;
const OUTGOING_SUBJECT_TYPE = 'outgoing-document';

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
const DOC_COLUMNS = cols('doc_id', 'title', 'unit_id');
const ORG_USER_COLUMNS = cols('user_id', 'unit_id', 'active:integer', 'clerk:integer');
const LEADER_COLUMNS = cols('department_id', 'user_id');
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
  const org = t('inbox_org_users');
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
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('inbox_docs')} (doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, unit_id TEXT NOT NULL)`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${org} (user_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, active INTEGER NOT NULL, clerk INTEGER NOT NULL)`,
  );
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('inbox_org_leaders')} (department_id TEXT PRIMARY KEY, user_id TEXT NOT NULL)`);
  // What the batch fold reads and deletes by besides primary keys (the tasks of a 收文, a unit's users,
  // a withdrawn 已办 row by its task): always there, a fill would scan whole tables without them.
  // Instance and task ids are time-ordered (uuidv7), so these two grow at their right edge.
  await db.run(`CREATE INDEX IF NOT EXISTS ${tasks}_instance ON ${tasks} (instance_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${done}_task ON ${done} (task_id)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${org}_unit ON ${org} (unit_id)`);
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
interface OrgUser {
  user_id: string;
  unit_id: string;
  active: number;
  clerk: number;
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
const readTaskId = (incomingId: string, round: number, userId: string) => `${incomingId}:read:${round}:${userId}`;

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
  /** Open/suspended tasks per incoming document (loaded for the documents the batch touches). */
  private readonly docTasks = new Map<string, Set<string>>();
  /** Count deltas: user → box → n (nested maps: no key string built per delta). */
  private readonly counts = new Map<string, Map<InboxBox, number>>();
  private readonly doneRows: unknown[][] = [];
  private readonly doneDeletes = new Map<string, [string, string]>();
  private readonly newProcs = new Map<string, { row: ProcRow; updated: boolean }>();
  private readonly procUpdates = new Map<string, [string, string | null, string]>();
  private readonly procLinks = new Map<string, string | null>();
  private readonly docs = new Map<string, { doc_id: string; title: string; unit_id: string } | null>();
  private readonly dirtyDocs = new Set<string>();
  private readonly orgUsers = new Map<string, OrgUser | null>();
  private readonly dirtyOrg = new Set<string>();
  private readonly leaders = new Map<string, string | null>();
  private readonly dirtyLeaders = new Set<string>();

  constructor(
    private readonly db: SqlClient,
    private readonly t: TableNamer,
  ) {}

  // ---------------------------------------------------------------------------------------- load
  async load(events: readonly RecordedEvent[]): Promise<void> {
    const taskIds = new Set<string>();
    const procIds = new Set<string>();
    const started = new Set<string>();
    const docIds = new Set<string>();
    const userIds = new Set<string>();
    const unitIds = new Set<string>();
    const deptIds = new Set<string>();
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      if (e.streamId.startsWith('incoming-document-')) {
        const id = String(d.incomingId);
        docIds.add(id);
        if (e.type === 'IncomingDocumentReceived') unitIds.add(String(d.unitId));
        else if (e.type === 'IncomingDocumentAssigned') {
          const x = (e as unknown as Extract<IncomingEvent, { type: 'IncomingDocumentAssigned' }>).data;
          for (const p of [x.lead, ...x.co]) deptIds.add(p.id);
        } else if (e.type === 'IncomingDocumentRead') {
          const x = (e as unknown as Extract<IncomingEvent, { type: 'IncomingDocumentRead' }>).data;
          taskIds.add(readTaskId(id, x.round, x.onBehalfOf ?? x.readerId));
        }
        continue;
      }
      if (e.type.startsWith('User')) {
        userIds.add(String(d.userId));
        continue;
      }
      if (e.type.startsWith('DepartmentLeader')) {
        deptIds.add(String(d.departmentId));
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
        if (docIds.has(r.instance_id) && (r.status === 'open' || r.status === 'suspended')) this.docSet(r.instance_id).add(r.task_id);
      }
    };
    if (taskIds.size) {
      put(await selectByKeys<TaskRow>(this.db, t('inbox_tasks'), taskCols, 'task_id', taskIds));
      for (const id of taskIds) if (!this.tasks.has(id)) this.tasks.set(id, null);
    }
    if (docIds.size) {
      put(await selectByKeys<TaskRow>(this.db, t('inbox_tasks'), taskCols, 'instance_id', docIds));
      for (const r of await selectByKeys<{ doc_id: string; title: string; unit_id: string }>(
        this.db,
        t('inbox_docs'),
        names(DOC_COLUMNS),
        'doc_id',
        docIds,
      )) {
        this.docs.set(r.doc_id, r);
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
    // Everyone now in the units that receive documents, and everyone the org events touch: enough to
    // tell each unit's clerks at any point of the batch.
    const orgCols = names(ORG_USER_COLUMNS);
    if (unitIds.size)
      for (const r of await selectByKeys<OrgUser>(this.db, t('inbox_org_users'), orgCols, 'unit_id', unitIds))
        this.orgUsers.set(r.user_id, r);
    if (userIds.size) {
      for (const r of await selectByKeys<OrgUser>(this.db, t('inbox_org_users'), orgCols, 'user_id', userIds))
        this.orgUsers.set(r.user_id, r);
      for (const id of userIds) if (!this.orgUsers.has(id)) this.orgUsers.set(id, null);
    }
    if (deptIds.size) {
      for (const r of await selectByKeys<{ department_id: string; user_id: string }>(
        this.db,
        t('inbox_org_leaders'),
        names(LEADER_COLUMNS),
        'department_id',
        deptIds,
      )) {
        this.leaders.set(r.department_id, r.user_id);
      }
    }
  }

  private docSet(docId: string): Set<string> {
    let s = this.docTasks.get(docId);
    if (!s) this.docTasks.set(docId, (s = new Set()));
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
  private assign(row: TaskRow): void {
    if (!this.task(row.task_id)) {
      this.tasks.set(row.task_id, row);
      this.touch(row);
      if (row.definition_key === INCOMING_DEFINITION_KEY) this.docSet(row.instance_id).add(row.task_id);
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
    this.docTasks.get(row.instance_id)?.delete(taskId);
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

  /** Open (and suspended) tasks of an incoming document, oldest first. */
  private openOf(docId: string, kind?: string): TaskRow[] {
    const out: TaskRow[] = [];
    for (const id of this.docTasks.get(docId) ?? []) {
      const r = this.task(id);
      if (r && (r.status === 'open' || r.status === 'suspended') && (!kind || r.task_kind === kind)) out.push(r);
    }
    return out.sort((a, b) => a.assigned_pos - b.assigned_pos);
  }

  private clerksOf(unitId: string): string[] {
    const out: string[] = [];
    for (const u of this.orgUsers.values()) if (u && u.unit_id === unitId && u.active === 1 && u.clerk === 1) out.push(u.user_id);
    return out.sort();
  }

  private setOrg(userId: string, change: Partial<OrgUser>): void {
    const u = this.orgUsers.get(userId);
    if (!u) return;
    Object.assign(u, change);
    this.dirtyOrg.add(userId);
  }

  // ---------------------------------------------------------------------------------------- apply
  apply(event: RecordedEvent): void {
    if (event.streamId.startsWith('incoming-document-')) return this.applyIncoming(event);
    if (event.type.startsWith('User') || event.type.startsWith('DepartmentLeader')) return this.applyOrg(event);
    const e = event as unknown as InstanceEvent;
    const pos = event.position;
    switch (e.type) {
      case 'ProcessStarted': {
        const d = e.data;
        if (!this.newProcs.has(d.instanceId)) {
          const link = d.subject?.type === OUTGOING_SUBJECT_TYPE ? outgoingLink(d.subject.id) : null;
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

  private incomingTask(
    docId: string,
    taskId: string,
    kind: 'sign' | 'instruct' | 'handle' | 'read',
    assignee: string,
    nodeName: string,
    initiator: string,
    deadline: string | null,
    at: string,
    pos: number,
  ): TaskRow {
    const doc = this.docs.get(docId);
    return {
      task_id: taskId,
      instance_id: docId,
      box: kind === 'read' ? 'toread' : 'todo',
      task_kind: kind,
      status: 'open',
      assignee,
      acting_delegate: null,
      title: doc?.title ?? '',
      process_kind: INCOMING_PROCESS_KIND,
      definition_key: INCOMING_DEFINITION_KEY,
      initiator_id: initiator,
      node_id: kind,
      node_name: nodeName,
      reason: 'activated',
      deadline,
      assigned_at: at,
      assigned_pos: pos,
      done_at: null,
      outcome: null,
      acted_by: null,
      on_behalf_of: null,
      closed_from: null,
      link: incomingLink(docId),
    };
  }

  private setDoc(docId: string, title: string, unitId: string): void {
    this.docs.set(docId, { doc_id: docId, title, unit_id: unitId });
    this.dirtyDocs.add(docId);
  }

  private applyIncoming(event: RecordedEvent): void {
    const e = event as unknown as IncomingEvent;
    const pos = event.position;
    switch (e.type) {
      case 'IncomingDocumentReceived': {
        const d = e.data;
        this.setDoc(d.incomingId, d.document.title, d.unitId);
        for (const u of this.clerksOf(d.unitId)) {
          this.assign(this.incomingTask(d.incomingId, `${d.incomingId}:sign:${u}`, 'sign', u, '待签收', d.sentBy, null, d.at, pos));
        }
        return;
      }
      case 'IncomingDocumentSignedFor':
      case 'IncomingDocumentReturned': {
        const d = e.data;
        const action = e.type === 'IncomingDocumentSignedFor' ? 'sign' : 'return';
        for (const r of this.openOf(d.incomingId, 'sign')) {
          if (r.assignee === d.actorId)
            this.close(r.task_id, action === 'sign' ? 'signed' : 'returned', { actorId: d.actorId, onBehalfOf: null }, d.at, action, pos);
          else this.close(r.task_id, 'cancelled', null, d.at, '', pos);
        }
        return;
      }
      case 'IncomingPaperDocumentRegistered':
        this.setDoc(e.data.incomingId, e.data.entry.title, e.data.unitId);
        return;
      case 'IncomingDocumentRegistered': {
        const doc = this.docs.get(e.data.incomingId);
        if (doc) this.setDoc(doc.doc_id, e.data.entry.title || doc.title, doc.unit_id);
        return;
      }
      case 'IncomingDocumentProposed': {
        const d = e.data;
        const waiting = new Set(this.openOf(d.incomingId, 'instruct').map((r) => r.assignee));
        for (const leader of new Set(d.leaderIds)) {
          if (waiting.has(leader)) continue;
          this.assign(
            this.incomingTask(
              d.incomingId,
              `${d.incomingId}:instruct:${pos}:${leader}`,
              'instruct',
              leader,
              '领导批示',
              d.proposerId,
              null,
              d.at,
              pos,
            ),
          );
        }
        return;
      }
      case 'IncomingDocumentInstructed': {
        const d = e.data;
        const forWhom = d.onBehalfOf ?? d.leaderId;
        for (const r of this.openOf(d.incomingId, 'instruct')) {
          if (r.assignee === forWhom)
            this.close(r.task_id, 'instructed', { actorId: d.leaderId, onBehalfOf: d.onBehalfOf }, d.at, 'instruct', pos);
        }
        return;
      }
      case 'IncomingDocumentAssigned': {
        const d = e.data;
        for (const r of this.openOf(d.incomingId, 'handle')) this.close(r.task_id, 'reassigned', null, d.at, '', pos);
        const parties: [string, string][] = [[d.lead.id, '承办（主办）'], ...d.co.map((c): [string, string] => [c.id, '承办（协办）'])];
        for (const [dept, nodeName] of parties) {
          const leader = this.leaders.get(dept);
          if (!leader) continue;
          this.assign(
            this.incomingTask(
              d.incomingId,
              `${d.incomingId}:handle:${pos}:${dept}`,
              'handle',
              leader,
              nodeName,
              d.assignedBy,
              d.deadline,
              d.at,
              pos,
            ),
          );
        }
        return;
      }
      case 'IncomingCirculationStarted': {
        const d = e.data;
        for (const r of d.readers) {
          this.assign(
            this.incomingTask(d.incomingId, readTaskId(d.incomingId, d.round, r.id), 'read', r.id, '传阅', d.startedBy, null, d.at, pos),
          );
        }
        return;
      }
      case 'IncomingDocumentRead': {
        const d = e.data;
        this.close(
          readTaskId(d.incomingId, d.round, d.onBehalfOf ?? d.readerId),
          'read',
          { actorId: d.readerId, onBehalfOf: d.onBehalfOf },
          d.at,
          'read',
          pos,
        );
        return;
      }
      case 'IncomingDocumentCompleted':
        for (const r of this.openOf(e.data.incomingId)) this.close(r.task_id, 'cancelled', null, e.data.at, '', pos);
        return;
      case 'DocumentArchived':
        return;
      default:
        return;
    }
  }

  private applyOrg(event: RecordedEvent): void {
    const e = event as unknown as UserEvent | DepartmentEvent;
    switch (e.type) {
      case 'UserHired':
        this.orgUsers.set(e.data.userId, { user_id: e.data.userId, unit_id: e.data.primaryPost.unitId, active: 1, clerk: 0 });
        this.dirtyOrg.add(e.data.userId);
        return;
      case 'UserTransferred':
        return this.setOrg(e.data.userId, { unit_id: e.data.to.unitId });
      case 'UserDeactivated':
        return this.setOrg(e.data.userId, { active: 0 });
      case 'UserReactivated':
        return this.setOrg(e.data.userId, { active: 1 });
      case 'UserRoleGranted':
        if (e.data.roleId === INCOMING_CLERK_ROLE) this.setOrg(e.data.userId, { clerk: 1 });
        return;
      case 'UserRoleRevoked':
        if (e.data.roleId === INCOMING_CLERK_ROLE) this.setOrg(e.data.userId, { clerk: 0 });
        return;
      case 'DepartmentLeaderAssigned':
        this.leaders.set(e.data.departmentId, e.data.userId);
        this.dirtyLeaders.add(e.data.departmentId);
        return;
      case 'DepartmentLeaderCleared':
        this.leaders.set(e.data.departmentId, null);
        this.dirtyLeaders.add(e.data.departmentId);
        return;
      default:
        return;
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
    const docs = [...this.dirtyDocs].map((id) => this.docs.get(id)!).map((d) => [d.doc_id, d.title, d.unit_id]);
    await insertRows(db, t('inbox_docs'), DOC_COLUMNS, docs, `(doc_id) DO UPDATE SET ${setAll(DOC_COLUMNS)}`);
    const org = [...this.dirtyOrg].map((id) => this.orgUsers.get(id)!).map((u) => [u.user_id, u.unit_id, u.active, u.clerk]);
    await insertRows(db, t('inbox_org_users'), ORG_USER_COLUMNS, org, `(user_id) DO UPDATE SET ${setAll(ORG_USER_COLUMNS)}`);
    const leaderRows: unknown[][] = [];
    const cleared: unknown[][] = [];
    for (const id of this.dirtyLeaders) {
      const u = this.leaders.get(id);
      if (u) leaderRows.push([id, u]);
      else cleared.push([id]);
    }
    await deleteRows(db, t('inbox_org_leaders'), cols('department_id'), cleared);
    await insertRows(db, t('inbox_org_leaders'), LEADER_COLUMNS, leaderRows, `(department_id) DO UPDATE SET ${setAll(LEADER_COLUMNS)}`);
  }
}

async function applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer): Promise<void> {
  const fold = new InboxFold(db, t);
  await fold.load(events);
  for (const e of events) fold.apply(e);
  await fold.write();
}

export const inboxProjection: Projection = {
  name: 'inbox',
  version: 3,
  tables: INBOX_TABLES,
  eventTypes: INBOX_EVENT_TYPES,
  pipelineWrites: true,
  deferIndexes: true,
  setup,
  /** The batch fold over one event: the fallback that finds and parks a poison event. */
  apply: (db, event, t) => applyBatch(db, [event], t),
  applyBatch,
};
