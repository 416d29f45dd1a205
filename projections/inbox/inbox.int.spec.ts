import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { serviceUrl } from '../../test/support/services';
import type { Projection, SqlClient } from '../engine/types';
import { SqliteClient } from '../sql/sqlite-client';
import { inboxProjections, InboxQueries } from './index';
import { pgClientInOwnSchema } from '../../test/projections/pg-read-store';

/**
 * The inbox read models on both read stores (SQLite always; PostgreSQL when PG_URL is set): the same
 * events must give the same boxes, counts, 办文日志 and notifications — which also proves the SQL
 * (partial indexes, UPDATE … RETURNING, multi-row upserts, LIKE … ESCAPE) runs on both.
 */
let position = 0;
function ev(streamId: string, type: string, data: Record<string, unknown>, actorId = 'x'): RecordedEvent {
  position++;
  return {
    id: `e${position}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: 0,
    position,
    data,
    metadata: { actorId, correlationId: 'c', occurredAt: at(position) },
    recordedAt: at(position),
    prevHash: '',
    hash: '',
  };
}
const at = (n: number) => new Date(Date.UTC(2026, 0, 5, 8) + n * 60_000).toISOString();
const P = 'process-i1';
const assigned = (taskId: string, assignee: string, kind = 'approval', extra: Record<string, unknown> = {}) =>
  ev(P, 'TaskAssigned', {
    taskId,
    instanceId: 'i1',
    nodeId: kind === 'resubmit' ? 'start' : 'n1',
    nodeName: kind === 'resubmit' ? '申请' : '部门负责人审批',
    kind,
    assignee,
    actingDelegate: null,
    delegationId: null,
    activationId: 1,
    parentTaskId: null,
    reason: 'activated',
    deadline: '2026-01-01T00:00:00.000Z',
    remindAt: null,
    assignedAt: at(position + 1),
    title: '请休假审批（陶然）100%',
    processKind: '请休假',
    definitionKey: 'leave',
    initiatorId: 'a',
    ...extra,
  });

async function feed(db: SqlClient, events: RecordedEvent[]): Promise<void> {
  const t = (l: string) => l;
  await db.transaction(async (tx) => {
    for (const e of events) for (const p of inboxProjections()) if (!p.eventTypes || p.eventTypes.includes(e.type)) await p.apply(tx, e, t);
  });
}

function suite(name: string, open: () => Promise<SqlClient | null>) {
  describe.skipIf(false)(`inbox read models on ${name}`, () => {
    let db: SqlClient | null = null;
    let q: InboxQueries;
    beforeAll(async () => {
      db = await open();
      if (!db) return;
      for (const p of inboxProjections() as Projection[]) await db.transaction((tx) => p.setup(tx, (l) => l));
      q = new InboxQueries(db);
      position = 0;
    });
    afterAll(async () => {
      await db?.close();
    });

    it('follows a task through delegation, approval, withdrawal, return and resubmission', async (ctx) => {
      if (!db) return ctx.skip();
      await feed(db, [
        ev(
          P,
          'ProcessStarted',
          {
            instanceId: 'i1',
            title: '请休假审批（陶然）100%',
            definition: {
              key: 'leave',
              kind: '请休假',
              name: '请休假审批',
              version: 1,
              nodes: [
                { id: 'start', name: '申请', kind: 'start' },
                { id: 'n1', name: '部门负责人审批', kind: 'approval' },
              ],
              edges: [],
              formFields: [],
            },
            form: {},
            applicant: { userId: 'a' },
            initiatorId: 'a',
            assignments: {},
            subject: null,
            startedAt: at(1),
          },
          'a',
        ),
        assigned('i1.t1', 'b'),
        assigned('i1.t2', 'c', 'read'),
      ]);
      expect(await q.counts('a')).toEqual({ todo: 0, toread: 0, done: 0, mine: 1 });
      expect(await q.counts('b')).toEqual({ todo: 1, toread: 0, done: 0, mine: 0 });
      expect(await q.counts('c')).toEqual({ todo: 0, toread: 1, done: 0, mine: 0 });
      const mine = await q.list('a', 'mine', { page: 1, pageSize: 20 });
      expect(mine.items[0]).toMatchObject({ status: 'running', nodeName: '部门负责人审批', currentNodes: [{ assignee: 'b' }] });

      await feed(db, [ev(P, 'TaskDelegated', { taskId: 'i1.t1', assignee: 'b', actingDelegate: 'd', delegationId: 'g1', at: at(9) })]);
      const dTodo = await q.list('d', 'todo', { page: 1, pageSize: 20 });
      expect(dTodo).toMatchObject({ total: 1, items: [{ taskId: 'i1.t1', onBehalfOf: 'b' }] });
      expect((await q.list('b', 'todo', { page: 1, pageSize: 20 })).items[0].onBehalfOf).toBeNull();

      await feed(db, [
        ev(
          P,
          'TaskApproved',
          {
            taskId: 'i1.t1',
            nodeId: 'n1',
            actorId: 'd',
            onBehalfOf: 'b',
            opinion: '同意',
            signature: { strokes: [{ points: [[1, 2, 0.5, 0]] }] },
            at: at(10),
          },
          'd',
        ),
      ]);
      expect(await q.counts('b')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
      expect(await q.counts('d')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
      expect((await q.list('b', 'done', { page: 1, pageSize: 20 })).items[0]).toMatchObject({
        actorId: 'd',
        onBehalfOf: 'b',
        status: 'approve',
      });

      await feed(db, [
        ev(P, 'ActionWithdrawn', { decisionSeq: 2, taskId: 'i1.t1', nodeId: 'n1', actorId: 'b', onBehalfOf: null, at: at(11) }, 'b'),
      ]);
      expect((await q.counts('b')).done).toBe(0);
      expect((await q.counts('d')).done).toBe(0);

      await feed(db, [assigned('i1.t3', 'a', 'resubmit', { reason: 'returned' })]);
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20 })).items[0].status).toBe('returned');
      await feed(db, [ev(P, 'TaskSuspended', { taskId: 'i1.t3', waitingFor: [], at: at(13) })]);
      expect((await q.counts('a')).todo).toBe(0);
      await feed(db, [ev(P, 'TaskResumed', { taskId: 'i1.t3', at: at(14) })]);
      expect((await q.counts('a')).todo).toBe(1);
      await feed(db, [
        ev(
          P,
          'ProcessResubmitted',
          { taskId: 'i1.t3', form: {}, assignments: {}, resumeAt: 'n1', actorId: 'a', onBehalfOf: null, at: at(15) },
          'a',
        ),
        ev(P, 'TaskRead', { taskId: 'i1.t2', nodeId: 'n1', actorId: 'c', onBehalfOf: null, at: at(16) }, 'c'),
        ev(P, 'ProcessCompleted', { at: at(17) }),
      ]);
      expect(await q.counts('a')).toEqual({ todo: 0, toread: 0, done: 1, mine: 1 });
      expect(await q.counts('c')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20 })).items[0]).toMatchObject({ status: 'completed', nodeName: '' });
    });

    it('filters by kind and by a keyword with LIKE wildcards taken literally', async (ctx) => {
      if (!db) return ctx.skip();
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20, q: '100%' })).total).toBe(1);
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20, q: '0_%' })).total).toBe(0);
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20, kind: 'leave' })).total).toBe(1);
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20, kind: '出差' })).total).toBe(0);
    });

    it('keeps the 办文日志 with node names, delegation and strokes, and notifies assignee and delegate', async (ctx) => {
      if (!db) return ctx.skip();
      const h = await q.history('i1');
      expect(h.map((x) => [x.action, x.actorId, x.onBehalfOf])).toEqual([
        ['submit', 'a', null],
        ['delegate', 'b', null],
        ['approve', 'd', 'b'],
        ['withdraw', 'b', null],
        ['resubmit', 'a', null],
        ['read', 'c', null],
        ['complete', '', null],
      ]);
      expect(h[2]).toMatchObject({ nodeName: '部门负责人审批', signature: { strokes: [{ points: [[1, 2, 0.5, 0]] }] } });
      const forB = await q.notifications('b', 1, 20);
      expect(forB.items.map((n) => n.kind)).toEqual(['task.created']);
      const forD = await q.notifications('d', 1, 20);
      expect(forD.items.map((n) => n.kind)).toEqual(['task.delegated']);
      const forA = await q.notifications('a', 1, 20);
      expect(forA.items.map((n) => n.kind)).toEqual(['process.completed', 'task.returned']);
      const after = await q.notificationsAfter({ seq: forB.items[0].seq, id: forB.items[0].id });
      expect(after.every((n) => n.seq >= forB.items[0].seq)).toBe(true);
      expect(after.map((n) => n.kind)).toContain('process.completed');
    });
  });
}

suite('SQLite', async () => new SqliteClient(':memory:'));
const pgUrl = serviceUrl('PG_URL');
suite('PostgreSQL', async () => (pgUrl ? pgClientInOwnSchema(pgUrl, 'inbox_test') : null));
