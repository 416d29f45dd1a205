/**
 * Meeting (会议) aggregate: the notice, 回执 per unit and per person, 催报, materials (distributed and
 * collected), reminders and 签到. Stream `meeting-<meetingId>`.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';

export const meetingStreamId = (meetingId: string) => `meeting-${meetingId}`;

export interface InvitedUnit {
  unitId: string;
  unitName: string;
  /** Who reports this unit's 回执 and materials (recipients.ts unitContacts). */
  contactIds: string[];
}
export interface InvitedPerson {
  userId: string;
  name: string;
  unitId: string | null;
}
/** 参会人员 as a unit reports them. */
export interface Attendee {
  name: string;
  unitName: string;
  position: string;
  phone: string;
}

export type MeetingNoticeIssued = DomainEvent<
  'MeetingNoticeIssued',
  {
    meetingId: string;
    title: string;
    agenda: string;
    start: string;
    end: string;
    roomId: string | null;
    bookingId: string | null;
    location: string;
    organiserId: string;
    organiserName: string;
    unitId: string;
    units: InvitedUnit[];
    persons: InvitedPerson[];
    /** 回执截止 (UTC ISO). */
    replyDeadline: string;
    /** 催报 automatically this long before the deadline (minutes). */
    remindBeforeMinutes: number;
    /** 签到码 (6 digits), also in the QR. */
    checkInCode: string;
    at: string;
  }
>;
export type MeetingUnitReplied = DomainEvent<
  'MeetingUnitReplied',
  { meetingId: string; unitId: string; attendees: Attendee[]; by: string; late: boolean; at: string }
>;
export type MeetingInvitationAnswered = DomainEvent<
  'MeetingInvitationAnswered',
  { meetingId: string; userId: string; answer: 'accept' | 'decline'; standIn: Attendee | null; by: string; at: string }
>;
export type MeetingRepliesUrged = DomainEvent<
  'MeetingRepliesUrged',
  {
    meetingId: string;
    /** The units that had not replied, and their contacts (notified). */
    unitIds: string[];
    personIds: string[];
    notifyIds: string[];
    automatic: boolean;
    by: string;
    at: string;
  }
>;
export type MeetingMaterialDistributed = DomainEvent<
  'MeetingMaterialDistributed',
  { meetingId: string; materialId: string; name: string; sha256: string; size: number; notifyIds: string[]; by: string; at: string }
>;
export type MeetingMaterialsRequested = DomainEvent<
  'MeetingMaterialsRequested',
  {
    meetingId: string;
    requestId: string;
    title: string;
    deadline: string;
    unitIds: string[];
    notifyIds: string[];
    /** Who reports each asked unit's material (the units' contacts from the notice). */
    contacts: { unitId: string; contactIds: string[] }[];
    by: string;
    at: string;
  }
>;
export type MeetingMaterialSubmitted = DomainEvent<
  'MeetingMaterialSubmitted',
  {
    meetingId: string;
    requestId: string;
    unitId: string;
    name: string;
    sha256: string;
    size: number;
    by: string;
    late: boolean;
    at: string;
  }
>;
export type MeetingMaterialsUrged = DomainEvent<
  'MeetingMaterialsUrged',
  { meetingId: string; requestId: string; unitIds: string[]; notifyIds: string[]; automatic: boolean; by: string; at: string }
>;
export type MeetingReminderSent = DomainEvent<'MeetingReminderSent', { meetingId: string; notifyIds: string[]; at: string }>;
export type MeetingCheckedIn = DomainEvent<
  'MeetingCheckedIn',
  { meetingId: string; userId: string; name: string; unitId: string | null; method: 'code' | 'qr' | 'manual'; by: string; at: string }
>;
export type MeetingCancelled = DomainEvent<
  'MeetingCancelled',
  { meetingId: string; reason: string; notifyIds: string[]; by: string; at: string }
>;

export type MeetingEvent =
  | MeetingNoticeIssued
  | MeetingUnitReplied
  | MeetingInvitationAnswered
  | MeetingRepliesUrged
  | MeetingMaterialDistributed
  | MeetingMaterialsRequested
  | MeetingMaterialSubmitted
  | MeetingMaterialsUrged
  | MeetingReminderSent
  | MeetingCheckedIn
  | MeetingCancelled;

export const MEETING_EVENT_TYPES = [
  'MeetingNoticeIssued',
  'MeetingUnitReplied',
  'MeetingInvitationAnswered',
  'MeetingRepliesUrged',
  'MeetingMaterialDistributed',
  'MeetingMaterialsRequested',
  'MeetingMaterialSubmitted',
  'MeetingMaterialsUrged',
  'MeetingReminderSent',
  'MeetingCheckedIn',
  'MeetingCancelled',
] as const satisfies readonly MeetingEvent['type'][];

