/**
 * SupervisionItem decider (督办事项). Pure: the command side passes names, org facts (who may sign for
 * a unit), the working-day calendar and `metadata.now`. `decideSupervision` only dispatches.
 *
 * Rules enforced here
 *  S1 proposeItem: title, requirements, a lead unit not among the co-units, a deadline not before today,
 *     a 收文 source names its document, report dates (cycle 'dates') within the deadline; once only.
 *  S2 recordEstablishment: the outcome of this item's 立项 process; approved → 立项通过 and 交办 in one
 *     decision (receivers per unit from recipients.ts, due times from schedule.ts); an outcome already
 *     recorded is ignored, another process's is refused.
 *  S3 signForPart / returnPart: only the unit's recorded receivers, only while 待签收; 退回 needs a reason.
 *  S4 reassignPart: the supervising unit re-交办s a returned part to another (or the same) unit.
 *  S5 handOverPart / reportProgress: a member of the undertaking unit, after its 签收, while 办理中; a
 *     co-unit's `final` report marks its part done; the lead unit uses the 办结报告.
 *  S6 submitFinalReport: the lead unit, every part signed for, every co-unit's part done.
 *  S7 reviewFinalReport: the supervising unit; accept → 销号 (on time or how many working days late);
 *     refuse → back to 办理中 with the opinion (required).
 *  S8 urgeItem: the supervising unit, 办理中/待审核, a message; at most once per unit in 24 hours.
 *  S9 requestExtension: the lead unit, one pending at a time, a later deadline and a reason; the approver
 *     is the supervisor who proposed the item (recorded as reviewerIds; the 延期审批 process goes to them);
 *     decideExtension: the outcome of that process (extension.reactor.ts); approved → the new deadline
 *     from then on (the old one kept); an outcome of any other process, or one already recorded, is ignored.
 *  S10 checkDeadlines (system, scheduled work): 到期提醒, 反馈提醒, 自动催办 and 通报 each at most once
 *     for the current deadline (or report due date), only when its time has come and the item is open.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { localDateOf, workingDayRule, type WorkingCalendar } from '../workflow';
import {
  CYCLE_KINDS,
  PRIORITIES,
  SOURCE_KINDS,
  evolveSupervision,
  initialSupervisionState,
  leadPart,
  type AssignedPart,
  type Attachment,
  type DocumentRef,
  type Party,
  type Priority,
  type ReportCycle,
  type SourceInfo,
  type SupervisionEvent,
  type SupervisionState,
} from './item.events';
import { handlersOf, receiversOf, urgeRecipients, type UnitUserFact } from './recipients';
import { deadlineSchedule, nextReportDue, overdueWorkingDays, reportRemindAt } from './schedule';

/** Org facts of one undertaking unit, for 签收 (recipients.ts). */
export interface UnitFacts {
  users: UnitUserFact[];
  leaderId: string | null;
}

export type ProposeItem = Command<
  'ProposeItem',
  {
    itemId: string;
    processId: string;
    title: string;
    requirements: string;
    source: SourceInfo;
    documents: DocumentRef[];
    supervisingUnit: Party;
    supervisorName: string;
    leader: Party;
    lead: Party;
    co: Party[];
    deadline: string;
    cycle: ReportCycle;
    priority: Priority;
    remindDays?: number;
    escalateDays?: number;
  }
>;
export type RecordEstablishment = Command<
  'RecordEstablishment',
  {
    processId: string;
    outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    /** The approver's name (looked up by the command side). */
    actorName?: string;
    opinion: string;
    at: string;
    /** Org facts per undertaking unit id. */
    units: Record<string, UnitFacts>;
    calendar: WorkingCalendar;
  }
>;
export type SignForPart = Command<'SignForPart', { unitId: string; actorName: string }>;
export type ReturnPart = Command<'ReturnPart', { unitId: string; reason: string; actorName: string }>;
export type ReassignPart = Command<
  'ReassignPart',
  { fromUnitId: string; unit: Party; facts: UnitFacts; actorName: string; calendar: WorkingCalendar }
