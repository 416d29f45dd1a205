/**
 * Times in 会议 and 日程: stored as UTC ISO-8601, shown and reasoned about in Asia/Shanghai
 * (UTC+8, no daylight saving). A room's calendar is kept per Shanghai day.
 */
const SH_OFFSET_MS = 8 * 3600_000;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 'YYYY-MM-DD' of an instant in Asia/Shanghai. */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + SH_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'HH:MM' of an instant in Asia/Shanghai. */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + SH_OFFSET_MS).toISOString().slice(11, 16);
}

/** The UTC instant of a Shanghai wall-clock time on a Shanghai date. */
export function shanghaiInstant(date: string, hhmm: string): string {
  return new Date(Date.parse(`${date}T${hhmm}:00.000Z`) - SH_OFFSET_MS).toISOString();
}

/** Minutes since midnight of 'HH:MM'. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a 'YYYY-MM-DD'. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00.000Z`).getUTCDay();

export const isInstant = (s: unknown): s is string =>
  typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s));

/** Half-open intervals [aStart, aEnd) and [bStart, bEnd) overlap (back-to-back edges do not). */
export const overlaps = (aStart: string, aEnd: string, bStart: string, bEnd: string): boolean =>
  Date.parse(aStart) < Date.parse(bEnd) && Date.parse(bStart) < Date.parse(aEnd);
