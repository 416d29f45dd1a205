import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { SqlClient } from '../../projections/engine/types';
import { SqliteClient } from '../../projections/sql/sqlite-client';
import { dueInstances, workflowDeadlinesProjection } from '../../api/workflow/deadlines';
import { serviceUrl } from '../support/services';
import { pgClientInOwnSchema } from '../projections/pg-read-store';

/**
 * The deadline scheduler's read model (api/workflow/deadlines.ts) on both read stores (SQLite always,
 * PostgreSQL when PG_URL is set): which instances are due for CheckDeadlines at a given time.
 * Due = an open approval task whose reminder (not yet sent) or deadline (not yet escalated) has come.
 */
let position = 0;
function ev(instanceId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  position++;
  return {
    id: `e${position}`,
    type,
    schemaVersion: 1,
    streamId: `process-${instanceId}`,
    revision: 0,
    position,
    data,
    metadata: { actorId: 'x', correlationId: 'c', occurredAt: '2026-03-02T01:00:00.000Z' },
    recordedAt: '2026-03-02T01:00:00.000Z',
    prevHash: '',
    hash: '',
  };
}
const assigned = (instanceId: string, n: number, o: { kind?: string; deadline?: string | null; remindAt?: string | null } = {}) =>
  ev(instanceId, 'TaskAssigned', {
    taskId: `${instanceId}.t${n}`,
    instanceId,
    nodeId: 'a',
    nodeName: '部门负责人审批',
    kind: o.kind ?? 'approval',
    assignee: 'u',
    actingDelegate: null,
    delegationId: null,
    activationId: 1,
    parentTaskId: null,
    reason: 'activated',
    deadline: o.deadline === undefined ? '2026-03-04T01:00:00.000Z' : o.deadline,
    remindAt: o.remindAt === undefined ? '2026-03-03T20:12:00.000Z' : o.remindAt,
    assignedAt: '2026-03-02T01:00:00.000Z',
    title: 't',
    processKind: '请休假',
    definitionKey: 'leave',
    initiatorId: 'd',
  });
const task = (instanceId: string, n: number, type: string, extra: Record<string, unknown> = {}) =>
  ev(instanceId, type, { taskId: `${instanceId}.t${n}`, ...extra });

const BEFORE = '2026-03-03T20:00:00.000Z';
const AT_REMINDER = '2026-03-03T20:12:00.000Z';
const AT_DEADLINE = '2026-03-04T01:00:00.000Z';

function suite(name: string, open: () => Promise<SqlClient | null>) {
  describe(`deadline read model on ${name}`, () => {
    let db: SqlClient | null = null;
    const feed = async (events: RecordedEvent[]) => {
      for (const e of events) await db!.transaction((tx) => workflowDeadlinesProjection.apply(tx, e, (x) => x));
    };
    const due = (now: string) => dueInstances(db!, now, '', 100);

    beforeAll(async () => {
      db = await open();
      if (!db) {
        console.warn(`PG_URL not set: the ${name} deadline read-model test is skipped`);
        return;
      }
      await workflowDeadlinesProjection.setup(db, (x) => x);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('reminder time, then deadline; a sent reminder or escalation is not due again', async (ctx) => {
      if (!db) return ctx.skip();
      await feed([assigned('i1', 1), assigned('i2', 1, { deadline: null, remindAt: null }), assigned('i3', 1, { kind: 'read' })]);
      expect(await due(BEFORE)).toEqual([]);
      expect(await due(AT_REMINDER)).toEqual(['i1']);
      await feed([task('i1', 1, 'TaskReminderDue')]);
      expect(await due(AT_REMINDER)).toEqual([]);
      expect(await due(AT_DEADLINE)).toEqual(['i1']);
      await feed([task('i1', 1, 'TaskEscalated')]);
      expect(await due('2026-03-20T00:00:00.000Z')).toEqual([]);
    });

    it('a task past both times that was never reminded is due once for the escalation', async (ctx) => {
      if (!db) return ctx.skip();
      await feed([assigned('i4', 1)]);
      expect(await due(AT_DEADLINE)).toEqual(['i4']);
      await feed([task('i4', 1, 'TaskEscalated')]);
      expect(await due(AT_DEADLINE)).toEqual([]);
    });

    it('suspended (加签 before me) is not due until resumed; a closed task leaves', async (ctx) => {
      if (!db) return ctx.skip();
      await feed([assigned('i5', 1), assigned('i6', 1), task('i5', 1, 'TaskSuspended'), task('i6', 1, 'TaskApproved')]);
      expect(await due(AT_DEADLINE)).toEqual([]);
      await feed([task('i5', 1, 'TaskResumed')]);
      expect(await due(AT_DEADLINE)).toEqual(['i5']);
      await feed([task('i5', 1, 'TaskReassigned'), assigned('i5', 2)]); // 改派 keeps the deadline: the new task is due
      expect(await due(AT_DEADLINE)).toEqual(['i5']);
      await feed([task('i5', 2, 'TaskCancelled')]);
      expect(await due(AT_DEADLINE)).toEqual([]);
    });

    it('pages by instance id', async (ctx) => {
      if (!db) return ctx.skip();
      await feed(['j1', 'j2', 'j3'].map((i) => assigned(i, 1)));
      expect(await dueInstances(db, AT_DEADLINE, '', 2)).toEqual(['j1', 'j2']);
      expect(await dueInstances(db, AT_DEADLINE, 'j2', 2)).toEqual(['j3']);
    });
  });
}

suite('SQLite', async () => new SqliteClient(':memory:'));
const pgUrl = serviceUrl('PG_URL');
suite('PostgreSQL', async () => (pgUrl ? pgClientInOwnSchema(pgUrl, 'deadlines_test') : null));
