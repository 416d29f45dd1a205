import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { UpcasterRegistry } from '../pipeline/upcasters';

/**
 * Facts that span many streams, needed before closing a unit or a department: how many open
 * sub-units / departments / members are there? `StoreScanOrgLookup` answers from the event log itself
 * (strongly consistent: it reads every organisation event of the relevant types with readAll), which
 * is cheap at the size of a district's organisation (thousands of events) and only used by the rare
 * close commands. A deployment may pass its own OrgLookup (e.g. over the read model) instead.
 */
export interface OrgLookup {
  openChildUnits(unitId: string): Promise<number>;
  openDepartmentsOfUnit(unitId: string): Promise<number>;
  openChildDepartments(departmentId: string): Promise<number>;
  /** Active users whose primary or concurrent post is in the department. */
  activeMembers(departmentId: string): Promise<number>;
}

export class StoreScanOrgLookup implements OrgLookup {
  constructor(
    private readonly store: EventStore,
    private readonly upcasters?: UpcasterRegistry,
  ) {}

  private async scan(types: readonly string[], visit: (e: RecordedEvent) => void): Promise<void> {
    let from = 1;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, limit: 5000, types });
      for (const raw of page) visit(this.upcasters ? this.upcasters.upcast(raw) : raw);
      if (page.length < 5000) return;
      from = page[page.length - 1].position + 1;
    }
  }

  private async units(): Promise<Map<string, { parentId: string | null; open: boolean }>> {
    const units = new Map<string, { parentId: string | null; open: boolean }>();
    await this.scan(['UnitCreated', 'UnitMoved', 'UnitClosed'], (e) => {
      const d = e.data as { unitId: string; parentId?: string | null; toParentId?: string | null };
      if (e.type === 'UnitCreated') units.set(d.unitId, { parentId: d.parentId ?? null, open: true });
      const u = units.get(d.unitId);
      if (!u) return;
      if (e.type === 'UnitMoved') u.parentId = d.toParentId ?? null;
      if (e.type === 'UnitClosed') u.open = false;
    });
    return units;
  }

  private async departments(): Promise<Map<string, { unitId: string; parentId: string | null; open: boolean }>> {
    const depts = new Map<string, { unitId: string; parentId: string | null; open: boolean }>();
    await this.scan(['DepartmentCreated', 'DepartmentMoved', 'DepartmentClosed'], (e) => {
      const d = e.data as { departmentId: string; unitId?: string; parentId?: string | null; toParentId?: string | null };
      if (e.type === 'DepartmentCreated') depts.set(d.departmentId, { unitId: d.unitId ?? '', parentId: d.parentId ?? null, open: true });
      const x = depts.get(d.departmentId);
      if (!x) return;
      if (e.type === 'DepartmentMoved') x.parentId = d.toParentId ?? null;
      if (e.type === 'DepartmentClosed') x.open = false;
    });
    return depts;
  }

  async openChildUnits(unitId: string): Promise<number> {
    return [...(await this.units()).values()].filter((u) => u.open && u.parentId === unitId).length;
  }

  async openDepartmentsOfUnit(unitId: string): Promise<number> {
    return [...(await this.departments()).values()].filter((d) => d.open && d.unitId === unitId).length;
  }

  async openChildDepartments(departmentId: string): Promise<number> {
    return [...(await this.departments()).values()].filter((d) => d.open && d.parentId === departmentId).length;
  }

  async activeMembers(departmentId: string): Promise<number> {
    const users = new Map<string, { active: boolean; primary: string; concurrent: Set<string> }>();
    await this.scan(
      ['UserHired', 'UserTransferred', 'UserDeactivated', 'UserReactivated', 'UserConcurrentPostAdded', 'UserConcurrentPostRemoved'],
      (e) => {
        const d = e.data as {
          userId: string;
          primaryPost?: { departmentId: string };
          to?: { departmentId: string };
          post?: { departmentId: string };
          departmentId?: string;
        };
        if (e.type === 'UserHired')
          users.set(d.userId, { active: true, primary: d.primaryPost?.departmentId ?? '', concurrent: new Set() });
        const u = users.get(d.userId);
        if (!u) return;
        if (e.type === 'UserTransferred' && d.to) u.primary = d.to.departmentId;
        if (e.type === 'UserDeactivated') u.active = false;
        if (e.type === 'UserReactivated') u.active = true;
        if (e.type === 'UserConcurrentPostAdded' && d.post) u.concurrent.add(d.post.departmentId);
        if (e.type === 'UserConcurrentPostRemoved' && d.departmentId) u.concurrent.delete(d.departmentId);
      },
    );
    return [...users.values()].filter((u) => u.active && (u.primary === departmentId || u.concurrent.has(departmentId))).length;
  }
}
