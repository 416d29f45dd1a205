import type { EventStore } from '../../domain/eventstore/port';
import { BUILTIN_ROLES, evolveRole, isBuiltinRole, orgStreams, type DataScope, type RoleEvent, type RoleState } from '../../domain/org';
import type { Grant } from '../auth/principal';
import type { OrgGateway, UserAccount } from '../platform';
import type { OrgDirectory } from './directory';

/**
 * OrgGateway over the organisation folded from the event log (OrgDirectory, cached by head): no
 * projection lag, so a revoked role or a deactivation holds from the next request on.
 */
export class EventLogOrgGateway implements OrgGateway {
  constructor(
    private readonly store: EventStore,
    private readonly directory: OrgDirectory,
  ) {}

  async userById(userId: string): Promise<UserAccount | undefined> {
    const a = (await this.directory.snapshot()).users.get(userId);
    if (!a) return undefined;
    return {
      userId: a.userId,
      username: a.username,
      name: a.name,
      active: a.status === 'active',
      unitId: a.primaryPost.unitId,
      departmentId: a.primaryPost.departmentId,
      roles: Object.entries(a.roles).map(([roleId, scope]) => ({ roleId, scope })),
    };
  }

  async grantsOf(userId: string): Promise<Grant[]> {
    const a = (await this.directory.snapshot()).users.get(userId);
    if (!a || a.status !== 'active') return [];
    const grants: Grant[] = [];
    for (const [roleId, scope] of Object.entries(a.roles) as [string, DataScope][]) {
      let permissions: readonly string[] = [];
      if (isBuiltinRole(roleId)) permissions = BUILTIN_ROLES[roleId].permissions;
      else {
        let s: RoleState = { status: 'none' };
        for (const e of await this.store.readStream(orgStreams.role(roleId)))
          s = evolveRole(s, { type: e.type, data: e.data } as RoleEvent);
        if (s.status === 'active') permissions = s.permissions;
      }
      for (const permission of permissions) grants.push({ permission, scope });
    }
    return grants;
  }

  async departmentSubtree(departmentId: string): Promise<string[]> {
    const depts = (await this.directory.snapshot()).departments;
    const out: string[] = [];
    const queue = [departmentId];
    while (queue.length) {
      const id = queue.shift()!;
      if (out.includes(id)) continue;
      out.push(id);
      for (const d of depts.values()) if (d.parentId === id) queue.push(d.departmentId);
    }
    return out;
  }

  async departmentUnit(departmentId: string): Promise<string | null> {
    return (await this.directory.snapshot()).departments.get(departmentId)?.unitId ?? null;
  }
}
