/**
 * Who must act on a 公文 — decided here, from org facts the command layer loads and passes in, and
 * recorded in the events (never computed by a read model):
 *  - 会签 (outgoingApprovers): the 负责人 of each chosen department of the drafting unit (not the
 *    drafting department; each department must have a leader); recorded in OutgoingDocumentSubmitted
 *    (countersignerIds) and in the 发文 process's assignments;
 *  - 签发人 (outgoingApprovers): the chosen active leader of the same unit, else the unit's 负责人;
 *    recorded in OutgoingDocumentSubmitted (signerId);
 *  - 签收 (clerksWhoSignFor): every active holder of the 收文 clerk role (INCOMING_CLERK_ROLE) whose
 *    post is in the receiving unit; recorded in IncomingDocumentReceived (clerkIds);
 *  - 承办 (handlersOf): the 负责人 of the lead department and of each co-department (a department
 *    without one gets no 承办 task); recorded in IncomingDocumentAssigned (handlers).
 * Pure: no I/O; refusals are DomainErrors with the request field.
 */
import { DomainError } from '../shared/errors';
import type { Party } from './incoming.events';

/** The role whose holders sign for their unit's incoming documents (收发文管理). */
export const INCOMING_CLERK_ROLE = 'office_admin';

export interface DepartmentFact {
  id: string;
  unitId: string;
  name: string;
  leaderUserId: string | null;
  open: boolean;
}

export interface UserFact {
  id: string;
  unitId: string;
  active: boolean;
}

export interface OutgoingApprovers {
  /** 会签: one per distinct leader, in the order the departments were chosen. */
  countersignerIds: string[];
  /** 签发 */
  signerId: string;
}

/**
 * 会签 and 签发 of a 发文 at 送审.
 * @param countersign the chosen departments, in request order (null: no such department)
 * @param signer the chosen 签发人 (`user` null: no such user), or null when none was chosen
 * @param unitLeaderId the drafting unit's 负责人 (the default 签发人)
 */
export function outgoingApprovers(
  doc: { unitId: string; departmentId: string },
  countersign: readonly (DepartmentFact | null)[],
  signer: { id: string; user: UserFact | null } | null,
  unitLeaderId: string | null,
): OutgoingApprovers {
  const countersignerIds: string[] = [];
  countersign.forEach((d, i) => {
    const field = `countersignDepartmentIds[${i}]`;
    if (!d || !d.open || d.unitId !== doc.unitId)
      throw new DomainError('invalid', 'document.bad_department', '会签部门须为本单位的部门', field);
    if (d.id === doc.departmentId) throw new DomainError('invalid', 'document.own_department', '会签部门不能是拟稿部门', field);
    if (!d.leaderUserId) throw new DomainError('rule', 'document.no_department_leader', `“${d.name}”没有部门负责人，无法会签`, field);
    if (!countersignerIds.includes(d.leaderUserId)) countersignerIds.push(d.leaderUserId);
  });
  if (signer) {
    const u = signer.user;
    if (!u || !u.active || u.unitId !== doc.unitId)
      throw new DomainError('invalid', 'document.bad_signer', '签发人须为本单位在职领导', 'signerId');
    return { countersignerIds, signerId: u.id };
  }
  if (!unitLeaderId) throw new DomainError('rule', 'document.no_signer', '本单位没有单位负责人，请指定签发人', 'signerId');
  return { countersignerIds, signerId: unitLeaderId };
}

/** 待签收: who signs for a document delivered to `unitId`, from the holders of INCOMING_CLERK_ROLE (sorted, unique). */
export function clerksWhoSignFor(unitId: string, holders: readonly UserFact[]): string[] {
  return [...new Set(holders.filter((u) => u.active && u.unitId === unitId).map((u) => u.id))].sort();
}

export interface Handler {
  departmentId: string;
  userId: string;
  role: 'lead' | 'co';
}

/** 承办: the 负责人 of the lead and of each co-department (`leaders`: department id → its 负责人, or null). */
export function handlersOf(lead: Party, co: readonly Party[], leaders: Readonly<Record<string, string | null>>): Handler[] {
  const out: Handler[] = [];
  for (const [p, role] of [[lead, 'lead'] as const, ...co.map((c) => [c, 'co'] as const)]) {
    const userId = leaders[p.id];
    if (userId) out.push({ departmentId: p.id, userId, role });
  }
  return out;
}
