import type { NewEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { RANKS } from '../../domain/org/rank';

/**
 * A deterministic organisation history for warehouse tests: units, departments, hires, transfers and
 * deactivations, appended as the org context's events. Returns the head-count it must produce.
 */
export interface OrgHistory {
  /** unit id → rank → people at the end */
  expected: Map<string, Map<string, number>>;
  events: number;
}

const meta = (at: string) => ({ actorId: 'seed', correlationId: 'warehouse-test', occurredAt: at });

export async function appendOrgHistory(store: EventStore, users: number, seed = 7): Promise<OrgHistory> {
  let rnd = seed;
  const next = () => {
    rnd = (rnd * 1103515245 + 12345) % 2147483648;
    return rnd / 2147483648;
  };
  const units = ['u-office', 'u-finance', 'u-hr', 'u-affairs'];
  const unitNames = ['区政府办公室', '区财政局', '区人力资源和社会保障局', '区机关事务管理局'];
  let events = 0;
  const put = async (streamId: string, evs: NewEvent[]) => {
    await store.append(streamId, evs);
    events += evs.length;
  };
  for (let i = 0; i < units.length; i++) {
    await put(`unit-${units[i]}`, [
      {
        type: 'UnitCreated',
        data: { unitId: units[i], name: unitNames[i], parentId: null, createdAt: '2025-01-01T00:00:00Z' },
        metadata: meta('2025-01-01T00:00:00Z'),
      },
    ]);
    for (let d = 0; d < 3; d++) {
      const departmentId = `${units[i]}-d${d}`;
      await put(`department-${departmentId}`, [
        {
          type: 'DepartmentCreated',
          data: { departmentId, unitId: units[i], name: `${unitNames[i]}第${d + 1}科`, parentId: null, createdAt: '2025-01-01T00:00:00Z' },
          metadata: meta('2025-01-01T00:00:00Z'),
        },
      ]);
    }
  }
  const posts = new Map<string, { unitId: string; departmentId: string; rank: string; active: boolean }>();
  const batch: Array<[string, NewEvent]> = [];
  for (let n = 0; n < users; n++) {
    const userId = `user-${n}`;
    const u = Math.floor(next() * units.length);
    const post = {
      unitId: units[u],
      departmentId: `${units[u]}-d${Math.floor(next() * 3)}`,
      title: '科员',
      rank: RANKS[Math.floor(next() * 6)],
    };
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const at = `2025-03-${day}T02:00:00Z`;
    batch.push([
      `user-${userId}`,
      {
        type: 'UserHired',
        data: { userId, username: `u${n}`, name: `用户${n}`, gender: null, phone: null, email: null, primaryPost: post, hiredAt: at },
        metadata: meta(at),
      },
    ]);
    posts.set(userId, { ...post, active: true });
    const r = next();
    if (r < 0.15) {
      const u2 = Math.floor(next() * units.length);
      const to = { unitId: units[u2], departmentId: `${units[u2]}-d0`, title: '副科长', rank: '副科' };
      batch.push([
        `user-${userId}`,
        { type: 'UserTransferred', data: { userId, from: post, to, at: '2025-06-01T02:00:00Z' }, metadata: meta('2025-06-01T02:00:00Z') },
      ]);
      posts.set(userId, { ...to, active: true });
    } else if (r < 0.25) {
      batch.push([
        `user-${userId}`,
        { type: 'UserDeactivated', data: { userId, at: '2025-07-01T02:00:00Z', reason: '退休' }, metadata: meta('2025-07-01T02:00:00Z') },
      ]);
      posts.get(userId)!.active = false;
    }
  }
  // one append per user stream, in order
  const byStream = new Map<string, NewEvent[]>();
  for (const [s, e] of batch) byStream.set(s, [...(byStream.get(s) ?? []), e]);
  for (const [s, evs] of byStream) await put(s, evs);

  const expected = new Map<string, Map<string, number>>();
  for (const p of posts.values()) {
    if (!p.active) continue;
    const m = expected.get(p.unitId) ?? new Map<string, number>();
    m.set(p.rank, (m.get(p.rank) ?? 0) + 1);
    expected.set(p.unitId, m);
  }
  return { expected, events };
}

/** Report rows (unit, rank, people) → the same shape as OrgHistory.expected. */
export function headcountFromRows(rows: ReadonlyArray<Record<string, unknown>>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const people = Number(r.people);
    if (people === 0) continue;
    const m = out.get(String(r.unit)) ?? new Map<string, number>();
    m.set(String(r.rank), people);
    out.set(String(r.unit), m);
  }
  return out;
}
