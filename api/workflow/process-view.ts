import type { CommandMetadata } from '../../domain/shared/decider';
import { isHumanNode } from '../../domain/workflow/definition';
import { decideInstance, type InstanceCommand } from '../../domain/workflow/instance.decide';
import { graphOf, type InstanceState, type TaskState } from '../../domain/workflow/instance.events';
import type { HistoryRow } from '../../projections/inbox/queries';

/**
 * GET /api/processes/:id — the form, the definition drawn as nodes (done / current / pending), the
 * 办文日志 and what the caller may do now. "May do" is asked of the domain itself: each candidate
 * command is decided (pure, nothing is stored) against the instance's state; the ones that do not
 * refuse are the buttons the web app shows. So the list can never drift from the rules.
 */
export type TaskActionName =
  'approve' | 'reject' | 'return' | 'forward' | 'add-signer' | 'read' | 'resubmit' | 'cancel' | 'withdraw' | 'urge';

type Names = (userId: string | null | undefined) => string;

const PROBE_USER = '\u0000probe';

function allowed(s: InstanceState, cmd: Omit<InstanceCommand, 'metadata'>, md: CommandMetadata): boolean {
  try {
    decideInstance({ ...cmd, metadata: md } as InstanceCommand, s);
    return true;
  } catch {
    return false;
  }
}

/** The caller's open tasks on this instance (as assignee or acting delegate), oldest first. */
export function tasksOf(s: InstanceState, userId: string): TaskState[] {
  return Object.values(s.tasks).filter((t) => t.status === 'open' && (t.assignee === userId || t.actingDelegate === userId));
}

export function taskActions(
  s: InstanceState,
  t: TaskState,
  userId: string,
  now: string,
): { actions: TaskActionName[]; returnTargets: { id: string; name: string }[] } {
  const md: CommandMetadata = { now, actorId: userId, onBehalfOf: null };
  const taskId = t.taskId;
  const actions: TaskActionName[] = [];
  const returnTargets: { id: string; name: string }[] = [];
  if (t.kind === 'approval') {
    if (allowed(s, { type: 'ApproveTask', data: { taskId, opinion: '' } }, md)) actions.push('approve');
    if (allowed(s, { type: 'RejectTask', data: { taskId, opinion: '-' } }, md)) actions.push('reject');
    const g = s.definition ? graphOf(s.definition) : null;
    if (g) {
      const candidates = ['drafter', ...[...g.byId.values()].filter((n) => isHumanNode(n) && s.nodes[n.id] === 'done').map((n) => n.id)];
      for (const id of candidates) {
        if (allowed(s, { type: 'ReturnTask', data: { taskId, toNodeId: id, opinion: '-' } }, md)) {
          returnTargets.push({ id, name: id === 'drafter' ? '拟稿人' : g.byId.get(id)!.name });
        }
      }
    }
    if (returnTargets.length) actions.push('return');
    if (allowed(s, { type: 'ForwardTask', data: { taskId, toUserId: PROBE_USER } }, md)) actions.push('forward');
    if (allowed(s, { type: 'AddSigner', data: { taskId, userIds: [PROBE_USER], position: 'before' } }, md)) actions.push('add-signer');
  } else if (t.kind === 'read') {
    if (allowed(s, { type: 'MarkRead', data: { taskId } }, md)) actions.push('read');
  } else if (t.kind === 'resubmit') {
    if (allowed(s, { type: 'Resubmit', data: { taskId } }, md)) actions.push('resubmit');
    if (allowed(s, { type: 'CancelProcess', data: {} }, md)) actions.push('cancel');
  }
  return { actions, returnTargets };
}

/** Process-level actions of the caller: 撤回 (their last approval or the submission) and 催办. */
export function processActions(s: InstanceState, userId: string, now: string): TaskActionName[] {
  const md: CommandMetadata = { now, actorId: userId, onBehalfOf: null };
  const out: TaskActionName[] = [];
  if (allowed(s, { type: 'WithdrawAction', data: { taskId: null } }, md)) out.push('withdraw');
  if (allowed(s, { type: 'Urge', data: {} }, md)) out.push('urge');
  return out;
}

