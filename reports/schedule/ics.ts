import type { RepeatRule } from '../../domain/meetings/recurrence';

/**
 * iCalendar (RFC 5545) export of 日程: one event, or a subscription feed. Times in UTC (…Z);
 * a repeating entry carries its RRULE and EXDATEs.
 */
export interface IcsEvent {
  uid: string;
  title: string;
  location: string;
  description: string;
  start: string;
  end: string;
  repeat: RepeatRule | null;
  updated: string;
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

function rrule(r: RepeatRule): string {
  const parts = [`FREQ=${r.freq.toUpperCase()}`];
  if (r.interval && r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.freq === 'weekly' && r.weekdays?.length) parts.push(`BYDAY=${r.weekdays.map((d) => DAYS[d]).join(',')}`);
  if (r.until) parts.push(`UNTIL=${r.until.replace(/-/g, '')}T155959Z`);
  else if (r.count) parts.push(`COUNT=${r.count}`);
  return parts.join(';');
}

export function icsCalendar(name: string, events: readonly IcsEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//政务协同办公平台//日程//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp(e.updated)}`,
      `DTSTART:${stamp(e.start)}`,
      `DTEND:${stamp(e.end)}`,
      `SUMMARY:${text(e.title)}`,
    );
    if (e.location) lines.push(`LOCATION:${text(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${text(e.description)}`);
    if (e.repeat) {
      lines.push(`RRULE:${rrule(e.repeat)}`);
      const hhmmss = stamp(e.start).slice(8);
      for (const x of e.repeat.exceptions ?? []) lines.push(`EXDATE:${x.replace(/-/g, '')}${hhmmss}`);
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
