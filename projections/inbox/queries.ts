import type { SqlClient } from '../engine/types';
import type { InboxBox } from './inbox.projection';

/**
 * The queries over the inbox read models (./inbox.projection.ts, ./history.projection.ts,
 * ./notifications.projection.ts). Every one is index-backed:
 *  - 待办/待阅: the two partial indexes over open tasks (assignee / acting delegate), newest first;
 *  - 已办: (user_id, done_pos); 我的流程: (initiator_id, start_pos);
 *  - counts: the primary key of inbox_counts (a point lookup); a page's total, when no filter is set,
 *    comes from there too.
 * User ids only: names are the API's business (it has the org directory).
 */
export interface InboxFilter {
  /** Process kind (请休假 …) or definition key. */
  kind?: string;
  /** Keyword in the title (包含). */
  q?: string;
  page: number;
  pageSize: number;
}

export interface InboxItemRow {
  box: InboxBox;
  taskId: string | null;
  instanceId: string;
  title: string;
  processKind: string;
  definitionKey: string;
  initiatorId: string;
  nodeId: string | null;
  nodeName: string;
  /** todo/toread: open; done: the action (approve / reject …); mine: the instance status. */
  status: string;
  taskKind: string | null;
  assignee: string | null;
  /** 待办 as a delegate ("代 张三"): the assignee; 已办: the user the action was done for. */
  onBehalfOf: string | null;
  /** 已办: who acted (≠ the user when a delegate acted for them). */
  actorId: string | null;
  deadline: string | null;
  arrivedAt: string;
  doneAt: string | null;
  /**
   * The page that opens the item when it is not the process page (/processes/:instanceId), as the
   * contributing module gave it (收文 → /documents/incoming/:id; 发文 approval tasks and processes →
   * /documents/outgoing/:id, through the module's subjectLinks). null: the process page.
   */
  link: string | null;
  /** 我的流程: the nodes waiting now, with their handlers. */
  currentNodes?: { nodeName: string; assignee: string; actingDelegate: string | null }[];
  position: number;
}

export interface InboxCounts {
  todo: number;
  toread: number;
  done: number;
  mine: number;
}

export interface HistoryRow {
  position: number;
  at: string;
  nodeId: string;
  nodeName: string;
  action: string;
  actorId: string;
  onBehalfOf: string | null;
  opinion: string;
  detail: string | null;
  signature: unknown;
}

export interface NotificationRow {
  id: string;
  seq: number;
  userId: string;
  kind: string;
  title: string;
  body: string;
  instanceId: string | null;
  taskId: string | null;
  link: string | null;
  at: string;
  actorId: string | null;
}

