import { afterEach, describe, expect, it } from 'vitest';
import { InboxQueries } from '../../projections/inbox/queries';
import { SqliteClient } from '../../projections/sql/sqlite-client';
import { NotificationBus, type Notification } from '../events/bus';
import { NotificationRelay } from './notifications';

// The relay over a real SQLite read store: what it publishes, and how often it queries.

const open: { db: SqliteClient; relay: NotificationRelay }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.relay.stop();
    await o.db.close();
  }
});

async function setup() {
  const db = new SqliteClient(':memory:');
  await db.run(`CREATE TABLE notifications (
    id TEXT PRIMARY KEY, seq BIGINT NOT NULL, user_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    instance_id TEXT, task_id TEXT, link TEXT, at TEXT NOT NULL, actor_id TEXT)`);
  await db.run(`CREATE INDEX notifications_seq ON notifications (seq)`);
  const real = new InboxQueries(db);
  let queries = 0;
  const counted = new Proxy(real, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (prop === 'notificationsAfter') queries++;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const bus = new NotificationBus();
  const seen: Notification[] = [];
  bus.forUser('u-1').subscribe((n) => seen.push(n));
  const relay = new NotificationRelay(counted, bus, 60_000);
  open.push({ db, relay });
  const commit = async (seq: number) =>
    db.run(`INSERT INTO notifications (id, seq, user_id, kind, title, body, at) VALUES (?, ?, 'u-1', 'task.assigned', ?, '', ?)`, [
      `e${seq}:u-1`,
      seq,
      `待办 ${seq}`,
      '2026-01-05T08:00:00.000Z',
    ]);
  return { relay, seen, commit, queries: () => queries };
}

describe('NotificationRelay', () => {
  it('publishes each committed row once; a kick for a position already covered reads nothing', async () => {
    const { relay, seen, commit, queries } = await setup();
    await commit(1); // before start-up: not replayed
    relay.start();
    await relay.kick();
    await commit(2);
    await relay.kick(2);
    expect(seen.map((n) => n.title)).toEqual(['待办 2']);
    const q = queries();
    await relay.kick(2);
    await relay.kick(1);
    expect(queries()).toBe(q); // covered: no query
    await commit(3);
    await relay.kick(); // without a position: always a pass
    expect(queries()).toBe(q + 1);
    expect(seen.map((n) => n.title)).toEqual(['待办 2', '待办 3']);
  });

  it('concurrent kicks share passes and every caller finds its row published when its kick resolves', async () => {
    const { relay, seen, commit, queries } = await setup();
    relay.start();
    await relay.kick();
    const q = queries();
    await Promise.all(
      [4, 5, 6, 7, 8, 9, 10, 11].map(async (seq) => {
        await commit(seq);
        await relay.kick(seq);
        expect(seen.map((n) => n.title)).toContain(`待办 ${seq}`);
      }),
    );
    expect(seen.map((n) => n.title)).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((s) => `待办 ${s}`));
    expect(queries() - q).toBeLessThanOrEqual(2);
  });
});
