/**
 * Working-day arithmetic for node time limits (办理时限, in 工作日).
 *
 * Days are counted on the Asia/Shanghai calendar (UTC+8, no daylight saving). Saturdays and Sundays
 * are rest days unless a `WorkingCalendar` says otherwise: the State Council's yearly holiday notice
 * adds public holidays (节假日) and make-up working weekends (调休上班); pass them as data.
 *
 * `addWorkingDays(t, n)`: step forward one local day at a time, counting only working days, and keep
 * the time of day. Friday 10:00 + 1 working day = Monday 10:00; Saturday 10:00 + 1 = Monday 10:00.
 */

/** Decides whether a local date (YYYY-MM-DD, Asia/Shanghai) is a working day. */
export type WorkingDayRule = (localDate: string) => boolean;

/** Data form of a calendar, carried in commands (decide stays pure). */
export interface WorkingCalendar {
  /** Public holidays (YYYY-MM-DD) that are not worked even on a weekday. */
  holidays?: readonly string[];
  /** Weekend days (YYYY-MM-DD) that are worked (调休). */
  extraWorkdays?: readonly string[];
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function localDateOf(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The default rule: Monday to Friday, adjusted by the calendar's holidays and make-up days. */
export function workingDayRule(cal: WorkingCalendar = {}): WorkingDayRule {
  const holidays = new Set(cal.holidays ?? []);
  const extra = new Set(cal.extraWorkdays ?? []);
  return (d: string) => {
    if (holidays.has(d)) return false;
    if (extra.has(d)) return true;
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
}

/** `from` + `days` working days (ISO-8601 UTC in, ISO-8601 UTC out). `days` must be ≥ 0. */
export function addWorkingDays(fromIso: string, days: number, isWorkingDay: WorkingDayRule = workingDayRule()): string {
  const start = Date.parse(fromIso);
  if (Number.isNaN(start)) throw new RangeError(`invalid time: ${fromIso}`);
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`invalid working days: ${days}`);
  let t = start;
  let left = Math.floor(days);
  let guard = 0;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(localDateOf(t))) left--;
    if (++guard > 3660) throw new RangeError('no working day within ten years');
  }
  // a fractional remainder (e.g. 0.5 day) is added as calendar hours on the last day
  t += Math.round((days - Math.floor(days)) * DAY_MS);
  return new Date(t).toISOString();
}

/** The moment `fraction` of the way from `fromIso` to `toIso` (for the reminder at 80 %). */
export function fractionBetween(fromIso: string, toIso: string, fraction: number): string {
  const a = Date.parse(fromIso);
  const b = Date.parse(toIso);
  return new Date(a + Math.round((b - a) * fraction)).toISOString();
}
