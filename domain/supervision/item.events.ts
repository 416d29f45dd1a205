/**
 * SupervisionItem (督办事项) aggregate: events, state and evolve. Stream `supervision-item-<id>`.
 *
 * Life: 立项 (proposed, the supervising unit's approval runs on the workflow engine) → 立项通过 and
 * 交办 to the lead unit (主办) and the co-units (协办) → each unit 签收 (or 退回 with a reason; the
 * supervisor 重新交办) → 办理 (内部转办, 阶段反馈 on the reporting cycle; each co-unit's part report) →
 * the lead unit's 办结报告 (combining the co-units' reports) → 审核: 销号 (closed) or 退回补充 (back to
 * handling with an opinion). Beside it: 催办 (manual, rate-limited), automatic reminders / 催办 / 通报
 * (scheduled work, deadlines.job.ts), 延期申请 and its decision (the history keeps the old deadline).
 * Both sides read the same item: the state below is what the supervisor and every unit see.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';

export const supervisionStreamId = (itemId: string) => `supervision-item-${itemId}`;
export const SUPERVISION_STREAM_PREFIX = 'supervision-item-';

/** 督办来源: 领导批示 / 上级督办 / 会议决定 / 收文. */
export const SOURCE_KINDS = ['instruction', 'higher', 'meeting', 'incoming'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_LABELS: Record<SourceKind, string> = {
  instruction: '领导批示',
  higher: '上级督办',
  meeting: '会议决定',
  incoming: '收文',
};

/** 反馈周期: 一次性 / 每周 / 每月 / 按指定日期. */
export const CYCLE_KINDS = ['once', 'weekly', 'monthly', 'dates'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];
export const CYCLE_LABELS: Record<CycleKind, string> = { once: '一次性', weekly: '每周', monthly: '每月', dates: '按日期' };

export const PRIORITIES = ['normal', 'important', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = { normal: '一般', important: '重要', urgent: '紧急' };

export interface Party {
  id: string;
  name: string;
}

export interface SourceInfo {
  kind: SourceKind;
  /** e.g. the 批示 text, the higher office's 督办 number, the meeting. */
  note: string;
  /** When started from a 收文 (incoming document): its id and title (the item links back). */
  incomingId: string | null;
  incomingTitle: string | null;
}

export interface DocumentRef {
  name: string;
  /** An incoming/outgoing document id, a file's SM3, or '' for a paper reference. */
  ref: string;
}

export interface ReportCycle {
  kind: CycleKind;
  /** For 'dates': the YYYY-MM-DD report dates. */
  dates: string[];
}

export interface Attachment {
  name: string;
  sha256: string;
  size: number;
}

/** Due times of the automatic work, computed in working days when the deadline is set (schedule.ts). */
export interface DeadlineSchedule {
  /** 到期提醒: N working days before the deadline (null when that is already past). */
  remindAt: string | null;
  /** The deadline passes (end of the deadline day, Asia/Shanghai): automatic 催办. */
  overdueAt: string;
  /** 通报 to the supervising leader after M working days overdue. */
  escalateAt: string;
}

/** One undertaking unit's part of the item, as 交办 recorded it. */
export interface AssignedPart {
  unitId: string;
  unitName: string;
  role: 'lead' | 'co';
  /** Who must 签收 for the unit (recipients.ts receiversOf), recorded here. */
  receiverIds: string[];
  /** The next 阶段反馈 due date (YYYY-MM-DD) and its reminder time, or null (cycle 'once'). */
  nextReportDue: string | null;
  reportRemindAt: string | null;
}

export type SupervisionItemProposed = DomainEvent<
  'SupervisionItemProposed',
  {
    itemId: string;
    processId: string;
    title: string;
    requirements: string;
    source: SourceInfo;
    documents: DocumentRef[];
    supervisingUnit: Party;
    supervisor: Party;
    /** 督办领导: who instructed / supervises; receives 通报. */
    leader: Party;
    lead: Party;
    co: Party[];
    deadline: string;
    cycle: ReportCycle;
    priority: Priority;
    /** Rules of the automatic work: reminder N working days before, 通报 after M working days overdue. */
    remindDays: number;
    escalateDays: number;
    at: string;
  }
>;
export type SupervisionItemEstablished = DomainEvent<
  'SupervisionItemEstablished',
  { itemId: string; processId: string; approverId: string; approverName: string; opinion: string; at: string }
>;
export type SupervisionItemNotEstablished = DomainEvent<
  'SupervisionItemNotEstablished',
  { itemId: string; processId: string; outcome: 'rejected' | 'terminated' | 'cancelled'; actorId: string; opinion: string; at: string }
>;
export type SupervisionItemAssigned = DomainEvent<
  'SupervisionItemAssigned',
  { itemId: string; parts: AssignedPart[]; deadline: string; schedule: DeadlineSchedule; at: string }
>;
export type SupervisionPartSignedFor = DomainEvent<
  'SupervisionPartSignedFor',
  { itemId: string; unitId: string; actorId: string; actorName: string; at: string }
>;
export type SupervisionPartReturned = DomainEvent<
  'SupervisionPartReturned',
  { itemId: string; unitId: string; reason: string; actorId: string; actorName: string; at: string }
>;
export type SupervisionPartReassigned = DomainEvent<
  'SupervisionPartReassigned',
  { itemId: string; fromUnitId: string; part: AssignedPart; actorId: string; actorName: string; at: string }
>;
export type SupervisionPartHandedOver = DomainEvent<
  'SupervisionPartHandedOver',
  {
    itemId: string;
    unitId: string;
    /** 转办 to a department (its 负责人 handles) or a person, or 转为内部任务 ('task'). */
    to: { kind: 'department' | 'person' | 'task'; id: string; name: string };
    handlerIds: string[];
    note: string;
    actorId: string;
    actorName: string;
    at: string;
  }
>;
export type SupervisionProgressReported = DomainEvent<
  'SupervisionProgressReported',
  {
    itemId: string;
    unitId: string;
    reportId: string;
    content: string;
    attachments: Attachment[];
    /** A co-unit's report on its finished part (协办完成). */
    final: boolean;
    actorId: string;
    actorName: string;
    at: string;
    nextReportDue: string | null;
    reportRemindAt: string | null;
  }
>;
export type SupervisionFinalReportSubmitted = DomainEvent<
  'SupervisionFinalReportSubmitted',
  {
    itemId: string;
    reportId: string;
    content: string;
    attachments: Attachment[];
    /** The co-units' part reports it combines. */
    partReportIds: string[];
    actorId: string;
    actorName: string;
    /** Who must 审核 (the supervisor). */
    reviewerIds: string[];
    at: string;
  }
>;
export type SupervisionFinalReportSentBack = DomainEvent<
  'SupervisionFinalReportSentBack',
  { itemId: string; reportId: string; opinion: string; actorId: string; actorName: string; at: string }
>;
export type SupervisionItemClosed = DomainEvent<
  'SupervisionItemClosed',
  {
    itemId: string;
    reportId: string;
    opinion: string;
    actorId: string;
    actorName: string;
    deadline: string;
    onTime: boolean;
    overdueDays: number;
    at: string;
  }
>;
export type SupervisionItemUrged = DomainEvent<
  'SupervisionItemUrged',
  { itemId: string; unitIds: string[]; message: string; recipientIds: string[]; actorId: string; actorName: string; at: string }
>;
export type SupervisionDeadlineReminderSent = DomainEvent<
  'SupervisionDeadlineReminderSent',
  { itemId: string; deadline: string; recipientIds: string[]; at: string }
>;
export type SupervisionReportReminderSent = DomainEvent<
  'SupervisionReportReminderSent',
  { itemId: string; unitId: string; dueDate: string; recipientIds: string[]; at: string }
>;
/** 自动催办: the deadline passed. */
export type SupervisionItemOverdue = DomainEvent<
  'SupervisionItemOverdue',
  { itemId: string; deadline: string; unitIds: string[]; recipientIds: string[]; at: string }
>;
/** 通报: M working days overdue, to the supervising leader. */
export type SupervisionItemEscalated = DomainEvent<
  'SupervisionItemEscalated',
  { itemId: string; deadline: string; leaderId: string; overdueDays: number; at: string }
>;
export type SupervisionExtensionRequested = DomainEvent<
  'SupervisionExtensionRequested',
  {
    itemId: string;
    requestId: string;
    /** The 延期审批 process on the workflow engine (its task goes to reviewerIds). */
    processId: string;
    unitId: string;
    newDeadline: string;
    reason: string;
    /** Who approves: the supervisor who proposed the item. */
    reviewerIds: string[];
    actorId: string;
    actorName: string;
    at: string;
  }
>;
export type SupervisionExtensionDecided = DomainEvent<
  'SupervisionExtensionDecided',
  {
    itemId: string;
    requestId: string;
    approved: boolean;
    opinion: string;
    oldDeadline: string;
    /** The deadline from now on (the old one when refused). */
    deadline: string;
    /** The new due times when approved (the automatic work starts again for the new deadline). */
    schedule: DeadlineSchedule | null;
    /** The 延期审批 process whose end this records; actorId is its approver (or who ended it). */
    processId: string;
    actorId: string;
    actorName: string;
    at: string;
  }
>;

export type SupervisionEvent =
  | SupervisionItemProposed
  | SupervisionItemEstablished
  | SupervisionItemNotEstablished
  | SupervisionItemAssigned
  | SupervisionPartSignedFor
  | SupervisionPartReturned
  | SupervisionPartReassigned
  | SupervisionPartHandedOver
  | SupervisionProgressReported
  | SupervisionFinalReportSubmitted
  | SupervisionFinalReportSentBack
  | SupervisionItemClosed
  | SupervisionItemUrged
  | SupervisionDeadlineReminderSent
  | SupervisionReportReminderSent
  | SupervisionItemOverdue
  | SupervisionItemEscalated
  | SupervisionExtensionRequested
  | SupervisionExtensionDecided;

export const SUPERVISION_EVENT_TYPES = [
  'SupervisionItemProposed',
  'SupervisionItemEstablished',
  'SupervisionItemNotEstablished',
  'SupervisionItemAssigned',
  'SupervisionPartSignedFor',
  'SupervisionPartReturned',
  'SupervisionPartReassigned',
  'SupervisionPartHandedOver',
  'SupervisionProgressReported',
  'SupervisionFinalReportSubmitted',
  'SupervisionFinalReportSentBack',
  'SupervisionItemClosed',
  'SupervisionItemUrged',
  'SupervisionDeadlineReminderSent',
  'SupervisionReportReminderSent',
  'SupervisionItemOverdue',
  'SupervisionItemEscalated',
  'SupervisionExtensionRequested',
  'SupervisionExtensionDecided',
] as const satisfies readonly SupervisionEvent['type'][];

export type SupervisionStatus = 'none' | 'approving' | 'not_established' | 'handling' | 'reviewing' | 'closed';
export const STATUS_LABELS: Record<SupervisionStatus, string> = {
  none: '',
  approving: '立项审批中',
  not_established: '未立项',
  handling: '办理中',
  reviewing: '待审核',
  closed: '已办结',
};

export type ReceiptState = 'pending' | 'signed' | 'returned';
export const RECEIPT_LABELS: Record<ReceiptState, string> = { pending: '待签收', signed: '已签收', returned: '已退回' };

export interface PartState extends AssignedPart {
  receipt: ReceiptState;
  signedAt: string | null;
  returnReason: string | null;
  /** 内部转办 target and the people who handle it. */
  handedTo: { kind: 'department' | 'person' | 'task'; id: string; name: string } | null;
  handlerIds: string[];
  /** A co-unit's part report marking its part done (协办完成). */
  doneReportId: string | null;
  /** The due date a 反馈提醒 was sent for (each due date once). */
  reportRemindedFor: string | null;
  lastManualUrgeAt: string | null;
}

export interface Report {
  reportId: string;
  unitId: string;
  unitName: string;
  kind: 'progress' | 'part_final' | 'final';
  content: string;
  attachments: Attachment[];
  partReportIds: string[];
  actorId: string;
  actorName: string;
  at: string;
}

/** One line of the shared timeline (both sides see it). */
export interface TimelineEntry {
  at: string;
  kind: SupervisionEvent['type'];
  actorId: string;
  actorName: string;
  unitId: string | null;
  text: string;
}

export interface SupervisionState {
  status: SupervisionStatus;
  itemId: string;
  processId: string | null;
  title: string;
  requirements: string;
  source: SourceInfo | null;
  documents: DocumentRef[];
  supervisingUnit: Party | null;
  supervisor: Party | null;
  leader: Party | null;
  cycle: ReportCycle;
  priority: Priority;
  remindDays: number;
  escalateDays: number;
  deadline: string | null;
  /** Earlier deadlines (延期 keeps them). */
  deadlineHistory: { deadline: string; until: string; requestId: string }[];
  schedule: DeadlineSchedule | null;
  parts: PartState[];
  reports: Report[];
  /** The lead unit's 办结报告 under review. */
  pendingFinalReportId: string | null;
  reviewOpinions: { reportId: string; accepted: boolean; opinion: string; actorId: string; actorName: string; at: string }[];
  extension: {
    requestId: string;
    processId: string;
    unitId: string;
    newDeadline: string;
    reason: string;
    reviewerIds: string[];
    actorId: string;
    at: string;
  } | null;
  /** Automatic work done for the current deadline (each once). */
  remindedFor: string | null;
  overdueFor: string | null;
  escalatedFor: string | null;
  urgeCount: number;
  proposedAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  closed: { onTime: boolean; overdueDays: number } | null;
  timeline: TimelineEntry[];
}

export function initialSupervisionState(): SupervisionState {
  return {
    status: 'none',
    itemId: '',
    processId: null,
    title: '',
    requirements: '',
    source: null,
    documents: [],
    supervisingUnit: null,
    supervisor: null,
    leader: null,
    cycle: { kind: 'once', dates: [] },
    priority: 'normal',
    remindDays: 2,
    escalateDays: 3,
    deadline: null,
    deadlineHistory: [],
    schedule: null,
    parts: [],
    reports: [],
    pendingFinalReportId: null,
    reviewOpinions: [],
    extension: null,
    remindedFor: null,
    overdueFor: null,
    escalatedFor: null,
    urgeCount: 0,
    proposedAt: null,
    assignedAt: null,
    closedAt: null,
    closed: null,
    timeline: [],
  };
}

const SYSTEM_NAME = '系统';

function line(
  s: SupervisionState,
  e: SupervisionEvent,
  at: string,
  actorId: string,
  actorName: string,
  unitId: string | null,
  text: string,
) {
  return [...s.timeline, { at, kind: e.type, actorId, actorName, unitId, text }];
}

function mapPart(s: SupervisionState, unitId: string, f: (p: PartState) => PartState): PartState[] {
  return s.parts.map((p) => (p.unitId === unitId ? f(p) : p));
}

function unitName(s: SupervisionState, unitId: string): string {
  return s.parts.find((p) => p.unitId === unitId)?.unitName ?? unitId;
}

function newPart(p: AssignedPart): PartState {
  return {
    ...p,
    receipt: 'pending',
    signedAt: null,
    returnReason: null,
    handedTo: null,
    handlerIds: [],
    doneReportId: null,
    reportRemindedFor: null,
    lastManualUrgeAt: null,
  };
}

export function evolveSupervision(s: SupervisionState, e: SupervisionEvent): SupervisionState {
  switch (e.type) {
    case 'SupervisionItemProposed': {
      const d = e.data;
      return {
        ...s,
        status: 'approving',
        itemId: d.itemId,
        processId: d.processId,
        title: d.title,
        requirements: d.requirements,
        source: d.source,
        documents: d.documents,
        supervisingUnit: d.supervisingUnit,
        supervisor: d.supervisor,
        leader: d.leader,
        cycle: d.cycle,
        priority: d.priority,
        remindDays: d.remindDays,
        escalateDays: d.escalateDays,
        deadline: d.deadline,
        // the units as proposed (receivers are recorded at 交办)
        parts: [d.lead, ...d.co].map((u, i) =>
          newPart({
            unitId: u.id,
            unitName: u.name,
            role: i === 0 ? 'lead' : 'co',
            receiverIds: [],
            nextReportDue: null,
            reportRemindAt: null,
          }),
        ),
        proposedAt: d.at,
        timeline: line(s, e, d.at, d.supervisor.id, d.supervisor.name, d.supervisingUnit.id, `立项申请：${d.title}`),
      };
    }
    case 'SupervisionItemEstablished':
      return {
        ...s,
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.approverId,
          e.data.approverName,
          s.supervisingUnit?.id ?? null,
          `立项审批通过${e.data.opinion ? `：${e.data.opinion}` : ''}`,
        ),
      };
    case 'SupervisionItemNotEstablished':
      return {
        ...s,
        status: 'not_established',
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          '',
          s.supervisingUnit?.id ?? null,
          `立项未通过${e.data.opinion ? `：${e.data.opinion}` : ''}`,
        ),
      };
    case 'SupervisionItemAssigned':
      return {
        ...s,
        status: 'handling',
        deadline: e.data.deadline,
        schedule: e.data.schedule,
        parts: e.data.parts.map(newPart),
        assignedAt: e.data.at,
        timeline: line(
          s,
          e,
          e.data.at,
          s.supervisor?.id ?? '',
          s.supervisor?.name ?? '',
          s.supervisingUnit?.id ?? null,
          `交办：主办 ${e.data.parts
            .filter((p) => p.role === 'lead')
            .map((p) => p.unitName)
            .join('、')}${
            e.data.parts.some((p) => p.role === 'co')
              ? `；协办 ${e.data.parts
                  .filter((p) => p.role === 'co')
                  .map((p) => p.unitName)
                  .join('、')}`
              : ''
          }；办理时限 ${e.data.deadline}`,
        ),
      };
    case 'SupervisionPartSignedFor':
      return {
        ...s,
        parts: mapPart(s, e.data.unitId, (p) => ({ ...p, receipt: 'signed', signedAt: e.data.at, returnReason: null })),
        timeline: line(s, e, e.data.at, e.data.actorId, e.data.actorName, e.data.unitId, `${unitName(s, e.data.unitId)} 签收`),
      };
    case 'SupervisionPartReturned':
      return {
        ...s,
        parts: mapPart(s, e.data.unitId, (p) => ({ ...p, receipt: 'returned', returnReason: e.data.reason })),
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          e.data.unitId,
          `${unitName(s, e.data.unitId)} 退回：${e.data.reason}`,
        ),
      };
    case 'SupervisionPartReassigned':
      return {
        ...s,
        parts: s.parts.map((p) => (p.unitId === e.data.fromUnitId ? newPart(e.data.part) : p)),
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          s.supervisingUnit?.id ?? null,
          `重新交办：${e.data.part.unitName}`,
        ),
      };
    case 'SupervisionPartHandedOver':
      return {
        ...s,
        parts: mapPart(s, e.data.unitId, (p) => ({ ...p, handedTo: e.data.to, handlerIds: e.data.handlerIds })),
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          e.data.unitId,
          `${unitName(s, e.data.unitId)} ${e.data.to.kind === 'task' ? '转为内部任务' : '转办'}：${e.data.to.name}${e.data.note ? `（${e.data.note}）` : ''}`,
        ),
      };
    case 'SupervisionProgressReported': {
      const d = e.data;
      const part = s.parts.find((p) => p.unitId === d.unitId);
      return {
        ...s,
        parts: mapPart(s, d.unitId, (p) => ({
          ...p,
          nextReportDue: d.nextReportDue,
          reportRemindAt: d.reportRemindAt,
          doneReportId: d.final ? d.reportId : p.doneReportId,
        })),
        reports: [
          ...s.reports,
          {
            reportId: d.reportId,
            unitId: d.unitId,
            unitName: part?.unitName ?? d.unitId,
            kind: d.final ? 'part_final' : 'progress',
            content: d.content,
            attachments: d.attachments,
            partReportIds: [],
            actorId: d.actorId,
            actorName: d.actorName,
            at: d.at,
          },
        ],
        timeline: line(
          s,
          e,
          d.at,
          d.actorId,
          d.actorName,
          d.unitId,
          `${part?.unitName ?? d.unitId} ${d.final ? '协办完成报告' : '阶段反馈'}：${d.content}`,
        ),
      };
    }
    case 'SupervisionFinalReportSubmitted': {
      const d = e.data;
      const lead = s.parts.find((p) => p.role === 'lead');
      return {
        ...s,
        status: 'reviewing',
        pendingFinalReportId: d.reportId,
        reports: [
          ...s.reports,
          {
            reportId: d.reportId,
            unitId: lead?.unitId ?? '',
            unitName: lead?.unitName ?? '',
            kind: 'final',
            content: d.content,
            attachments: d.attachments,
            partReportIds: d.partReportIds,
            actorId: d.actorId,
            actorName: d.actorName,
            at: d.at,
          },
        ],
        timeline: line(s, e, d.at, d.actorId, d.actorName, lead?.unitId ?? null, `办结报告：${d.content}`),
      };
    }
    case 'SupervisionFinalReportSentBack':
      return {
        ...s,
        status: 'handling',
        pendingFinalReportId: null,
        reviewOpinions: [
          ...s.reviewOpinions,
          {
            reportId: e.data.reportId,
            accepted: false,
            opinion: e.data.opinion,
            actorId: e.data.actorId,
            actorName: e.data.actorName,
            at: e.data.at,
          },
        ],
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          s.supervisingUnit?.id ?? null,
          `审核不通过，退回补充办理：${e.data.opinion}`,
        ),
      };
    case 'SupervisionItemClosed':
      return {
        ...s,
        status: 'closed',
        pendingFinalReportId: null,
        closedAt: e.data.at,
        closed: { onTime: e.data.onTime, overdueDays: e.data.overdueDays },
        reviewOpinions: [
          ...s.reviewOpinions,
          {
            reportId: e.data.reportId,
            accepted: true,
            opinion: e.data.opinion,
            actorId: e.data.actorId,
            actorName: e.data.actorName,
            at: e.data.at,
          },
        ],
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          s.supervisingUnit?.id ?? null,
          `审核通过，销号${e.data.opinion ? `：${e.data.opinion}` : ''}`,
        ),
      };
    case 'SupervisionItemUrged':
      return {
        ...s,
        urgeCount: s.urgeCount + 1,
        parts: s.parts.map((p) => (e.data.unitIds.includes(p.unitId) ? { ...p, lastManualUrgeAt: e.data.at } : p)),
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          s.supervisingUnit?.id ?? null,
          `催办 ${e.data.unitIds.map((u) => unitName(s, u)).join('、')}：${e.data.message}`,
        ),
      };
    case 'SupervisionDeadlineReminderSent':
      return {
        ...s,
        remindedFor: e.data.deadline,
        timeline: line(s, e, e.data.at, 'system', SYSTEM_NAME, null, `到期提醒：办理时限 ${e.data.deadline}`),
      };
    case 'SupervisionReportReminderSent':
      return {
        ...s,
        parts: mapPart(s, e.data.unitId, (p) => ({ ...p, reportRemindedFor: e.data.dueDate })),
        timeline: line(
          s,
          e,
          e.data.at,
          'system',
          SYSTEM_NAME,
          e.data.unitId,
          `反馈提醒：${unitName(s, e.data.unitId)} 应于 ${e.data.dueDate} 前反馈进展`,
        ),
      };
    case 'SupervisionItemOverdue':
      return {
        ...s,
        urgeCount: s.urgeCount + 1,
        overdueFor: e.data.deadline,
        timeline: line(s, e, e.data.at, 'system', SYSTEM_NAME, null, `自动催办：已超过办理时限 ${e.data.deadline}`),
      };
    case 'SupervisionItemEscalated':
      return {
        ...s,
        escalatedFor: e.data.deadline,
        timeline: line(
          s,
          e,
          e.data.at,
          'system',
          SYSTEM_NAME,
          null,
          `通报：超期 ${e.data.overdueDays} 个工作日，已报督办领导 ${s.leader?.name ?? ''}`,
        ),
      };
    case 'SupervisionExtensionRequested':
      return {
        ...s,
        extension: {
          requestId: e.data.requestId,
          processId: e.data.processId,
          unitId: e.data.unitId,
          newDeadline: e.data.newDeadline,
          reviewerIds: e.data.reviewerIds,
          reason: e.data.reason,
          actorId: e.data.actorId,
          at: e.data.at,
        },
        timeline: line(
          s,
          e,
          e.data.at,
          e.data.actorId,
          e.data.actorName,
          e.data.unitId,
          `申请延期至 ${e.data.newDeadline}：${e.data.reason}`,
        ),
      };
    case 'SupervisionExtensionDecided': {
      const d = e.data;
      const approved = d.approved;
      return {
        ...s,
        extension: null,
        deadline: d.deadline,
        schedule: approved ? d.schedule : s.schedule,
        deadlineHistory: approved
          ? [...s.deadlineHistory, { deadline: d.oldDeadline, until: d.at, requestId: d.requestId }]
          : s.deadlineHistory,
        timeline: line(
          s,
          e,
          d.at,
          d.actorId,
          d.actorName,
          s.supervisingUnit?.id ?? null,
          approved
            ? `同意延期：办理时限 ${d.oldDeadline} → ${d.deadline}${d.opinion ? `（${d.opinion}）` : ''}`
            : `不同意延期：${d.opinion}`,
        ),
      };
    }
    default:
      return assertNever(e);
  }
}

export const leadPart = (s: SupervisionState): PartState | undefined => s.parts.find((p) => p.role === 'lead');