>;
export type HandOverPart = Command<
  'HandOverPart',
  {
    unitId: string;
    to: { kind: 'department' | 'person' | 'task'; id: string; name: string; leaderUserId?: string | null };
    note: string;
    actorName: string;
  }
>;
export type ReportProgress = Command<
  'ReportProgress',
  {
    unitId: string;
    reportId: string;
    content: string;
    attachments: Attachment[];
    final: boolean;
    actorName: string;
    calendar: WorkingCalendar;
  }
>;
export type SubmitFinalReport = Command<
  'SubmitFinalReport',
  { reportId: string; content: string; attachments: Attachment[]; actorName: string }
>;
export type ReviewFinalReport = Command<
  'ReviewFinalReport',
  { accept: boolean; opinion: string; actorName: string; calendar: WorkingCalendar }
>;
export type UrgeItem = Command<'UrgeItem', { unitIds: string[]; message: string; actorName: string }>;
/** `processId`: the 延期审批 process (workflow engine) the command side starts for this request. */
export type RequestExtension = Command<
  'RequestExtension',
  { requestId: string; processId: string; newDeadline: string; reason: string; actorName: string }
>;
/** The extension reactor's command: the 延期审批 process ended (approved, or refused / ended). */
export type DecideExtension = Command<
  'DecideExtension',
  { processId: string; approve: boolean; opinion: string; actorId: string; actorName: string; calendar: WorkingCalendar }
>;
export type CheckSupervisionDeadlines = Command<'CheckSupervisionDeadlines', { calendar: WorkingCalendar }>;

export type SupervisionCommand =
  | ProposeItem
  | RecordEstablishment
  | SignForPart
  | ReturnPart
  | ReassignPart
  | HandOverPart
  | ReportProgress
  | SubmitFinalReport
  | ReviewFinalReport
  | UrgeItem
  | RequestExtension
  | DecideExtension
  | CheckSupervisionDeadlines;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const URGE_INTERVAL_MS = 24 * 3600_000;

const E = {
  notFound: () => new DomainError('not_found', 'supervision.not_found', '督办事项不存在'),
  stage: (msg: string) => new DomainError('rule', 'supervision.wrong_stage', msg),
  invalid: (code: string, msg: string, field: string) => new DomainError('invalid', code, msg, field),
  forbidden: (code: string, msg: string) => new DomainError('forbidden', code, msg),
};

function requireExists(s: SupervisionState): void {
  if (s.status === 'none') throw E.notFound();
}
function requireHandling(s: SupervisionState, what: string): void {
  requireExists(s);
  if (s.status !== 'handling') throw E.stage(`${STAGE_TEXT[s.status]}，不能${what}`);
}
const STAGE_TEXT: Record<SupervisionState['status'], string> = {
  none: '督办事项不存在',
  approving: '该事项尚在立项审批中',
  not_established: '该事项未立项',
  handling: '该事项正在办理',
  reviewing: '办结报告正在审核',
  closed: '该事项已办结销号',
};
function requireSupervisor(s: SupervisionState, cmd: { metadata: { unitId?: string | null } }): void {
  if (!s.supervisingUnit || cmd.metadata.unitId !== s.supervisingUnit.id)
    throw E.forbidden('supervision.not_supervisor', '只有督办单位可以进行此操作');
}
function requireMember(s: SupervisionState, unitId: string, cmd: { metadata: { unitId?: string | null } }) {
  const part = s.parts.find((p) => p.unitId === unitId);
  if (!part) throw E.invalid('supervision.not_a_part', '该单位不是本事项的承办单位', 'unitId');
  if (cmd.metadata.unitId !== unitId) throw E.forbidden('supervision.not_member', '只有承办单位的人员可以进行此操作');
  return part;
}
const text = (v: string | undefined, max: number) => (v ?? '').trim().slice(0, max);

