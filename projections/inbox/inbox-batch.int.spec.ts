import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { serviceUrl } from '../../test/support/services';
import type { SetupOptions, SqlClient, TableNamer } from '../engine/types';
import { SqliteClient } from '../sql/sqlite-client';
import { documentInboxContributions } from '../documents/inbox-contribution';
import { inboxProjection as inboxOver, inboxProjections as inboxProjectionsOver, InboxQueries } from './index';
import { ROW_LAYOUT } from './inbox.projection';
import { pgClientInOwnSchema } from '../../test/projections/pg-read-store';

/**
 * The inbox projection's set-based path (applyBatch) and 收文 in the unified inbox, on SQLite and
 * PostgreSQL (when PG_URL is set):
 *  - 收文 (公文's InboxContribution): 待签收 reaches the clerks the event names, 签收 closes it for all of them, 批示 / 承办 / 传阅 reach the
 *    people the events name, each with the document page as its link; counts follow;
 *  - a random history (workflow + 收文 + org events) gives the same inbox, 办文日志 and notification tables
 *    whether it is applied event by event (`apply`) or in batches of any size (`applyBatch`).
 */
function stream() {
  let position = 0;
  const at = (n: number) => new Date(Date.UTC(2026, 2, 2, 1) + n * 60_000).toISOString();
  const ev = (streamId: string, type: string, data: Record<string, unknown>, actorId = 'x'): RecordedEvent => {
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
  };
  return { ev, at: () => at(position + 1) };
}

const post = (unitId: string) => ({ unitId, departmentId: `${unitId}-d`, title: '科员', rank: '科员' });
const hired = (s: ReturnType<typeof stream>, userId: string, unitId: string) =>
  s.ev(`user-${userId}`, 'UserHired', {
    userId,
    username: userId,
    name: userId,
    gender: null,
    phone: null,
    email: null,
    primaryPost: post(unitId),
    hiredAt: s.at(),
  });
const granted = (s: ReturnType<typeof stream>, userId: string, roleId = 'office_admin') =>
  s.ev(`user-${userId}`, 'UserRoleGranted', { userId, roleId, scope: 'unit' });
const doc = (id: string) => `incoming-document-${id}`;
const received = (s: ReturnType<typeof stream>, id: string, unitId: string, title = '关于做好防汛工作的通知', clerkIds?: string[]) =>
  s.ev(doc(id), 'IncomingDocumentReceived', {
    incomingId: id,
    unitId,
    unitName: unitId,
    category: 'normal',
    from: { outgoingId: 'o1', unitId: 'qzf', unitName: '区政府' },
    copyNo: '000001',
    document: { kind: '通知', title, docNumber: '区府〔2026〕1号', body: '', attachments: [] },
    sentBy: 'sender',
    at: s.at(),
    ...(clerkIds ? { clerkIds } : {}),
  });

const canonical: TableNamer = (l) => l;
/** The inbox as the platform builds it: the workflow's tasks and 公文's contribution. */
const inboxProjection = inboxOver(documentInboxContributions);
const inboxProjections = () => inboxProjectionsOver(documentInboxContributions);

async function setupOn(db: SqlClient, options?: SetupOptions): Promise<void> {
  for (const p of inboxProjections()) await db.transaction((tx) => p.setup(tx, canonical, options));
}

/** The secondary indexes of the inbox tables (not the primary keys' own). */
async function indexes(db: SqlClient): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
      : await db.all<{ name: string }>(
          "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'",
        );
  return rows.map((r) => r.name).sort();
}

