import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { DepartmentEvent } from '../../domain/org/department/department';
import type { UnitEvent } from '../../domain/org/unit/unit';
import type { Post, UserEvent } from '../../domain/org/user/user';
import type { SqlClient } from '../engine/types';
import { FACT_HEADCOUNT, toWarehouseTime, type FactBatch, type FactRow } from './facts';
import type { FactMapper } from './sink';

/**
 * Head-count facts (for per-capita figures): +1 when a person takes a primary post, -1 when they
 * leave it (transfer, deactivation). Unit and department names are remembered from their events so
 * that facts carry names as they were at the time.
 */
type OrgEvent = UnitEvent | DepartmentEvent | UserEvent;

const TYPES = [
  'UnitCreated',
  'UnitRenamed',
  'DepartmentCreated',
  'DepartmentRenamed',
  'UserHired',
  'UserTransferred',
  'UserDeactivated',
  'UserReactivated',
] as const;

export const headcountFacts: FactMapper = {
  name: 'headcount',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run('CREATE TABLE IF NOT EXISTS wh_org_names (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    await db.run('CREATE TABLE IF NOT EXISTS wh_user_posts (user_id TEXT PRIMARY KEY, post TEXT NOT NULL, active INTEGER NOT NULL)');
  },
  async reset(db: SqlClient) {
    await db.run('DELETE FROM wh_org_names');
    await db.run('DELETE FROM wh_user_posts');
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    const e = recorded as unknown as OrgEvent & { type: string };
    const at = toWarehouseTime(recorded.metadata.occurredAt ?? recorded.recordedAt);
    const setName = (id: string, name: string) =>
      db.run('INSERT INTO wh_org_names (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name', [id, name]);
    const nameOf = async (id: string) => (await db.get<{ name: string }>('SELECT name FROM wh_org_names WHERE id = ?', [id]))?.name ?? id;
    const row = async (n: number, userId: string, post: Post, delta: number): Promise<FactRow> => ({
      event_id: `${recorded.id}:${n}`,
      user_id: userId,
      unit_id: post.unitId,
      unit_name: await nameOf(post.unitId),
      dept_id: post.departmentId,
      dept_name: await nameOf(post.departmentId),
      rank: post.rank,
      delta,
      occurred_at: at,
    });
    const savePost = (userId: string, post: Post, active: boolean) =>
      db.run(
        'INSERT INTO wh_user_posts (user_id, post, active) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET post = excluded.post, active = excluded.active',
        [userId, JSON.stringify(post), active ? 1 : 0],
      );
    const current = async (userId: string) => {
      const r = await db.get<{ post: string; active: number }>('SELECT post, active FROM wh_user_posts WHERE user_id = ?', [userId]);
      return r ? { post: JSON.parse(r.post) as Post, active: Number(r.active) === 1 } : null;
    };

    switch (e.type) {
      case 'UnitCreated':
      case 'UnitRenamed':
        await setName(e.data.unitId, e.data.name);
        return [];
      case 'DepartmentCreated':
      case 'DepartmentRenamed':
        await setName(e.data.departmentId, e.data.name);
        return [];
      case 'UserHired':
        await savePost(e.data.userId, e.data.primaryPost, true);
        return [{ table: FACT_HEADCOUNT, rows: [await row(0, e.data.userId, e.data.primaryPost, 1)] }];
      case 'UserTransferred': {
        const cur = await current(e.data.userId);
        await savePost(e.data.userId, e.data.to, cur?.active ?? true);
        if (cur && !cur.active) return [];
        return [{ table: FACT_HEADCOUNT, rows: [await row(0, e.data.userId, e.data.from, -1), await row(1, e.data.userId, e.data.to, 1)] }];
      }
      case 'UserDeactivated':
      case 'UserReactivated': {
        const cur = await current(e.data.userId);
        const activate = e.type === 'UserReactivated';
        if (!cur || cur.active === activate) return [];
        await savePost(e.data.userId, cur.post, activate);
        return [{ table: FACT_HEADCOUNT, rows: [await row(0, e.data.userId, cur.post, activate ? 1 : -1)] }];
      }
      default:
        return [];
    }
  },
};
