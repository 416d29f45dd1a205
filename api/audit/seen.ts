import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { evolveInstance, initialInstanceState, nodeName, type InstanceEvent, type InstanceState } from '../../domain/workflow';
import type { Projection, SqlClient, TableNamer } from '../../projections/engine/types';
import { foldAt } from '../../reports/audit/point-in-time';

/**
 * "What did X see" (某人某时的待办/已办): which process streams ever gave a task to a user (as assignee or
 * acting delegate), kept as an index; the answer itself is REPLAYED — each of those processes folded
 * with the workflow's own `evolve` up to T (recordedAt: what the system showed then), and the user's
 * tasks read from that state. Nothing is guessed from today's inbox.
 */
export const AUDIT_USER_STREAMS = 'audit_user_streams';
const PERSON_KEYS = ['assignee', 'actingDelegate', 'delegateId', 'to', 'toUserId', 'newAssignee'] as const;

const ENDS = new Set(['ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled']);

export const auditUserStreamsProjection: Projection = {
  name: 'audit_user_streams',
  version: 2,
  tables: [AUDIT_USER_STREAMS],
  async setup(db: SqlClient, t: TableNamer) {
    const tbl = t(AUDIT_USER_STREAMS);
    await db.run(`CREATE TABLE IF NOT EXISTS ${tbl} (
      user_id TEXT NOT NULL, stream_id TEXT NOT NULL, first_at TEXT NOT NULL, acted_at TEXT, ended_at TEXT,
      PRIMARY KEY (user_id, stream_id))`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_at ON ${tbl} (user_id, first_at)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_acted ON ${tbl} (user_id, acted_at)`);
    await db.run(`CREATE INDEX IF NOT EXISTS ${tbl}_stream ON ${tbl} (stream_id)`);
  },
  async apply(db: SqlClient, e: RecordedEvent, t: TableNamer) {
    if (!e.streamId.startsWith('process-') || e.streamId.startsWith('process-definition-')) return;
    const tbl = t(AUDIT_USER_STREAMS);
    const d = (e.data ?? {}) as Record<string, unknown>;
    const people = new Set<string>();
    for (const k of PERSON_KEYS) if (typeof d[k] === 'string' && d[k]) people.add(d[k] as string);
    if (e.type === 'ProcessStarted' && typeof d.initiatorId === 'string') people.add(d.initiatorId);
    for (const u of people) {
      await db.run(`INSERT INTO ${tbl} (user_id, stream_id, first_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, [
        u,
        e.streamId,
        e.recordedAt,
      ]);
    }
    // who acted (the actor, and the assignee a delegate acted for): the first time, for 已办
    const actors = new Set<string>();
    for (const x of [e.metadata.actorId, d.actorId, d.onBehalfOf]) if (typeof x === 'string' && x) actors.add(x);
    for (const u of actors) {
      await db.run(`UPDATE ${tbl} SET acted_at = ? WHERE user_id = ? AND stream_id = ? AND acted_at IS NULL`, [
        e.recordedAt,
        u,
        e.streamId,
      ]);
    }
    if (ENDS.has(e.type)) await db.run(`UPDATE ${tbl} SET ended_at = ? WHERE stream_id = ?`, [e.recordedAt, e.streamId]);
  },
};

export interface SeenTask {
  processId: string;
  taskId: string;
  title: string;
  nodeName: string;
  kind: string;
  assignee: string;
  actingDelegate: string | null;
  assignedAt: string;
  deadline: string | null;
  status: string;
  outcome: string | null;
}

export interface SeenAt {
  userId: string;
  at: string;
  processesReplayed: number;
  todo: SeenTask[];
  done: SeenTask[];
}

function tasksOf(s: InstanceState, userId: string): { todo: SeenTask[]; done: SeenTask[] } {
  const todo: SeenTask[] = [];
  const done: SeenTask[] = [];
  for (const t of Object.values(s.tasks)) {
    if (t.assignee !== userId && t.actingDelegate !== userId) continue;
    const row: SeenTask = {
      processId: s.instanceId,
      taskId: t.taskId,
      title: s.title,
      nodeName: nodeName(s, t.nodeId),
      kind: t.kind,
      assignee: t.assignee,
      actingDelegate: t.actingDelegate,
      assignedAt: t.assignedAt,
      deadline: t.deadline,
      status: t.status,
      outcome: t.outcome,
    };
    if (t.status === 'open') todo.push(row);
    else if (t.status === 'done') done.push(row);
  }
  return { todo, done };
}

/** How many 已办 (most recent first) are replayed and shown. */
export const SEEN_DONE_LIMIT = 50;

/**
 * Replays, up to `at` (ISO instant), the processes that may hold the user's 待办 then (involving the user,
 * not ended by then) and the most recent ones the user had acted on, and returns the 待办 and 已办 as
 * they stood. The index only picks the candidates; what is shown comes from the folded events.
 */
export async function whatDidUserSee(db: SqlClient, store: Pick<EventStore, 'readStream'>, userId: string, at: string): Promise<SeenAt> {
  const iso = new Date(at).toISOString();
  const open = await db.all<{ stream_id: string }>(
    `SELECT stream_id FROM ${AUDIT_USER_STREAMS} WHERE user_id = ? AND first_at <= ? AND (ended_at IS NULL OR ended_at > ?)`,
    [userId, iso, iso],
  );
  const acted = await db.all<{ stream_id: string }>(
    `SELECT stream_id FROM ${AUDIT_USER_STREAMS} WHERE user_id = ? AND acted_at IS NOT NULL AND acted_at <= ? ORDER BY acted_at DESC LIMIT ?`,
    [userId, iso, SEEN_DONE_LIMIT * 2],
  );
  const streams = [...new Set([...open, ...acted].map((r) => r.stream_id))];
  const todo: SeenTask[] = [];
  const done: SeenTask[] = [];
  for (const id of streams) {
    const events = await store.readStream(id);
    const f = foldAt(events, {
      at: iso,
      by: 'recordedAt',
      initialState: initialInstanceState,
      evolve: (s, e) => evolveInstance(s, { type: e.type, data: e.data } as InstanceEvent),
    });
    const x = tasksOf(f.state, userId);
    todo.push(...x.todo);
    done.push(...x.done);
  }
  todo.sort((a, b) => b.assignedAt.localeCompare(a.assignedAt));
  done.sort((a, b) => b.assignedAt.localeCompare(a.assignedAt));
  return { userId, at: iso, processesReplayed: streams.length, todo, done: done.slice(0, SEEN_DONE_LIMIT) };
}
