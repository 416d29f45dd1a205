/**
 * ProcessInstance (流程实例) aggregate: events, state and evolve. Stream `process-<instanceId>`.
 *
 * Events are fine-grained facts (a task was assigned, a node completed…) so that read models (the
 * unified inbox, the 办文日志, the drawn diagram) follow them without re-running the engine: the
 * engine runs once, in `decide`, and `evolve` only records what happened.
 *
 * Every event that closes a task carries `taskId` (see CLOSING_EVENT_TYPES / closedTaskId). Every
 * action event carries `actorId` and `onBehalfOf` (外出授权: the delegate acts for the assignee).
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { ApplicantSnapshot } from './approvers';
import { analyseDefinition, type Assignments, type DefinitionGraph, type DefinitionSnapshot, type NodeKind } from './definition';

export const instanceStreamId = (instanceId: string) => `process-${instanceId}`;
/** Task ids are `<instanceId>.t<n>`: the instance (and so the stream) is known from a task id. */
export const taskIdOf = (instanceId: string, n: number) => `${instanceId}.t${n}`;
export function instanceIdOfTask(taskId: string): string | null {
  const m = /^(.+)\.t(\d+)$/.exec(taskId);
  return m ? m[1] : null;
}

/** 原笔迹签批: vector strokes with pressure, carried through untouched. Point = [x, y, pressure, t]. */
export interface SignatureStrokes {
  strokes: { points: [number, number, number, number][] }[];
}

/** 待办 (approval), 待阅 (read), or the drafter's 重新提交 (resubmit) after a return/withdrawal. */
export type TaskKind = 'approval' | 'read' | 'resubmit';
export type TaskAssignReason = 'activated' | 'sequence' | 'forwarded' | 'addedSigner' | 'reassigned' | 'returned' | 'withdrawn' | 'cc';
export type TaskCancelReason = 'anyOfDecided' | 'rejected' | 'returned' | 'withdrawn' | 'terminated' | 'cancelled';
/** 会签 modes, plus 'any' for 或签 (and an approval node whose rule yields several people). */
export type ActivationMode = 'all' | 'sequential' | 'any';

interface Acted {
  actorId: string;
  /** The assignee the actor acted for (外出授权), or null. */
  onBehalfOf: string | null;
  at: string;
}

export type ProcessStarted = DomainEvent<
  'ProcessStarted',
  {
    instanceId: string;
    title: string;
    /** The definition version frozen for this instance (publishing v2 changes nothing here). */
    definition: DefinitionSnapshot;
    form: Record<string, unknown>;
    applicant: ApplicantSnapshot;
    /** The drafter (拟稿人), who may withdraw, urge and resubmit. */
    initiatorId: string;
    /** Resolved approvers per node (see approvers.ts). */
    assignments: Assignments;
    /** The business object this approval is about, e.g. { type: 'outgoing-document', id }. */
    subject: { type: string; id: string } | null;
    startedAt: string;
  }
>;
export type NodeActivated = DomainEvent<
  'NodeActivated',
  {
    nodeId: string;
    nodeName: string;
    kind: NodeKind;
    activationId: number;
    mode: ActivationMode;
    assignees: string[];
    at: string;
  }
>;
export type NodeCompleted = DomainEvent<
  'NodeCompleted',
  {
    nodeId: string;
    nodeName: string;
    kind: NodeKind;
    /** The nodes entered next (a condition's chosen branch, a split's branches). */
    next: string[];
    /** For a condition: the expression that matched, or null when the default branch was taken. */
    matched?: string | null;
    at: string;
  }
>;
export type JoinArrived = DomainEvent<'JoinArrived', { nodeId: string; arrived: number; expected: number; at: string }>;
export type TaskAssigned = DomainEvent<
  'TaskAssigned',
  {
    taskId: string;
    instanceId: string;
    nodeId: string;
    nodeName: string;
    kind: TaskKind;
    assignee: string;
    /** 外出授权: the delegate who sees and may act on the task for the assignee. */
    actingDelegate: string | null;
    delegationId: string | null;
    activationId: number | null;
    /** 加签 (before): the suspended task that resumes when this one is done. */
    parentTaskId: string | null;
    reason: TaskAssignReason;
    deadline: string | null;
    remindAt: string | null;
    assignedAt: string;
    /** Denormalised for the inbox. */
    title: string;
    processKind: string;
    definitionKey: string;
    initiatorId: string;
  }
