import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import type { SqlClient } from '../engine/types';
import { FACT_PROCESS, FACT_TASK, toWarehouseTime, type FactBatch } from './facts';
import type { FactMapper } from './sink';
import { workingHoursBetween } from './working-hours';

/**
 * Process and task facts from the workflow engine's events: one task fact per decided task
 * (approved, rejected, returned, forwarded, reassigned), one process fact per ended instance. The
 * sink keeps what a fact needs from earlier events (when a task was assigned, its deadline, the
 * instance's unit) in small read-store tables. Assignee ranks and unit/department names come from
 * the head-count mapper's tables (wh_user_posts, wh_org_names): register that mapper too.
 */
const TYPES = [
  'ProcessStarted',
  'TaskAssigned',
  'TaskDelegated',
  'TaskApproved',
  'TaskRejected',
  'TaskReturned',
  'TaskForwarded',
  'TaskReassigned',
  'ProcessCompleted',
  'ProcessRejected',
  'ProcessTerminated',
  'ProcessCancelled',
] as const;

const OUTCOME: Record<string, string> = {
  TaskApproved: 'approved',
  TaskRejected: 'rejected',
  TaskReturned: 'returned',
  TaskForwarded: 'forwarded',
  TaskReassigned: 'reassigned',
};
const PROCESS_OUTCOME: Record<string, string> = {
  ProcessCompleted: 'approved',
  ProcessRejected: 'rejected',
  ProcessTerminated: 'terminated',
  ProcessCancelled: 'withdrawn',
};

interface ProcessRow {
  process_id: string;
  kind: string;
  unit_id: string;
  dept_id: string;
  applicant_id: string;
  started_at: string;
  returned_count: number;
}
interface TaskRow {
  task_id: string;
  process_id: string;
  node_id: string;
  node_name: string;
  assignee: string;
  delegated: number;
  assigned_at: string;
  deadline: string | null;
}

export const workflowFacts: FactMapper = {
  name: 'workflow',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run('CREATE TABLE IF NOT EXISTS wh_org_names (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    await db.run('CREATE TABLE IF NOT EXISTS wh_user_posts (user_id TEXT PRIMARY KEY, post TEXT NOT NULL, active INTEGER NOT NULL)');
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_processes (process_id TEXT PRIMARY KEY, kind TEXT NOT NULL, unit_id TEXT NOT NULL, dept_id TEXT NOT NULL, ' +
        'applicant_id TEXT NOT NULL, started_at TEXT NOT NULL, returned_count INTEGER NOT NULL)',
    );
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_tasks (task_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, node_id TEXT NOT NULL, node_name TEXT NOT NULL, ' +
        'assignee TEXT NOT NULL, delegated INTEGER NOT NULL, assigned_at TEXT NOT NULL, deadline TEXT)',
    );
  },
  async reset(db: SqlClient) {
    for (const t of ['wh_org_names', 'wh_user_posts', 'wh_processes', 'wh_tasks']) await db.run(`DELETE FROM ${t}`);
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    const e = recorded as unknown as InstanceEvent;
    const processId = recorded.streamId.replace(/^process-/, '');
    const nameOf = async (id: string) => (await db.get<{ name: string }>('SELECT name FROM wh_org_names WHERE id = ?', [id]))?.name ?? id;
    const rankOf = async (userId: string) => {
      const r = await db.get<{ post: string }>('SELECT post FROM wh_user_posts WHERE user_id = ?', [userId]);
      return r ? String((JSON.parse(r.post) as { rank?: string }).rank ?? '') : '';
    };
    const processOf = (id: string) => db.get<ProcessRow>('SELECT * FROM wh_processes WHERE process_id = ?', [id]);

    switch (e.type) {
      case 'ProcessStarted': {
        const d = e.data;
        await db.run(
          'INSERT INTO wh_processes (process_id, kind, unit_id, dept_id, applicant_id, started_at, returned_count) VALUES (?, ?, ?, ?, ?, ?, 0) ' +
            'ON CONFLICT (process_id) DO NOTHING',
          [processId, d.definition.kind ?? d.definition.key, d.applicant.unitId, d.applicant.departmentId, d.applicant.userId, d.startedAt],
        );
        return [];
      }
      case 'TaskAssigned': {
        const d = e.data;
        await db.run(
          'INSERT INTO wh_tasks (task_id, process_id, node_id, node_name, assignee, delegated, assigned_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (task_id) DO UPDATE SET assignee = excluded.assignee, delegated = excluded.delegated, assigned_at = excluded.assigned_at, deadline = excluded.deadline',
          [d.taskId, processId, d.nodeId, d.nodeName, d.assignee, d.actingDelegate ? 1 : 0, d.assignedAt, d.deadline],
        );
        return [];
      }
      case 'TaskDelegated':
        await db.run('UPDATE wh_tasks SET delegated = 1 WHERE task_id = ?', [e.data.taskId]);
        return [];
      case 'TaskApproved':
      case 'TaskRejected':
      case 'TaskReturned':
      case 'TaskForwarded':
      case 'TaskReassigned': {
        const d = e.data;
        const task = await db.get<TaskRow>('SELECT * FROM wh_tasks WHERE task_id = ?', [d.taskId]);
        const proc = await processOf(processId);
        if (!task || !proc) return [];
        if (e.type === 'TaskReturned')
          await db.run('UPDATE wh_processes SET returned_count = returned_count + 1 WHERE process_id = ?', [processId]);
        const overdue = task.deadline !== null && Date.parse(d.at) > Date.parse(task.deadline) ? 1 : 0;
        return [
          {
            table: FACT_TASK,
            rows: [
              {
                event_id: recorded.id,
                task_id: d.taskId,
                process_id: processId,
                kind: proc.kind,
                unit_id: proc.unit_id,
                unit_name: await nameOf(proc.unit_id),
                dept_id: proc.dept_id,
                dept_name: await nameOf(proc.dept_id),
                node_id: task.node_id,
                node_name: task.node_name,
                assignee_id: task.assignee,
                assignee_rank: await rankOf(task.assignee),
                outcome: OUTCOME[e.type],
                assigned_at: toWarehouseTime(task.assigned_at),
                finished_at: toWarehouseTime(d.at),
                handling_hours: workingHoursBetween(task.assigned_at, d.at),
                overdue,
                returned: e.type === 'TaskReturned' ? 1 : 0,
                delegated: d.onBehalfOf || Number(task.delegated) === 1 ? 1 : 0,
              },
            ],
          },
        ];
      }
      case 'ProcessCompleted':
      case 'ProcessRejected':
      case 'ProcessTerminated':
      case 'ProcessCancelled': {
        const proc = await processOf(processId);
        if (!proc) return [];
        const at = e.data.at;
        return [
          {
            table: FACT_PROCESS,
            rows: [
              {
                event_id: recorded.id,
                process_id: processId,
                kind: proc.kind,
                unit_id: proc.unit_id,
                unit_name: await nameOf(proc.unit_id),
                dept_id: proc.dept_id,
                dept_name: await nameOf(proc.dept_id),
                applicant_id: proc.applicant_id,
                outcome: PROCESS_OUTCOME[e.type],
                started_at: toWarehouseTime(proc.started_at),
                finished_at: toWarehouseTime(at),
                duration_hours: workingHoursBetween(proc.started_at, at),
                returned_count: Number(proc.returned_count),
              },
            ],
          },
        ];
      }
      default:
        return [];
    }
  },
};
