import type { RecordedEvent } from '../../domain/eventstore/envelope';

/**
 * How a business module puts rows in the unified 待办/待阅 (and 已办) without the inbox knowing it.
 *
 * A module exports an InboxContribution: the event types it reacts to and, for each such event, a pure
 * list of row operations. Who must act is read from the event (the module's domain decided it and
 * recorded it there); the link of a row — the page that opens it — comes from the module too. The inbox
 * projection (`inboxProjection(contributions)`) applies the operations in order, in the same
 * transaction as the workflow's own rows, with the same counters and 已办 rows.
 *
 *   export const leaveInbox: InboxContribution = {
 *     module: 'leave', eventTypes: ['LeaveRequested', 'LeaveDecided'],
 *     instanceOf: (e) => (e.data as { requestId: string }).requestId,
 *     rows: (e) => e.type === 'LeaveRequested' ? [{ op: 'open', … }] : [{ op: 'close', … }],
 *   };
 *
 * Task ids must be unique across modules and stable for the same event (derive them from the
 * instance, the kind, the assignee and, when a kind may be opened again, the event's position).
 */
export interface InboxRowOpen {
  op: 'open';
  /** Unique; an existing id is not opened twice. */
  taskId: string;
  /** What the row is about (a document id …): rows are closed per instance. */
  instanceId: string;
  /** 'todo' (待办) or 'toread' (待阅). */
  box: 'todo' | 'toread';
  /** The module's own kind ('sign', 'read' …); not 'approval' (batch approve is for workflow tasks). */
  taskKind: string;
  assignee: string;
  /** Shown as the kind of matter (e.g. 收文). */
  processKind: string;
  definitionKey: string;
  initiatorId: string;
  nodeId: string;
  nodeName: string;
  deadline: string | null;
  at: string;
  /** The page that opens the row (a web route, e.g. /documents/incoming/<id>). */
  link: string;
  /** The title; absent: the instance's title as last set by a 'title' operation. */
  title?: string;
  /** Skip when the assignee already has an open row of this kind on the instance. */
  unlessOpen?: boolean;
}

export interface InboxRowClose {
  op: 'close';
  instanceId: string;
  /** Narrow the open rows of the instance: one task, one kind, one assignee (all given must match). */
  taskId?: string;
  taskKind?: string;
  assignee?: string;
  /** What happened ('cancelled' and 'reassigned' cancel the row: nobody's 已办). */
  outcome: string;
  /** The user's action for 已办 ('' = none). */
  action: string;
  /** Who acted (and for whom): each gets an 已办 row when `action` is given. */
  who: { actorId: string; onBehalfOf: string | null } | null;
  at: string;
}

/** The instance's display title for rows opened later without one. */
export interface InboxTitle {
  op: 'title';
  instanceId: string;
  title: string;
}

export type InboxRowOp = InboxRowOpen | InboxRowClose | InboxTitle;

export interface InboxContribution {
  /** The module (bounded context) contributing, e.g. 'documents'. */
  module: string;
  /** The event types `rows` is called for (disjoint from the workflow's and other modules'). */
  eventTypes: readonly string[];
  /** The instance an event is about (its open rows are loaded before the batch is folded). */
  instanceOf(event: RecordedEvent): string;
  /** The row operations of one event, applied in order. Pure. */
  rows(event: RecordedEvent): InboxRowOp[];
  /** Links of workflow processes about one of the module's subjects: ProcessStarted.subject.type → page. */
  subjectLinks?: Readonly<Record<string, (subjectId: string) => string>>;
}