>;
export type TaskApproved = DomainEvent<
  'TaskApproved',
  Acted & {
    taskId: string;
    nodeId: string;
    opinion: string;
    signature: SignatureStrokes | null;
  }
>;
export type TaskRejected = DomainEvent<'TaskRejected', Acted & { taskId: string; nodeId: string; opinion: string }>;
export type TaskReturned = DomainEvent<
  'TaskReturned',
  Acted & {
    taskId: string;
    nodeId: string;
    toNodeId: string;
    opinion: string;
    /** When returned to the drafter: the node the resubmission continues from. */
    resumeAt: string | null;
  }
>;
export type TaskForwarded = DomainEvent<'TaskForwarded', Acted & { taskId: string; nodeId: string; toUserId: string; opinion: string }>;
export type SignerAdded = DomainEvent<
  'SignerAdded',
  Acted & {
    taskId: string;
    nodeId: string;
    userIds: string[];
    position: 'before' | 'after';
    opinion: string;
  }
>;
export type TaskSuspended = DomainEvent<'TaskSuspended', { taskId: string; waitingFor: string[]; at: string }>;
export type TaskResumed = DomainEvent<'TaskResumed', { taskId: string; at: string }>;
export type TaskCancelled = DomainEvent<'TaskCancelled', { taskId: string; reason: TaskCancelReason; at: string }>;
export type TaskReassigned = DomainEvent<
  'TaskReassigned',
  Acted & {
    taskId: string;
    nodeId: string;
    fromUserId: string;
    toUserId: string;
    reason: string;
  }
>;
export type ActionWithdrawn = DomainEvent<
  'ActionWithdrawn',
  Acted & {
    /** The decision undone (see state.decisions). */
    decisionSeq: number;
    taskId: string | null;
    nodeId: string;
  }
>;
export type ProcessResubmitted = DomainEvent<
  'ProcessResubmitted',
  Acted & {
    taskId: string;
    form: Record<string, unknown>;
    assignments: Assignments;
    resumeAt: string;
  }
>;
export type ProcessCompleted = DomainEvent<'ProcessCompleted', { at: string }>;
export type ProcessRejected = DomainEvent<'ProcessRejected', Acted & { nodeId: string; opinion: string }>;
export type ProcessTerminated = DomainEvent<'ProcessTerminated', Acted & { reason: string }>;
export type ProcessCancelled = DomainEvent<'ProcessCancelled', Acted & { reason: string }>;
export type Urged = DomainEvent<'Urged', Acted & { taskIds: string[]; userIds: string[]; message: string }>;
export type TaskRead = DomainEvent<'TaskRead', Acted & { taskId: string; nodeId: string }>;
export type TaskDelegated = DomainEvent<
  'TaskDelegated',
  { taskId: string; assignee: string; actingDelegate: string; delegationId: string; at: string }
>;
export type TaskDelegationEnded = DomainEvent<
  'TaskDelegationEnded',
  { taskId: string; assignee: string; actingDelegate: string; delegationId: string; at: string }
>;
export type TaskReminderDue = DomainEvent<
  'TaskReminderDue',
  { taskId: string; nodeId: string; assignee: string; actingDelegate: string | null; deadline: string; at: string }
>;
export type TaskEscalated = DomainEvent<
  'TaskEscalated',
  {
    taskId: string;
    nodeId: string;
    assignee: string;
    actingDelegate: string | null;
    deadline: string;
    notifyUserIds: string[];
    at: string;
  }
>;

export type InstanceEvent =
  | ProcessStarted
  | NodeActivated
  | NodeCompleted
  | JoinArrived
  | TaskAssigned
  | TaskApproved
  | TaskRejected
  | TaskReturned
  | TaskForwarded
  | SignerAdded
  | TaskSuspended
  | TaskResumed
  | TaskCancelled
  | TaskReassigned
  | ActionWithdrawn
  | ProcessResubmitted
  | ProcessCompleted
  | ProcessRejected
  | ProcessTerminated
  | ProcessCancelled
  | Urged
  | TaskRead
  | TaskDelegated
  | TaskDelegationEnded
  | TaskReminderDue
  | TaskEscalated;