/** Everyone with a part in the instance (may read it). */
export function participants(s: InstanceState, history: HistoryRow[]): Set<string> {
  const out = new Set<string>([s.initiatorId]);
  if (s.applicant) out.add(s.applicant.userId);
  for (const t of Object.values(s.tasks)) {
    out.add(t.assignee);
    if (t.actingDelegate) out.add(t.actingDelegate);
  }
  for (const h of history) {
    if (h.actorId) out.add(h.actorId);
    if (h.onBehalfOf) out.add(h.onBehalfOf);
  }
  return out;
}

const ACTION_LABEL: Record<string, string> = {
  submit: '提交',
  approve: '同意',
  reject: '不同意',
  return: '退回',
  forward: '转交',
  addSigner: '加签',
  withdraw: '撤回',
  resubmit: '重新提交',
  reassign: '改派',
  read: '已阅',
  urge: '催办',
  delegate: '委托',
  terminate: '终止',
  cancel: '作废',
  complete: '办结',
};

/** The actor of the last entry before `i` that has one (who ended the process, for 办结). */
function lastActorBefore(history: HistoryRow[], i: number): string {
  for (let j = i - 1; j >= 0; j--) if (history[j].actorId) return history[j].actorId;
  return '';
}

/**
 * A node's state for the diagram. The engine resets every node to `pending` on a 退回 (and does not
 * mark them done again when 重新提交 resumes at the node that returned), so drawn as they are, nodes
 * approved before the 退回 would read 未开始. Here a pending node with an approval in the 办文日志 reads
 * `redo` when the flow will reach it again (it lies after a node being handled now, or after the
 * node the resubmission resumes at), else `done` (its approval stands); a pending node whose last
 * entry is the 退回 itself reads `returned`. `note` says who did what.
 */
export function nodeState(
  engineState: string,
  nodeId: string,
  history: HistoryRow[],
  name: Names,
  ahead: (nodeId: string) => boolean,
): { state: 'pending' | 'current' | 'done' | 'redo' | 'returned'; note: string } {
  const state = engineState as 'pending' | 'current' | 'done';
  if (state !== 'pending') return { state, note: '' };
  let last: HistoryRow | undefined;
  for (const h of history) if (h.nodeId === nodeId && ['approve', 'return', 'reject'].includes(h.action)) last = h;
  if (!last) return { state, note: '' };
  const who = last.actorId ? name(last.actorId) : '';
  if (last.action === 'return') return { state: 'returned', note: `${who} 退回` };
  if (last.action === 'approve')
    return ahead(nodeId) ? { state: 'redo', note: `${who} 曾同意，退回后待重新办理` } : { state: 'done', note: `${who} 已同意` };
  return { state, note: '' };
}

/** Does the flow still reach `nodeId`: is it after a node being handled now, or after where a resubmission resumes? */
function aheadOf(s: InstanceState, open: TaskState[]): (nodeId: string) => boolean {
  const g = graphOf(s.definition!);
  const frontier = new Set(open.map((t) => t.nodeId));
  if (s.status === 'returned' && s.resumeAt) {
    frontier.delete(g.startId);
    frontier.add(s.resumeAt);
  }
  return (nodeId) => [...frontier].some((f) => f !== nodeId && (g.downstream.get(f)?.has(nodeId) ?? false));
}

