/**
 * Approved leave and trips from 考勤 (issue #10), read by type name — declared here, not imported:
 * contract: .helpers/contracts.md A
 * The attendance module appends these on the application's own stream when its approval ends (or on 销假).
 */
import { shanghaiInstant, addDays } from '../meetings';

export interface LeaveApprovedData {
  applicationId: string;
  personId: string;
  leaveType: string;
  startDate: string;
  endDate: string;
  startHalf: 'am' | 'pm';
  endHalf: 'am' | 'pm';
  days: number;
}
export interface LeaveReportedBackData {
  applicationId: string;
  personId: string;
  actualEndDate: string;
  actualEndHalf: 'am' | 'pm';
  days: number;
}
export interface TripApprovedData {
  tripId: string;
  personId: string;
  companions: string[];
  destinations: string[];
  startDate: string;
  endDate: string;
  purpose: string;
  transport: string;
}

export const ABSENCE_EVENT_TYPES = ['LeaveApproved', 'LeaveReportedBack', 'TripApproved'] as const;

/** Office hours of the half days (Asia/Shanghai): 上午 08:30–12:00, 下午 14:30–18:00. */
export const leaveStart = (date: string, half: 'am' | 'pm') => shanghaiInstant(date, half === 'am' ? '08:30' : '14:30');
/** The last day ends at noon ('am') or in the evening ('pm'). */
export const leaveEnd = (date: string, half: 'am' | 'pm') => shanghaiInstant(date, half === 'am' ? '12:00' : '18:00');
/** A trip covers whole days: from the first day's midnight to the day after the last. */
export const tripRange = (startDate: string, endDate: string) => ({
  start: shanghaiInstant(startDate, '00:00'),
  end: shanghaiInstant(addDays(endDate, 1), '00:00'),
});
