/**
 * Occurrences of a calendar entry (重复规则) and its next reminder.
 */
import { expandDates } from '../meetings';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiTime } from '../meetings';
import type { EntryFields } from './calendar.events';

export interface Occurrence {
  start: string;
  end: string;
}

/** The entry's occurrences that overlap [from, to) (all of them for a one-off entry that does). */
export function occurrencesBetween(e: Pick<EntryFields, 'start' | 'end' | 'repeat'>, from: string, to: string): Occurrence[] {
  const dur = Date.parse(e.end) - Date.parse(e.start);
  const inRange = (o: Occurrence) => Date.parse(o.start) < Date.parse(to) && Date.parse(o.end) > Date.parse(from);
  if (!e.repeat) return inRange({ start: e.start, end: e.end }) ? [{ start: e.start, end: e.end }] : [];
  const first = shanghaiDate(e.start);
  const hhmm = shanghaiTime(e.start);
  const secs = Date.parse(e.start) % 60_000;
  const toDate = addDays(shanghaiDate(to), 1);
  return expandDates(e.repeat, first, { to: toDate })
    .map((d) => {
      const start = new Date(Date.parse(shanghaiInstant(d, hhmm)) + secs).toISOString();
      return { start, end: new Date(Date.parse(start) + dur).toISOString() };
    })
    .filter(inRange);
}

export interface NextReminder {
  occurrenceStart: string;
  minutesBefore: number;
  dueAt: string;
}

/**
 * The first reminder due strictly after `after` (an occurrence whose reminder time has passed is not
 * reminded late) — or at `after` itself when `inclusive`. Looks up to 400 days ahead.
 */
export function nextReminder(
  e: Pick<EntryFields, 'start' | 'end' | 'repeat' | 'remindMinutes'>,
  after: string,
  inclusive = false,
): NextReminder | null {
  if (e.remindMinutes.length === 0) return null;
  const maxBefore = Math.max(...e.remindMinutes);
  const horizon = new Date(Date.parse(after) + 400 * 86400_000).toISOString();
  const from = new Date(Date.parse(after)).toISOString();
  const occ = occurrencesBetween(e, from, new Date(Date.parse(horizon) + maxBefore * 60_000).toISOString());
  // occurrencesBetween keeps those still running at `from`; a reminder needs the start itself
  let best: NextReminder | null = null;
  for (const o of occ) {
    for (const m of e.remindMinutes) {
      const due = Date.parse(o.start) - m * 60_000;
      const ok = inclusive ? due >= Date.parse(after) : due > Date.parse(after);
      if (!ok) continue;
      if (!best || due < Date.parse(best.dueAt) || (due === Date.parse(best.dueAt) && m > best.minutesBefore))
        best = { occurrenceStart: o.start, minutesBefore: m, dueAt: new Date(due).toISOString() };
    }
    if (best) break;
  }
  return best;
}
