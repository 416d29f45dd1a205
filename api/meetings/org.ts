import type { MeetingOrg } from '../../commands/meetings/kit';
import type { Platform } from '../platform';

/** The org facts 会议/日程 need, from the org directory (folded from the log, cached by head). */
export function directoryOrg(p: Platform): MeetingOrg {
  return {
    async unit(unitId) {
      const s = await p.directory.snapshot();
      const u = s.units.get(unitId);
      return u && u.status === 'open' ? { unitId, name: u.name } : null;
    },
    async user(userId) {
      const s = await p.directory.snapshot();
      const u = s.users.get(userId);
      if (!u) return null;
      return {
        userId,
        name: u.name,
        unitId: u.primaryPost.unitId,
        departmentId: u.primaryPost.departmentId,
        title: u.primaryPost.title ?? null,
        active: u.status === 'active',
      };
    },
    async unitMembers(unitId) {
      const s = await p.directory.snapshot();
      const head = s.units.get(unitId)?.leaderUserId ?? null;
      return [...s.users.values()]
        .filter((u) => u.primaryPost.unitId === unitId)
        .map((u) => ({ userId: u.userId, roles: Object.keys(u.roles), leadsUnit: u.userId === head, active: u.status === 'active' }));
    },
  };
}

/** Is `viewerId` the leader of `userId`'s department or of a department above it (部门负责人)? */
export async function leadsDepartmentOf(p: Platform, viewerId: string, userId: string): Promise<boolean> {
  const s = await p.directory.snapshot();
  const u = s.users.get(userId);
  let dept = u ? s.departments.get(u.primaryPost.departmentId) : undefined;
  for (let i = 0; dept && i < 20; i++) {
    if (dept.leaderUserId === viewerId) return true;
    dept = dept.parentId ? s.departments.get(dept.parentId) : undefined;
  }
  return false;
}

export async function userName(p: Platform, userId: string): Promise<string> {
  return (await p.directory.snapshot()).users.get(userId)?.name ?? userId;
}
