/**
 * ProcessInstance decider: the approval engine. Pure — the handler supplies everything from outside
 * the stream in the command: the frozen definition and resolved approvers (StartProcess), the
 * delegations in force for the people who may receive tasks (`delegations`), the working calendar,
 * and `metadata.now`.
 *
 * Concurrency: two people acting on the same task race on the stream's expectedRevision; the loser
 * reloads, and `decide` then refuses because the task is no longer open (kind 'conflict' → 409).
 */
import type { Command, CommandMetadata, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { ApplicantSnapshot } from './approvers';
import { addWorkingDays, fractionBetween, workingDayRule, type WorkingCalendar, type WorkingDayRule } from './calendar';
import { isHumanNode, validateForm, type Assignments, type DefinitionSnapshot, type NodeDef } from './definition';
import { evaluateCondition, ExpressionError } from './expression';
import {
  evolveInstance,
  graphOf,
  initialInstanceState,
  openTasks,
  taskIdOf,
  type ActivationMode,
  type InstanceEvent,
  type InstanceState,
  type SignatureStrokes,
  type TaskAssignReason,
  type TaskKind,
  type TaskState,
} from './instance.events';

/** Delegations in force now for this process kind: assignee → delegate (from the Delegation aggregate). */
export type DelegationMap = Record<string, { delegateId: string; delegationId: string }>;

/** Optional context every instance command may carry. */
interface Ctx {
  /** Who acts for whom right now (applied to every task assigned by this command). */
  delegations?: DelegationMap;
  /** Holidays / make-up days for deadlines. */
  calendar?: WorkingCalendar;
}
/** A delegate acting without a TaskDelegated marker: the handler verified the delegation. */
interface DelegationProof {
  delegation?: { principalId: string; delegationId: string } | null;
}

export type StartProcess = Command<
  'StartProcess',
  Ctx & {
    instanceId: string;
    title?: string;
    definition: DefinitionSnapshot;
    form: Record<string, unknown>;
    applicant: ApplicantSnapshot;
    assignments: Assignments;
    subject?: { type: string; id: string } | null;
  }
>;
export type ApproveTask = Command<
  'ApproveTask',
  Ctx & DelegationProof & { taskId: string; opinion?: string; signature?: SignatureStrokes | null }
>;
export type RejectTask = Command<'RejectTask', Ctx & DelegationProof & { taskId: string; opinion: string }>;
/** 退回: `toNodeId` is an earlier human node, or 'drafter' (the start node). */
export type ReturnTask = Command<'ReturnTask', Ctx & DelegationProof & { taskId: string; toNodeId: string; opinion: string }>;
/** 撤回: undo my latest approval (or the one on `taskId`), or the drafter's submission. */
export type WithdrawAction = Command<'WithdrawAction', Ctx & { taskId?: string | null }>;
export type ForwardTask = Command<'ForwardTask', Ctx & DelegationProof & { taskId: string; toUserId: string; opinion?: string }>;
export type AddSigner = Command<
  'AddSigner',
  Ctx & DelegationProof & { taskId: string; userIds: string[]; position: 'before' | 'after'; opinion?: string }
>;
export type Resubmit = Command<'Resubmit', Ctx & { taskId?: string | null; form?: Record<string, unknown>; assignments?: Assignments }>;
export type CancelProcess = Command<'CancelProcess', Ctx & { reason?: string }>;
export type Urge = Command<'Urge', Ctx & { message?: string }>;
export type MarkRead = Command<'MarkRead', Ctx & DelegationProof & { taskId: string }>;
/** Admin intervention (管理员干预): authorised at the boundary by the `workflow:admin` permission. */
export type AdminReassignTask = Command<'AdminReassignTask', Ctx & { taskId: string; toUserId: string; reason: string }>;
export type AdminTerminate = Command<'AdminTerminate', Ctx & { reason: string }>;
/** Mark open tasks of `principalId` for the delegate (a delegation granted while tasks wait). */
export type ApplyDelegation = Command<'ApplyDelegation', Ctx & { delegationId: string; principalId: string; delegateId: string }>;
export type EndDelegation = Command<'EndDelegation', Ctx & { delegationId: string }>;
/** Sent periodically by a scheduler: emits reminders (80 % of the limit) and escalations (overdue). */
export type CheckDeadlines = Command<'CheckDeadlines', Ctx>;

export type InstanceCommand =
  | StartProcess
  | ApproveTask
  | RejectTask
  | ReturnTask
  | WithdrawAction
  | ForwardTask
  | AddSigner
  | Resubmit
  | CancelProcess
  | Urge
  | MarkRead
  | AdminReassignTask
  | AdminTerminate
  | ApplyDelegation
  | EndDelegation
  | CheckDeadlines;

export const URGE_INTERVAL_MS = 3600_000;
export const REMINDER_FRACTION = 0.8;
const MAX_OPINION = 2000;

// ---------------------------------------------------------------- errors
const err = {
  notFound: () => new DomainError('not_found', 'process.not_found', '流程不存在'),
  taskNotFound: (field = 'taskId') => new DomainError('not_found', 'task.not_found', '待办不存在', field),
  notOpen: () => new DomainError('conflict', 'task.not_open', '该待办已被处理或已失效，请刷新后重试'),
  notYours: () => new DomainError('forbidden', 'task.not_yours', '您不是该待办的办理人'),
  notRunning: () => new DomainError('rule', 'process.not_running', '流程不在办理中'),
};

// ---------------------------------------------------------------- the engine (runs inside decide)
class Engine {
  readonly events: InstanceEvent[] = [];
  private readonly isWorkingDay: WorkingDayRule;

  constructor(
    public s: InstanceState,
    private readonly md: CommandMetadata,
    private readonly ctx: Ctx,
  ) {
    this.isWorkingDay = workingDayRule(ctx.calendar);
  }

  get now() {
    return this.md.now;
  }
  get def() {
    return this.s.definition!;
  }
  get g() {
    return graphOf(this.def);
  }

  emit(e: InstanceEvent) {
    this.events.push(e);
    this.s = evolveInstance(this.s, e);
  }

  node(id: string): NodeDef {
    return this.g.byId.get(id)!;
  }
  outTargets(id: string): string[] {
    return this.g.outgoing.get(id)!.map((e) => e.to);
  }

  assign(
    nodeId: string,
    kind: TaskKind,
    assignee: string,
    o: {
      reason: TaskAssignReason;
      activationId?: number | null;
      parentTaskId?: string | null;
      keepDeadline?: TaskState | null;
    },
  ): string {
    const taskId = taskIdOf(this.s.instanceId, this.s.taskCounter + 1);
    const n = this.node(nodeId);
    let deadline: string | null = null;
    let remindAt: string | null = null;
    if (o.keepDeadline) {
      deadline = o.keepDeadline.deadline;
      remindAt = o.keepDeadline.remindAt;
    } else if (kind === 'approval' && isHumanNode(n) && n.timeLimitDays) {
      deadline = addWorkingDays(this.now, n.timeLimitDays, this.isWorkingDay);
      remindAt = fractionBetween(this.now, deadline, REMINDER_FRACTION);
    }
    const del = this.ctx.delegations?.[assignee];
    const delegated = del && del.delegateId !== assignee ? del : null;
    this.emit({
      type: 'TaskAssigned',
      data: {
        taskId,
        instanceId: this.s.instanceId,
        nodeId,
        nodeName: n.name,
        kind,
        assignee,
        actingDelegate: delegated?.delegateId ?? null,
        delegationId: delegated?.delegationId ?? null,
        activationId: o.activationId ?? null,
        parentTaskId: o.parentTaskId ?? null,
        reason: o.reason,
        deadline,
        remindAt,
        assignedAt: this.now,
        title: this.s.title,
        processKind: this.def.kind,
        definitionKey: this.def.key,
        initiatorId: this.s.initiatorId,
      },
    });
    return taskId;
  }

  /** The token arrives at a node. */
  enter(nodeId: string, reason: TaskAssignReason = 'activated'): void {
    const n = this.node(nodeId);
    switch (n.kind) {
      case 'start':
        return this.leave(n, this.outTargets(n.id));
      case 'approval':
      case 'countersign':
      case 'anyOf':
        return this.activate(n, reason);
      case 'cc': {
        for (const u of this.s.assignments[n.id] ?? []) this.assign(n.id, 'read', u, { reason: 'cc' });
        return this.leave(n, this.outTargets(n.id));
      }
      case 'condition': {
        const { to, matched } = chooseBranch(this.s, n.id);
        return this.leave(n, [to], matched);
      }
      case 'parallelSplit':
        return this.leave(n, this.outTargets(n.id));
      case 'parallelJoin': {
        const splitId = this.g.splitOfJoin.get(n.id)!;
        const expected = this.g.outgoing.get(splitId)!.length;
        const arrived = (this.s.joins[n.id] ?? 0) + 1;
        this.emit({ type: 'JoinArrived', data: { nodeId: n.id, arrived, expected, at: this.now } });
        if (arrived >= expected) this.leave(n, this.outTargets(n.id));
        return;
      }
      case 'end':
        this.emit({ type: 'NodeCompleted', data: { nodeId: n.id, nodeName: n.name, kind: n.kind, next: [], at: this.now } });
        for (const t of liveTasks(this.s))
          if (t.kind !== 'read') this.emit({ type: 'TaskCancelled', data: { taskId: t.taskId, reason: 'cancelled', at: this.now } });
        this.emit({ type: 'ProcessCompleted', data: { at: this.now } });
        return;
      default:
        return assertNever(n);
    }
  }

  leave(n: NodeDef, next: string[], matched?: string | null): void {
    this.emit({
      type: 'NodeCompleted',
      data: { nodeId: n.id, nodeName: n.name, kind: n.kind, next, ...(matched !== undefined ? { matched } : {}), at: this.now },
    });
    for (const to of next) {
      if (this.s.status !== 'running') return;
      this.enter(to);
    }
  }

  activate(n: Extract<NodeDef, { kind: 'approval' | 'countersign' | 'anyOf' }>, reason: TaskAssignReason): void {
    const users = this.s.assignments[n.id] ?? [];
    if (users.length === 0) throw noApprover(n);
    const mode: ActivationMode =
      n.kind === 'countersign' ? (n.mode === 'sequential' ? 'sequential' : 'all') : n.kind === 'anyOf' || users.length > 1 ? 'any' : 'all';
    const activationId = this.s.activationCounter + 1;
    this.emit({
      type: 'NodeActivated',
      data: { nodeId: n.id, nodeName: n.name, kind: n.kind, activationId, mode, assignees: [...users], at: this.now },
    });
    if (mode === 'sequential') this.assign(n.id, 'approval', users[0], { reason: 'sequence', activationId });
    else for (const u of users) this.assign(n.id, 'approval', u, { reason, activationId });
  }

  /** After an approval task is done: resume a 加签 parent, move a 会签 on, or complete the node. */
  afterApproval(t: TaskState): void {
    if (t.parentTaskId) {
      const parent = this.s.tasks[t.parentTaskId];
      const stillWaiting = Object.values(this.s.tasks).some(
        (x) => x.parentTaskId === t.parentTaskId && (x.status === 'open' || x.status === 'suspended'),
      );
      if (parent && parent.status === 'suspended' && !stillWaiting)
        this.emit({ type: 'TaskResumed', data: { taskId: parent.taskId, at: this.now } });
    }
    if (t.activationId === null) return;
    this.progress(t.activationId);
  }

  progress(activationId: number): void {
    let a = this.s.activations[activationId];
    if (!a || a.status !== 'active') return;
    const live = () =>
      Object.values(this.s.tasks).filter(
        (x) => x.activationId === activationId && x.kind === 'approval' && (x.status === 'open' || x.status === 'suspended'),
      );
    if (a.mode === 'any' && a.approvedBy.length > 0) {
      for (const x of live()) this.emit({ type: 'TaskCancelled', data: { taskId: x.taskId, reason: 'anyOfDecided', at: this.now } });
    }
    if (live().length > 0) return;
    a = this.s.activations[activationId];
    if (a.queue.length > 0) {
      this.assign(a.nodeId, 'approval', a.queue[0], { reason: 'sequence', activationId });
      return;
    }
    this.leave(this.node(a.nodeId), this.outTargets(a.nodeId));
  }
}

function noApprover(n: NodeDef): DomainError {
  return new DomainError('rule', 'workflow.no_approver', `节点“${n.name}”找不到办理人，请联系管理员`, `nodes.${n.id}`);
}

function liveTasks(s: InstanceState): TaskState[] {
  return Object.values(s.tasks).filter((t) => t.status === 'open' || t.status === 'suspended');
}

function chooseBranch(s: Pick<InstanceState, 'definition' | 'form' | 'applicant'>, nodeId: string): { to: string; matched: string | null } {
  const g = graphOf(s.definition!);
  const edges = g.outgoing.get(nodeId)!;
  const scope = { form: s.form, applicant: (s.applicant ?? {}) as unknown as Record<string, unknown> };
  for (const e of edges) {
    if (e.isDefault || e.condition === undefined) continue;
    let ok: boolean;
    try {
      ok = evaluateCondition(e.condition, scope);
    } catch (x) {
      const msg = x instanceof ExpressionError ? x.message : String(x);
      throw new DomainError('rule', 'workflow.condition_error', `条件“${e.condition}”无法判断：${msg}`, 'form');
    }
    if (ok) return { to: e.to, matched: e.condition };
  }
  return { to: edges.find((e) => e.isDefault)!.to, matched: null };
}

/**
 * Walks the path this form would take from `fromId` (every person approving) and refuses when a
 * human node on it has nobody to do it — at submission, not days later.
 */
function checkPath(s: InstanceState, fromId: string): void {
  const g = graphOf(s.definition!);
  const seen = new Set<string>();
  const stack = [fromId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = g.byId.get(id)!;
    if (isHumanNode(n) && !s.assignments[n.id]?.length) throw noApprover(n);
    if (n.kind === 'condition') stack.push(chooseBranch(s, n.id).to);
    else for (const e of g.outgoing.get(id)!) stack.push(e.to);
  }
}

function actAs(t: TaskState, md: CommandMetadata, proof?: DelegationProof['delegation']): { actorId: string; onBehalfOf: string | null } {
  const actor = md.actorId;
  if (actor === t.assignee && (md.onBehalfOf == null || md.onBehalfOf === actor)) return { actorId: actor, onBehalfOf: null };
  if ((md.onBehalfOf == null || md.onBehalfOf === t.assignee) && (t.actingDelegate === actor || proof?.principalId === t.assignee)) {
    return { actorId: actor, onBehalfOf: t.assignee };
  }
  throw err.notYours();
}

function openTask(s: InstanceState, taskId: string, kind: TaskKind): TaskState {
  const t = s.tasks[taskId];
  if (!t || t.kind !== kind) throw err.taskNotFound();
  if (t.status !== 'open') throw err.notOpen();
  return t;
}

function opinionOf(o: unknown, required: boolean, what: string): string {
  const text = typeof o === 'string' ? o.trim() : '';
  if (required && !text) throw new DomainError('invalid', 'opinion.required', `${what}须填写意见`, 'opinion');
  if (text.length > MAX_OPINION) throw new DomainError('invalid', 'opinion.too_long', `意见不能超过 ${MAX_OPINION} 字`, 'opinion');
  return text;
}

function checkSignature(sig: unknown): SignatureStrokes | null {
  if (sig === undefined || sig === null) return null;
  const bad = () => new DomainError('invalid', 'signature.invalid', '手写签批数据格式不正确', 'signature');
  if (typeof sig !== 'object' || !Array.isArray((sig as SignatureStrokes).strokes)) throw bad();
  const strokes = (sig as SignatureStrokes).strokes;
  if (strokes.length > 500) throw bad();
  let points = 0;
  for (const st of strokes) {
    if (!st || !Array.isArray(st.points)) throw bad();
    for (const p of st.points) {
      if (!Array.isArray(p) || p.length !== 4 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) throw bad();
      if (++points > 50_000) throw bad();
    }
  }
  return { strokes: strokes.map((st) => ({ points: st.points.map((p) => [p[0], p[1], p[2], p[3]] as [number, number, number, number]) })) };
}

function requireRunning(s: InstanceState): void {
  if (s.status === 'none') throw err.notFound();
  if (s.status !== 'running') throw err.notRunning();
}

/** Has the caller (or the one they act for) any part in this process: initiator, a task, a decision? */
function involved(s: InstanceState, md: CommandMetadata): boolean {
  if (s.status === 'none') return false;
  const me = (id: string | null | undefined) => !!id && (id === md.actorId || id === md.onBehalfOf);
  return (
    isInitiator(s, md) ||
    Object.values(s.tasks).some((t) => me(t.assignee) || me(t.actingDelegate)) ||
    s.decisions.some((d) => me(d.actorId) || me(d.onBehalfOf))
  );
}

function isInitiator(s: InstanceState, md: CommandMetadata): boolean {
  return md.actorId === s.initiatorId || md.onBehalfOf === s.initiatorId;
}

// ---------------------------------------------------------------- decide
export function decideInstance(cmd: InstanceCommand, s: InstanceState): InstanceEvent[] {
  const md = cmd.metadata;
  const now = md.now;
  if (cmd.type !== 'StartProcess' && s.status === 'none') throw err.notFound();
  const engine = new Engine(s, md, cmd.data);

  switch (cmd.type) {
    case 'StartProcess': {
      const d = cmd.data;
      if (s.status !== 'none') throw new DomainError('conflict', 'process.already_started', '流程已发起');
      if (!d.definition || !Array.isArray(d.definition.nodes))
        throw new DomainError('invalid', 'definition.missing', '缺少流程定义', 'definition');
      const formErrors = validateForm(d.definition.formFields, d.form);
      if (formErrors.length)
        throw new DomainError('invalid', 'FORM_INVALID', formErrors.map((e) => e.message).join('；'), formErrors[0].field);
      const title = d.title?.trim() || `${d.definition.name}（${d.applicant.name ?? d.applicant.userId}）`;
      engine.emit({
        type: 'ProcessStarted',
        data: {
          instanceId: d.instanceId,
          title,
          definition: d.definition,
          form: d.form,
          applicant: d.applicant,
          initiatorId: md.actorId,
          assignments: d.assignments,
          subject: d.subject ?? null,
          startedAt: now,
        },
      });
      checkPath(engine.s, engine.g.startId);
      engine.enter(engine.g.startId);
      return engine.events;
    }

    case 'ApproveTask': {
      const t = openTask(s, cmd.data.taskId, 'approval');
      requireRunning(s);
      const who = actAs(t, md, cmd.data.delegation);
      const opinion = opinionOf(cmd.data.opinion, false, '审批');
      const signature = checkSignature(cmd.data.signature);
      engine.emit({ type: 'TaskApproved', data: { taskId: t.taskId, nodeId: t.nodeId, ...who, opinion, signature, at: now } });
      engine.afterApproval(t);
      return engine.events;
    }

    case 'RejectTask': {
      const t = openTask(s, cmd.data.taskId, 'approval');
      requireRunning(s);
      const who = actAs(t, md, cmd.data.delegation);
      const opinion = opinionOf(cmd.data.opinion, true, '驳回');
      engine.emit({ type: 'TaskRejected', data: { taskId: t.taskId, nodeId: t.nodeId, ...who, opinion, at: now } });
      for (const x of liveTasks(engine.s))
        if (x.kind !== 'read') engine.emit({ type: 'TaskCancelled', data: { taskId: x.taskId, reason: 'rejected', at: now } });
      engine.emit({ type: 'ProcessRejected', data: { nodeId: t.nodeId, ...who, opinion, at: now } });
      return engine.events;
    }

    case 'ReturnTask': {
      const t = openTask(s, cmd.data.taskId, 'approval');
      requireRunning(s);
      const who = actAs(t, md, cmd.data.delegation);
      const opinion = opinionOf(cmd.data.opinion, true, '退回');
      const g = engine.g;
      const target = cmd.data.toNodeId === 'drafter' ? g.startId : cmd.data.toNodeId;
      const tn = g.byId.get(target);
      if (!tn) throw new DomainError('invalid', 'return.unknown_node', '退回的目标节点不存在', 'toNodeId');
      const toStart = target === g.startId;
      if (!toStart) {
        if (!isHumanNode(tn)) throw new DomainError('rule', 'return.not_human_node', '只能退回到拟稿人或审批节点', 'toNodeId');
        if (s.nodes[target] !== 'done' || !g.downstream.get(target)!.has(t.nodeId)) {
          throw new DomainError('rule', 'return.not_earlier', '只能退回到已办理过的前序节点', 'toNodeId');
        }
        if (g.regionsOf.get(target)!.length > 0)
          throw new DomainError('rule', 'return.inside_parallel', '不能退回到并行分支内的节点', 'toNodeId');
      }
      const regions = g.regionsOf.get(t.nodeId)!;
      const resumeAt = toStart ? (regions.length ? regions[0] : t.nodeId) : null;
      engine.emit({
        type: 'TaskReturned',
        data: { taskId: t.taskId, nodeId: t.nodeId, toNodeId: target, opinion, resumeAt, ...who, at: now },
      });
      for (const x of liveTasks(engine.s))
        if (x.kind !== 'read') engine.emit({ type: 'TaskCancelled', data: { taskId: x.taskId, reason: 'returned', at: now } });
      if (toStart) engine.assign(g.startId, 'resubmit', s.initiatorId, { reason: 'returned' });
      else engine.activate(tn as Extract<NodeDef, { kind: 'approval' | 'countersign' | 'anyOf' }>, 'returned');
      return engine.events;
    }

    case 'WithdrawAction': {
      const wanted = cmd.data.taskId ?? null;
      const mine = s.decisions.filter(
        (d) =>
          (d.kind === 'approve' || (d.kind === 'submit' && isInitiator(s, md))) &&
          (d.actorId === md.actorId || d.onBehalfOf === md.actorId) &&
          (wanted === null || d.taskId === wanted),
      );
      const w = mine[mine.length - 1];
      // an outsider hears the same as for an unknown id, so that process ids cannot be probed
      if (!w && !involved(s, md)) throw err.notFound();
      requireRunning(s);
      if (!w) throw new DomainError('rule', 'withdraw.nothing', '没有可撤回的办理记录');
      const acted = () => new DomainError('rule', 'withdraw.next_acted', '下一环节已办理，无法撤回');
      for (const id of w.createdTaskIds) {
        const x = s.tasks[id];
        if (x.kind !== 'read' && x.status !== 'open') throw acted();
      }
      for (const id of w.resumedTaskIds) if (s.tasks[id].status !== 'open') throw acted();
      if (w.activationId !== null && !w.completedNodeIds.includes(w.nodeId) && s.activations[w.activationId]?.status !== 'active')
        throw acted();
      for (const j of w.joinArrivals) if (s.nodes[j] === 'done' && !w.completedNodeIds.includes(j)) throw acted();
      const orig = w.taskId ? s.tasks[w.taskId] : null;
      engine.emit({
        type: 'ActionWithdrawn',
        data: { decisionSeq: w.seq, taskId: w.taskId, nodeId: w.nodeId, actorId: md.actorId, onBehalfOf: md.onBehalfOf ?? null, at: now },
      });
      for (const id of w.createdTaskIds) {
        if (engine.s.tasks[id].status === 'open')
          engine.emit({ type: 'TaskCancelled', data: { taskId: id, reason: 'withdrawn', at: now } });
      }
      if (w.kind === 'submit') {
        engine.assign(engine.g.startId, 'resubmit', s.initiatorId, { reason: 'withdrawn' });
      } else if (orig) {
        const reopened = engine.assign(orig.nodeId, 'approval', orig.assignee, {
          reason: 'withdrawn',
          activationId: orig.activationId,
          parentTaskId: orig.parentTaskId,
          keepDeadline: orig,
        });
        for (const id of w.resumedTaskIds) engine.emit({ type: 'TaskSuspended', data: { taskId: id, waitingFor: [reopened], at: now } });
        for (const id of w.cancelledTaskIds) {
          const c = s.tasks[id];
          engine.assign(c.nodeId, 'approval', c.assignee, {
            reason: 'withdrawn',
            activationId: c.activationId,
            parentTaskId: c.parentTaskId,
            keepDeadline: c,
          });
        }
      }
      return engine.events;
    }

    case 'ForwardTask': {
      const t = openTask(s, cmd.data.taskId, 'approval');
      requireRunning(s);
      const who = actAs(t, md, cmd.data.delegation);
      const to = cmd.data.toUserId;
      if (!to || to === t.assignee || to === md.actorId)
        throw new DomainError('invalid', 'forward.same_user', '不能转交给自己', 'toUserId');
      if (liveTasks(s).some((x) => x.activationId === t.activationId && x.nodeId === t.nodeId && x.assignee === to)) {
        throw new DomainError('rule', 'forward.already_handler', '对方已是本环节的办理人', 'toUserId');
      }
      const opinion = opinionOf(cmd.data.opinion, false, '转交');
      engine.emit({ type: 'TaskForwarded', data: { taskId: t.taskId, nodeId: t.nodeId, toUserId: to, opinion, ...who, at: now } });
      engine.assign(t.nodeId, 'approval', to, {
        reason: 'forwarded',
        activationId: t.activationId,
        parentTaskId: t.parentTaskId,
        keepDeadline: t,
      });
      return engine.events;
    }

    case 'AddSigner': {
      const t = openTask(s, cmd.data.taskId, 'approval');
      requireRunning(s);
      const who = actAs(t, md, cmd.data.delegation);
      const n = engine.node(t.nodeId);
      if (n.kind === 'anyOf' || (t.activationId !== null && s.activations[t.activationId]?.mode === 'any')) {
        throw new DomainError('rule', 'add_signer.any_of', '或签环节不能加签');
      }
      const users = Array.isArray(cmd.data.userIds) ? [...new Set(cmd.data.userIds)] : [];
      if (users.length === 0 || users.length > 20 || users.some((u) => typeof u !== 'string' || !u)) {
        throw new DomainError('invalid', 'add_signer.users', '请选择 1–20 名加签人', 'userIds');
      }
      if (cmd.data.position !== 'before' && cmd.data.position !== 'after')
        throw new DomainError('invalid', 'add_signer.position', '加签方式须为前加签或后加签', 'position');
      const busy = new Set(
        liveTasks(s)
          .filter((x) => x.activationId === t.activationId && x.nodeId === t.nodeId)
          .map((x) => x.assignee),
      );
      if (users.some((u) => u === t.assignee || busy.has(u)))
        throw new DomainError('rule', 'add_signer.already_handler', '加签人已是本环节的办理人', 'userIds');
      const opinion = opinionOf(cmd.data.opinion, false, '加签');
      engine.emit({
        type: 'SignerAdded',
        data: { taskId: t.taskId, nodeId: t.nodeId, userIds: users, position: cmd.data.position, opinion, ...who, at: now },
      });
      if (cmd.data.position === 'before') {
        const ids = users.map((u) =>
          engine.assign(t.nodeId, 'approval', u, {
            reason: 'addedSigner',
            activationId: t.activationId,
            parentTaskId: t.taskId,
            keepDeadline: t,
          }),
        );
        engine.emit({ type: 'TaskSuspended', data: { taskId: t.taskId, waitingFor: ids, at: now } });
      } else {
        for (const u of users)
          engine.assign(t.nodeId, 'approval', u, {
            reason: 'addedSigner',
            activationId: t.activationId,
            parentTaskId: t.parentTaskId,
            keepDeadline: t,
          });
        engine.emit({ type: 'TaskApproved', data: { taskId: t.taskId, nodeId: t.nodeId, ...who, opinion, signature: null, at: now } });
        engine.afterApproval(t);
      }
      return engine.events;
    }

    case 'Resubmit': {
      if (s.status !== 'returned') throw err.notRunning();
      const t = cmd.data.taskId ? openTask(s, cmd.data.taskId, 'resubmit') : openTasks(s, 'resubmit')[0];
      if (!t) throw err.notOpen();
      const who = actAs(t, md);
      const form = cmd.data.form ?? s.form;
      const formErrors = validateForm(engine.def.formFields, form);
      if (formErrors.length)
        throw new DomainError('invalid', 'FORM_INVALID', formErrors.map((e) => e.message).join('；'), formErrors[0].field);
      const assignments = cmd.data.assignments ?? s.assignments;
      const resumeAt = s.resumeAt ?? engine.g.startId;
      engine.emit({ type: 'ProcessResubmitted', data: { taskId: t.taskId, form, assignments, resumeAt, ...who, at: now } });
      checkPath(engine.s, resumeAt);
      engine.enter(resumeAt);
      return engine.events;
    }

    case 'CancelProcess': {
      if (s.status !== 'returned')
        throw new DomainError('rule', 'process.cancel_not_returned', '只有退回或撤回到拟稿人的流程才能作废；办理中的流程请先撤回');
      if (!isInitiator(s, md)) throw new DomainError('forbidden', 'process.not_initiator', '只有拟稿人可以作废流程');
      for (const x of liveTasks(s))
        if (x.kind !== 'read') engine.emit({ type: 'TaskCancelled', data: { taskId: x.taskId, reason: 'cancelled', at: now } });
      engine.emit({
        type: 'ProcessCancelled',
        data: { actorId: md.actorId, onBehalfOf: md.onBehalfOf ?? null, reason: (cmd.data.reason ?? '').trim(), at: now },
      });
      return engine.events;
    }

    case 'Urge': {
      requireRunning(s);
      if (!isInitiator(s, md)) throw new DomainError('forbidden', 'urge.not_initiator', '只有发起人可以催办');
      if (s.lastUrgedAt && Date.parse(now) - Date.parse(s.lastUrgedAt) < URGE_INTERVAL_MS) {
        throw new DomainError('rule', 'urge.too_often', '每小时只能催办一次，请稍后再试');
      }
      const tasks = openTasks(s, 'approval');
      if (tasks.length === 0) throw new DomainError('rule', 'urge.nobody', '当前没有待办理的环节');
      const userIds = [...new Set(tasks.flatMap((t) => (t.actingDelegate ? [t.assignee, t.actingDelegate] : [t.assignee])))];
      const message = (cmd.data.message ?? '').trim().slice(0, 200) || '请尽快办理';
      engine.emit({
        type: 'Urged',
        data: { taskIds: tasks.map((t) => t.taskId), userIds, message, actorId: md.actorId, onBehalfOf: md.onBehalfOf ?? null, at: now },
      });
      return engine.events;
    }

    case 'MarkRead': {
      const t = openTask(s, cmd.data.taskId, 'read');
      const who = actAs(t, md, cmd.data.delegation);
      engine.emit({ type: 'TaskRead', data: { taskId: t.taskId, nodeId: t.nodeId, ...who, at: now } });
      return engine.events;
    }

    case 'AdminReassignTask': {
      const t = s.tasks[cmd.data.taskId];
      if (!t) throw err.taskNotFound();
      if (t.status !== 'open') throw err.notOpen();
      requireRunning(s);
      const reason = opinionOf(cmd.data.reason, true, '改派');
      const to = cmd.data.toUserId;
      if (!to || to === t.assignee) throw new DomainError('invalid', 'reassign.same_user', '请选择其他办理人', 'toUserId');
      engine.emit({
        type: 'TaskReassigned',
        data: {
          taskId: t.taskId,
          nodeId: t.nodeId,
          fromUserId: t.assignee,
          toUserId: to,
          reason,
          actorId: md.actorId,
          onBehalfOf: null,
          at: now,
        },
      });
      engine.assign(t.nodeId, t.kind, to, {
        reason: 'reassigned',
        activationId: t.activationId,
        parentTaskId: t.parentTaskId,
        keepDeadline: t,
      });
      return engine.events;
    }

    case 'AdminTerminate': {
      if (s.status !== 'running' && s.status !== 'returned') throw err.notRunning();
      const reason = opinionOf(cmd.data.reason, true, '终止');
      for (const x of liveTasks(s))
        if (x.kind !== 'read') engine.emit({ type: 'TaskCancelled', data: { taskId: x.taskId, reason: 'terminated', at: now } });
      engine.emit({ type: 'ProcessTerminated', data: { reason, actorId: md.actorId, onBehalfOf: null, at: now } });
      return engine.events;
    }

    case 'ApplyDelegation': {
      const { delegationId, principalId, delegateId } = cmd.data;
      if (principalId === delegateId) throw new DomainError('invalid', 'delegation.self', '不能委托给自己', 'delegateId');
      for (const t of liveTasks(s)) {
        if (t.assignee === principalId && t.actingDelegate === null) {
          engine.emit({
            type: 'TaskDelegated',
            data: { taskId: t.taskId, assignee: principalId, actingDelegate: delegateId, delegationId, at: now },
          });
        }
      }
      return engine.events;
    }

    case 'EndDelegation': {
      for (const t of liveTasks(s)) {
        if (t.delegationId === cmd.data.delegationId && t.actingDelegate) {
          engine.emit({
            type: 'TaskDelegationEnded',
            data: {
              taskId: t.taskId,
              assignee: t.assignee,
              actingDelegate: t.actingDelegate,
              delegationId: cmd.data.delegationId,
              at: now,
            },
          });
        }
      }
      return engine.events;
    }

    case 'CheckDeadlines': {
      if (s.status !== 'running') return [];
      const t0 = Date.parse(now);
      for (const t of openTasks(s, 'approval')) {
        if (!t.deadline) continue;
        if (t0 >= Date.parse(t.deadline) && !t.escalated) {
          engine.emit({
            type: 'TaskEscalated',
            data: {
              taskId: t.taskId,
              nodeId: t.nodeId,
              assignee: t.assignee,
              actingDelegate: t.actingDelegate,
              deadline: t.deadline,
              notifyUserIds: s.assignments[`escalation:${t.nodeId}`] ?? [],
              at: now,
            },
          });
        } else if (t.remindAt && t0 >= Date.parse(t.remindAt) && !t.reminded && !t.escalated) {
          engine.emit({
            type: 'TaskReminderDue',
            data: {
              taskId: t.taskId,
              nodeId: t.nodeId,
              assignee: t.assignee,
              actingDelegate: t.actingDelegate,
              deadline: t.deadline,
              at: now,
            },
          });
        }
      }
      return engine.events;
    }

    default:
      return assertNever(cmd);
  }
}

export const processInstanceDecider: Decider<InstanceCommand, InstanceEvent, InstanceState> = {
  initialState: initialInstanceState,
  decide: decideInstance,
  evolve: evolveInstance,
};

/**
 * The users who could receive a task from this command — the handler loads their delegations
 * (for `data.delegations`) for exactly these people.
 */
export function usersWhoMayReceiveTasks(s: InstanceState, cmd: InstanceCommand): string[] {
  const out = new Set<string>();
  const assignments =
    cmd.type === 'StartProcess'
      ? cmd.data.assignments
      : cmd.type === 'Resubmit' && cmd.data.assignments
        ? cmd.data.assignments
        : s.assignments;
  for (const [k, users] of Object.entries(assignments)) if (!k.startsWith('escalation:')) users.forEach((u) => out.add(u));
  out.add(cmd.type === 'StartProcess' ? cmd.metadata.actorId : s.initiatorId);
  for (const t of Object.values(s.tasks)) out.add(t.assignee);
  if (cmd.type === 'ForwardTask' || cmd.type === 'AdminReassignTask') out.add(cmd.data.toUserId);
  if (cmd.type === 'AddSigner') cmd.data.userIds?.forEach((u) => out.add(u));
  return [...out];
}
