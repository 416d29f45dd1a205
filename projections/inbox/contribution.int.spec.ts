import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { TableNamer } from '../engine/types';
import { SqliteClient } from '../sql/sqlite-client';
import type { InboxContribution } from './contribution';
import { inboxProjection, InboxQueries } from './index';

/**
 * The inbox is generic over the modules' contributions: a module it has never heard of (会议, here)
 * puts rows in 待办/待阅 with its own link and title, closes them into 已办, and links the workflow
 * processes about its subjects — and two modules may not claim the same event type.
 */
const canonical: TableNamer = (l) => l;
let pos = 0;
const ev = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${++pos}`,
  type,
  schemaVersion: 1,
  streamId: `meeting-${String(data.meetingId ?? data.instanceId)}`,
  revision: 0,
  position: pos,
  data,
  metadata: { actorId: 'x', correlationId: 'c', occurredAt: '2026-03-02T01:00:00.000Z' },
  recordedAt: '2026-03-02T01:00:00.000Z',
  prevHash: '',
  hash: '',
});

const meetings: InboxContribution = {
  module: 'meetings',
  eventTypes: ['MeetingCalled', 'MeetingAttended'],
  instanceOf: (e) => String((e.data as { meetingId: string }).meetingId),
  rows: (e) => {
    const d = e.data as { meetingId: string; title?: string; invitees?: string[]; userId?: string; at: string };
    if (e.type === 'MeetingCalled')
      return [
        { op: 'title', instanceId: d.meetingId, title: d.title! },
        ...d.invitees!.map((u) => ({
          op: 'open' as const,
          taskId: `${d.meetingId}:attend:${u}`,
          instanceId: d.meetingId,
          box: 'toread' as const,
          taskKind: 'attend',
          assignee: u,
          processKind: '会议',
          definitionKey: 'meeting',
          initiatorId: 'chair',
          nodeId: 'attend',
          nodeName: '参会',
          deadline: null,
          at: d.at,
          link: `/meetings/${d.meetingId}`,
        })),
      ];
    return [
      {
        op: 'close',
        instanceId: d.meetingId,
        assignee: d.userId!,
        outcome: 'attended',
        action: 'attend',
        who: { actorId: d.userId!, onBehalfOf: null },
        at: d.at,
      },
    ];
  },
  subjectLinks: { meeting: (id) => `/meetings/${id}` },
};

describe('inbox contributions', () => {
  it("a module's rows reach 待阅 with its title and link, and leave into 已办 when the event says so", async () => {
    const db = new SqliteClient(':memory:');
    const inbox = inboxProjection([meetings]);
    expect(inbox.eventTypes).toEqual(expect.arrayContaining(['TaskAssigned', 'MeetingCalled', 'MeetingAttended']));
    await db.transaction((tx) => inbox.setup(tx, canonical));
    const q = new InboxQueries(db);
    const at = '2026-03-02T01:00:00.000Z';
    await db.transaction((tx) =>
      inbox.applyBatch!(tx, [ev('MeetingCalled', { meetingId: 'm1', title: '预算专题会', invitees: ['a', 'b'], at })], canonical),
    );
    expect((await q.list('a', 'toread', { page: 1, pageSize: 20 })).items).toMatchObject([
      { instanceId: 'm1', title: '预算专题会', processKind: '会议', nodeName: '参会', link: '/meetings/m1' },
    ]);
    await db.transaction((tx) => inbox.apply(tx, ev('MeetingAttended', { meetingId: 'm1', userId: 'a', at }), canonical));
    expect(await q.counts('a')).toEqual({ todo: 0, toread: 0, done: 1, mine: 0 });
    expect((await q.counts('b')).toread).toBe(1);
    expect((await q.list('a', 'done', { page: 1, pageSize: 20 })).items[0]).toMatchObject({ status: 'attend', link: '/meetings/m1' });
    // a workflow process about a meeting links to the meeting's page
    const started = {
      ...ev('ProcessStarted', {
        instanceId: 'p1',
        title: '会议纪要审批',
        definition: { key: 'minutes', kind: '纪要', name: 'x', version: 1, nodes: [], edges: [], formFields: [] },
        form: {},
        applicant: { userId: 'a' },
        initiatorId: 'a',
        assignments: {},
        subject: { type: 'meeting', id: 'm1' },
        startedAt: at,
      }),
      streamId: 'process-p1',
    };
    await db.transaction((tx) => inbox.apply(tx, started, canonical));
    expect((await q.list('a', 'mine', { page: 1, pageSize: 20 })).items[0].link).toBe('/meetings/m1');
    await db.close();
  });

  it('refuses two modules claiming one event type, or a module claiming a workflow event', () => {
    expect(() => inboxProjection([meetings, { ...meetings, module: 'other' }])).toThrow(/MeetingCalled/);
    expect(() => inboxProjection([{ ...meetings, eventTypes: ['TaskAssigned'] }])).toThrow(/TaskAssigned/);
  });
});
