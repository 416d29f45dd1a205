import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';

/**
 * 办文日志 (process history) per instance: who, on behalf of whom (外出授权), when, what, with which
 * opinion and signature strokes (原笔迹签批, kept as the JSON the event carries).
 *
 *   process_history       (instance_id, position) → at, node_id, node_name, action, actor_id, on_behalf_of,
 *                         opinion, detail, signature (JSON or NULL)
 *   process_history_nodes (instance_id) → the frozen definition's node names (JSON) — the actions carry
 *                         node ids only
 *
 * Actions: submit, approve, reject, return, forward, addSigner, withdraw, resubmit, reassign, read, urge,
 * delegate (a waiting task reached a delegate), terminate, cancel, complete.
 */
export const HISTORY_TABLES = ['process_history', 'process_history_nodes'] as const;
export const HISTORY_EVENT_TYPES = [
  'ProcessStarted', 'TaskApproved', 'TaskRejected', 'TaskReturned', 'TaskForwarded', 'SignerAdded', 'TaskReassigned',
  'ActionWithdrawn', 'ProcessResubmitted', 'ProcessCompleted', 'ProcessTerminated', 'ProcessCancelled', 'Urged', 'TaskRead',
  'TaskDelegated',
] as const satisfies readonly InstanceEvent['type'][];

export type HistoryAction =
  | 'submit' | 'approve' | 'reject' | 'return' | 'forward' | 'addSigner' | 'withdraw' | 'resubmit' | 'reassign' | 'read'
  | 'urge' | 'delegate' | 'terminate' | 'cancel' | 'complete';

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const h = t('process_history');
  await db.run(`CREATE TABLE IF NOT EXISTS ${h} (
    instance_id TEXT NOT NULL, position BIGINT NOT NULL, at TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL,
    action TEXT NOT NULL, actor_id TEXT NOT NULL, on_behalf_of TEXT, opinion TEXT NOT NULL, detail TEXT, signature TEXT,
    PRIMARY KEY (instance_id, position))`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('process_history_nodes')} (instance_id TEXT PRIMARY KEY, start_id TEXT NOT NULL, names TEXT NOT NULL)`);
}

interface Entry {
  nodeId: string | null; action: HistoryAction; actorId: string; onBehalfOf: string | null; opinion?: string; detail?: string | null;
  signature?: unknown; at: string;
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const h = t('process_history');
  const nodesTable = t('process_history_nodes');
  const instanceId = event.streamId.slice('process-'.length);
  const e = event as unknown as InstanceEvent;
  let entry: Entry;
  switch (e.type) {
    case 'ProcessStarted': {
      const def = e.data.definition;
      const names: Record<string, string> = {};
      for (const n of def.nodes) names[n.id] = n.name;
      const startId = def.nodes.find((n) => n.kind === 'start')?.id ?? 'start';
      await db.run(`INSERT INTO ${nodesTable} (instance_id, start_id, names) VALUES (?, ?, ?) ON CONFLICT (instance_id) DO NOTHING`, [instanceId, startId, JSON.stringify(names)]);
      entry = { nodeId: startId, action: 'submit', actorId: e.data.initiatorId, onBehalfOf: event.metadata.onBehalfOf ?? null, at: e.data.startedAt };
      break;
    }
    case 'TaskApproved':
      entry = { nodeId: e.data.nodeId, action: 'approve', ...who(e.data), opinion: e.data.opinion, signature: e.data.signature, at: e.data.at };
      break;
    case 'TaskRejected':
      entry = { nodeId: e.data.nodeId, action: 'reject', ...who(e.data), opinion: e.data.opinion, at: e.data.at };
      break;
    case 'TaskReturned':
      entry = { nodeId: e.data.nodeId, action: 'return', ...who(e.data), opinion: e.data.opinion, detail: `node:${e.data.toNodeId}`, at: e.data.at };
      break;
    case 'TaskForwarded':
      entry = { nodeId: e.data.nodeId, action: 'forward', ...who(e.data), opinion: e.data.opinion, detail: `user:${e.data.toUserId}`, at: e.data.at };
      break;
    case 'SignerAdded':
      entry = { nodeId: e.data.nodeId, action: 'addSigner', ...who(e.data), opinion: e.data.opinion, detail: `${e.data.position}:${e.data.userIds.join(',')}`, at: e.data.at };
      break;
    case 'TaskReassigned':
      entry = { nodeId: e.data.nodeId, action: 'reassign', ...who(e.data), opinion: e.data.reason, detail: `${e.data.fromUserId}>${e.data.toUserId}`, at: e.data.at };
      break;
    case 'ActionWithdrawn':
      entry = { nodeId: e.data.nodeId, action: 'withdraw', ...who(e.data), at: e.data.at };
      break;
    case 'ProcessResubmitted':
      entry = { nodeId: null, action: 'resubmit', ...who(e.data), at: e.data.at };
      break;
    case 'ProcessCompleted':
      entry = { nodeId: null, action: 'complete', actorId: '', onBehalfOf: null, at: e.data.at };
      break;
    case 'ProcessTerminated':
      entry = { nodeId: null, action: 'terminate', ...who(e.data), opinion: e.data.reason, at: e.data.at };
      break;
    case 'ProcessCancelled':
      entry = { nodeId: null, action: 'cancel', ...who(e.data), opinion: e.data.reason, at: e.data.at };
      break;
    case 'Urged':
      entry = { nodeId: null, action: 'urge', ...who(e.data), opinion: e.data.message, detail: `users:${e.data.userIds.join(',')}`, at: e.data.at };
      break;
    case 'TaskRead':
      entry = { nodeId: e.data.nodeId, action: 'read', ...who(e.data), at: e.data.at };
      break;
    case 'TaskDelegated':
      entry = { nodeId: null, action: 'delegate', actorId: e.data.assignee, onBehalfOf: null, detail: `user:${e.data.actingDelegate}`, at: e.data.at };
      break;
    default:
      return;
  }
  const meta = await db.get<{ start_id: string; names: string }>(`SELECT start_id, names FROM ${nodesTable} WHERE instance_id = ?`, [instanceId]);
  const names = meta ? (JSON.parse(meta.names) as Record<string, string>) : {};
  const nodeId = entry.nodeId ?? meta?.start_id ?? '';
  const nodeName = entry.nodeId === null && entry.action !== 'resubmit' ? '' : (names[nodeId] ?? nodeId);
  await db.run(
    `INSERT INTO ${h} (instance_id, position, at, node_id, node_name, action, actor_id, on_behalf_of, opinion, detail, signature)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (instance_id, position) DO NOTHING`,
    [instanceId, event.position, entry.at, entry.nodeId === null && entry.action !== 'resubmit' ? '' : nodeId, nodeName, entry.action,
      entry.actorId, entry.onBehalfOf, entry.opinion ?? '', entry.detail ?? null, entry.signature ? JSON.stringify(entry.signature) : null],
  );
}

function who(d: { actorId: string; onBehalfOf: string | null }): { actorId: string; onBehalfOf: string | null } {
  return { actorId: d.actorId, onBehalfOf: d.onBehalfOf };
}

export const processHistoryProjection: Projection = {
  name: 'process_history',
  version: 1,
  tables: HISTORY_TABLES,
  eventTypes: HISTORY_EVENT_TYPES,
  pipelineWrites: true,
  setup,
  apply,
};