export function decideSupervision(cmd: SupervisionCommand, s: SupervisionState): SupervisionEvent[] {
  switch (cmd.type) {
    case 'ProposeItem':
      return proposeItem(cmd, s);
    case 'RecordEstablishment':
      return recordEstablishment(cmd, s);
    case 'SignForPart':
      return signForPart(cmd, s);
    case 'ReturnPart':
      return returnPart(cmd, s);
    case 'ReassignPart':
      return reassignPart(cmd, s);
    case 'HandOverPart':
      return handOverPart(cmd, s);
    case 'ReportProgress':
      return reportProgress(cmd, s);
    case 'SubmitFinalReport':
      return submitFinalReport(cmd, s);
    case 'ReviewFinalReport':
      return reviewFinalReport(cmd, s);
    case 'UrgeItem':
      return urgeItem(cmd, s);
    case 'RequestExtension':
      return requestExtension(cmd, s);
    case 'DecideExtension':
      return decideExtension(cmd, s);
    case 'CheckSupervisionDeadlines':
      return checkDeadlines(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export function proposeItem(cmd: ProposeItem, s: SupervisionState): SupervisionEvent[] {
  if (s.status !== 'none') return []; // proposed already (a retried request)
  const d = cmd.data;
  const today = localDateOf(Date.parse(cmd.metadata.now));
  const title = text(d.title, 200);
  if (!title) throw E.invalid('supervision.title_required', '请填写督办事项标题', 'title');
  const requirements = text(d.requirements, 5000);
  if (!requirements) throw E.invalid('supervision.requirements_required', '请填写督办要求', 'requirements');
  if (!(SOURCE_KINDS as readonly string[]).includes(d.source.kind))
    throw E.invalid('supervision.bad_source', '督办来源不正确', 'source.kind');
  if (d.source.kind === 'incoming' && !d.source.incomingId)
    throw E.invalid('supervision.incoming_required', '来源为收文时须关联收文', 'source.incomingId');
  if (!DATE.test(d.deadline)) throw E.invalid('supervision.bad_deadline', '办理时限须为 YYYY-MM-DD', 'deadline');
  if (d.deadline < today) throw E.invalid('supervision.deadline_past', '办理时限不能早于今天', 'deadline');
  if (!(CYCLE_KINDS as readonly string[]).includes(d.cycle.kind)) throw E.invalid('supervision.bad_cycle', '反馈周期不正确', 'cycle.kind');
  if (d.cycle.kind === 'dates') {
    if (d.cycle.dates.length === 0) throw E.invalid('supervision.dates_required', '按日期反馈须至少指定一个反馈日期', 'cycle.dates');
    d.cycle.dates.forEach((x, i) => {
      if (!DATE.test(x) || x < today || x > d.deadline)
        throw E.invalid('supervision.bad_report_date', '反馈日期须在今天与办理时限之间', `cycle.dates[${i}]`);
    });
  }
  if (!(PRIORITIES as readonly string[]).includes(d.priority)) throw E.invalid('supervision.bad_priority', '优先级不正确', 'priority');
  const coIds = d.co.map((c) => c.id);
  coIds.forEach((c, i) => {
    if (c === d.lead.id) throw E.invalid('supervision.lead_in_co', '主办单位不能同时为协办单位', `coUnitIds[${i}]`);
    if (coIds.indexOf(c) !== i) throw E.invalid('supervision.duplicate_co', '协办单位重复', `coUnitIds[${i}]`);
  });
  const remindDays = d.remindDays ?? 2;
  const escalateDays = d.escalateDays ?? 3;
  if (!Number.isInteger(remindDays) || remindDays < 0 || remindDays > 30)
    throw E.invalid('supervision.bad_remind_days', '提前提醒天数须为 0–30 的整数', 'remindDays');
  if (!Number.isInteger(escalateDays) || escalateDays < 1 || escalateDays > 60)
    throw E.invalid('supervision.bad_escalate_days', '超期通报天数须为 1–60 的整数', 'escalateDays');
  return [
    {
      type: 'SupervisionItemProposed',
      data: {
        itemId: d.itemId,
        processId: d.processId,
        title,
        requirements,
        source: { ...d.source, note: text(d.source.note, 2000) },
        documents: d.documents,
        supervisingUnit: d.supervisingUnit,
        supervisor: { id: cmd.metadata.actorId, name: d.supervisorName },
        leader: d.leader,
        lead: d.lead,
        co: d.co,
        deadline: d.deadline,
        cycle: d.cycle.kind === 'dates' ? { kind: 'dates', dates: [...d.cycle.dates].sort() } : { kind: d.cycle.kind, dates: [] },
        priority: d.priority,
        remindDays,
        escalateDays,
        at: cmd.metadata.now,
      },
    },
  ];
}

function assignedPart(
  s: SupervisionState,
  unit: Party,
  role: 'lead' | 'co',
  facts: UnitFacts | undefined,
  at: string,
  rule: ReturnType<typeof workingDayRule>,
  field: string,
): AssignedPart {
  const due = nextReportDue(s.cycle, at, s.deadline!);
  return {
    unitId: unit.id,
    unitName: unit.name,
    role,
    receiverIds: receiversOf(unit.id, facts?.users ?? [], facts?.leaderId ?? null, field),
    nextReportDue: due,
    reportRemindAt: reportRemindAt(due, s.remindDays, rule),
  };
}

export function recordEstablishment(cmd: RecordEstablishment, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  const d = cmd.data;
  if (d.processId !== s.processId) throw E.stage('该流程不是本事项的立项流程');
  if (s.status !== 'approving') return []; // recorded already
  if (d.outcome !== 'approved')
    return [
      {
        type: 'SupervisionItemNotEstablished',
        data: { itemId: s.itemId, processId: d.processId, outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
      },
    ];
  const rule = workingDayRule(d.calendar);
  const parts = s.parts.map((p, i) =>
    assignedPart(s, { id: p.unitId, name: p.unitName }, p.role, d.units[p.unitId], d.at, rule, `parts[${i}]`),
  );
  return [
    {
      type: 'SupervisionItemEstablished',
      data: {
        itemId: s.itemId,
        processId: d.processId,
        approverId: d.actorId,
        approverName: d.actorName ?? '',
        opinion: d.opinion,
        at: d.at,
      },
    },
    {
      type: 'SupervisionItemAssigned',
      data: {
        itemId: s.itemId,
        parts,
        deadline: s.deadline!,
        schedule: deadlineSchedule(s.deadline!, s.remindDays, s.escalateDays, rule),
        at: d.at,
      },
    },
  ];
}

export function signForPart(cmd: SignForPart, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  const part = s.parts.find((p) => p.unitId === cmd.data.unitId);
  if (!part) throw E.invalid('supervision.not_a_part', '该单位不是本事项的承办单位', 'unitId');
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  if (!part.receiverIds.includes(me)) throw E.forbidden('supervision.not_receiver', '只有承办单位的签收人可以签收');
  if (part.receipt === 'signed') return [];
  if (s.status !== 'handling' && s.status !== 'reviewing') throw E.stage(`${STAGE_TEXT[s.status]}，不能签收`);
  if (part.receipt !== 'pending') throw E.stage('该单位已退回，等待重新交办');
  return [
    {
      type: 'SupervisionPartSignedFor',
      data: { itemId: s.itemId, unitId: part.unitId, actorId: me, actorName: cmd.data.actorName, at: cmd.metadata.now },
    },
  ];
}

export function returnPart(cmd: ReturnPart, s: SupervisionState): SupervisionEvent[] {
  requireHandling(s, '退回');
  const part = s.parts.find((p) => p.unitId === cmd.data.unitId);
  if (!part) throw E.invalid('supervision.not_a_part', '该单位不是本事项的承办单位', 'unitId');
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  if (!part.receiverIds.includes(me)) throw E.forbidden('supervision.not_receiver', '只有承办单位的签收人可以退回');
  if (part.receipt !== 'pending') throw E.stage(part.receipt === 'signed' ? '该单位已签收，不能退回' : '该单位已退回');
  const reason = text(cmd.data.reason, 1000);
  if (!reason) throw E.invalid('supervision.reason_required', '请填写退回理由', 'reason');
  return [
    {
      type: 'SupervisionPartReturned',
      data: { itemId: s.itemId, unitId: part.unitId, reason, actorId: me, actorName: cmd.data.actorName, at: cmd.metadata.now },
    },
  ];
}

export function reassignPart(cmd: ReassignPart, s: SupervisionState): SupervisionEvent[] {
  requireHandling(s, '重新交办');
  requireSupervisor(s, cmd);
  const d = cmd.data;
  const part = s.parts.find((p) => p.unitId === d.fromUnitId);
  if (!part) throw E.invalid('supervision.not_a_part', '该单位不是本事项的承办单位', 'fromUnitId');
  if (part.receipt !== 'returned') throw E.stage('只有已退回的单位可以重新交办');
  if (d.unit.id !== d.fromUnitId && s.parts.some((p) => p.unitId === d.unit.id))
    throw E.invalid('supervision.already_a_part', '该单位已是本事项的承办单位', 'unitId');
  const rule = workingDayRule(d.calendar);
  const next = assignedPart(s, d.unit, part.role, d.facts, cmd.metadata.now, rule, 'unitId');
  return [
    {
      type: 'SupervisionPartReassigned',
      data: {
        itemId: s.itemId,
        fromUnitId: d.fromUnitId,
        part: next,
        actorId: cmd.metadata.actorId,
        actorName: d.actorName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function handOverPart(cmd: HandOverPart, s: SupervisionState): SupervisionEvent[] {
  requireHandling(s, '转办');
  const part = requireMember(s, cmd.data.unitId, cmd);
  if (part.receipt !== 'signed') throw E.stage('请先签收再转办');
  const to = cmd.data.to;
  if (!to.id || !to.name) throw E.invalid('supervision.to_required', '请选择转办对象', 'to.id');
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  return [
    {
      type: 'SupervisionPartHandedOver',
      data: {
        itemId: s.itemId,
        unitId: part.unitId,
        to: { kind: to.kind, id: to.id, name: to.name },
        handlerIds: handlersOf(to, me),
        note: text(cmd.data.note, 1000),
        actorId: me,
        actorName: cmd.data.actorName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function reportProgress(cmd: ReportProgress, s: SupervisionState): SupervisionEvent[] {
  requireHandling(s, '反馈进展');
  const d = cmd.data;
  const part = requireMember(s, d.unitId, cmd);
  if (part.receipt !== 'signed') throw E.stage('请先签收再反馈');
  if (s.reports.some((r) => r.reportId === d.reportId)) return [];
  const content = text(d.content, 5000);
  if (!content) throw E.invalid('supervision.content_required', '请填写反馈内容', 'content');
  if (d.final && part.role === 'lead') throw E.invalid('supervision.lead_uses_final', '主办单位请提交办结报告', 'final');
  if (d.final && part.doneReportId) throw E.stage('本单位的协办工作已报完成');
  const rule = workingDayRule(d.calendar);
  const due = d.final ? null : nextReportDue(s.cycle, cmd.metadata.now, s.deadline!);
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  return [
    {
      type: 'SupervisionProgressReported',
      data: {
        itemId: s.itemId,
        unitId: part.unitId,
        reportId: d.reportId,
        content,
        attachments: d.attachments,
        final: d.final,
        actorId: me,
        actorName: d.actorName,
        at: cmd.metadata.now,
        nextReportDue: due,
        reportRemindAt: reportRemindAt(due, s.remindDays, rule),
      },
    },
  ];
}

export function submitFinalReport(cmd: SubmitFinalReport, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  if (s.reports.some((r) => r.reportId === cmd.data.reportId)) return [];
  requireHandling(s, '提交办结报告');
  const lead = leadPart(s)!;
  requireMember(s, lead.unitId, cmd);
  const unsigned = s.parts.filter((p) => p.receipt !== 'signed');
  if (unsigned.length > 0) throw E.stage(`${unsigned.map((p) => p.unitName).join('、')} 尚未签收`);
  const open = s.parts.filter((p) => p.role === 'co' && !p.doneReportId);
  if (open.length > 0) throw E.stage(`协办单位 ${open.map((p) => p.unitName).join('、')} 尚未报送完成情况`);
  const content = text(cmd.data.content, 10000);
  if (!content) throw E.invalid('supervision.content_required', '请填写办结报告', 'content');
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  return [
    {
      type: 'SupervisionFinalReportSubmitted',
      data: {
        itemId: s.itemId,
        reportId: cmd.data.reportId,
        content,
        attachments: cmd.data.attachments,
        partReportIds: s.parts.filter((p) => p.role === 'co').map((p) => p.doneReportId!),
        actorId: me,
        actorName: cmd.data.actorName,
        reviewerIds: s.supervisor ? [s.supervisor.id] : [],
        at: cmd.metadata.now,
      },
    },
  ];
}

export function reviewFinalReport(cmd: ReviewFinalReport, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  if (s.status !== 'reviewing') throw E.stage(`${STAGE_TEXT[s.status]}，没有待审核的办结报告`);
  requireSupervisor(s, cmd);
  const d = cmd.data;
  const opinion = text(d.opinion, 2000);
  const reportId = s.pendingFinalReportId!;
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  if (!d.accept) {
    if (!opinion) throw E.invalid('supervision.opinion_required', '退回补充办理须填写审核意见', 'opinion');
    return [
      {
        type: 'SupervisionFinalReportSentBack',
        data: { itemId: s.itemId, reportId, opinion, actorId: me, actorName: d.actorName, at: cmd.metadata.now },
      },
    ];
  }
  const report = s.reports.find((r) => r.reportId === reportId)!;
  const overdueDays = overdueWorkingDays(s.deadline!, report.at, workingDayRule(d.calendar));
  return [
    {
      type: 'SupervisionItemClosed',
      data: {
        itemId: s.itemId,
        reportId,
        opinion,
        actorId: me,
        actorName: d.actorName,
        deadline: s.deadline!,
        onTime: overdueDays === 0,
        overdueDays,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function urgeItem(cmd: UrgeItem, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  if (s.status !== 'handling' && s.status !== 'reviewing') throw E.stage(`${STAGE_TEXT[s.status]}，不能催办`);
  requireSupervisor(s, cmd);
  const message = text(cmd.data.message, 500);
  if (!message) throw E.invalid('supervision.message_required', '请填写催办内容', 'message');
  const ids = cmd.data.unitIds.length > 0 ? cmd.data.unitIds : s.parts.map((p) => p.unitId);
  const parts = ids.map((id, i) => {
    const p = s.parts.find((x) => x.unitId === id);
    if (!p) throw E.invalid('supervision.not_a_part', '该单位不是本事项的承办单位', `unitIds[${i}]`);
    return p;
  });
  const now = Date.parse(cmd.metadata.now);
  const recent = parts.find((p) => p.lastManualUrgeAt && now - Date.parse(p.lastManualUrgeAt) < URGE_INTERVAL_MS);
  if (recent) throw new DomainError('rule', 'supervision.urge_too_often', `24 小时内已催办过 ${recent.unitName}，请勿频繁催办`, 'unitIds');
  return [
    {
      type: 'SupervisionItemUrged',
      data: {
        itemId: s.itemId,
        unitIds: parts.map((p) => p.unitId),
        message,
        recipientIds: urgeRecipients(parts),
        actorId: cmd.metadata.onBehalfOf ?? cmd.metadata.actorId,
        actorName: cmd.data.actorName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function requestExtension(cmd: RequestExtension, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  if (s.extension?.requestId === cmd.data.requestId) return [];
  requireHandling(s, '申请延期');
  const lead = leadPart(s)!;
  requireMember(s, lead.unitId, cmd);
  if (s.extension) throw E.stage('已有待审批的延期申请');
  const d = cmd.data;
  if (!DATE.test(d.newDeadline)) throw E.invalid('supervision.bad_deadline', '新的办理时限须为 YYYY-MM-DD', 'newDeadline');
  if (d.newDeadline <= s.deadline!) throw E.invalid('supervision.not_later', `新的办理时限须晚于 ${s.deadline}`, 'newDeadline');
  const reason = text(d.reason, 1000);
  if (!reason) throw E.invalid('supervision.reason_required', '请填写延期理由', 'reason');
  if (!s.supervisor) throw E.stage('该事项没有督办人，不能申请延期');
  return [
    {
      type: 'SupervisionExtensionRequested',
      data: {
        itemId: s.itemId,
        requestId: d.requestId,
        processId: d.processId,
        unitId: lead.unitId,
        newDeadline: d.newDeadline,
        reason,
        reviewerIds: [s.supervisor.id],
        actorId: cmd.metadata.onBehalfOf ?? cmd.metadata.actorId,
        actorName: d.actorName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function decideExtension(cmd: DecideExtension, s: SupervisionState): SupervisionEvent[] {
  requireExists(s);
  const d = cmd.data;
  // only the pending request's own process decides it; a replayed or stale outcome records nothing
  if (!s.extension || s.extension.processId !== d.processId) return [];
  const opinion = text(d.opinion, 1000) || (d.approve ? '' : '不同意延期');
  const x = s.extension;
  const deadline = d.approve ? x.newDeadline : s.deadline!;
  return [
    {
      type: 'SupervisionExtensionDecided',
      data: {
        itemId: s.itemId,
        requestId: x.requestId,
        approved: d.approve,
        opinion,
        oldDeadline: s.deadline!,
        deadline,
        schedule: d.approve ? deadlineSchedule(deadline, s.remindDays, s.escalateDays, workingDayRule(d.calendar)) : null,
        processId: d.processId,
        actorId: d.actorId,
        actorName: d.actorName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function checkDeadlines(cmd: CheckSupervisionDeadlines, s: SupervisionState): SupervisionEvent[] {
  if (s.status !== 'handling' && s.status !== 'reviewing') return [];
  if (!s.deadline || !s.schedule) return [];
  const now = cmd.metadata.now;
  const at = Date.parse(now);
  const out: SupervisionEvent[] = [];
  const dl = s.deadline;
  const sc = s.schedule;
  const recipients = urgeRecipients(s.parts.filter((p) => p.receipt !== 'returned'));
  const handling = s.status === 'handling';
  if (handling && at >= Date.parse(sc.overdueAt)) {
    if (s.overdueFor !== dl)
      out.push({
        type: 'SupervisionItemOverdue',
        data: { itemId: s.itemId, deadline: dl, unitIds: s.parts.map((p) => p.unitId), recipientIds: recipients, at: now },
      });
    if (at >= Date.parse(sc.escalateAt) && s.escalatedFor !== dl && s.leader)
      out.push({
        type: 'SupervisionItemEscalated',
        data: {
          itemId: s.itemId,
          deadline: dl,
          leaderId: s.leader.id,
          overdueDays: overdueWorkingDays(dl, now, workingDayRule(cmd.data.calendar)),
          at: now,
        },
      });
  } else if (handling && sc.remindAt && at >= Date.parse(sc.remindAt) && s.remindedFor !== dl) {
    out.push({ type: 'SupervisionDeadlineReminderSent', data: { itemId: s.itemId, deadline: dl, recipientIds: recipients, at: now } });
  }
  if (handling)
    for (const p of s.parts) {
      if (p.receipt === 'returned' || !p.nextReportDue || !p.reportRemindAt || p.doneReportId) continue;
      if (at < Date.parse(p.reportRemindAt) || p.reportRemindedFor === p.nextReportDue) continue;
      out.push({
        type: 'SupervisionReportReminderSent',
        data: { itemId: s.itemId, unitId: p.unitId, dueDate: p.nextReportDue, recipientIds: urgeRecipients([p]), at: now },
      });
    }
  return out;
}

export const supervisionDecider: Decider<SupervisionCommand, SupervisionEvent, SupervisionState> = {
  initialState: initialSupervisionState,
  decide: decideSupervision,
  evolve: evolveSupervision,
};