/** `%`, `_` and `\` escaped for LIKE … ESCAPE '\'. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const num = (x: unknown): number => Number(x ?? 0);

export class InboxQueries {
  constructor(private readonly db: SqlClient) {}

  async counts(userId: string): Promise<InboxCounts> {
    const rows = await this.db.all<{ box: string; n: number | string }>('SELECT box, n FROM inbox_counts WHERE user_id = ?', [userId]);
    const c: InboxCounts = { todo: 0, toread: 0, done: 0, mine: 0 };
    for (const r of rows) if (r.box in c) c[r.box as keyof InboxCounts] = num(r.n);
    return c;
  }

  async list(userId: string, box: InboxBox, f: InboxFilter): Promise<{ items: InboxItemRow[]; total: number }> {
    const limit = f.pageSize;
    const offset = (f.page - 1) * f.pageSize;
    const filtered = !!(f.kind || f.q);
    const extra: string[] = [];
    const extraParams: unknown[] = [];
    if (f.kind) {
      extra.push('(process_kind = ? OR definition_key = ?)');
      extraParams.push(f.kind, f.kind);
    }
    if (f.q) {
      extra.push("title LIKE ? ESCAPE '\\'");
      extraParams.push(likePattern(f.q));
    }
    const and = extra.length ? ` AND ${extra.join(' AND ')}` : '';
    let items: InboxItemRow[];
    let total: number;
    if (box === 'todo' || box === 'toread') {
      const cols = `task_id, instance_id, title, process_kind, definition_key, initiator_id, node_id, node_name, task_kind, assignee,
        acting_delegate, deadline, assigned_at, assigned_pos, link`;
      const union = `SELECT ${cols}, 0 AS via_delegate FROM inbox_tasks WHERE status = 'open' AND assignee = ? AND box = ?${and}
        UNION ALL
        SELECT ${cols}, 1 AS via_delegate FROM inbox_tasks WHERE status = 'open' AND acting_delegate = ? AND box = ? AND assignee <> ?${and}`;
      const params = [userId, box, ...extraParams, userId, box, userId, ...extraParams];
      const rows = await this.db.all<Record<string, unknown>>(`SELECT * FROM (${union}) u ORDER BY assigned_pos DESC LIMIT ? OFFSET ?`, [
        ...params,
        limit,
        offset,
      ]);
      items = rows.map((r) => ({
        box,
        taskId: String(r.task_id),
        instanceId: String(r.instance_id),
        title: String(r.title),
        processKind: String(r.process_kind),
        definitionKey: String(r.definition_key),
        initiatorId: String(r.initiator_id),
        nodeId: String(r.node_id),
        nodeName: String(r.node_name),
        status: 'open',
        taskKind: String(r.task_kind),
        assignee: String(r.assignee),
        onBehalfOf: num(r.via_delegate) === 1 ? String(r.assignee) : null,
        actorId: null,
        deadline: (r.deadline as string | null) ?? null,
        arrivedAt: String(r.assigned_at),
        doneAt: null,
        position: num(r.assigned_pos),
        link: (r.link as string | null) ?? null,
      }));
      total = filtered
        ? num((await this.db.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM (${union}) u`, params))?.n)
        : (await this.counts(userId))[box];
    } else if (box === 'done') {
      const where = `user_id = ?${and}`;
      const params = [userId, ...extraParams];
      const rows = await this.db.all<Record<string, unknown>>(
        `SELECT task_id, instance_id, title, process_kind, definition_key, initiator_id, node_id, node_name, action, actor_id, on_behalf_of,
           done_at, done_pos, link FROM inbox_done WHERE ${where} ORDER BY done_pos DESC LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      );
      items = rows.map((r) => ({
        box,
        taskId: String(r.task_id),
        instanceId: String(r.instance_id),
        title: String(r.title),
        processKind: String(r.process_kind),
        definitionKey: String(r.definition_key),
        initiatorId: String(r.initiator_id),
        nodeId: String(r.node_id),
        nodeName: String(r.node_name),
        status: String(r.action),
        taskKind: null,
        assignee: null,
        onBehalfOf: (r.on_behalf_of as string | null) ?? null,
        actorId: String(r.actor_id),
        deadline: null,
        arrivedAt: String(r.done_at),
        doneAt: String(r.done_at),
        position: num(r.done_pos),
        link: (r.link as string | null) ?? null,
      }));
      total = filtered
        ? num((await this.db.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM inbox_done WHERE ${where}`, params))?.n)
        : (await this.counts(userId)).done;
    } else {
      const where = `initiator_id = ?${and}`;
      const params = [userId, ...extraParams];
      const rows = await this.db.all<Record<string, unknown>>(
        `SELECT instance_id, title, process_kind, definition_key, initiator_id, status, started_at, ended_at, start_pos, link
         FROM inbox_processes WHERE ${where} ORDER BY start_pos DESC LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      );
      items = rows.map((r) => ({
        box,
        taskId: null,
        instanceId: String(r.instance_id),
        title: String(r.title),
        processKind: String(r.process_kind),
        definitionKey: String(r.definition_key),
        initiatorId: String(r.initiator_id),
        nodeId: null,
        nodeName: '',
        status: String(r.status),
        taskKind: null,
        assignee: null,
        onBehalfOf: null,
        actorId: null,
        deadline: null,
        arrivedAt: String(r.started_at),
        doneAt: (r.ended_at as string | null) ?? null,
        position: num(r.start_pos),
        link: (r.link as string | null) ?? null,
        currentNodes: [],
      }));
      if (items.length) {
        const marks = items.map(() => '?').join(', ');
        const open = await this.db.all<{ instance_id: string; node_name: string; assignee: string; acting_delegate: string | null }>(
          `SELECT instance_id, node_name, assignee, acting_delegate FROM inbox_tasks
           WHERE instance_id IN (${marks}) AND status IN ('open', 'suspended') AND box = 'todo' ORDER BY assigned_pos`,
          items.map((i) => i.instanceId),
        );
        const byInstance = new Map(items.map((i) => [i.instanceId, i]));
        for (const o of open)
          byInstance
            .get(o.instance_id)
            ?.currentNodes!.push({ nodeName: o.node_name, assignee: o.assignee, actingDelegate: o.acting_delegate });
        for (const i of items) i.nodeName = [...new Set(i.currentNodes!.map((c) => c.nodeName))].join('、');
      }
      total = filtered
        ? num((await this.db.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM inbox_processes WHERE ${where}`, params))?.n)
        : (await this.counts(userId)).mine;
    }
    return { items, total };
  }

  /** A task as the inbox knows it (for routing a task id and for authorisation hints). */
  async task(taskId: string) {
    return this.db.get<{
      task_id: string;
      instance_id: string;
      status: string;
      assignee: string;
      acting_delegate: string | null;
      box: string;
    }>('SELECT task_id, instance_id, status, assignee, acting_delegate, box FROM inbox_tasks WHERE task_id = ?', [taskId]);
  }

  /**
   * Workflow instances with open tasks assigned to `userId` (for a delegation reaching tasks already
   * waiting); rows a module contributed (收文 …) are not process instances and are left out.
   */
  async instancesWithOpenTasksOf(userId: string): Promise<string[]> {
    const ofStatus = (status: string) =>
      this.db.all<{ instance_id: string }>(
        `SELECT DISTINCT t.instance_id FROM inbox_tasks t WHERE t.status = '${status}' AND t.assignee = ?
           AND EXISTS (SELECT 1 FROM inbox_processes p WHERE p.instance_id = t.instance_id)`,
        [userId],
      );
    const rows = await ofStatus('open');
    const suspended = await ofStatus('suspended');
    return [...new Set([...rows, ...suspended].map((r) => r.instance_id))];
  }

  /** 办文日志 of an instance, oldest first. */
  async history(instanceId: string): Promise<HistoryRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT position, at, node_id, node_name, action, actor_id, on_behalf_of, opinion, detail, signature
       FROM process_history WHERE instance_id = ? ORDER BY position`,
      [instanceId],
    );
    return rows.map((r) => ({
      position: num(r.position),
      at: String(r.at),
      nodeId: String(r.node_id),
      nodeName: String(r.node_name),
      action: String(r.action),
      actorId: String(r.actor_id),
      onBehalfOf: (r.on_behalf_of as string | null) ?? null,
      opinion: String(r.opinion ?? ''),
      detail: (r.detail as string | null) ?? null,
      signature: r.signature ? JSON.parse(String(r.signature)) : null,
    }));
  }

  async notifications(userId: string, page: number, pageSize: number): Promise<{ items: NotificationRow[]; total: number }> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT * FROM notifications WHERE user_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
      [userId, pageSize, (page - 1) * pageSize],
    );
    const total = num((await this.db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?', [userId]))?.n);
    return { items: rows.map(notificationRow), total };
  }

  /** Rows committed after the cursor (seq, id), in that order (for the live relay). */
  async notificationsAfter(cursor: { seq: number; id: string }, limit = 500): Promise<NotificationRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT * FROM notifications WHERE seq > ? OR (seq = ? AND id > ?) ORDER BY seq, id LIMIT ?',
      [cursor.seq, cursor.seq, cursor.id, limit],
    );
    return rows.map(notificationRow);
  }

  async lastNotificationSeq(): Promise<number> {
    return num((await this.db.get<{ n: unknown }>('SELECT COALESCE(MAX(seq), 0) AS n FROM notifications'))?.n);
  }
}

function notificationRow(r: Record<string, unknown>): NotificationRow {
  return {
    id: String(r.id),
    seq: num(r.seq),
    userId: String(r.user_id),
    kind: String(r.kind),
    title: String(r.title),
    body: String(r.body),
    instanceId: (r.instance_id as string | null) ?? null,
    taskId: (r.task_id as string | null) ?? null,
    link: (r.link as string | null) ?? null,
    at: String(r.at),
    actorId: (r.actor_id as string | null) ?? null,
  };
}
