/**
 * Who must act on a 督办事项 — decided here from org facts the command side loads, and recorded in
 * the events (never computed by a read model, a route or the web):
 *  - 签收 (receiversOf): the active holders of the unit's 办公室 role (office_admin, the unit's 收发/督办
 *    联络人) posted in the undertaking unit; a unit without one: its 负责人. Recorded in
 *    SupervisionItemAssigned.parts[].receiverIds (and SupervisionPartReassigned.part).
 *  - 转办 (handlersOf): a department's 负责人, or the named person. Recorded in SupervisionPartHandedOver.
 *  - 审核 / 延期审批: the supervisor who proposed the item (reviewerIds).
 *  - 催办 recipients: a unit's handlers when it handed the item on, else its receivers.
 *  - 通报: the supervising leader named at 立项.
 */
import { DomainError } from '../shared/errors';
import type { PartState } from './item.events';

export const SUPERVISION_RECEIVER_ROLE = 'office_admin';

export interface UnitUserFact {
  id: string;
  unitId: string;
  active: boolean;
  roles: readonly string[];
}

export function receiversOf(unitId: string, users: readonly UnitUserFact[], unitLeaderId: string | null, field: string): string[] {
  const office = users.filter((u) => u.active && u.unitId === unitId && u.roles.includes(SUPERVISION_RECEIVER_ROLE)).map((u) => u.id);
  if (office.length > 0) return [...new Set(office)].sort();
  if (unitLeaderId) return [unitLeaderId];
  throw new DomainError('rule', 'supervision.no_receiver', '承办单位没有可签收的人员（办公室或单位负责人）', field);
}

export function handlersOf(
  to: { kind: 'department' | 'person' | 'task'; leaderUserId?: string | null; id: string },
  actorId: string,
): string[] {
  if (to.kind === 'person') return [to.id];
  if (to.kind === 'department') {
    if (!to.leaderUserId) throw new DomainError('rule', 'supervision.no_department_leader', '该部门没有负责人，无法转办', 'to.id');
    return [to.leaderUserId];
  }
  return [actorId];
}

/** Who a 催办 reaches in a unit. */
export function urgeRecipients(parts: readonly PartState[]): string[] {
  return [...new Set(parts.flatMap((p) => (p.handlerIds.length > 0 ? [...p.handlerIds, ...p.receiverIds] : p.receiverIds)))].sort();
}
