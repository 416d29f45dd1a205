import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { DelegationEvent } from '../../domain/workflow/delegation';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { cols, insertRows, selectByKeys } from '../sql/bulk';

/**
 * 消息中心 (message center): one row per (event, recipient).
 *
 *   notifications            id = `<eventId>:<userId>`, seq = the event's position (rows appear in seq
 *                            order, one batch per commit), user_id, kind, title, body, instance_id,
 *                            task_id, link, at, actor_id
 *   notification_instances   instance_id → initiator_id, title (Urged / ProcessCompleted carry neither)
 *
 * Kinds: task.created (新待办; also to the acting delegate), task.toread (待阅), task.returned (退回/撤回
 * to the drafter, or back to an earlier approver), task.urged (催办), task.delegated (a waiting task
 * reached the delegate), task.reminder / task.overdue (办理时限), process.completed / process.rejected
 * (to the initiator), delegation.created (to the delegate).
 *
 * Live push: the API's NotificationRelay (api/workflow/notifications.ts) reads rows with seq above its
 * cursor after the projection has committed them and publishes them on the NotificationBus (SSE).
 */
export const NOTIFICATION_TABLES = ['notifications', 'notification_instances'] as const;
export const NOTIFICATION_EVENT_TYPES = [
  'ProcessStarted',
  'TaskAssigned',
  'Urged',
  'TaskDelegated',
  'TaskReminderDue',
  'TaskEscalated',
  'ProcessCompleted',
  'ProcessRejected',
  'DelegationGranted',
] as const satisfies readonly (InstanceEvent['type'] | DelegationEvent['type'])[];

