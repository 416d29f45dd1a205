import type { EventStore } from '../../domain/eventstore/port';
import {
  evolveDepartment,
  evolveUnit,
  evolveUser,
  initialDepartmentState,
  initialUnitState,
  initialUserState,
  ORG_EVENT_TYPES,
  type DepartmentEvent,
  type DepartmentState,
  type UnitEvent,
  type UnitState,
  type UserEvent,
  type UserState,
} from '../../domain/org';

/**
 * The organisation as of the store's head, folded from the org events and cached until the head
 * moves. A district has thousands of org events, so this is cheap, strongly consistent and needs
 * no projection; the org read models (projections/org) can replace it for very large installs.
 */
export interface OrgSnapshot {
  head: number;
  units: Map<string, Extract<UnitState, { status: 'open' | 'closed' }>>;
  departments: Map<string, Exclude<DepartmentState, { status: 'none' }>>;
  users: Map<string, Exclude<UserState, { status: 'none' }>>;
}

export class OrgDirectory {
  private cache: OrgSnapshot | null = null;
  private loading: Promise<OrgSnapshot> | null = null;

  constructor(private readonly store: EventStore) {}

  async snapshot(): Promise<OrgSnapshot> {
    const head = await this.store.headPosition();
    if (this.cache && this.cache.head === head) return this.cache;
    this.loading ??= this.load(head).finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(head: number): Promise<OrgSnapshot> {
    const prev = this.cache;
    const snap: OrgSnapshot = prev
      ? { head, units: new Map(prev.units), departments: new Map(prev.departments), users: new Map(prev.users) }
      : { head, units: new Map(), departments: new Map(), users: new Map() };
    let from = (prev?.head ?? 0) + 1;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, limit: 5000, types: ORG_EVENT_TYPES });
      for (const e of page) {
        if (e.position > head) break;
        const ev = { type: e.type, data: e.data };
        if (e.streamId.startsWith('unit-')) {
          const id = e.streamId.slice(5);
          const s = evolveUnit(snap.units.get(id) ?? initialUnitState(), ev as UnitEvent);
          if (s.status !== 'none') snap.units.set(id, s);
        } else if (e.streamId.startsWith('department-')) {
          const id = e.streamId.slice(11);
          const s = evolveDepartment(snap.departments.get(id) ?? initialDepartmentState(), ev as DepartmentEvent);
          if (s.status !== 'none') snap.departments.set(id, s);
        } else if (e.streamId.startsWith('user-')) {
          const id = e.streamId.slice(5);
          const s = evolveUser(snap.users.get(id) ?? initialUserState(), ev as UserEvent);
          if (s.status !== 'none') snap.users.set(id, s);
        }
      }
      if (page.length < 5000 || page[page.length - 1].position >= head) break;
      from = page[page.length - 1].position + 1;
    }
    if (!this.cache || this.cache.head <= head) this.cache = snap;
    return snap;
  }
}
