import { DomainError } from '../shared/errors';
import type { Audience } from './announcement.events';

/**
 * 发布范围 → 接收人 (who receives a notice): decided here, from the org facts the command side passes
 * in, and recorded in AnnouncementPublished.recipientIds — read receipts, the unread list and the
 * workbench strip all follow that list, never a read model's idea of the org.
 *
 * Rules
 *   R1 everyone: every active person of the district.
 *   R2 a unit: its active people (primary post in the unit).
 *   R3 a department: its active people and those of its sub-departments.
 *   R4 named people: each, when active.
 *   R5 the union, without duplicates, in a stable order (sorted by id); an empty result is refused
 *      (announcement.no_recipients, field audience).
 */
export interface OrgPerson {
  id: string;
  unitId: string;
  departmentId: string;
  active: boolean;
}

export interface AudienceFacts {
  people: readonly OrgPerson[];
  /** A department and every department below it. */
  departmentSubtree(departmentId: string): readonly string[];
}

export function audienceRecipients(audience: Audience, facts: AudienceFacts): string[] {
  const active = facts.people.filter((p) => p.active);
  const chosen = new Set<string>();
  if (audience.everyone) for (const p of active) chosen.add(p.id);
  const units = new Set(audience.unitIds);
  const departments = new Set(audience.departmentIds.flatMap((d) => [...facts.departmentSubtree(d)]));
  const named = new Set(audience.userIds);
  for (const p of active) {
    if (units.has(p.unitId) || departments.has(p.departmentId) || named.has(p.id)) chosen.add(p.id);
  }
  const ids = [...chosen].sort();
  if (ids.length === 0)
    throw new DomainError('invalid', 'announcement.no_recipients', '发布范围内没有在职人员，请选择发布范围', 'audience');
  return ids;
}

/** A short Chinese description of an audience, e.g. “区财政局预算科 等 2 个范围”. */
export function audienceEmpty(a: Audience): boolean {
  return !a.everyone && a.unitIds.length === 0 && a.departmentIds.length === 0 && a.userIds.length === 0;
}