export type NotificationKind =
  | 'task.created'
  | 'task.toread'
  | 'task.returned'
  | 'task.urged'
  | 'task.delegated'
  | 'task.reminder'
  | 'task.overdue'
  | 'process.completed'
  | 'process.rejected'
  | 'delegation.created';

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const n = t('notifications');
  await db.run(`CREATE TABLE IF NOT EXISTS ${n} (
    id TEXT PRIMARY KEY, seq BIGINT NOT NULL, user_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    instance_id TEXT, task_id TEXT, link TEXT, at TEXT NOT NULL, actor_id TEXT)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${n}_user_seq ON ${n} (user_id, seq)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${n}_seq ON ${n} (seq)`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('notification_instances')} (instance_id TEXT PRIMARY KEY, initiator_id TEXT NOT NULL, title TEXT NOT NULL)`,
  );
}

interface Note {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  instanceId?: string | null;
  taskId?: string | null;
  at: string;
  actorId?: string | null;
}

/** One event's notifications, given the instances known so far (ProcessStarted adds one: the first wins). */
function notesOf(event: RecordedEvent, instances: Map<string, Instance>, newInstances: unknown[][], rows: unknown[][]): void {
  const notes: Note[] = [];
  const e = event as unknown as InstanceEvent | DelegationEvent;
  const instanceOf = (instanceId: string) => instances.get(instanceId);
  const instanceId = event.streamId.startsWith('process-') ? event.streamId.slice('process-'.length) : null;
  switch (e.type) {
    case 'ProcessStarted':
      if (!instances.has(e.data.instanceId)) {
        instances.set(e.data.instanceId, { initiator_id: e.data.initiatorId, title: e.data.title });
        newInstances.push([e.data.instanceId, e.data.initiatorId, e.data.title]);
      }
      return;
    case 'TaskAssigned': {
      const d = e.data;
      const returned = d.kind === 'resubmit' || d.reason === 'returned';
      const kind: NotificationKind = d.kind === 'read' ? 'task.toread' : returned ? 'task.returned' : 'task.created';
      const title =
        d.kind === 'read'
          ? `待阅：${d.title}`
          : d.kind === 'resubmit'
            ? d.reason === 'withdrawn'
              ? `已撤回，待重新提交：${d.title}`
              : `被退回，待重新提交：${d.title}`
            : d.reason === 'returned'
              ? `退回重办：${d.title}`
              : `新待办：${d.title}`;
      const body = `${d.processKind} · ${d.nodeName}`;
      notes.push({
        userId: d.assignee,
        kind,
        title,
        body,
        instanceId: d.instanceId,
        taskId: d.taskId,
        at: d.assignedAt,
        actorId: event.metadata.actorId,
      });
      if (d.actingDelegate && d.actingDelegate !== d.assignee) {
        notes.push({
          userId: d.actingDelegate,
          kind,
          title: `${title}（代办）`,
          body,
          instanceId: d.instanceId,
          taskId: d.taskId,
          at: d.assignedAt,
          actorId: event.metadata.actorId,
        });
      }
      break;
    }
    case 'Urged': {
      const i = instanceId ? instanceOf(instanceId) : undefined;
      for (const u of e.data.userIds) {
        notes.push({
          userId: u,
          kind: 'task.urged',
          title: `催办：${i?.title ?? ''}`,
          body: e.data.message,
          instanceId,
          taskId: null,
          at: e.data.at,
          actorId: e.data.actorId,
        });
      }
      break;
    }
    case 'TaskDelegated': {
      const i = instanceId ? instanceOf(instanceId) : undefined;
      notes.push({
        userId: e.data.actingDelegate,
        kind: 'task.delegated',
        title: `代办：${i?.title ?? ''}`,
        body: '外出授权：您可代为办理该待办',
        instanceId,
        taskId: e.data.taskId,
        at: e.data.at,
        actorId: e.data.assignee,
      });
      break;
    }
    case 'TaskReminderDue':
    case 'TaskEscalated': {
      const i = instanceId ? instanceOf(instanceId) : undefined;
      const overdue = e.type === 'TaskEscalated';
      const users = new Set([
        e.data.assignee,
        ...(e.data.actingDelegate ? [e.data.actingDelegate] : []),
        ...(overdue ? e.data.notifyUserIds : []),
      ]);
      for (const u of users) {
        notes.push({
          userId: u,
          kind: overdue ? 'task.overdue' : 'task.reminder',
          title: `${overdue ? '已超时' : '即将到期'}：${i?.title ?? ''}`,
          body: `办理时限 ${e.data.deadline}`,
          instanceId,
          taskId: e.data.taskId,
          at: e.data.at,
          actorId: null,
        });
      }
      break;
    }
    case 'ProcessCompleted':
    case 'ProcessRejected': {
      const i = instanceId ? instanceOf(instanceId) : undefined;
      if (!i) return;
      const done = e.type === 'ProcessCompleted';
      notes.push({
        userId: i.initiator_id,
        kind: done ? 'process.completed' : 'process.rejected',
        title: `${done ? '已办结' : '未获同意'}：${i.title}`,
        body: done ? '流程已办结' : ((e.data as { opinion?: string }).opinion ?? ''),
        instanceId,
        taskId: null,
        at: e.data.at,
        actorId: done ? null : ((e.data as { actorId?: string }).actorId ?? null),
      });
      break;
    }
    case 'DelegationGranted': {
      const d = e.data;
      notes.push({
        userId: d.delegateId,
        kind: 'delegation.created',
        title: '您收到一项外出授权',
        body: `${d.from.slice(0, 10)} 至 ${d.to.slice(0, 10)}，${d.kinds ? d.kinds.join('、') : '全部流程'}`,
        instanceId: null,
        taskId: null,
        at: d.at,
        actorId: d.principalId,
      });
      break;
    }
    default:
      return;
  }
  for (const n of notes) {
    const link = n.instanceId
      ? `/processes/${n.instanceId}${n.taskId ? `?task=${encodeURIComponent(n.taskId)}` : ''}`
      : n.kind === 'delegation.created'
        ? '/settings'
        : null;
    rows.push([
      `${event.id}:${n.userId}`,
      event.position,
      n.userId,
      n.kind,
      n.title,
      n.body,
      n.instanceId ?? null,
      n.taskId ?? null,
      link,
      n.at,
      n.actorId ?? null,
    ]);
  }
}

interface Instance {
  initiator_id: string;
  title: string;
}
const NOTE_COLUMNS = cols('id', 'seq:bigint', 'user_id', 'kind', 'title', 'body', 'instance_id', 'task_id', 'link', 'at', 'actor_id');
const INSTANCE_COLUMNS = cols('instance_id', 'initiator_id', 'title');

/** The batch: the instances it touches read in one query, then two multi-row inserts (ids distinct, first wins). */
async function applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer): Promise<void> {
  const inst = t('notification_instances');
  const ids = new Set<string>();
  for (const e of events) {
    if (e.streamId.startsWith('process-')) ids.add(e.streamId.slice('process-'.length));
    if (e.type === 'ProcessStarted') ids.add(String((e.data as { instanceId?: unknown }).instanceId));
  }
  const instances = new Map<string, Instance>();
  for (const r of await selectByKeys<Instance & { instance_id: string }>(db, inst, 'instance_id, initiator_id, title', 'instance_id', ids))
    instances.set(r.instance_id, r);
  const newInstances: unknown[][] = [];
  const rows: unknown[][] = [];
  for (const e of events) notesOf(e, instances, newInstances, rows);
  const seen = new Set<string>();
  const distinct = rows.filter((r) => !seen.has(r[0] as string) && (seen.add(r[0] as string), true));
  await insertRows(db, inst, INSTANCE_COLUMNS, newInstances, '(instance_id) DO NOTHING');
  await insertRows(db, t('notifications'), NOTE_COLUMNS, distinct, '(id) DO NOTHING');
}

export const notificationsProjection: Projection = {
  name: 'notifications',
  version: 1,
  tables: NOTIFICATION_TABLES,
  eventTypes: NOTIFICATION_EVENT_TYPES,
  pipelineWrites: true,
  setup,
  apply: (db, event, t) => applyBatch(db, [event], t),
  applyBatch,
};
