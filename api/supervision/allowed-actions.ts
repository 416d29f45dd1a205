import type { SupervisionCommands } from '../../commands/supervision';
import { decideSupervision, type SupervisionCommand, type SupervisionState } from '../../domain/supervision';
import { openTasks } from '../../domain/workflow';
import { scopeFor } from '../auth/principal';
import type { RouteContext } from '../http/registry';
import type { SUPERVISION_ACTIONS } from './schemas';

/**
 * What the caller may do now with a 督办事项 (GET /api/supervision/items/:id answers it as
 * `allowedActions`; the web shows those buttons and keeps no state machine). Each candidate command is
 * decided — pure, nothing stored — against the item with the caller as actor, and offered when the
 * decider records something; the supervising side's commands also need supervision.admin, the units'
 * supervision.use (the routes' permissions). Probe inputs stand in for what the caller types.
 */
export type SupervisionAction = (typeof SUPERVISION_ACTIONS)[number];

type Call = SupervisionCommand extends infer C ? (C extends SupervisionCommand ? Omit<C, 'metadata'> : never) : never;

const P = '\u0000probe';

export async function supervisionAllowedActions(
  cmds: SupervisionCommands,
  s: SupervisionState,
  ctx: RouteContext,
): Promise<{ actions: SupervisionAction[]; establishmentTaskId: string | null; extensionTaskId: string | null }> {
  const who = ctx.principal;
  const md = { now: ctx.now, actorId: who.userId, onBehalfOf: null, unitId: who.unitId };
  const records = (call: Call): boolean => {
    try {
      return decideSupervision({ ...call, metadata: md } as SupervisionCommand, s).length > 0;
    } catch {
      return false;
    }
  };
  const out: SupervisionAction[] = [];
  let establishmentTaskId: string | null = null;
  if (s.status === 'approving' && s.processId) {
    const proc = await cmds.workflow.instanceState(s.processId);
    const mine = openTasks(proc, 'approval').find((t) => t.assignee === who.userId || t.actingDelegate === who.userId);
    if (mine) {
      establishmentTaskId = mine.taskId;
      out.push('approveEstablishment');
    }
  }
  // 延期审批 runs on the workflow engine: offered to whoever holds the open task of the pending request's process
  let extensionTaskId: string | null = null;
  if (s.extension) {
    const proc = await cmds.workflow.instanceState(s.extension.processId);
    const mine = openTasks(proc, 'approval').find((t) => t.assignee === who.userId || t.actingDelegate === who.userId);
    if (mine) {
      extensionTaskId = mine.taskId;
      out.push('decideExtension');
    }
  }
  const use = scopeFor(who, 'supervision.use') !== null;
  const admin = scopeFor(who, 'supervision.admin') !== null;
  const unitId = who.unitId ?? P;
  const calendar = {};
  if (use) {
    if (records({ type: 'SignForPart', data: { unitId, actorName: P } })) out.push('signFor');
    if (records({ type: 'ReturnPart', data: { unitId, reason: P, actorName: P } })) out.push('return');
    if (records({ type: 'HandOverPart', data: { unitId, to: { kind: 'task', id: who.userId, name: P }, note: '', actorName: P } }))
      out.push('handOver');
    const report = (final: boolean) =>
      records({ type: 'ReportProgress', data: { unitId, reportId: P, content: P, attachments: [], final, actorName: P, calendar } });
    if (report(false)) out.push('report');
    if (report(true)) out.push('reportPartDone');
    if (records({ type: 'SubmitFinalReport', data: { reportId: P, content: P, attachments: [], actorName: P } })) out.push('finalReport');
    if (records({ type: 'RequestExtension', data: { requestId: P, processId: P, newDeadline: '9999-12-31', reason: P, actorName: P } }))
      out.push('requestExtension');
  }
  if (admin) {
    const returned = s.parts.find((p) => p.receipt === 'returned');
    if (
      returned &&
      records({
        type: 'ReassignPart',
        data: {
          fromUnitId: returned.unitId,
          unit: { id: returned.unitId, name: P },
          facts: { users: [], leaderId: P },
          actorName: P,
          calendar,
        },
      })
    )
      out.push('reassign');
    if (records({ type: 'ReviewFinalReport', data: { accept: true, opinion: P, actorName: P, calendar } })) out.push('review');
    if (records({ type: 'UrgeItem', data: { unitIds: [], message: P, actorName: P } })) out.push('urge');
  }
  return { actions: out, establishmentTaskId, extensionTaskId };
}