export type InstanceEventType = InstanceEvent['type'];

/** Events after which the task named by `data.taskId` is no longer open (for the inbox). */
export const CLOSING_EVENT_TYPES = [
  'TaskApproved',
  'TaskRejected',
  'TaskReturned',
  'TaskForwarded',
  'TaskCancelled',
  'TaskReassigned',
  'TaskRead',
  'ProcessResubmitted',
] as const satisfies readonly InstanceEventType[];

export function closedTaskId(e: InstanceEvent): string | null {
  return (CLOSING_EVENT_TYPES as readonly string[]).includes(e.type) ? (e.data as { taskId: string }).taskId : null;
}

// ---------------------------------------------------------------- state
export type InstanceStatus = 'none' | 'running' | 'returned' | 'completed' | 'rejected' | 'terminated' | 'cancelled';
/** For drawing: done / current / pending. */
export type NodeStatus = 'pending' | 'current' | 'done';
export type TaskStatus = 'open' | 'suspended' | 'done' | 'cancelled';

export interface TaskState {
  taskId: string;
  nodeId: string;
  kind: TaskKind;
  assignee: string;
  actingDelegate: string | null;
  delegationId: string | null;
  activationId: number | null;
  parentTaskId: string | null;
  status: TaskStatus;
  /** approved / rejected / returned / forwarded / read / reassigned / resubmitted / a cancel reason */
  outcome: string | null;
  waitingFor: string[];
  assignedAt: string;
  deadline: string | null;
  remindAt: string | null;
  reminded: boolean;
  escalated: boolean;
  /** The decision that created it. */
  decisionSeq: number;
}

export interface Activation {
  id: number;
  nodeId: string;
  mode: ActivationMode;
  /** Sequential countersign: people not yet given their task, in order. */
  queue: string[];
  approvedBy: string[];
  status: 'active' | 'completed' | 'cancelled';
}

/** One entry of the 办文日志. */
export interface LogEntry {
  seq: number;
  at: string;
  nodeId: string;
  nodeName: string;
  action:
    | 'submit'
    | 'approve'
    | 'reject'
    | 'return'
    | 'forward'
    | 'addSigner'
    | 'withdraw'
    | 'resubmit'
    | 'reassign'
    | 'terminate'
    | 'cancel'
    | 'read'
    | 'urge';
  actorId: string;
  onBehalfOf: string | null;
  opinion: string;
  detail?: string;
}

/**
 * A decisive action and everything it caused, kept so that 撤回 can undo it while nobody after it
 * has acted. Only 'submit' and 'approve' decisions are withdrawable.
 */
export interface Decision {
  seq: number;
  kind: 'submit' | 'approve' | 'other';
  actorId: string;
  onBehalfOf: string | null;
  taskId: string | null;
  nodeId: string;
  activationId: number | null;
  createdTaskIds: string[];
  completedNodeIds: string[];
  activatedNodeIds: string[];
  createdActivationIds: number[];
  joinArrivals: string[];
  cancelledTaskIds: string[];
  resumedTaskIds: string[];
  dequeued: { activationId: number; userId: string }[];
}

export interface InstanceState {
  status: InstanceStatus;
  instanceId: string;
  title: string;
  definition: DefinitionSnapshot | null;
  form: Record<string, unknown>;
  applicant: ApplicantSnapshot | null;
  initiatorId: string;
  assignments: Assignments;
  subject: { type: string; id: string } | null;
  startedAt: string | null;
  endedAt: string | null;
  nodes: Record<string, NodeStatus>;
  activations: Record<number, Activation>;
  joins: Record<string, number>;
  tasks: Record<string, TaskState>;
  taskCounter: number;
  activationCounter: number;
  seq: number;
  /** Withdrawable decisions, oldest first. */
  decisions: Decision[];
  /** The decision consequences attach to (any kind). */
  current: Decision | null;
  /** After a return to the drafter: where the resubmission continues (null: from the start). */
  resumeAt: string | null;
  lastUrgedAt: string | null;
  log: LogEntry[];
}

