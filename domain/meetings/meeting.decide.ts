/**
 * Meeting decider (会议通知, 回执, 催报, 材料, 提醒, 签到). Pure; the command side passes org facts
 * (each invited unit's members), file facts (name, SM3, size) and `metadata.now`.
 *
 * Rules enforced here
 *  - issueMeetingNotice: a title, start < end in the future, a 回执 deadline after now and before the
 *    start, at least one unit or person invited; who reports each unit's 回执 is decided here
 *    (recipients.ts) and recorded; a unit nobody can report for is refused;
 *  - replyForUnit (回执): by one of the unit's contacts, 1–200 attendees each with a name; replying
 *    again replaces the list; after the deadline it is still taken and marked late; not after the start;
 *  - answerInvitation: by the invited person; declining may name a stand-in (代参会人员);
 *  - urgeReplies (催报): by the organiser (or the system's automatic reminder); reminds only the units
 *    and persons that have not replied; with nobody missing it records nothing (so the automatic one
 *    never nags after everybody replied);
 *  - distributeMaterial / requestMaterials / urgeMaterials: by the organiser; submitMaterial by the
 *    unit's contact (late after the deadline); 催报 of materials reminds only the units missing;
 *  - sendMeetingReminder: once, not for a cancelled meeting;
 *  - checkIn (签到): with the meeting's code, from 2 hours before the start until the end, by an
 *    invited person, the organiser or a member of an invited unit; once per person;
 *  - cancelMeeting: by the organiser, before the end; notifies everybody invited.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import {
  evolveMeeting,
  initialMeetingState,
  missingMaterials,
  replyRollUp,
  unansweredPersons,
  type Attendee,
  type InvitedPerson,
  type MeetingEvent,
  type MeetingState,
} from './meeting.events';
import { unitContacts, type UnitMemberFact } from './recipients';
import { isInstant } from './time';

export const SYSTEM_ACTOR = 'system';

export type IssueMeetingNotice = Command<
  'IssueMeetingNotice',
  {
    meetingId: string;
    title: string;
    agenda: string;
    start: string;
    end: string;
    roomId: string | null;
    bookingId: string | null;
    location: string;
    organiserName: string;
    unitId: string;
    units: { unitId: string; unitName: string; members: UnitMemberFact[] }[];
    persons: InvitedPerson[];
    replyDeadline: string;
    remindBeforeMinutes: number;
    checkInCode: string;
  }
>;
export type ReplyForUnit = Command<'ReplyForUnit', { unitId: string; attendees: Attendee[] }>;
export type AnswerInvitation = Command<'AnswerInvitation', { answer: 'accept' | 'decline'; standIn?: Attendee | null }>;
export type UrgeReplies = Command<'UrgeReplies', { automatic: boolean }>;
export type DistributeMaterial = Command<'DistributeMaterial', { materialId: string; name: string; sha256: string; size: number }>;
export type RequestMaterials = Command<'RequestMaterials', { requestId: string; title: string; deadline: string; unitIds?: string[] }>;
export type SubmitMaterial = Command<'SubmitMaterial', { requestId: string; unitId: string; name: string; sha256: string; size: number }>;
export type UrgeMaterials = Command<'UrgeMaterials', { requestId: string; automatic: boolean }>;
export type SendMeetingReminder = Command<'SendMeetingReminder', Record<string, never>>;
export type CheckIn = Command<
  'CheckIn',
  { code: string; method: 'code' | 'qr' | 'manual'; name: string; unitId: string | null; userId?: string }
>;
export type CancelMeeting = Command<'CancelMeeting', { reason: string }>;

export type MeetingCommand =
  | IssueMeetingNotice
  | ReplyForUnit
  | AnswerInvitation
  | UrgeReplies
  | DistributeMaterial
  | RequestMaterials
  | SubmitMaterial
  | UrgeMaterials
  | SendMeetingReminder
  | CheckIn
  | CancelMeeting;

const invalid = (field: string, msg: string) => new DomainError('invalid', 'meeting.invalid', msg, field);
const ms = Date.parse;

function live(s: MeetingState): NonNullable<MeetingState['notice']> {
  if (s.status === 'none' || !s.notice) throw new DomainError('not_found', 'meeting.not_found', '会议不存在');
  if (s.status === 'cancelled') throw new DomainError('rule', 'meeting.cancelled', '会议已取消');
  return s.notice;
}

function organiserOnly(s: MeetingState, actorId: string, allowSystem = false): void {
  if (actorId === s.notice?.organiserId || (allowSystem && actorId === SYSTEM_ACTOR)) return;
  throw new DomainError('forbidden', 'meeting.not_organiser', '只有会议组织者可以执行此操作');
}

function contactOf(s: MeetingState, unitId: string, actorId: string): void {
  const u = s.notice?.units.find((x) => x.unitId === unitId);
  if (!u) throw new DomainError('rule', 'meeting.unit_not_invited', '该单位不在参会单位中', 'unitId');
  if (!u.contactIds.includes(actorId))
    throw new DomainError('forbidden', 'meeting.not_contact', '只有该单位的会务联系人可以报送', 'unitId');
}

function checkAttendee(a: Attendee, field: string): Attendee {
  if (!a || typeof a.name !== 'string' || !a.name.trim() || a.name.length > 30)
    throw invalid(`${field}.name`, '请填写参会人员姓名（30 字以内）');
  if (a.phone && !/^[0-9+\-() ]{3,20}$/.test(a.phone)) throw invalid(`${field}.phone`, '联系电话格式不正确');
  return { name: a.name.trim(), unitName: (a.unitName ?? '').trim(), position: (a.position ?? '').trim(), phone: (a.phone ?? '').trim() };
}

const everybody = (n: NonNullable<MeetingState['notice']>): string[] =>
  [...new Set([...n.units.flatMap((u) => u.contactIds), ...n.persons.map((p) => p.userId)])].filter((id) => id !== n.organiserId);

export function issueMeetingNotice(cmd: IssueMeetingNotice, s: MeetingState): MeetingEvent[] {
  if (s.status !== 'none') return [];
  const d = cmd.data;
  const now = cmd.metadata.now;
  if (!d.title?.trim() || d.title.length > 100) throw invalid('title', '请填写会议名称（100 字以内）');
  if (!isInstant(d.start)) throw invalid('start', '开始时间格式不正确');
  if (!isInstant(d.end) || ms(d.end) <= ms(d.start)) throw invalid('end', '结束时间须晚于开始时间');
  if (ms(d.start) <= ms(now)) throw invalid('start', '会议开始时间须在将来');
  if (!isInstant(d.replyDeadline) || ms(d.replyDeadline) <= ms(now) || ms(d.replyDeadline) > ms(d.start))
    throw invalid('replyDeadline', '回执截止时间须在现在之后、会议开始之前');
  if (d.units.length + d.persons.length === 0) throw invalid('units', '请选择参会单位或参会人员');
  if (!Number.isInteger(d.remindBeforeMinutes) || d.remindBeforeMinutes < 0 || d.remindBeforeMinutes > 7 * 1440)
    throw invalid('remindBeforeMinutes', '提前催报时间须为 0–10080 分钟');
  if (!/^\d{6}$/.test(d.checkInCode)) throw invalid('checkInCode', '签到码须为 6 位数字');
  const units = d.units.map((u, i) => {
    const contactIds = unitContacts(u.members);
    if (contactIds.length === 0)
      throw new DomainError('rule', 'meeting.unit_without_contact', `${u.unitName}没有可报送回执的人员`, `units[${i}]`);
    return { unitId: u.unitId, unitName: u.unitName, contactIds };
  });
  if (new Set(units.map((u) => u.unitId)).size !== units.length) throw invalid('units', '参会单位重复');
  const persons = [...new Map(d.persons.map((p) => [p.userId, p])).values()];
  return [
    {
      type: 'MeetingNoticeIssued',
      data: {
        meetingId: d.meetingId,
        title: d.title.trim(),
        agenda: d.agenda ?? '',
        start: d.start,
        end: d.end,
        roomId: d.roomId,
        bookingId: d.bookingId,
        location: d.location,
        organiserId: cmd.metadata.actorId,
        organiserName: d.organiserName,
        unitId: d.unitId,
        units,
        persons,
        replyDeadline: d.replyDeadline,
        remindBeforeMinutes: d.remindBeforeMinutes,
        checkInCode: d.checkInCode,
        at: now,
      },
    },
  ];
}

export function replyForUnit(cmd: ReplyForUnit, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  contactOf(s, cmd.data.unitId, cmd.metadata.actorId);
  if (ms(cmd.metadata.now) >= ms(n.start)) throw new DomainError('rule', 'meeting.started', '会议已开始，不能再报送回执');
  const list = cmd.data.attendees ?? [];
  if (list.length < 1 || list.length > 200) throw invalid('attendees', '请填写 1–200 名参会人员');
  const attendees = list.map((a, i) => checkAttendee(a, `attendees[${i}]`));
  return [
    {
      type: 'MeetingUnitReplied',
      data: {
        meetingId: n.meetingId,
        unitId: cmd.data.unitId,
        attendees,
        by: cmd.metadata.actorId,
        late: ms(cmd.metadata.now) > ms(n.replyDeadline),
        at: cmd.metadata.now,
      },
    },
  ];
}

export function answerInvitation(cmd: AnswerInvitation, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  const me = cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;
  if (!n.persons.some((p) => p.userId === me)) throw new DomainError('forbidden', 'meeting.not_invited', '您不在参会人员名单中');
  if (cmd.data.answer !== 'accept' && cmd.data.answer !== 'decline') throw invalid('answer', '请选择参加或不参加');
  if (ms(cmd.metadata.now) >= ms(n.start)) throw new DomainError('rule', 'meeting.started', '会议已开始');
  const standIn = cmd.data.answer === 'decline' && cmd.data.standIn ? checkAttendee(cmd.data.standIn, 'standIn') : null;
  const prev = s.answers[me];
  if (prev && prev.answer === cmd.data.answer && JSON.stringify(prev.standIn) === JSON.stringify(standIn)) return [];
  return [
    {
      type: 'MeetingInvitationAnswered',
      data: { meetingId: n.meetingId, userId: me, answer: cmd.data.answer, standIn, by: cmd.metadata.actorId, at: cmd.metadata.now },
    },
  ];
}

export function urgeReplies(cmd: UrgeReplies, s: MeetingState): MeetingEvent[] {
  if (cmd.data.automatic && s.status !== 'notified') return [];
  const n = live(s);
  organiserOnly(s, cmd.metadata.actorId, cmd.data.automatic);
  const { pending } = replyRollUp(s);
  const personIds = unansweredPersons(s);
  if (pending.length + personIds.length === 0) {
    if (cmd.data.automatic) return [];
    throw new DomainError('rule', 'meeting.nobody_to_urge', '所有单位和人员都已回执');
  }
  if (ms(cmd.metadata.now) >= ms(n.start)) return [];
  const notifyIds = [...new Set([...n.units.filter((u) => pending.includes(u.unitId)).flatMap((u) => u.contactIds), ...personIds])];
  return [
    {
      type: 'MeetingRepliesUrged',
      data: {
        meetingId: n.meetingId,
        unitIds: pending,
        personIds,
        notifyIds,
        automatic: cmd.data.automatic,
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function distributeMaterial(cmd: DistributeMaterial, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  organiserOnly(s, cmd.metadata.actorId);
  if (s.materials.some((m) => m.materialId === cmd.data.materialId)) return [];
  if (!cmd.data.name?.trim()) throw invalid('name', '请填写材料名称');
  return [
    {
      type: 'MeetingMaterialDistributed',
      data: {
        meetingId: n.meetingId,
        ...cmd.data,
        name: cmd.data.name.trim(),
        notifyIds: everybody(n),
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function requestMaterials(cmd: RequestMaterials, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  organiserOnly(s, cmd.metadata.actorId);
  if (s.requests[cmd.data.requestId]) return [];
  if (!cmd.data.title?.trim()) throw invalid('title', '请填写征集材料的名称');
  if (!isInstant(cmd.data.deadline) || ms(cmd.data.deadline) <= ms(cmd.metadata.now)) throw invalid('deadline', '报送截止时间须在将来');
  const all = n.units.map((u) => u.unitId);
  const unitIds = cmd.data.unitIds?.length ? cmd.data.unitIds : all;
  const stray = unitIds.find((u) => !all.includes(u));
  if (stray) throw invalid('unitIds', '报送单位须为参会单位');
  if (unitIds.length === 0) throw invalid('unitIds', '没有参会单位可以征集材料');
  const notifyIds = [...new Set(n.units.filter((u) => unitIds.includes(u.unitId)).flatMap((u) => u.contactIds))];
  return [
    {
      type: 'MeetingMaterialsRequested',
      data: {
        meetingId: n.meetingId,
        requestId: cmd.data.requestId,
        title: cmd.data.title.trim(),
        deadline: cmd.data.deadline,
        unitIds,
        notifyIds,
        contacts: n.units.filter((u) => unitIds.includes(u.unitId)).map((u) => ({ unitId: u.unitId, contactIds: u.contactIds })),
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function submitMaterial(cmd: SubmitMaterial, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  const r = s.requests[cmd.data.requestId];
  if (!r) throw new DomainError('not_found', 'meeting.request_not_found', '材料征集不存在', 'requestId');
  if (!r.unitIds.includes(cmd.data.unitId)) throw new DomainError('rule', 'meeting.unit_not_asked', '该单位不需报送此材料', 'unitId');
  contactOf(s, cmd.data.unitId, cmd.metadata.actorId);
  const prev = r.submitted[cmd.data.unitId];
  if (prev && prev.sha256 === cmd.data.sha256) return [];
  if (!cmd.data.name?.trim()) throw invalid('name', '请选择材料文件');
  return [
    {
      type: 'MeetingMaterialSubmitted',
      data: {
        meetingId: n.meetingId,
        requestId: r.requestId,
        unitId: cmd.data.unitId,
        name: cmd.data.name.trim(),
        sha256: cmd.data.sha256,
        size: cmd.data.size,
        by: cmd.metadata.actorId,
        late: ms(cmd.metadata.now) > ms(r.deadline),
        at: cmd.metadata.now,
      },
    },
  ];
}

export function urgeMaterials(cmd: UrgeMaterials, s: MeetingState): MeetingEvent[] {
  if (cmd.data.automatic && s.status !== 'notified') return [];
  const n = live(s);
  organiserOnly(s, cmd.metadata.actorId, cmd.data.automatic);
  const r = s.requests[cmd.data.requestId];
  if (!r) throw new DomainError('not_found', 'meeting.request_not_found', '材料征集不存在', 'requestId');
  const missing = missingMaterials(r);
  if (missing.length === 0) {
    if (cmd.data.automatic) return [];
    throw new DomainError('rule', 'meeting.nobody_to_urge', '所有单位都已报送');
  }
  const notifyIds = [...new Set(n.units.filter((u) => missing.includes(u.unitId)).flatMap((u) => u.contactIds))];
  return [
    {
      type: 'MeetingMaterialsUrged',
      data: {
        meetingId: n.meetingId,
        requestId: r.requestId,
        unitIds: missing,
        notifyIds,
        automatic: cmd.data.automatic,
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function sendMeetingReminder(cmd: SendMeetingReminder, s: MeetingState): MeetingEvent[] {
  if (s.status !== 'notified' || !s.notice || s.reminded) return [];
  const n = s.notice;
  if (ms(cmd.metadata.now) >= ms(n.end)) return [];
  const declined = new Set(
    Object.entries(s.answers)
      .filter(([, a]) => a.answer === 'decline')
      .map(([id]) => id),
  );
  const notifyIds = [
    ...new Set([
      n.organiserId,
      ...n.persons.map((p) => p.userId).filter((id) => !declined.has(id)),
      ...n.units.flatMap((u) => u.contactIds),
    ]),
  ];
  return [{ type: 'MeetingReminderSent', data: { meetingId: n.meetingId, notifyIds, at: cmd.metadata.now } }];
}

export function checkIn(cmd: CheckIn, s: MeetingState): MeetingEvent[] {
  const n = live(s);
  const manual = cmd.data.method === 'manual';
  if (manual) organiserOnly(s, cmd.metadata.actorId);
  const userId = manual ? (cmd.data.userId ?? '') : (cmd.metadata.onBehalfOf ?? cmd.metadata.actorId);
  if (!userId) throw invalid('userId', '请选择签到人员');
  if (!manual && cmd.data.code !== n.checkInCode) throw new DomainError('invalid', 'meeting.wrong_code', '签到码不正确', 'code');
  const now = ms(cmd.metadata.now);
  if (now < ms(n.start) - 2 * 3600_000) throw new DomainError('rule', 'meeting.check_in_not_open', '签到尚未开始（会前 2 小时开放）');
  if (now > ms(n.end)) throw new DomainError('rule', 'meeting.ended', '会议已结束');
  const invited =
    userId === n.organiserId ||
    n.persons.some((p) => p.userId === userId) ||
    (cmd.data.unitId !== null && n.units.some((u) => u.unitId === cmd.data.unitId));
  if (!invited) throw new DomainError('forbidden', 'meeting.not_invited', '您不在参会范围内');
  if (s.checkIns[userId]) return [];
  return [
    {
      type: 'MeetingCheckedIn',
      data: {
        meetingId: n.meetingId,
        userId,
        name: cmd.data.name,
        unitId: cmd.data.unitId,
        method: cmd.data.method,
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function cancelMeeting(cmd: CancelMeeting, s: MeetingState): MeetingEvent[] {
  if (s.status === 'cancelled') return [];
  const n = live(s);
  organiserOnly(s, cmd.metadata.actorId);
  if (ms(cmd.metadata.now) >= ms(n.end)) throw new DomainError('rule', 'meeting.ended', '会议已结束');
  return [
    {
      type: 'MeetingCancelled',
      data: {
        meetingId: n.meetingId,
        reason: cmd.data.reason?.trim() || '会议取消',
        notifyIds: everybody(n),
        by: cmd.metadata.actorId,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function decideMeeting(cmd: MeetingCommand, s: MeetingState): MeetingEvent[] {
  switch (cmd.type) {
    case 'IssueMeetingNotice':
      return issueMeetingNotice(cmd, s);
    case 'ReplyForUnit':
      return replyForUnit(cmd, s);
    case 'AnswerInvitation':
      return answerInvitation(cmd, s);
    case 'UrgeReplies':
      return urgeReplies(cmd, s);
    case 'DistributeMaterial':
      return distributeMaterial(cmd, s);
    case 'RequestMaterials':
      return requestMaterials(cmd, s);
    case 'SubmitMaterial':
      return submitMaterial(cmd, s);
    case 'UrgeMaterials':
      return urgeMaterials(cmd, s);
    case 'SendMeetingReminder':
      return sendMeetingReminder(cmd, s);
    case 'CheckIn':
      return checkIn(cmd, s);
    case 'CancelMeeting':
      return cancelMeeting(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: initialMeetingState,
  decide: decideMeeting,
  evolve: evolveMeeting,
};
