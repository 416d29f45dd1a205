/**
 * 政务信息 (GovInfoReport): a unit submits an information report upward to a receiving office, optionally
 * answering a 约稿 (call for submissions); the office reviews it, may edit it, and 采用 it at one or more
 * levels (区级采用 → 市级采用 → 领导批示) or 不予采用 with a reason. Stream `govinfo-report-<id>`.
 *
 * Rules
 *   G1 报送: a title (≤ 80) and a body (≤ 20,000); the submitting unit is the submitter's; the receiving
 *      unit is the call's when answering one (a closed or past-deadline call is refused), else the one chosen.
 *      Points for submitting are fixed at that moment from the office's rules and recorded in the event.
 *   G2 Only a reviewer of the receiving unit (govinfo.review reaching it, passed in as `asReviewer`) edits,
 *      adopts or rejects. Editing keeps the submitted text in the history (the event has the new text).
 *   G3 采用 levels are district, city, endorsed; each level is recorded once, in any order, each with the
 *      points the rules give it then; a rejected report cannot be adopted, an adopted one cannot be rejected.
 *   G4 不予采用 needs a reason.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { PointsRules } from './rules';

export const reportStreamId = (id: string) => `govinfo-report-${id}`;

export const ADOPTION_LEVELS = ['district', 'city', 'endorsed'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];
export const ADOPTION_LABELS: Record<AdoptionLevel, string> = { district: '区级采用', city: '市级采用', endorsed: '领导批示' };

export type GovInfoSubmitted = DomainEvent<
  'GovInfoSubmitted',
  {
    reportId: string;
    title: string;
    body: string;
    unitId: string;
    submitterId: string;
    submitterName: string;
    receiverUnitId: string;
    callId: string | null;
    points: number;
    at: string;
  }
>;
export type GovInfoEdited = DomainEvent<'GovInfoEdited', { reportId: string; title: string; body: string; editorId: string; at: string }>;
export type GovInfoAdopted = DomainEvent<
  'GovInfoAdopted',
  {
    reportId: string;
    unitId: string;
    level: AdoptionLevel;
    note: string;
    points: number;
    reviewerId: string;
    reviewerName: string;
    at: string;
  }
>;
export type GovInfoRejected = DomainEvent<
  'GovInfoRejected',
  { reportId: string; reason: string; reviewerId: string; reviewerName: string; at: string }
>;

export type GovInfoReportEvent = GovInfoSubmitted | GovInfoEdited | GovInfoAdopted | GovInfoRejected;
export const GOVINFO_REPORT_EVENT_TYPES = [
  'GovInfoSubmitted',
  'GovInfoEdited',
  'GovInfoAdopted',
  'GovInfoRejected',
] as const satisfies readonly GovInfoReportEvent['type'][];

export interface CallFacts {
  callId: string;
  unitId: string;
  deadline: string;
  open: boolean;
}

export type SubmitGovInfo = Command<
  'SubmitGovInfo',
  {
    reportId: string;
    title: string;
    body: string;
    unitId: string;
    submitterName: string;
    receiverUnitId: string;
    call: CallFacts | null;
    rules: PointsRules;
  }
>;
export type EditGovInfo = Command<'EditGovInfo', { title: string; body: string; asReviewer: boolean }>;
export type AdoptGovInfo = Command<
  'AdoptGovInfo',
  { level: AdoptionLevel; note: string; reviewerName: string; asReviewer: boolean; rules: PointsRules }
>;
export type RejectGovInfo = Command<'RejectGovInfo', { reason: string; reviewerName: string; asReviewer: boolean }>;
export type GovInfoReportCommand = SubmitGovInfo | EditGovInfo | AdoptGovInfo | RejectGovInfo;

export interface GovInfoReportState {
  status: 'none' | 'submitted' | 'adopted' | 'rejected';
  reportId: string;
  title: string;
  body: string;
  unitId: string;
  submitterId: string;
  submitterName: string;
  receiverUnitId: string;
  callId: string | null;
  submittedAt: string | null;
  levels: { level: AdoptionLevel; note: string; points: number; reviewerName: string; at: string }[];
  rejection: { reason: string; reviewerName: string; at: string } | null;
  points: number;
  edits: number;
}

export const initialReportState = (): GovInfoReportState => ({
  status: 'none',
  reportId: '',
  title: '',
  body: '',
  unitId: '',
  submitterId: '',
  submitterName: '',
  receiverUnitId: '',
  callId: null,
  submittedAt: null,
  levels: [],
  rejection: null,
  points: 0,
  edits: 0,
});

export function evolveReport(s: GovInfoReportState, e: GovInfoReportEvent): GovInfoReportState {
  switch (e.type) {
    case 'GovInfoSubmitted': {
      const d = e.data;
      return {
        ...s,
        status: 'submitted',
        reportId: d.reportId,
        title: d.title,
        body: d.body,
        unitId: d.unitId,
        submitterId: d.submitterId,
        submitterName: d.submitterName,
        receiverUnitId: d.receiverUnitId,
        callId: d.callId,
        submittedAt: d.at,
        points: d.points,
      };
    }
    case 'GovInfoEdited':
      return { ...s, title: e.data.title, body: e.data.body, edits: s.edits + 1 };
    case 'GovInfoAdopted': {
      const d = e.data;
      return {
        ...s,
        status: 'adopted',
        levels: [...s.levels, { level: d.level, note: d.note, points: d.points, reviewerName: d.reviewerName, at: d.at }],
        points: s.points + d.points,
      };
    }
    case 'GovInfoRejected':
      return { ...s, status: 'rejected', rejection: { reason: e.data.reason, reviewerName: e.data.reviewerName, at: e.data.at } };
    default:
      return assertNever(e);
  }
}

const actor = (c: Command) => c.metadata.onBehalfOf ?? c.metadata.actorId;

function checkText(title: string, body: string): { title: string; body: string } {
  const t = (title ?? '').trim();
  if (!t) throw new DomainError('invalid', 'govinfo.title_required', '请填写标题', 'title');
  if (t.length > 80) throw new DomainError('invalid', 'govinfo.title_too_long', '标题不能超过 80 个字', 'title');
  if (!(body ?? '').trim()) throw new DomainError('invalid', 'govinfo.body_required', '请填写正文', 'body');
  if (body.length > 20000) throw new DomainError('invalid', 'govinfo.body_too_long', '正文不能超过 20000 个字', 'body');
  return { title: t, body };
}

function reviewing(s: GovInfoReportState, asReviewer: boolean): void {
  if (s.status === 'none') throw new DomainError('not_found', 'govinfo.not_found', '信息不存在');
  if (!asReviewer) throw new DomainError('forbidden', 'govinfo.not_reviewer', '只有接收单位的信息审核人员可以办理');
}

export function submitGovInfo(c: SubmitGovInfo, s: GovInfoReportState): GovInfoReportEvent[] {
  if (s.status !== 'none') throw new DomainError('conflict', 'govinfo.exists', '信息已报送');
  const d = c.data;
  const text = checkText(d.title, d.body);
  let receiver = d.receiverUnitId;
  if (d.call) {
    if (!d.call.open) throw new DomainError('rule', 'govinfo.call_closed', '该约稿已结束', 'callId');
    if (c.metadata.now.slice(0, 10) > d.call.deadline) throw new DomainError('rule', 'govinfo.call_past', '已过约稿截止日期', 'callId');
    receiver = d.call.unitId;
  }
  if (!receiver) throw new DomainError('invalid', 'govinfo.receiver_required', '请选择报送对象', 'receiverUnitId');
  if (receiver === d.unitId) throw new DomainError('invalid', 'govinfo.receiver_self', '不能向本单位报送', 'receiverUnitId');
  return [
    {
      type: 'GovInfoSubmitted',
      data: {
        reportId: d.reportId,
        ...text,
        unitId: d.unitId,
        submitterId: actor(c),
        submitterName: d.submitterName,
        receiverUnitId: receiver,
        callId: d.call?.callId ?? null,
        points: d.rules.submitted,
        at: c.metadata.now,
      },
    },
  ];
}

export function editGovInfo(c: EditGovInfo, s: GovInfoReportState): GovInfoReportEvent[] {
  reviewing(s, c.data.asReviewer);
  if (s.status === 'rejected') throw new DomainError('rule', 'govinfo.rejected', '已不予采用的信息不能修改');
  const text = checkText(c.data.title, c.data.body);
  if (text.title === s.title && text.body === s.body) return [];
  return [{ type: 'GovInfoEdited', data: { reportId: s.reportId, ...text, editorId: actor(c), at: c.metadata.now } }];
}

export function adoptGovInfo(c: AdoptGovInfo, s: GovInfoReportState): GovInfoReportEvent[] {
  reviewing(s, c.data.asReviewer);
  const level = c.data.level;
  if (!(ADOPTION_LEVELS as readonly string[]).includes(level))
    throw new DomainError('invalid', 'govinfo.level', '采用级别须为 区级采用/市级采用/领导批示', 'level');
  if (s.status === 'rejected') throw new DomainError('rule', 'govinfo.rejected', '已不予采用的信息不能采用');
  if (s.levels.some((l) => l.level === level))
    throw new DomainError('conflict', 'govinfo.level_recorded', `已记录“${ADOPTION_LABELS[level]}”`, 'level');
  const points = { district: c.data.rules.adoptedDistrict, city: c.data.rules.adoptedCity, endorsed: c.data.rules.endorsed }[level];
  return [
    {
      type: 'GovInfoAdopted',
      data: {
        reportId: s.reportId,
        unitId: s.unitId,
        level,
        note: (c.data.note ?? '').trim(),
        points,
        reviewerId: actor(c),
        reviewerName: c.data.reviewerName,
        at: c.metadata.now,
      },
    },
  ];
}

export function rejectGovInfo(c: RejectGovInfo, s: GovInfoReportState): GovInfoReportEvent[] {
  reviewing(s, c.data.asReviewer);
  if (s.status === 'adopted') throw new DomainError('rule', 'govinfo.adopted', '已采用的信息不能再不予采用');
  if (s.status === 'rejected') return [];
  const reason = (c.data.reason ?? '').trim();
  if (!reason) throw new DomainError('invalid', 'govinfo.reason_required', '请填写不予采用的原因', 'reason');
  return [
    {
      type: 'GovInfoRejected',
      data: { reportId: s.reportId, reason, reviewerId: actor(c), reviewerName: c.data.reviewerName, at: c.metadata.now },
    },
  ];
}

export const govInfoReportDecider: Decider<GovInfoReportCommand, GovInfoReportEvent, GovInfoReportState> = {
  initialState: initialReportState,
  decide: (c, s) => {
    switch (c.type) {
      case 'SubmitGovInfo':
        return submitGovInfo(c, s);
      case 'EditGovInfo':
        return editGovInfo(c, s);
      case 'AdoptGovInfo':
        return adoptGovInfo(c, s);
      case 'RejectGovInfo':
        return rejectGovInfo(c, s);
      default:
        return assertNever(c);
    }
  },
  evolve: evolveReport,
};
