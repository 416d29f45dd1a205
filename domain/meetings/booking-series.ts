/**
 * 周期预约: a weekly/monthly series is checked occurrence by occurrence, each against its own room
 * day. The answer lists every conflicting occurrence (date, time and the booking holding it), so the
 * booker can add those dates as exceptions or book around them.
 */
import { DomainError } from '../shared/errors';
import { checkRepeatRule, expandDates, type RepeatRule } from './recurrence';
import type { RoomDayState } from './room-day.events';
import { checkSlot, type RoomFacts } from './room-day.decide';
import { shanghaiInstant, shanghaiTime } from './time';

export interface SeriesOccurrence {
  date: string;
  start: string;
  end: string;
}

export interface SeriesConflict extends SeriesOccurrence {
  withTitle: string;
  withStart: string;
  withEnd: string;
}

/** The occurrences of a series whose first occurrence is [start, end). */
export function seriesOccurrences(firstDate: string, startHHMM: string, endHHMM: string, rule: RepeatRule): SeriesOccurrence[] {
  checkRepeatRule(rule, firstDate);
  return expandDates(rule, firstDate).map((date) => ({
    date,
    start: shanghaiInstant(date, startHHMM),
    end: shanghaiInstant(date, endHHMM),
  }));
}

/** Checks every occurrence against its day (each one's rules as a single booking); returns the conflicts. */
export function seriesConflicts(
  occurrences: readonly SeriesOccurrence[],
  dayOf: (date: string) => RoomDayState,
  room: RoomFacts,
  now: string,
): SeriesConflict[] {
  if (occurrences.length === 0) throw new DomainError('invalid', 'booking.series_empty', '周期预约没有任何日期', 'repeat');
  const out: SeriesConflict[] = [];
  for (const o of occurrences) {
    const other = checkSlot(dayOf(o.date), o, room, now);
    if (other) out.push({ ...o, withTitle: other.title, withStart: other.start, withEnd: other.end });
  }
  return out;
}

export function seriesConflictError(conflicts: readonly SeriesConflict[]): DomainError {
  const list = conflicts
    .slice(0, 10)
    .map((c) => `${c.date} ${shanghaiTime(c.withStart)}–${shanghaiTime(c.withEnd)}《${c.withTitle}》`)
    .join('；');
  return new DomainError('conflict', 'booking.series_conflict', `有 ${conflicts.length} 次与已有预约冲突：${list}`, 'repeat');
}