export const initialInstanceState = (): InstanceState => ({
  status: 'none',
  instanceId: '',
  title: '',
  definition: null,
  form: {},
  applicant: null,
  initiatorId: '',
  assignments: {},
  subject: null,
  startedAt: null,
  endedAt: null,
  nodes: {},
  activations: {},
  joins: {},
  tasks: {},
  taskCounter: 0,
  activationCounter: 0,
  seq: 0,
  decisions: [],
  current: null,
  resumeAt: null,
  lastUrgedAt: null,
  log: [],
});

const graphCache = new WeakMap<DefinitionSnapshot, DefinitionGraph>();
/** The analysed graph of the instance's frozen definition (memoised). */
export function graphOf(def: DefinitionSnapshot): DefinitionGraph {
  let g = graphCache.get(def);
  if (!g) {
    g = analyseDefinition(def);
    graphCache.set(def, g);
  }
  return g;
}

export function nodeName(s: InstanceState, nodeId: string): string {
  return s.definition ? (graphOf(s.definition).byId.get(nodeId)?.name ?? nodeId) : nodeId;
}

// ---------------------------------------------------------------- evolve
function newDecision(
  s: InstanceState,
  kind: Decision['kind'],
  a: { actorId: string; onBehalfOf: string | null },
  nodeId: string,
  taskId: string | null,
  activationId: number | null,
): Decision {
  return {
    seq: s.seq + 1,
    kind,
    actorId: a.actorId,
    onBehalfOf: a.onBehalfOf,
    taskId,
    nodeId,
    activationId,
    createdTaskIds: [],
    completedNodeIds: [],
    activatedNodeIds: [],
    createdActivationIds: [],
    joinArrivals: [],
    cancelledTaskIds: [],
    resumedTaskIds: [],
    dequeued: [],
  };
}

/** Opens a decision: withdrawable ones are added to `decisions`. */
function open(s: InstanceState, d: Decision, clearWithdrawable = false): InstanceState {
  const base = clearWithdrawable ? [] : s.decisions;
  return { ...s, seq: d.seq, current: d, decisions: d.kind === 'other' ? base : [...base, d] };
}

/** Applies `f` to the current decision (and its copy in `decisions`). */
function touch(s: InstanceState, f: (d: Decision) => Decision): InstanceState {
  if (!s.current) return s;
  const d = f(s.current);
  return { ...s, current: d, decisions: s.decisions.map((x) => (x.seq === d.seq ? d : x)) };
}

function setTask(s: InstanceState, taskId: string, patch: Partial<TaskState>): InstanceState {
  const t = s.tasks[taskId];
  if (!t) return s;
  return { ...s, tasks: { ...s.tasks, [taskId]: { ...t, ...patch } } };
}

function log(s: InstanceState, entry: Omit<LogEntry, 'seq' | 'nodeName'>): InstanceState {
  return { ...s, log: [...s.log, { ...entry, seq: s.seq, nodeName: nodeName(s, entry.nodeId) }] };
}

