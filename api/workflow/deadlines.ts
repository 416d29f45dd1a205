import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import type { WorkflowCommands } from '../../commands/workflow';
import type { Projection, SqlClient, TableNamer } from '../../projections/engine/types';

/**
 * 办理时限 (node time limits): the deadline scheduler and the small read model it works from.
 *
 * The engine decides reminders (催办提醒, at 80 % of the limit) and escalations (超时上报, at the
 * deadline) in `CheckDeadlines` (domain/workflow/instance.decide.ts); the deadlines themselves are
 * counted in working days by the domain's calendar (domain/workflow/calendar.ts) when a task is
 * assigned. This file only finds the instances where something has come due and sends them the
 * command — every decision stays in the decider.
 *
 * Read model `workflow_deadlines` (one row per open approval task that has a time limit): task_id,
 * instance_id, deadline, remind_at, status open | suspended, reminded, escalated. Rows go when the
 * task closes. Decision (for the lead): a projection of its own rather than a query over
 * `inbox_tasks` — the inbox keeps the deadline but not the reminder time, which for a forwarded /
 * reassigned / withdrawn task (the deadline is kept) cannot be recomputed from the row, and it does
 * not know which reminders were already sent, so a query there would hand every overdue task to
 * the decider again on every tick, forever.
 *
 * Idempotence: the decider emits each reminder / escalation once (InstanceState task flags); a run
 * that repeats — after a restart, on a second API process, before this read model has caught up —
 * decides nothing and appends nothing. Two processes racing on one instance: the loser's append
 * hits expectedRevision, the pipeline retries, and its decide then finds the flags set.
 * On PostgreSQL a run also takes an advisory lock, so normally one process sweeps at a time.
 */
export const DEADLINE_TABLE = 'workflow_deadlines';

