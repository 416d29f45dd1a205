import type { AnnouncementOrg } from '../../commands/announcements/announcement-commands';
import type { Platform } from '../platform';

/** The org facts the 通知公告 commands need, from the organisation folded from the log (strongly consistent). */
export function announcementOrg(p: Platform): AnnouncementOrg {
  return {
    async person(userId) {
      const u = (await p.directory.snapshot()).users.get(userId);
      if (!u) return null;
      return {
        id: u.userId,
        name: u.name,
        unitId: u.primaryPost.unitId,
        departmentId: u.primaryPost.departmentId,
        active: u.status === 'active',
      };
    },
    async audienceFacts() {
      const s = await p.directory.snapshot();
      const children = new Map<string, string[]>();
      for (const d of s.departments.values()) {
        if (!d.parentId) continue;
        children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.departmentId]);
      }
      return {
        people: [...s.users.values()].map((u) => ({
          id: u.userId,
          unitId: u.primaryPost.unitId,
          departmentId: u.primaryPost.departmentId,
          active: u.status === 'active',
        })),
        departmentSubtree(id: string) {
          const out: string[] = [];
          const stack = [id];
          while (stack.length) {
            const x = stack.pop()!;
            out.push(x);
            stack.push(...(children.get(x) ?? []));
          }
          return out;
        },
      };
    },
  };
}