/** The bench's shape: many instances whose tasks mostly go to one busy user (sometimes with a delegate), approved in turn. */
function busyHistory(): RecordedEvent[] {
  const s = stream();
  const out: RecordedEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const P = `process-b${i}`;
    const initiator = i % 5 === 0 ? 'busy' : `u${i % 4}`;
    out.push(
      s.ev(
        P,
        'ProcessStarted',
        {
          instanceId: `b${i}`,
          title: `事项 ${i}`,
          definition: { key: 'leave', kind: '请休假', name: 'x', version: 1, nodes: [], edges: [], formFields: [] },
          form: {},
          applicant: { userId: initiator },
          initiatorId: initiator,
          assignments: {},
          subject: null,
          startedAt: s.at(),
        },
        initiator,
      ),
    );
    const tasks = i % 7 === 0 ? 1 : 3;
    for (let k = 1; k <= tasks; k++) {
      const assignee = k === 2 ? `u${i % 3}` : 'busy';
      out.push(
        s.ev(P, 'TaskAssigned', {
          taskId: `b${i}.t${k}`,
          instanceId: `b${i}`,
          nodeId: `n${k}`,
          nodeName: `第 ${k} 级审批`,
          kind: 'approval',
          assignee,
          actingDelegate: i % 4 === 0 ? 'deputy' : null,
          delegationId: null,
          activationId: k,
          parentTaskId: null,
          reason: 'activated',
          deadline: null,
          remindAt: null,
          assignedAt: s.at(),
          title: `事项 ${i}`,
          processKind: '请休假',
          definitionKey: 'leave',
          initiatorId: initiator,
        }),
      );
      // the last task of every 7th instance stays open; every 9th is withdrawn after its approval
      if (i % 7 === 0) break;
      const actor = i % 4 === 0 && k === 1 ? 'deputy' : assignee;
      out.push(
        s.ev(
          P,
          'TaskApproved',
          {
            taskId: `b${i}.t${k}`,
            nodeId: `n${k}`,
            actorId: actor,
            onBehalfOf: actor === assignee ? null : assignee,
            opinion: '同意',
            signature: null,
            at: s.at(),
          },
          actor,
        ),
      );
      if (i % 9 === 0 && k === 1) out.push(s.ev(P, 'ActionWithdrawn', { taskId: `b${i}.t${k}`, actorId: actor, at: s.at() }, actor));
    }
    if (i % 7 !== 0) out.push(s.ev(P, 'ProcessCompleted', { at: s.at() }, initiator));
  }
  return out;
}

