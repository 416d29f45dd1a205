import { decideMeeting, type MeetingCommand } from '../../domain/meetings/meeting.decide';
import type { MeetingState } from '../../domain/meetings/meeting.events';
import { decideRoomDay, type RoomDayCommand, type RoomFacts } from '../../domain/meetings/room-day.decide';
import type { Booking, RoomDayState } from '../../domain/meetings/room-day.events';
import type { Principal } from '../auth/principal';

/**
 * What the caller may do now with a meeting or a booking — each candidate command decided (pure,
 * nothing stored) against the state with the caller as actor; offered when the decider accepts it.
 * Probe inputs stand in for what the caller types (a reason, an attendee, a file).
 */
export type MeetingAction =
  | 'reply'
  | 'answer'
  | 'urge'
  | 'distribute'
  | 'requestMaterials'
  | 'submitMaterial'
  | 'urgeMaterials'
  | 'checkIn'
  | 'cancel'
  | 'manualCheckIn'
  | 'minutes';
export type BookingAction = 'reschedule' | 'cancel' | 'approve' | 'refuse';

const SHA = '0'.repeat(64);
const md = (who: Principal, now: string) => ({ now, actorId: who.userId, onBehalfOf: null, unitId: who.unitId });
const accepts = <C, S>(decide: (c: C, s: S) => unknown[], cmd: C, s: S): boolean => {
  try {
    return decide(cmd, s).length > 0;
  } catch {
    return false;
  }
};

export function meetingAllowedActions(
  s: MeetingState,
  who: Principal,
  now: string,
): { actions: MeetingAction[]; replyUnits: string[]; materialUnits: Record<string, string[]> } {
  const n = s.notice;
  if (!n) return { actions: [], replyUnits: [], materialUnits: {} };
  const m = md(who, now);
  const probe = (c: Omit<MeetingCommand, 'metadata'>) => accepts(decideMeeting, { ...c, metadata: m } as MeetingCommand, s);
  const attendee = { name: who.displayName, unitName: '', position: '', phone: '' };
  const replyUnits = n.units
    .filter((u) => probe({ type: 'ReplyForUnit', data: { unitId: u.unitId, attendees: [attendee] } }))
    .map((u) => u.unitId);
  const materialUnits: Record<string, string[]> = {};
  for (const r of Object.values(s.requests)) {
    const units = r.unitIds.filter((u) =>
      probe({ type: 'SubmitMaterial', data: { requestId: r.requestId, unitId: u, name: 'x', sha256: SHA, size: 1 } }),
    );
    if (units.length) materialUnits[r.requestId] = units;
  }
  const actions: MeetingAction[] = [];
  if (replyUnits.length) actions.push('reply');
  if (probe({ type: 'AnswerInvitation', data: { answer: 'accept' } }) || probe({ type: 'AnswerInvitation', data: { answer: 'decline' } }))
    actions.push('answer');
  if (probe({ type: 'UrgeReplies', data: { automatic: false } })) actions.push('urge');
  if (probe({ type: 'DistributeMaterial', data: { materialId: '\u0000probe', name: 'x', sha256: SHA, size: 1 } }))
    actions.push('distribute');
  if (probe({ type: 'RequestMaterials', data: { requestId: '\u0000probe', title: 'x', deadline: n.start } }))
    actions.push('requestMaterials');
  if (Object.keys(materialUnits).length) actions.push('submitMaterial');
  if (Object.values(s.requests).some((r) => probe({ type: 'UrgeMaterials', data: { requestId: r.requestId, automatic: false } })))
    actions.push('urgeMaterials');
  if (probe({ type: 'CheckIn', data: { code: n.checkInCode, method: 'code', name: who.displayName, unitId: who.unitId } }))
    actions.push('checkIn');
  if (n.organiserId === who.userId && s.status === 'notified' && Date.parse(now) <= Date.parse(n.end)) actions.push('manualCheckIn');
  if (probe({ type: 'CancelMeeting', data: { reason: 'x' } })) actions.push('cancel');
  if (n.organiserId === who.userId && s.status === 'notified') actions.push('minutes');
  return { actions, replyUnits, materialUnits };
}

export function bookingAllowedActions(day: RoomDayState, b: Booking, facts: RoomFacts, who: Principal, now: string): BookingAction[] {
  const m = md(who, now);
  const probe = (c: Omit<RoomDayCommand, 'metadata'>) => accepts(decideRoomDay, { ...c, metadata: m } as RoomDayCommand, day);
  const out: BookingAction[] = [];
  const owns = b.bookedBy === who.userId || facts.adminIds.includes(who.userId);
  if (owns && (b.status === 'confirmed' || b.status === 'pending') && Date.parse(b.start) > Date.parse(now)) out.push('reschedule');
  if (probe({ type: 'CancelBooking', data: { bookingId: b.bookingId, reason: 'x', adminIds: facts.adminIds } })) out.push('cancel');
  // 同意 / 不同意 act on the caller's task in the booking's 会议室预约审批 process (the approvers recorded in RoomBooked)
  const approval = (type: 'ApproveBooking' | 'RefuseBooking') =>
    !!b.processId &&
    probe({ type, data: { bookingId: b.bookingId, processId: b.processId, approverId: who.userId, reason: 'x' } } as Omit<
      RoomDayCommand,
      'metadata'
    >) &&
    b.status === 'pending';
  if (approval('ApproveBooking')) out.push('approve');
  if (approval('RefuseBooking')) out.push('refuse');
  return out;
}