/** The detail document of GET /api/processes/:id. */
export function processView(s: InstanceState, history: HistoryRow[], userId: string, now: string, name: Names) {
  const def = s.definition!;
  const open = Object.values(s.tasks).filter((t) => t.status === 'open' || t.status === 'suspended');
  const ahead = aheadOf(s, open);
  const nodes = def.nodes.map((n) => {
    const waiting = open.filter((t) => t.nodeId === n.id);
    const planned = waiting.length ? waiting.map((t) => t.assignee) : (s.assignments[n.id] ?? []);
    // a node with an open task is being handled, whatever the engine's drawing state says (after 重新提交 it said pending)
    const { state, note } = nodeState(waiting.length ? 'current' : (s.nodes[n.id] ?? 'pending'), n.id, history, name, ahead);
    return {
      id: n.id,
      name: n.name,
      kind: n.kind,
      state,
      ...(note ? { note } : {}),
      assignees: [...new Set(planned)].map((u) => ({ id: u, name: name(u) })),
    };
  });
  const myTasks = tasksOf(s, userId);
  const tasks = myTasks.map((t) => {
    const { actions, returnTargets } = taskActions(s, t, userId, now);
    return {
      id: t.taskId,
      taskId: t.taskId,
      nodeId: t.nodeId,
      nodeName: nodes.find((n) => n.id === t.nodeId)?.name ?? t.nodeId,
      kind: t.kind,
      assigneeId: t.assignee,
      assigneeName: name(t.assignee),
      onBehalfOf: t.assignee !== userId ? t.assignee : null,
      onBehalfOfName: t.assignee !== userId ? name(t.assignee) : '',
      deadline: t.deadline,
      overdue: !!t.deadline && Date.parse(t.deadline) < Date.parse(now),
      allowedActions: actions,
      // 重新提交: the applicant corrects the whole form before sending it again
      editableFields: t.kind === 'resubmit' ? def.formFields.map((f) => f.name) : ([] as string[]),
      returnTargets,
    };
  });
  const task = tasks[0] ?? null;
  const processLevel = processActions(s, userId, now);
  return {
    id: s.instanceId,
    processId: s.instanceId,
    title: s.title,
    status: s.status,
    definitionKey: def.key,
    definitionName: def.name,
    definitionVersion: def.version,
    kind: def.kind,
    initiatorId: s.initiatorId,
    initiatorName: name(s.initiatorId),
    applicant: s.applicant ? { ...s.applicant, name: s.applicant.name ?? name(s.applicant.userId) } : null,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    subject: s.subject,
    form: s.form,
    fields: def.formFields,
    nodes,
    edges: def.edges,
    openTasks: open.map((t) => ({
      id: t.taskId,
      nodeId: t.nodeId,
      kind: t.kind,
      status: t.status,
      assigneeId: t.assignee,
      assigneeName: name(t.assignee),
      actingDelegateId: t.actingDelegate,
      actingDelegateName: t.actingDelegate ? name(t.actingDelegate) : '',
      deadline: t.deadline,
    })),
    log: history.map((h, i) => {
      // 办结 has no actor of its own: it is the last decision before it (the approval that ended the flow)
      const actorId = h.actorId || (h.action === 'complete' ? lastActorBefore(history, i) : '');
      return {
        seq: h.position,
        at: h.at,
        nodeId: h.nodeId,
        nodeName: h.nodeName,
        action: h.action,
        actionLabel: ACTION_LABEL[h.action] ?? h.action,
        actorId: actorId || null,
        actorName: actorId ? name(actorId) : '',
        onBehalfOf: h.onBehalfOf,
        onBehalfOfName: h.onBehalfOf ? name(h.onBehalfOf) : '',
        opinion: h.opinion,
        detail: h.detail,
        signature: h.signature,
      };
    }),
    /** The caller's open task (the first, when several) and all of them. */
    task,
    tasks,
    /** Everything the caller may do now: their task's actions plus 撤回 / 催办. */
    allowedActions: [...new Set([...(task?.allowedActions ?? []), ...processLevel])],
  };
}

/**
 * 管理员干预 for a process admin: whether 终止 is possible now and which open tasks may be 改派 — asked
 * of the domain like the buttons above (AdminTerminate / AdminReassignTask decided against the state).
 */
export function adminView(s: InstanceState, userId: string, now: string, name: Names) {
  const md: CommandMetadata = { now, actorId: userId, onBehalfOf: null };
  const reassignable = Object.values(s.tasks)
    .filter(
      (t) =>
        t.status === 'open' && allowed(s, { type: 'AdminReassignTask', data: { taskId: t.taskId, toUserId: PROBE_USER, reason: '-' } }, md),
    )
    .map((t) => ({
      id: t.taskId,
      taskId: t.taskId,
      nodeId: t.nodeId,
      nodeName: s.definition?.nodes.find((n) => n.id === t.nodeId)?.name ?? t.nodeId,
      kind: t.kind,
      assigneeId: t.assignee,
      assigneeName: name(t.assignee),
      actingDelegateId: t.actingDelegate,
      actingDelegateName: t.actingDelegate ? name(t.actingDelegate) : '',
    }));
  const actions: ('reassign' | 'terminate')[] = [];
  if (reassignable.length) actions.push('reassign');
  if (allowed(s, { type: 'AdminTerminate', data: { reason: '-' } }, md)) actions.push('terminate');
  return { actions, reassignable };
}
