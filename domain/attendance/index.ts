/**
 * 考勤 (attendance), pure domain — the context's public surface (other contexts import only this).
 * Contract A (.helpers/contracts.md): LeaveApproved, LeaveReportedBack, TripApproved, appended on the
 * application's own stream `attendance-application-<id>`.
 */
export type { LeaveApproved, LeaveReportedBack, TripApproved, ApplicationEvent, ApplicationKind } from './application.events';
export { APPLICATION_EVENT_TYPES, APPLICATION_SUBJECT_TYPE, applicationStreamId } from './application.events';
export type { BalanceEvent } from './balance.events';
export { BALANCE_EVENT_TYPES, balanceStreamId } from './balance.events';
export { DEFINITION_KEYS, ATTENDANCE_DEFINITIONS } from './flows';
export { LEAVE_TYPES, type LeaveType } from './rules';
