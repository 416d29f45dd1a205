import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { cols, insertRows, selectByKeys } from '../sql/bulk';

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
  'ProcessStarted',
  'TaskApproved',
  'TaskRejected',
  'TaskReturned',
  'TaskForwarded',
  'SignerAdded',
  'TaskReassigned',
  'ActionWithdrawn',
  'ProcessResubmitted',
  'ProcessCompleted',
  'ProcessTerminated',
  'ProcessCancelled',
  'Urged',
  'TaskRead',
  'TaskDelegated',
] as const satisfies readonly InstanceEvent['type'][];

export type HistoryAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'return'
  | 'forward'
  | 'addSigner'
  | 'withdraw'
  | 'resubmit'
  | 'reassign'
  | 'read'
  | 'urge'
  | 'delegate'
  | 'terminate'
  | 'cancel'
  | 'complete';

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const h = t('process_history');
  await db.run(`CREATE TABLE IF NOT EXISTS ${h} (
    instance_id TEXT NOT NULL, position BIGINT NOT NULL, at TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL,
    action TEXT NOT NULL, actor_id TEXT NOT NULL, on_behalf_of TEXT, opinion TEXT NOT NULL, detail TEXT, signature TEXT,
    PRIMARY KEY (instance_id, position))`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('process_history_nodes')} (instance_id TEXT PRIMARY KEY, start_id TEXT NOT NULL, names TEXT NOT NULL)`,
  );
}

interface Entry {
  nodeId: string | null;
  action: HistoryAction;
  actorId: string;
  onBehalfOf: string | null;
  opinion?: string;
  detail?: string | null;
  signature?: unknown;
  at: string;
}

interface NodeMeta {
  start_id: string;
  names: string;
}

/** One event's 办文日志 row (null: not logged), given the instance's node names; ProcessStarted also gives them. */
function entryOf(event: RecordedEvent): { entry: Entry; nodes?: NodeMeta } | null {
  const e = event as unknown as InstanceEvent;
  switch (e.type) {
    case 'ProcessStarted': {
      const def = e.data.definition;
      const names: Record<string, string> = {};
      for (const n of def.nodes) names[n.id] = n.name;
      const startId = def.nodes.find((n) => n.kind === 'start')?.id ?? 'start';
      return {
        nodes: { start_id: startId, names: JSON.stringify(names) },
        entry: {
          nodeId: startId,
          action: 'submit',
          actorId: e.data.initiatorId,
          onBehalfOf: event.metadata.onBehalfOf ?? null,
          at: e.data.startedAt,
        },
      };
    }
    case 'TaskApproved':
      return {
        entry: {
          nodeId: e.data.nodeId,
          action: 'approve',
          ...who(e.data),
          opinion: e.data.opinion,
          signature: e.data.signature,
          at: e.data.at,
        },
      };
    case 'TaskRejected':
      return { entry: { nodeId: e.data.nodeId, action: 'reject', ...who(e.data), opinion: e.data.opinion, at: e.data.at } };
    case 'TaskReturned':
      return {
        entry: {
          nodeId: e.data.nodeId,
          action: 'return',
          ...who(e.data),
          opinion: e.data.opinion,
          detail: `node:${e.data.toNodeId}`,
          at: e.data.at,
        },
      };
    case 'TaskForwarded':
      return {
        entry: {
          nodeId: e.data.nodeId,
          action: 'forward',
          ...who(e.data),
          opinion: e.data.opinion,
          detail: `user:${e.data.toUserId}`,
          at: e.data.at,
        },
      };
    case 'SignerAdded':
      return {
        entry: {
          nodeId: e.data.nodeId,
          action: 'addSigner',
          ...who(e.data),
          opinion: e.data.opinion,
          detail: `${e.data.position}:${e.data.userIds.join(',')}`,
          at: e.data.at,
        },
      };
    case 'TaskReassigned':
      return {
        entry: {
          nodeId: e.data.nodeId,
          action: 'reassign',
          ...who(e.data),
          opinion: e.data.reason,
          detail: `${e.data.fromUserId}>${e.data.toUserId}`,
          at: e.data.at,
        },
      };
    case 'ActionWithdrawn':
      return { entry: { nodeId: e.data.nodeId, action: 'withdraw', ...who(e.data), at: e.data.at } };
    case 'ProcessResubmitted':
      return { entry: { nodeId: null, action: 'resubmit', ...who(e.data), at: e.data.at } };
    case 'ProcessCompleted':
      return { entry: { nodeId: null, action: 'complete', actorId: '', onBehalfOf: null, at: e.data.at } };
    case 'ProcessTerminated':
      return { entry: { nodeId: null, action: 'terminate', ...who(e.data), opinion: e.data.reason, at: e.data.at } };
    case 'ProcessCancelled':
      return { entry: { nodeId: null, action: 'cancel', ...who(e.data), opinion: e.data.reason, at: e.data.at } };
    case 'Urged':
      return {
        entry: {
          nodeId: null,
          action: 'urge',
          ...who(e.data),
          opinion: e.data.message,
          detail: `users:${e.data.userIds.join(',')}`,
          at: e.data.at,
        },
      };
    case 'TaskRead':
      return { entry: { nodeId: e.data.nodeId, action: 'read', ...who(e.data), at: e.data.at } };
    case 'TaskDelegated':
      return {
        entry: {
          nodeId: null,
          action: 'delegate',
          actorId: e.data.assignee,
          onBehalfOf: null,
          detail: `user:${e.data.actingDelegate}`,
          at: e.data.at,
        },
      };
    default:
      return null;
  }
}

const HISTORY_COLUMNS = cols(
  'instance_id',
  'position:bigint',
  'at',
  'node_id',
  'node_name',
  'action',
  'actor_id',
  'on_behalf_of',
  'opinion',
  'detail',
  'signature',
);
const NODES_COLUMNS = cols('instance_id', 'start_id', 'names');

/**
 * The batch: the node names of every instance it touches read in one query (or taken from its own
 * ProcessStarted — the first one wins, as `ON CONFLICT DO NOTHING`), then two multi-row inserts.
 */
async function applyBatch(db: SqlClient, events: readonly RecordedEvent[], t: TableNamer): Promise<void> {
  const nodesTable = t('process_history_nodes');
  const ids = new Set(events.map((e) => e.streamId.slice('process-'.length)));
  const meta = new Map<string, NodeMeta>();
  for (const r of await selectByKeys<NodeMeta & { instance_id: string }>(
    db,
    nodesTable,
    'instance_id, start_id, names',
    'instance_id',
    ids,
  ))
    meta.set(r.instance_id, r);
  const parsed = new Map<string, Record<string, string>>();
  const newNodes: unknown[][] = [];
  const rows: unknown[][] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const instanceId = event.streamId.slice('process-'.length);
    const x = entryOf(event);
    if (!x) continue;
    if (x.nodes && !meta.has(instanceId)) {
      meta.set(instanceId, x.nodes);
      newNodes.push([instanceId, x.nodes.start_id, x.nodes.names]);
    }
    const m = meta.get(instanceId);
    let names = parsed.get(instanceId);
    if (!names) parsed.set(instanceId, (names = m ? (JSON.parse(m.names) as Record<string, string>) : {}));
    const { entry } = x;
    const nodeId = entry.nodeId ?? m?.start_id ?? '';
    const bare = entry.nodeId === null && entry.action !== 'resubmit';
    const key = `${instanceId}\u0000${event.position}`;
    if (seen.has(key)) continue; // ON CONFLICT (instance_id, position) DO NOTHING
    seen.add(key);
    rows.push([
      instanceId,
      event.position,
      entry.at,
      bare ? '' : nodeId,
      bare ? '' : (names[nodeId] ?? nodeId),
      entry.action,
      entry.actorId,
      entry.onBehalfOf,
      entry.opinion ?? '',
      entry.detail ?? null,
      entry.signature ? JSON.stringify(entry.signature) : null,
    ]);
  }
  await insertRows(db, nodesTable, NODES_COLUMNS, newNodes, '(instance_id) DO NOTHING');
  await insertRows(db, t('process_history'), HISTORY_COLUMNS, rows, '(instance_id, position) DO NOTHING');
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
  apply: (db, event, t) => applyBatch(db, [event], t),
  applyBatch,
};
