import { DomainError } from '../shared/errors';
import { DATE, addDays, weekdayOf } from './time';

/**
 * 周期预约 / 重复日程: a repeat rule and its expansion into dates (Asia/Shanghai days).
 * weekly: every `interval` weeks on `weekdays` (0 = 周日 … 6 = 周六; default: the first date's weekday);
 * monthly: every `interval` months on the first date's day of month (months without that day are skipped);
 * daily: every `interval` days. Ends at `until` (inclusive) or after `count` occurrences; `exceptions`
 * are dates left out (例外日期). At most MAX_OCCURRENCES.
 */
export interface RepeatRule {
  freq: 'daily' | 'weekly' | 'monthly';
  interval?: number;
  weekdays?: number[];
  until?: string | null;
  count?: number | null;
  exceptions?: string[];
}

export const MAX_OCCURRENCES = 366;
export const REPEAT_FREQS = ['daily', 'weekly', 'monthly'] as const;

export function checkRepeatRule(rule: RepeatRule, firstDate: string, field = 'repeat'): void {
  const bad = (msg: string, f = field) => new DomainError('invalid', 'repeat.invalid', msg, f);
  if (!REPEAT_FREQS.includes(rule.freq)) throw bad('重复方式须为 每天/每周/每月', `${field}.freq`);
  const interval = rule.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 12) throw bad('重复间隔须为 1–12 的整数', `${field}.interval`);
  if (rule.weekdays && rule.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
    throw bad('星期须为 0（周日）到 6（周六）', `${field}.weekdays`);
  if (rule.until != null && (!DATE.test(rule.until) || rule.until < firstDate))
    throw bad('结束日期须为 YYYY-MM-DD 且不早于首次日期', `${field}.until`);
  if (rule.count != null && (!Number.isInteger(rule.count) || rule.count < 1 || rule.count > MAX_OCCURRENCES))
    throw bad(`重复次数须为 1–${MAX_OCCURRENCES}`, `${field}.count`);
  if (rule.until == null && rule.count == null) throw bad('请给出结束日期或重复次数', `${field}.until`);
  for (const x of rule.exceptions ?? []) if (!DATE.test(x)) throw bad('例外日期须为 YYYY-MM-DD', `${field}.exceptions`);
}

/** The dates of the series from `firstDate` (the first occurrence) — exceptions left out. */
export function expandDates(rule: RepeatRule, firstDate: string, options: { to?: string } = {}): string[] {
  const interval = rule.interval ?? 1;
  const until = rule.until ?? null;
  const max = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const except = new Set(rule.exceptions ?? []);
  const out: string[] = [];
  let n = 0;
  const push = (d: string): boolean => {
    if ((until && d > until) || (options.to && d > options.to)) return false;
    n++;
    if (!except.has(d)) out.push(d);
    return n < max;
  };
  if (rule.freq === 'daily') {
    for (let d = firstDate; ; d = addDays(d, interval)) if (!push(d)) break;
  } else if (rule.freq === 'weekly') {
    const days = [...new Set(rule.weekdays?.length ? rule.weekdays : [weekdayOf(firstDate)])].sort((a, b) => a - b);
    const weekStart = addDays(firstDate, -weekdayOf(firstDate));
    outer: for (let w = 0; w < 53 * 12; w += interval) {
      for (const wd of days) {
        const d = addDays(weekStart, w * 7 + wd);
        if (d < firstDate) continue;
        if (!push(d)) break outer;
      }
    }
  } else {
    const [y, m, day] = firstDate.split('-').map(Number) as [number, number, number];
    for (let k = 0; k < 12 * 50; k += interval) {
      const mm = m - 1 + k;
      const yy = y + Math.floor(mm / 12);
      const mo = (mm % 12) + 1;
      const d = `${yy}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      if (new Date(`${d}T00:00:00.000Z`).getUTCDate() !== day) continue; // no 31st in this month
      if (!push(d)) break;
    }
  }
  return out;
}