const EVENT_TYPES = [
  'TaskAssigned',
  'TaskSuspended',
  'TaskResumed',
  'TaskReminderDue',
  'TaskEscalated',
  'TaskApproved',
  'TaskRejected',
  'TaskReturned',
  'TaskForwarded',
  'TaskCancelled',
  'TaskReassigned',
  'TaskRead',
  'ProcessResubmitted',
] as const satisfies readonly InstanceEvent['type'][];

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  const d = t(DEADLINE_TABLE);
  await db.run(`CREATE TABLE IF NOT EXISTS ${d} (
    task_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, deadline TEXT NOT NULL, remind_at TEXT,
    status TEXT NOT NULL, reminded INTEGER NOT NULL, escalated INTEGER NOT NULL)`);
  // the two "due" conditions, each over the rows still waiting for that step only
  await db.run(`CREATE INDEX IF NOT EXISTS ${d}_due_escalate ON ${d} (deadline) WHERE escalated = 0`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${d}_due_remind ON ${d} (remind_at) WHERE reminded = 0 AND escalated = 0`);
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const d = t(DEADLINE_TABLE);
  const e = event as unknown as InstanceEvent;
  switch (e.type) {
    case 'TaskAssigned':
      if (e.data.kind !== 'approval' || !e.data.deadline) return;
      await db.run(
        `INSERT INTO ${d} (task_id, instance_id, deadline, remind_at, status, reminded, escalated) VALUES (?, ?, ?, ?, 'open', 0, 0)
        ON CONFLICT (task_id) DO NOTHING`,
        [e.data.taskId, e.data.instanceId, e.data.deadline, e.data.remindAt],
      );
      return;
    case 'TaskSuspended':
      await db.run(`UPDATE ${d} SET status = 'suspended' WHERE task_id = ?`, [e.data.taskId]);
      return;
    case 'TaskResumed':
      await db.run(`UPDATE ${d} SET status = 'open' WHERE task_id = ?`, [e.data.taskId]);
      return;
    case 'TaskReminderDue':
      await db.run(`UPDATE ${d} SET reminded = 1 WHERE task_id = ?`, [e.data.taskId]);
      return;
    case 'TaskEscalated':
      await db.run(`UPDATE ${d} SET reminded = 1, escalated = 1 WHERE task_id = ?`, [e.data.taskId]);
      return;
    case 'TaskApproved':
    case 'TaskRejected':
    case 'TaskReturned':
    case 'TaskForwarded':
    case 'TaskCancelled':
    case 'TaskReassigned':
    case 'TaskRead':
    case 'ProcessResubmitted':
      await db.run(`DELETE FROM ${d} WHERE task_id = ?`, [e.data.taskId]);
      return;
    default:
      return;
  }
}

export const workflowDeadlinesProjection: Projection = {
  name: 'workflow_deadlines',
  version: 1,
  tables: [DEADLINE_TABLE],
  eventTypes: EVENT_TYPES,
  pipelineWrites: true,
  setup,
  apply,
};

/** Instances with an open task whose reminder or deadline is at or before `nowIso`, after `afterId`, in id order. */
export async function dueInstances(db: SqlClient, nowIso: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db.all<{ instance_id: string }>(
    `SELECT DISTINCT instance_id FROM ${DEADLINE_TABLE}
     WHERE status = 'open' AND escalated = 0 AND (deadline <= ? OR (reminded = 0 AND remind_at <= ?)) AND instance_id > ?
     ORDER BY instance_id LIMIT ?`,
    [nowIso, nowIso, afterId, limit],
  );
  return rows.map((r) => r.instance_id);
}

export interface DeadlineSweep {
  /** Instances the decider was asked about. */
  checked: number;
  /** Of them, those where it recorded something (a reminder or an escalation). */
  changed: number;
  /** Event types recorded, in order. */
  events: string[];
  failed: number;
  /** Highest position appended (0 when nothing was). */
  position: number;
  /** Another process held the sweep lock: nothing was done. */
  skipped: boolean;
}

export interface DeadlineSchedulerOptions {
  wf: Pick<WorkflowCommands, 'checkDeadlines'>;
  db: SqlClient;
  /** The pipeline's clock (ISO-8601 UTC): the same "now" the decider will be given. */
  now: () => string;
  /** Seconds between sweeps (> 0). */
  intervalSeconds: number;
  /** At most this many instances per sweep (the rest next time). Default 500. */
  maxPerSweep?: number;
  onError?: (err: unknown, instanceId: string | null) => void;
  /** After a sweep that recorded events (e.g. wait for the projections, push notifications). */
  afterSweep?: (s: DeadlineSweep) => Promise<void> | void;
}

/**
 *   const s = new DeadlineScheduler({ wf, db: platform.readDb, now: () => handler.clock.now(), intervalSeconds: 60 });
 *   s.start();           // a sweep now, then every interval (timer unref'd)
 *   await s.runOnce();   // one sweep (tests; coalesces with a running one)
 *   await s.stop();      // waits for a running sweep
 */
export class DeadlineScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeadlineSweep> | null = null;
  private stopped = false;
  /** Where the next sweep resumes when the last one hit maxPerSweep. */
  private cursor = '';

  constructor(private readonly o: DeadlineSchedulerOptions) {
    if (!(o.intervalSeconds > 0)) throw new RangeError('intervalSeconds must be > 0');
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => this.o.onError?.(err, null)), this.o.intervalSeconds * 1000);
    this.timer.unref();
    void this.runOnce().catch((err) => this.o.onError?.(err, null));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  runOnce(): Promise<DeadlineSweep> {
    if (!this.running)
      this.running = this.sweep().finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sweep(): Promise<DeadlineSweep> {
    const out: DeadlineSweep = { checked: 0, changed: 0, events: [], failed: 0, position: 0, skipped: false };
    const lock = this.o.db.tryLock ? await this.o.db.tryLock('oa.workflow.deadline-sweep') : null;
    if (this.o.db.tryLock && !lock) return { ...out, skipped: true };
    try {
      const max = this.o.maxPerSweep ?? 500;
      const now = this.o.now();
      const page = Math.min(100, max);
      let after = this.cursor;
      let wrapped = after === '';
      for (;;) {
        if (this.stopped) break;
        const ids = await dueInstances(this.o.db, now, after, page);
        for (const id of ids) {
          if (out.checked >= max) break;
          out.checked++;
          try {
            const r = await this.o.wf.checkDeadlines(id, { actorId: 'system', correlationId: uuidv7(), commandId: null });
            if (r.events.length) {
              out.changed++;
              out.events.push(...r.events);
              out.position = Math.max(out.position, r.position);
            }
          } catch (err) {
            out.failed++;
            this.o.onError?.(err, id);
          }
          after = id;
        }
        if (out.checked >= max) {
          this.cursor = after; // resume here next time
          break;
        }
        if (ids.length < page) {
          if (wrapped) {
            this.cursor = '';
            break;
          }
          // the previous sweep stopped part-way: go round from the beginning once
          wrapped = true;
          after = '';
        }
      }
    } finally {
      await lock?.release();
    }
    if (out.changed) await this.o.afterSweep?.(out);
    return out;
  }
}
