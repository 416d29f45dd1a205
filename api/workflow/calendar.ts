import type { EventStore } from '../../domain/eventstore/port';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import {
  evolveHolidayCalendar,
  HOLIDAY_CALENDAR_STREAM,
  initialHolidayCalendarState,
  mergeCalendar,
  type HolidayCalendarEvent,
  type HolidayCalendarState,
} from '../../domain/workflow/holiday-calendar';

/**
 * 法定节假日与调休 (public holidays and make-up working days) for node time limits, as data for the
 * domain's working-day calendar (domain/workflow/calendar.ts: weekends are rest days unless listed
 * in extraWorkdays). Taken from the State Council General Office's yearly notices
 * (国务院办公厅关于2025年 / 2026年部分节假日安排的通知). Add each new year's notice here when it is
 * published (usually in November); a year that is missing counts weekdays only.
 */
const range = (from: string, days: number): string[] =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

export const BUILT_IN_HOLIDAYS: WorkingCalendar = {
  holidays: [
    // 2025
    '2025-01-01',
    ...range('2025-01-28', 8),
    ...range('2025-04-04', 3),
    ...range('2025-05-01', 5),
    ...range('2025-05-31', 3),
    ...range('2025-10-01', 8),
    // 2026
    ...range('2026-01-01', 3),
    ...range('2026-02-15', 9),
    ...range('2026-04-04', 3),
    ...range('2026-05-01', 5),
    ...range('2026-06-19', 3),
    ...range('2026-09-25', 3),
    ...range('2026-10-01', 7),
  ],
  extraWorkdays: [
    // 2025
    '2025-01-26',
    '2025-02-08',
    '2025-04-27',
    '2025-09-28',
    '2025-10-11',
    // 2026
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
    '2026-05-09',
    '2026-09-20',
    '2026-10-10',
  ],
};

/**
 * The calendar in force: the built-in years above with the years the 系统管理员 entered (stream
 * `holiday-calendar`, 系统管理 → 节假日) replacing theirs. The command sides hold this one object; it is
 * refreshed in place at start and after every entry (`refreshHolidays`).
 */
export const PUBLIC_HOLIDAYS: { holidays: string[]; extraWorkdays: string[] } = {
  holidays: [...(BUILT_IN_HOLIDAYS.holidays ?? [])],
  extraWorkdays: [...(BUILT_IN_HOLIDAYS.extraWorkdays ?? [])],
};

export async function holidayCalendarState(store: Pick<EventStore, 'readStream'>): Promise<HolidayCalendarState> {
  let s = initialHolidayCalendarState();
  for (const e of await store.readStream(HOLIDAY_CALENDAR_STREAM))
    s = evolveHolidayCalendar(s, { type: e.type, data: e.data } as HolidayCalendarEvent);
  return s;
}

export async function refreshHolidays(store: Pick<EventStore, 'readStream'>): Promise<HolidayCalendarState> {
  const s = await holidayCalendarState(store);
  const m = mergeCalendar(BUILT_IN_HOLIDAYS, s);
  PUBLIC_HOLIDAYS.holidays.splice(0, PUBLIC_HOLIDAYS.holidays.length, ...m.holidays);
  PUBLIC_HOLIDAYS.extraWorkdays.splice(0, PUBLIC_HOLIDAYS.extraWorkdays.length, ...m.extraWorkdays);
  return s;
}
