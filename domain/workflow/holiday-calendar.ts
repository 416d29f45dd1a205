import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import type { WorkingCalendar } from './calendar';

/**
 * 节假日安排 (the statutory holiday calendar) as data the 系统管理员 enters each year from the State
 * Council General Office's notice (国务院办公厅关于 YYYY 年部分节假日安排的通知), instead of in code.
 * One stream `holiday-calendar`; a year entered again replaces that year. Working-day time limits read
 * the merged calendar (api/workflow/calendar.ts).
 *
 * Rules: the year 2000–2100; every date a real YYYY-MM-DD of that year; 调休 workdays fall on a Saturday
 * or Sunday; no date is both a holiday and a workday; the notice's title is required; nothing changes →
 * nothing recorded.
 */
export const HOLIDAY_CALENDAR_STREAM = 'holiday-calendar';

export interface HolidayYear {
  year: number;
  holidays: string[];
  extraWorkdays: string[];
  /** 通知名称, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  notice: string;
}

export type HolidayCalendarEvent = {
  type: 'HolidayYearEntered';
  data: HolidayYear & { enteredBy: string; at: string };
};
export type HolidayCalendarEventType = HolidayCalendarEvent['type'];
export const HOLIDAY_CALENDAR_EVENT_TYPES = ['HolidayYearEntered'] as const satisfies readonly HolidayCalendarEventType[];

export interface HolidayCalendarState {
  years: Record<number, HolidayYear & { enteredBy: string; at: string }>;
}
export const initialHolidayCalendarState = (): HolidayCalendarState => ({ years: {} });

export function evolveHolidayCalendar(s: HolidayCalendarState, e: HolidayCalendarEvent): HolidayCalendarState {
  switch (e.type) {
    case 'HolidayYearEntered':
      return { years: { ...s.years, [e.data.year]: { ...e.data } } };
    default:
      return assertNever(e.type);
  }
}

export type HolidayCalendarCommand = Command<'EnterHolidayYear', HolidayYear>;

function checkDates(year: number, dates: string[], field: string): string[] {
  const out = [...new Set(dates.map((d) => d.trim()).filter(Boolean))].sort();
  for (const d of out) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    const t = m ? new Date(`${d}T00:00:00Z`) : null;
    if (!m || !t || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d) {
      throw new DomainError('invalid', 'holiday_calendar.bad_date', `日期格式不正确：${d}（应为 YYYY-MM-DD）`, field);
    }
    if (Number(m[1]) !== year) throw new DomainError('invalid', 'holiday_calendar.other_year', `${d} 不在 ${year} 年内`, field);
  }
  return out;
}

/** 录入某年节假日安排 */
export function enterHolidayYear(state: HolidayCalendarState, command: HolidayCalendarCommand): HolidayCalendarEvent[] {
  const { year, notice } = command.data;
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new DomainError('invalid', 'holiday_calendar.bad_year', '年份须在 2000–2100 之间', 'year');
  if (!notice?.trim()) throw new DomainError('invalid', 'holiday_calendar.no_notice', '请填写通知名称', 'notice');
  const holidays = checkDates(year, command.data.holidays, 'holidays');
  const extraWorkdays = checkDates(year, command.data.extraWorkdays, 'extraWorkdays');
  for (const d of extraWorkdays) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6)
      throw new DomainError('invalid', 'holiday_calendar.workday_not_weekend', `调休上班日 ${d} 不是周末`, 'extraWorkdays');
    if (holidays.includes(d)) throw new DomainError('invalid', 'holiday_calendar.both', `${d} 不能既是假日又是调休上班日`, 'extraWorkdays');
  }
  const prev = state.years[year];
  if (
    prev &&
    prev.notice === notice.trim() &&
    prev.holidays.join() === holidays.join() &&
    prev.extraWorkdays.join() === extraWorkdays.join()
  )
    return [];
  return [
    {
      type: 'HolidayYearEntered',
      data: { year, holidays, extraWorkdays, notice: notice.trim(), enteredBy: command.metadata.actorId, at: command.metadata.now },
    },
  ];
}

export function decideHolidayCalendar(command: HolidayCalendarCommand, state: HolidayCalendarState): HolidayCalendarEvent[] {
  switch (command.type) {
    case 'EnterHolidayYear':
      return enterHolidayYear(state, command);
    default:
      return assertNever(command.type);
  }
}

export const holidayCalendarDecider: Decider<HolidayCalendarCommand, HolidayCalendarEvent, HolidayCalendarState> = {
  decide: decideHolidayCalendar,
  evolve: evolveHolidayCalendar,
  initialState: initialHolidayCalendarState,
};

/** The built-in calendar with the entered years replacing theirs. */
export function mergeCalendar(base: WorkingCalendar, s: HolidayCalendarState): { holidays: string[]; extraWorkdays: string[] } {
  const years = new Set(Object.keys(s.years));
  const keep = (d: string) => !years.has(d.slice(0, 4));
  const entered = Object.values(s.years);
  return {
    holidays: [...(base.holidays ?? []).filter(keep), ...entered.flatMap((y) => y.holidays)].sort(),
    extraWorkdays: [...(base.extraWorkdays ?? []).filter(keep), ...entered.flatMap((y) => y.extraWorkdays)].sort(),
  };
}
