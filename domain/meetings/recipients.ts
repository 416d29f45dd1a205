/**
 * Who must act on a meeting notice — decided here from org facts the command side passes in, and
 * recorded in MeetingNoticeIssued:
 *  - a participating unit's 回执 and 材料 are reported by its office (办公室管理员, role
 *    MEETING_CONTACT_ROLE); a unit without one falls back to its head (单位负责人);
 *  - an invited person answers for themself (accept / decline with a stand-in).
 */
export const MEETING_CONTACT_ROLE = 'office_admin';

export interface UnitMemberFact {
  userId: string;
  roles: string[];
  leadsUnit: boolean;
  active: boolean;
}

/** The people who report a unit's 回执 (sorted, never empty when the unit has an active head or office). */
export function unitContacts(members: readonly UnitMemberFact[]): string[] {
  const active = members.filter((m) => m.active);
  const office = active.filter((m) => m.roles.includes(MEETING_CONTACT_ROLE)).map((m) => m.userId);
  const ids = office.length ? office : active.filter((m) => m.leadsUnit).map((m) => m.userId);
  return [...new Set(ids)].sort();
}