async function dump(db: SqlClient): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of inboxProjections().flatMap((p) => p.tables)) {
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${t}`);
    // counts that net to zero may be absent or 0: the same for every query
    const kept = t === 'inbox_counts' ? rows.filter((r) => Number(r.n) !== 0) : rows;
    out[t] = kept.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))).sort();
  }
  return out;
}

/** A seeded random history: org, workflow instances with every task action, 收文 from arrival to 办结. */
function history(seed: number): RecordedEvent[] {
  let x = seed;
  const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const s = stream();
  const out: RecordedEvent[] = [];
  const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  for (const u of users) out.push(hired(s, u, u < 'u4' ? 'A' : 'B'));
  out.push(granted(s, 'u1'), granted(s, 'u4'), granted(s, 'u2', 'staff'));
  out.push(s.ev('department-A-d', 'DepartmentLeaderAssigned', { departmentId: 'A-d', userId: 'u3' }));
  out.push(s.ev('department-B-d', 'DepartmentLeaderAssigned', { departmentId: 'B-d', userId: 'u6' }));
  for (let i = 0; i < 25; i++) {
    const P = `process-p${i}`;
    const initiator = pick(users);
    out.push(
      s.ev(
        P,
        'ProcessStarted',
        {
          instanceId: `p${i}`,
          title: `事项 ${i}`,
          definition: {
            key: i % 3 ? 'leave' : 'outgoing-document',
            kind: i % 3 ? '请休假' : '发文',
            name: 'x',
            version: 1,
            nodes: [],
            edges: [],
            formFields: [],
          },
          form: {},
          applicant: { userId: initiator },
          initiatorId: initiator,
          assignments: {},
          subject: i % 3 ? null : { type: 'outgoing-document', id: `doc${i}` },
          startedAt: s.at(),
        },
        initiator,
      ),
    );
    const open: string[] = [];
    for (let k = 0; k < 6; k++) {
      const roll = r();
      if (open.length === 0 || roll < 0.35) {
        const taskId = `p${i}.t${k}`;
        out.push(
          s.ev(P, 'TaskAssigned', {
            taskId,
            instanceId: `p${i}`,
            nodeId: `n${k}`,
            nodeName: `节点 ${k}`,
            kind: r() < 0.2 ? 'read' : r() < 0.1 ? 'resubmit' : 'approval',
            assignee: pick(users),
            actingDelegate: r() < 0.2 ? pick(users) : null,
            delegationId: null,
            activationId: k,
            parentTaskId: null,
            reason: 'activated',
            deadline: null,
            remindAt: null,
            assignedAt: s.at(),
            title: `事项 ${i}`,
            processKind: '请休假',
            definitionKey: 'leave',
            initiatorId: initiator,
          }),
        );
        open.push(taskId);
        continue;
      }
      const taskId = pick(open);
      const actor = pick(users);
      const who = { actorId: actor, onBehalfOf: r() < 0.3 ? pick(users) : null, at: s.at() };
      const action = pick([
        'TaskApproved',
        'TaskRejected',
        'TaskReturned',
        'TaskForwarded',
        'TaskRead',
        'TaskCancelled',
        'TaskReassigned',
        'TaskDelegated',
        'TaskDelegationEnded',
        'TaskSuspended',
        'TaskResumed',
        'ActionWithdrawn',
        'ProcessResubmitted',
      ] as const);
      const data: Record<string, unknown> = {
        taskId,
        nodeId: 'n',
        opinion: '',
        signature: null,
        toNodeId: 'n0',
        toUserId: 'u1',
        reason: '',
        fromUserId: 'u1',
        ...who,
      };
      if (action === 'TaskDelegated') Object.assign(data, { assignee: 'u1', actingDelegate: pick(users), delegationId: 'g' });
      if (action === 'ActionWithdrawn' && r() < 0.3) data.taskId = null;
      out.push(s.ev(P, action, data, actor));
    }
    if (r() < 0.6)
      out.push(
        s.ev(P, pick(['ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled']), {
          at: s.at(),
          actorId: initiator,
          onBehalfOf: null,
          reason: '',
        }),
      );
    // 收文 beside the workflow
    const id = `in${i}`;
    const unit = pick(['A', 'B']);
    out.push(received(s, id, unit, `来文 ${i}`, unit === 'A' ? ['u1'] : ['u4']));
    if (r() < 0.2) out.push(granted(s, pick(users)));
    if (r() < 0.8) {
      const clerk = unit === 'A' ? 'u1' : 'u4';
      out.push(
        s.ev(doc(id), r() < 0.8 ? 'IncomingDocumentSignedFor' : 'IncomingDocumentReturned', {
          incomingId: id,
          actorId: clerk,
          actorName: clerk,
          reason: '错发',
          at: s.at(),
        }),
      );
      out.push(
        s.ev(doc(id), 'IncomingDocumentRegistered', {
          incomingId: id,
          year: 2026,
          receiptSeq: i,
          receiptNumber: `收文〔2026〕${i}号`,
          entry: { title: `来文 ${i}（登记）` },
          registeredBy: clerk,
          at: s.at(),
        }),
      );
      const leaders = [pick(users), pick(users)];
      out.push(
        s.ev(doc(id), 'IncomingDocumentProposed', {
          incomingId: id,
          opinion: '请阅示',
          proposerId: clerk,
          proposerName: clerk,
          leaderIds: leaders,
          at: s.at(),
        }),
      );
      out.push(
        s.ev(doc(id), 'IncomingDocumentInstructed', {
          incomingId: id,
          leaderId: leaders[0],
          leaderName: 'l',
          onBehalfOf: null,
          instruction: '同意',
          strokes: null,
          at: s.at(),
        }),
      );
      const co = r() < 0.5 ? [{ id: 'B-d', name: 'B' }] : [];
      out.push(
        s.ev(doc(id), 'IncomingDocumentAssigned', {
          incomingId: id,
          lead: { id: 'A-d', name: 'A' },
          co,
          deadline: '2026-04-01',
          assignedBy: clerk,
          at: s.at(),
          handlers: [
            { departmentId: 'A-d', userId: 'u3', role: 'lead' },
            ...co.map(() => ({ departmentId: 'B-d', userId: 'u6', role: 'co' })),
          ],
        }),
      );
      const readers = users.filter(() => r() < 0.4).map((u) => ({ id: u, name: u }));
      out.push(s.ev(doc(id), 'IncomingCirculationStarted', { incomingId: id, round: 1, readers, startedBy: clerk, at: s.at() }));
      for (const rd of readers)
        if (r() < 0.7)
          out.push(
            s.ev(doc(id), 'IncomingDocumentRead', { incomingId: id, round: 1, readerId: rd.id, onBehalfOf: null, at: s.at() }, rd.id),
          );
      if (r() < 0.5)
        out.push(s.ev(doc(id), 'IncomingDocumentCompleted', { incomingId: id, summary: '已办结', completedBy: clerk, at: s.at() }));
    }
    if (r() < 0.1)
      out.push(
        s.ev('user-u2', pick(['UserTransferred', 'UserDeactivated', 'UserReactivated', 'UserRoleRevoked']), {
          userId: 'u2',
          from: post('A'),
          to: post(pick(['A', 'B'])),
          roleId: 'office_admin',
          at: s.at(),
          reason: null,
        }),
      );
  }
  return out;
}

function suite(name: string, open: () => Promise<SqlClient | null>) {
  describe(`inbox batch path and 收文 on ${name}`, () => {
    const dbs: SqlClient[] = [];
    const fresh = async (options?: SetupOptions): Promise<SqlClient | null> => {
      const db = await open();
      if (db) {
        dbs.push(db);
        await setupOn(db, options);
      }
      return db;
    };
    afterAll(async () => {
      for (const db of dbs) await db.close();
    });

    it('puts 收文 in the right inboxes: 待签收 for the unit clerks, 批示 and 承办 for the people named, 传阅 as 待阅, linked to the document', async (ctx) => {
      const db = await fresh();
      if (!db) return ctx.skip();
      const q = new InboxQueries(db);
      const s = stream();
      const feed = (events: RecordedEvent[]) => db.transaction((tx) => inboxProjection.applyBatch!(tx, events, canonical));
      await feed([
        hired(s, 'clerk1', 'jyj'),
        hired(s, 'clerk2', 'jyj'),
        hired(s, 'staff', 'jyj'),
        hired(s, 'other', 'czj'),
        hired(s, 'boss', 'jyj'),
        hired(s, 'head', 'jyj'),
        granted(s, 'clerk1'),
        granted(s, 'clerk2'),
        granted(s, 'other'),
        granted(s, 'staff', 'staff'),
        s.ev('department-jyj-ks', 'DepartmentLeaderAssigned', { departmentId: 'jyj-ks', userId: 'head' }),
      ]);
      // an event recorded before recipients were (no clerkIds): no 待签收 rows (domain/documents/EVENTS.md)
      await feed([received(s, 'd0', 'jyj')]);
      expect((await q.counts('clerk1')).todo).toBe(0);
      // who must 签收 is what the event recorded (domain/documents/recipients.ts decided it)
      await feed([received(s, 'd1', 'jyj', undefined, ['clerk1', 'clerk2'])]);
      for (const clerk of ['clerk1', 'clerk2']) {
        expect(await q.counts(clerk)).toEqual({ todo: 1, toread: 0, done: 0, mine: 0 });
        const todo = await q.list(clerk, 'todo', { page: 1, pageSize: 20 });
        expect(todo.items[0]).toMatchObject({
          instanceId: 'd1',
          title: '关于做好防汛工作的通知',
          processKind: '收文',
          definitionKey: 'incoming-document',
          nodeName: '待签收',
          taskKind: 'sign',
          link: '/documents/incoming/d1',
        });
      }
      expect((await q.counts('staff')).todo).toBe(0);
      expect((await q.counts('other')).todo).toBe(0);

      await feed([
        s.ev(doc('d1'), 'IncomingDocumentSignedFor', { incomingId: 'd1', actorId: 'clerk2', actorName: '李四', at: s.at() }, 'clerk2'),
      ]);
      expect(await q.counts('clerk1')).toEqual({ todo: 0, toread: 0, done: 0, mine: 0 });
      expect(await q.counts('clerk2')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
      expect((await q.list('clerk2', 'done', { page: 1, pageSize: 20 })).items[0]).toMatchObject({
        status: 'sign',
        link: '/documents/incoming/d1',
      });

      await feed([
        s.ev(doc('d1'), 'IncomingDocumentRegistered', {
          incomingId: 'd1',
          year: 2026,
          receiptSeq: 1,
          receiptNumber: '收文〔2026〕1号',
          entry: { title: '关于做好防汛工作的通知（登记）' },
          registeredBy: 'clerk2',
          at: s.at(),
        }),
        s.ev(doc('d1'), 'IncomingDocumentProposed', {
          incomingId: 'd1',
          opinion: '请局长阅示',
          proposerId: 'clerk2',
          proposerName: '李四',
          leaderIds: ['boss'],
          at: s.at(),
        }),
      ]);
      expect((await q.list('boss', 'todo', { page: 1, pageSize: 20 })).items).toMatchObject([
        { nodeName: '领导批示', title: '关于做好防汛工作的通知（登记）', link: '/documents/incoming/d1' },
      ]);
      // a delegate instructs for the leader: the leader's 待办 closes, both see it in 已办
      await feed([
        s.ev(
          doc('d1'),
          'IncomingDocumentInstructed',
          {
            incomingId: 'd1',
            leaderId: 'staff',
            leaderName: '王五',
            onBehalfOf: 'boss',
            instruction: '请科室办理',
            strokes: null,
            at: s.at(),
          },
          'staff',
        ),
      ]);
      expect(await q.counts('boss')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
      expect((await q.list('boss', 'done', { page: 1, pageSize: 20 })).items[0]).toMatchObject({
        status: 'instruct',
        actorId: 'staff',
        onBehalfOf: 'boss',
      });

      await feed([
        s.ev(doc('d1'), 'IncomingDocumentAssigned', {
          incomingId: 'd1',
          lead: { id: 'jyj-ks', name: '科室' },
          co: [{ id: 'no-leader', name: '无负责人' }],
          deadline: '2026-03-20',
          assignedBy: 'clerk2',
          at: s.at(),
          handlers: [{ departmentId: 'jyj-ks', userId: 'head', role: 'lead' }],
        }),
      ]);
      expect((await q.list('head', 'todo', { page: 1, pageSize: 20 })).items).toMatchObject([
        { nodeName: '承办（主办）', deadline: '2026-03-20', taskKind: 'handle' },
      ]);

      await feed([
        s.ev(doc('d1'), 'IncomingCirculationStarted', {
          incomingId: 'd1',
          round: 1,
          readers: [
            { id: 'staff', name: '王五' },
            { id: 'other', name: '赵六' },
          ],
          startedBy: 'clerk2',
          at: s.at(),
        }),
      ]);
      expect((await q.counts('staff')).toread).toBe(1);
      expect((await q.list('other', 'toread', { page: 1, pageSize: 20 })).items).toMatchObject([
        { nodeName: '传阅', link: '/documents/incoming/d1' },
      ]);
      await feed([
        s.ev(doc('d1'), 'IncomingDocumentRead', { incomingId: 'd1', round: 1, readerId: 'staff', onBehalfOf: null, at: s.at() }, 'staff'),
      ]);
      expect(await q.counts('staff')).toEqual({ todo: 0, toread: 0, done: 2, mine: 0 }); // 批示 (for boss) + 已阅
      expect((await q.list('staff', 'done', { page: 1, pageSize: 20 })).items[0]).toMatchObject({ status: 'read' });

      await feed([
        s.ev(doc('d1'), 'IncomingDocumentRead', { incomingId: 'd1', round: 1, readerId: 'other', onBehalfOf: null, at: s.at() }, 'other'),
        s.ev(doc('d1'), 'IncomingDocumentCompleted', { incomingId: 'd1', summary: '已落实', completedBy: 'clerk2', at: s.at() }),
      ]);
      expect((await q.counts('head')).todo).toBe(0);
      expect(await q.counts('other')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
    });

    it('links 发文 approval tasks and processes to the outgoing document page', async (ctx) => {
      const db = await fresh();
      if (!db) return ctx.skip();
      const q = new InboxQueries(db);
      const s = stream();
      const P = 'process-w1';
      const started = s.ev(
        P,
        'ProcessStarted',
        {
          instanceId: 'w1',
          title: '关于印发预算的通知',
          definition: { key: 'outgoing-document', kind: '发文', name: '发文审批', version: 1, nodes: [], edges: [], formFields: [] },
          form: {},
          applicant: { userId: 'a' },
          initiatorId: 'a',
          assignments: {},
          subject: { type: 'outgoing-document', id: 'doc-7' },
          startedAt: s.at(),
        },
        'a',
      );
      const assigned = s.ev(P, 'TaskAssigned', {
        taskId: 'w1.t1',
        instanceId: 'w1',
        nodeId: 'n1',
        nodeName: '核稿',
        kind: 'approval',
        assignee: 'b',
        actingDelegate: null,
        delegationId: null,
        activationId: 1,
        parentTaskId: null,
        reason: 'activated',
        deadline: null,
        remindAt: null,
        assignedAt: s.at(),
        title: '关于印发预算的通知',
        processKind: '发文',
        definitionKey: 'outgoing-document',
        initiatorId: 'a',
      });
      // the task in a later batch than its process: its link comes from the stored process row
      await db.transaction((tx) => inboxProjection.applyBatch!(tx, [started], canonical));
      await db.transaction((tx) => inboxProjection.applyBatch!(tx, [assigned], canonical));
      expect((await q.list('b', 'todo', { page: 1, pageSize: 20 })).items[0].link).toBe('/documents/outgoing/doc-7');
      expect((await q.list('a', 'mine', { page: 1, pageSize: 20 })).items[0].link).toBe('/documents/outgoing/doc-7');
    });

    it.for([1, 13, 5000])("gives the same tables for a busy user's many tasks event by event and in batches of %i", async (size, ctx) => {
      const one = await fresh();
      const many = await fresh();
      if (!one || !many) return ctx.skip();
      const events = busyHistory();
      for (const e of events) await one.transaction((tx) => inboxProjection.apply(tx, e, canonical));
      for (let i = 0; i < events.length; i += size) {
        await many.transaction((tx) => inboxProjection.applyBatch!(tx, events.slice(i, i + size), canonical), { pipelineWrites: true });
      }
      const a = await dump(one);
      expect(a.inbox_tasks.length).toBe(60 + 2 * 51);
      // the counters agree with the rows they count
      const n = async (sql: string) => Number((await one.get<{ n: number }>(sql))?.n ?? 0);
      for (const user of ['busy', 'deputy']) {
        const todo = await n(
          `SELECT COUNT(*) AS n FROM inbox_tasks WHERE status = 'open' AND (assignee = '${user}' OR acting_delegate = '${user}')`,
        );
        const done = await n(`SELECT COUNT(*) AS n FROM inbox_done WHERE user_id = '${user}'`);
        expect(todo).toBeGreaterThan(0);
        expect(done).toBeGreaterThan(10);
        expect(await n(`SELECT n FROM inbox_counts WHERE user_id = '${user}' AND box = 'todo'`)).toBe(todo);
        expect(await n(`SELECT n FROM inbox_counts WHERE user_id = '${user}' AND box = 'done'`)).toBe(done);
      }
      expect(await dump(many)).toEqual(a);
    });

    it('fills tables set up without the query indexes (deferIndexes) to the same rows; the full setup then adds exactly the usual indexes', async (ctx) => {
      const full = await fresh();
      const deferred = await fresh({ deferIndexes: true });
      if (!full || !deferred) return ctx.skip();
      const usual = await indexes(full);
      const early = await indexes(deferred);
      // what the fold looks rows up by is there from the start; the per-user query indexes are not
      expect(early).toEqual(['inbox_done_task', 'inbox_tasks_instance', ...usual.filter((n) => !n.startsWith('inbox_'))].sort());
      expect(usual).toEqual(
        expect.arrayContaining([
          'inbox_tasks_open_assignee',
          'inbox_tasks_open_delegate',
          'inbox_done_user_pos',
          'inbox_processes_initiator',
        ]),
      );
      const events = [...history(11), ...busyHistory().map((e, i) => ({ ...e, position: 100_000 + i }))];
      for (const db of [full, deferred]) {
        for (let i = 0; i < events.length; i += 50) {
          const batch = events.slice(i, i + 50).filter((e) => inboxProjection.eventTypes!.includes(e.type));
          await db.transaction((tx) => inboxProjection.applyBatch!(tx, batch, canonical));
        }
      }
      expect(await dump(deferred)).toEqual(await dump(full));
      await setupOn(deferred);
      expect(await indexes(deferred)).toEqual(usual);
    });

    it.for([1, 7, 50, 100_000])('gives the same tables event by event and in batches of %i', async (size, ctx) => {
      const one = await fresh();
      const many = await fresh();
      if (!one || !many) return ctx.skip();
      const events = history(size * 31 + 5);
      expect(events.length).toBeGreaterThan(300);
      const wants = (p: { eventTypes?: readonly string[] }, e: RecordedEvent) => !p.eventTypes || p.eventTypes.includes(e.type);
      for (const e of events) {
        for (const p of inboxProjections()) if (wants(p, e)) await one.transaction((tx) => p.apply(tx, e, canonical));
      }
      for (let i = 0; i < events.length; i += size) {
        for (const p of inboxProjections()) {
          const batch = events.slice(i, i + size).filter((e) => wants(p, e));
          if (batch.length) await many.transaction((tx) => p.applyBatch!(tx, batch, canonical), { pipelineWrites: true });
        }
      }
      const a = await dump(one);
      expect(a.inbox_tasks.length).toBeGreaterThan(100);
      expect(a.inbox_done.length).toBeGreaterThan(20);
      expect(a.process_history!.length).toBeGreaterThan(40);
      expect(a.notifications!.length).toBeGreaterThan(20);
      expect(await dump(many)).toEqual(a);
    });
  });
}

suite('SQLite', async () => new SqliteClient(':memory:'));
const pgUrl = serviceUrl('PG_URL');
suite('PostgreSQL', async () => (pgUrl ? pgClientInOwnSchema(pgUrl, 'inbox_batch') : null));

describe('inbox row layout', () => {
  it('taskValues / procValues list the values in the order of their column lists', () => {
    const echo = (names: readonly { name: string }[]) => Object.fromEntries(names.map((c) => [c.name, c.name]));
    const { TASK_COLUMNS, PROC_COLUMNS, taskValues, procValues } = ROW_LAYOUT;
    expect(taskValues(echo(TASK_COLUMNS) as unknown as Parameters<typeof taskValues>[0])).toEqual(TASK_COLUMNS.map((c) => c.name));
    expect(procValues(echo(PROC_COLUMNS) as unknown as Parameters<typeof procValues>[0])).toEqual(PROC_COLUMNS.map((c) => c.name));
  });
});