export function evolveInstance(s: InstanceState, e: InstanceEvent): InstanceState {
  switch (e.type) {
    case 'ProcessStarted': {
      const d = e.data;
      const nodes: Record<string, NodeStatus> = {};
      for (const n of d.definition.nodes) nodes[n.id] = 'pending';
      let x: InstanceState = {
        ...initialInstanceState(),
        status: 'running',
        instanceId: d.instanceId,
        title: d.title,
        definition: d.definition,
        form: d.form,
        applicant: d.applicant,
        initiatorId: d.initiatorId,
        assignments: d.assignments,
        subject: d.subject,
        startedAt: d.startedAt,
        nodes,
      };
      const startId = graphOf(d.definition).startId;
      x = open(x, newDecision(x, 'submit', { actorId: d.initiatorId, onBehalfOf: null }, startId, null, null));
      return log(x, { at: d.startedAt, nodeId: startId, action: 'submit', actorId: d.initiatorId, onBehalfOf: null, opinion: '' });
    }
    case 'NodeActivated': {
      const d = e.data;
      const act: Activation = {
        id: d.activationId,
        nodeId: d.nodeId,
        mode: d.mode,
        queue: d.mode === 'sequential' ? [...d.assignees] : [],
        approvedBy: [],
        status: 'active',
      };
      const x: InstanceState = {
        ...s,
        nodes: { ...s.nodes, [d.nodeId]: 'current' },
        activations: { ...s.activations, [d.activationId]: act },
        activationCounter: Math.max(s.activationCounter, d.activationId),
      };
      return touch(x, (c) => ({
        ...c,
        activatedNodeIds: [...c.activatedNodeIds, d.nodeId],
        createdActivationIds: [...c.createdActivationIds, d.activationId],
      }));
    }
    case 'NodeCompleted': {
      const d = e.data;
      const activations = { ...s.activations };
      for (const a of Object.values(activations))
        if (a.nodeId === d.nodeId && a.status === 'active') activations[a.id] = { ...a, status: 'completed' };
      const x: InstanceState = { ...s, nodes: { ...s.nodes, [d.nodeId]: 'done' }, activations };
      return touch(x, (c) => ({ ...c, completedNodeIds: [...c.completedNodeIds, d.nodeId] }));
    }
    case 'JoinArrived': {
      const x = { ...s, joins: { ...s.joins, [e.data.nodeId]: e.data.arrived } };
      return touch(x, (c) => ({ ...c, joinArrivals: [...c.joinArrivals, e.data.nodeId] }));
    }
    case 'TaskAssigned': {
      const d = e.data;
      const n = Number(/\.t(\d+)$/.exec(d.taskId)?.[1] ?? 0);
      const task: TaskState = {
        taskId: d.taskId,
        nodeId: d.nodeId,
        kind: d.kind,
        assignee: d.assignee,
        actingDelegate: d.actingDelegate,
        delegationId: d.delegationId,
        activationId: d.activationId,
        parentTaskId: d.parentTaskId,
        status: 'open',
        outcome: null,
        waitingFor: [],
        assignedAt: d.assignedAt,
        deadline: d.deadline,
        remindAt: d.remindAt,
        reminded: false,
        escalated: false,
        decisionSeq: s.current?.seq ?? s.seq,
      };
      let x: InstanceState = { ...s, tasks: { ...s.tasks, [d.taskId]: task }, taskCounter: Math.max(s.taskCounter, n) };
      if (d.reason === 'sequence' && d.activationId !== null) {
        const a = x.activations[d.activationId];
        if (a && a.queue[0] === d.assignee) {
          x = { ...x, activations: { ...x.activations, [a.id]: { ...a, queue: a.queue.slice(1) } } };
          x = touch(x, (c) => ({ ...c, dequeued: [...c.dequeued, { activationId: a.id, userId: d.assignee }] }));
        }
      }
      return touch(x, (c) => ({ ...c, createdTaskIds: [...c.createdTaskIds, d.taskId] }));
    }
    case 'TaskApproved': {
      const d = e.data;
      const t = s.tasks[d.taskId];
      let x = setTask(s, d.taskId, { status: 'done', outcome: 'approved' });
      const a = t?.activationId != null ? x.activations[t.activationId] : undefined;
      if (a && t) x = { ...x, activations: { ...x.activations, [a.id]: { ...a, approvedBy: [...a.approvedBy, t.assignee] } } };
      x = open(x, newDecision(x, 'approve', d, d.nodeId, d.taskId, t?.activationId ?? null));
      return log(x, { at: d.at, nodeId: d.nodeId, action: 'approve', actorId: d.actorId, onBehalfOf: d.onBehalfOf, opinion: d.opinion });
    }
    case 'TaskRejected': {
      const d = e.data;
      let x = setTask(s, d.taskId, { status: 'done', outcome: 'rejected' });
      x = open(x, newDecision(x, 'other', d, d.nodeId, d.taskId, null), true);
      return log(x, { at: d.at, nodeId: d.nodeId, action: 'reject', actorId: d.actorId, onBehalfOf: d.onBehalfOf, opinion: d.opinion });
    }
    case 'TaskReturned': {
      const d = e.data;
      let x = setTask(s, d.taskId, { status: 'done', outcome: 'returned' });
      x = open(x, newDecision(x, 'other', d, d.nodeId, d.taskId, null), true);
      const g = graphOf(s.definition!);
      const toStart = d.toNodeId === g.startId;
      // Back to the drafter: the resubmission resumes at `resumeAt`, so the approvals before it stand
      // (their nodes stay done: drawn so, and valid 退回 targets later); older events without it reset all.
      const reset = toStart
        ? d.resumeAt
          ? new Set([g.startId, d.resumeAt, ...g.downstream.get(d.resumeAt)!])
          : new Set(Object.keys(s.nodes))
        : g.downstream.get(d.toNodeId)!;
      const nodes = { ...x.nodes };
      for (const id of Object.keys(nodes)) if (reset.has(id) || nodes[id] === 'current') nodes[id] = 'pending';
      if (toStart) nodes[g.startId] = 'current';
      const joins = { ...x.joins };
      for (const j of Object.keys(joins)) if (reset.has(j)) joins[j] = 0;
      const activations = { ...x.activations };
      for (const a of Object.values(activations)) if (a.status === 'active') activations[a.id] = { ...a, status: 'cancelled' };
      x = { ...x, nodes, joins, activations, ...(toStart ? { status: 'returned' as const, resumeAt: d.resumeAt } : {}) };
      return log(x, {
        at: d.at,
        nodeId: d.nodeId,
        action: 'return',
        actorId: d.actorId,
        onBehalfOf: d.onBehalfOf,
        opinion: d.opinion,
        detail: nodeName(s, d.toNodeId),
      });
    }
    case 'TaskForwarded': {
      const d = e.data;
      let x = setTask(s, d.taskId, { status: 'done', outcome: 'forwarded' });
      x = open(x, newDecision(x, 'other', d, d.nodeId, d.taskId, null));
      return log(x, {
        at: d.at,
        nodeId: d.nodeId,
        action: 'forward',
        actorId: d.actorId,
        onBehalfOf: d.onBehalfOf,
        opinion: d.opinion,
        detail: d.toUserId,
      });
    }
    case 'SignerAdded': {
      const d = e.data;
      const x = open(s, newDecision(s, 'other', d, d.nodeId, d.taskId, null));
      return log(x, {
        at: d.at,
        nodeId: d.nodeId,
        action: 'addSigner',
        actorId: d.actorId,
        onBehalfOf: d.onBehalfOf,
        opinion: d.opinion,
        detail: `${d.position === 'before' ? '前加签' : '后加签'}:${d.userIds.join(',')}`,
      });
    }
    case 'TaskSuspended':
      return setTask(s, e.data.taskId, { status: 'suspended', waitingFor: e.data.waitingFor });
    case 'TaskResumed': {
      const x = setTask(s, e.data.taskId, { status: 'open', waitingFor: [] });
      return touch(x, (c) => ({ ...c, resumedTaskIds: [...c.resumedTaskIds, e.data.taskId] }));
    }
    case 'TaskCancelled': {
      const x = setTask(s, e.data.taskId, { status: 'cancelled', outcome: e.data.reason });
      return e.data.reason === 'anyOfDecided' ? touch(x, (c) => ({ ...c, cancelledTaskIds: [...c.cancelledTaskIds, e.data.taskId] })) : x;
    }
    case 'TaskReassigned': {
      const d = e.data;
      let x = setTask(s, d.taskId, { status: 'cancelled', outcome: 'reassigned' });
      x = open(x, newDecision(x, 'other', d, d.nodeId, d.taskId, null));
      return log(x, {
        at: d.at,
        nodeId: d.nodeId,
        action: 'reassign',
        actorId: d.actorId,
        onBehalfOf: d.onBehalfOf,
        opinion: d.reason,
        detail: `${d.fromUserId}→${d.toUserId}`,
      });
    }
    case 'ActionWithdrawn': {
      const d = e.data;
      const w = s.decisions.find((x) => x.seq === d.decisionSeq);
      let x: InstanceState = { ...s, decisions: s.decisions.filter((y) => y.seq !== d.decisionSeq) };
      if (w) {
        const nodes = { ...x.nodes };
        for (const id of w.completedNodeIds) nodes[id] = 'pending';
        for (const id of w.activatedNodeIds) nodes[id] = 'pending';
        nodes[w.nodeId] = 'current';
        const joins = { ...x.joins };
        for (const j of w.joinArrivals) joins[j] = Math.max(0, (joins[j] ?? 0) - 1);
        const activations = { ...x.activations };
        for (const id of w.createdActivationIds) activations[id] = { ...activations[id], status: 'cancelled' };
        for (const dq of w.dequeued) {
          const a = activations[dq.activationId];
          if (a) activations[a.id] = { ...a, queue: [dq.userId, ...a.queue] };
        }
        if (w.activationId !== null && activations[w.activationId]) {
          const a = activations[w.activationId];
          const who = w.taskId ? s.tasks[w.taskId]?.assignee : undefined;
          const i = who ? a.approvedBy.lastIndexOf(who) : -1;
          activations[a.id] = {
            ...a,
            status: 'active',
            approvedBy: i >= 0 ? [...a.approvedBy.slice(0, i), ...a.approvedBy.slice(i + 1)] : a.approvedBy,
          };
        }
        x = { ...x, nodes, joins, activations };
        if (w.kind === 'submit') x = { ...x, status: 'returned', resumeAt: null };
      }
      x = open(x, newDecision(x, 'other', d, d.nodeId, d.taskId, null));
      return log(x, { at: d.at, nodeId: d.nodeId, action: 'withdraw', actorId: d.actorId, onBehalfOf: d.onBehalfOf, opinion: '' });
    }
    case 'ProcessResubmitted': {
      const d = e.data;
      let x = setTask(s, d.taskId, { status: 'done', outcome: 'resubmitted' });
      const startId = graphOf(s.definition!).startId;
      x = { ...x, status: 'running', form: d.form, assignments: d.assignments, resumeAt: null, nodes: { ...x.nodes, [startId]: 'done' } };
      x = open(x, newDecision(x, 'submit', d, startId, d.taskId, null), true);
      return log(x, { at: d.at, nodeId: startId, action: 'resubmit', actorId: d.actorId, onBehalfOf: d.onBehalfOf, opinion: '' });
    }
    case 'ProcessCompleted':
      return { ...s, status: 'completed', endedAt: e.data.at, decisions: [] };
    case 'ProcessRejected':
      return { ...s, status: 'rejected', endedAt: e.data.at, decisions: [] };
    case 'ProcessTerminated': {
      const d = e.data;
      const x = open(s, newDecision(s, 'other', d, graphOf(s.definition!).startId, null, null), true);
      return log(
        { ...x, status: 'terminated', endedAt: d.at },
        {
          at: d.at,
          nodeId: graphOf(s.definition!).startId,
          action: 'terminate',
          actorId: d.actorId,
          onBehalfOf: d.onBehalfOf,
          opinion: d.reason,
        },
      );
    }
    case 'ProcessCancelled': {
      const d = e.data;
      const x = open(s, newDecision(s, 'other', d, graphOf(s.definition!).startId, null, null), true);
      return log(
        { ...x, status: 'cancelled', endedAt: d.at },
        {
          at: d.at,
          nodeId: graphOf(s.definition!).startId,
          action: 'cancel',
          actorId: d.actorId,
          onBehalfOf: d.onBehalfOf,
          opinion: d.reason,
        },
      );
    }
    case 'Urged': {
      const d = e.data;
      const nodeId = d.taskIds.length ? (s.tasks[d.taskIds[0]]?.nodeId ?? '') : '';
      return log(
        { ...s, lastUrgedAt: d.at },
        { at: d.at, nodeId, action: 'urge', actorId: d.actorId, onBehalfOf: d.onBehalfOf, opinion: d.message },
      );
    }
    case 'TaskRead': {
      const d = e.data;
      return log(setTask(s, d.taskId, { status: 'done', outcome: 'read' }), {
        at: d.at,
        nodeId: d.nodeId,
        action: 'read',
        actorId: d.actorId,
        onBehalfOf: d.onBehalfOf,
        opinion: '',
      });
    }
    case 'TaskDelegated':
      return setTask(s, e.data.taskId, { actingDelegate: e.data.actingDelegate, delegationId: e.data.delegationId });
    case 'TaskDelegationEnded':
      return setTask(s, e.data.taskId, { actingDelegate: null, delegationId: null });
    case 'TaskReminderDue':
      return setTask(s, e.data.taskId, { reminded: true });
    case 'TaskEscalated':
      return setTask(s, e.data.taskId, { escalated: true, reminded: true });
    default:
      return assertNever(e);
  }
}

/** Open tasks (待办/待阅/重新提交) in assignment order. */
export function openTasks(s: InstanceState, kind?: TaskKind): TaskState[] {
  return Object.values(s.tasks).filter((t) => t.status === 'open' && (!kind || t.kind === kind));
}