export interface MaterialRequest {
  requestId: string;
  title: string;
  deadline: string;
  unitIds: string[];
  submitted: Record<string, { name: string; sha256: string; size: number; by: string; late: boolean; at: string }>;
}

export interface MeetingState {
  status: 'none' | 'notified' | 'cancelled';
  notice: MeetingNoticeIssued['data'] | null;
  replies: Record<string, { attendees: Attendee[]; by: string; late: boolean; at: string }>;
  answers: Record<string, { answer: 'accept' | 'decline'; standIn: Attendee | null; at: string }>;
  urged: { at: string; automatic: boolean; unitIds: string[] }[];
  materials: { materialId: string; name: string; sha256: string; size: number; at: string }[];
  requests: Record<string, MaterialRequest>;
  checkIns: Record<string, { name: string; unitId: string | null; method: string; at: string }>;
  reminded: boolean;
}

export const initialMeetingState = (): MeetingState => ({
  status: 'none',
  notice: null,
  replies: {},
  answers: {},
  urged: [],
  materials: [],
  requests: {},
  checkIns: {},
  reminded: false,
});

/** 回执 roll-up: which invited units replied, which did not ("报了 3 个单位，未报 2 个"). */
export function replyRollUp(s: MeetingState): { replied: string[]; pending: string[]; attendees: number; label: string } {
  const units = s.notice?.units ?? [];
  const replied = units.filter((u) => s.replies[u.unitId]).map((u) => u.unitId);
  const pending = units.filter((u) => !s.replies[u.unitId]).map((u) => u.unitId);
  const attendees = Object.values(s.replies).reduce((n, r) => n + r.attendees.length, 0);
  return { replied, pending, attendees, label: `报了 ${replied.length} 个单位，未报 ${pending.length} 个` };
}

/** Invited persons who have not answered. */
export const unansweredPersons = (s: MeetingState): string[] =>
  (s.notice?.persons ?? []).filter((p) => !s.answers[p.userId]).map((p) => p.userId);

/** Units that have not handed in a material request's file. */
export const missingMaterials = (r: MaterialRequest): string[] => r.unitIds.filter((u) => !r.submitted[u]);

export function evolveMeeting(s: MeetingState, e: MeetingEvent): MeetingState {
  switch (e.type) {
    case 'MeetingNoticeIssued':
      return { ...initialMeetingState(), status: 'notified', notice: e.data };
    case 'MeetingUnitReplied':
      return {
        ...s,
        replies: { ...s.replies, [e.data.unitId]: { attendees: e.data.attendees, by: e.data.by, late: e.data.late, at: e.data.at } },
      };
    case 'MeetingInvitationAnswered':
      return { ...s, answers: { ...s.answers, [e.data.userId]: { answer: e.data.answer, standIn: e.data.standIn, at: e.data.at } } };
    case 'MeetingRepliesUrged':
      return { ...s, urged: [...s.urged, { at: e.data.at, automatic: e.data.automatic, unitIds: e.data.unitIds }] };
    case 'MeetingMaterialDistributed':
      return {
        ...s,
        materials: [
          ...s.materials,
          { materialId: e.data.materialId, name: e.data.name, sha256: e.data.sha256, size: e.data.size, at: e.data.at },
        ],
      };
    case 'MeetingMaterialsRequested':
      return {
        ...s,
        requests: {
          ...s.requests,
          [e.data.requestId]: {
            requestId: e.data.requestId,
            title: e.data.title,
            deadline: e.data.deadline,
            unitIds: e.data.unitIds,
            submitted: {},
          },
        },
      };
    case 'MeetingMaterialSubmitted': {
      const r = s.requests[e.data.requestId];
      if (!r) return s;
      const { name, sha256, size, by, late, at } = e.data;
      return {
        ...s,
        requests: {
          ...s.requests,
          [r.requestId]: { ...r, submitted: { ...r.submitted, [e.data.unitId]: { name, sha256, size, by, late, at } } },
        },
      };
    }
    case 'MeetingMaterialsUrged':
      return s;
    case 'MeetingReminderSent':
      return { ...s, reminded: true };
    case 'MeetingCheckedIn':
      return {
        ...s,
        checkIns: { ...s.checkIns, [e.data.userId]: { name: e.data.name, unitId: e.data.unitId, method: e.data.method, at: e.data.at } },
      };
    case 'MeetingCancelled':
      return { ...s, status: 'cancelled' };
    default:
      return assertNever(e);
  }
}
