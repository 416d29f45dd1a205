/**
 * 考勤月报 (the monthly statement): per person and day, what the day was, reconciling punches, approved
 * applications and the working-day calendar; totals per type. Pure.
 *
 * Rules
 *   S1 Office hours 08:30–17:30 (Asia/Shanghai). On a working day: a trip → 差; a whole day of leave → the
 *      leave's mark (年 事 病 婚 产 陪 丧 探 调); otherwise the first punch of the day is the arrival and the
 *      last the departure: no punch → 旷 (absent); arrival after 08:30 → 迟 (late); departure before 17:30
 *      (or only one punch) → 早 (early leave); both in time → √.
 *   S2 A half day of leave covers its half: the other half is judged by the punches (morning leave: the
 *      arrival may be up to 14:00; afternoon leave: the departure from 12:00).
 *   S3 An approved 补签 adds its punch and marks the day 补 (corrected).
 *   S4 Approved 加班 marks its day 加 (on a rest day the only mark) and adds its hours.
 *   S5 Rest days without overtime are blank.
 *   S6 Totals per person: 出勤 (days present, incl. late/early), 迟到, 早退, 旷工 (days), 请假 per type
 *      (days, ½ for half days), 出差 (days), 加班 (hours), 补签 (count).
 *   S8 While the month runs, the days after today are blank.
 *   S7 补签 of a day in an already closed month are listed in the next month's statement with a reference.
 */
import { workingDayRule, type WorkingCalendar } from '../workflow';
import { datesBetween, type Half } from './workdays';

export interface StatementInput {
  month: string; // YYYY-MM
  calendar: WorkingCalendar;
  people: { personId: string; name: string; departmentName?: string }[];
  punches: { personId: string; at: string }[];
  leaves: { personId: string; leaveType: string; startDate: string; startHalf: Half; endDate: string; endHalf: Half }[];
  trips: { personId: string; startDate: string; endDate: string }[];
  overtime: { personId: string; date: string; hours: number }[];
  corrections: { personId: string; date: string; time: string; applicationId?: string }[];
  /** The last day judged (today while the month runs): later days are blank. */
  until?: string;
}

export interface StatementTotals {
  present: number;
  late: number;
  early: number;
  absent: number;
  leave: Record<string, number>;
  trip: number;
  overtimeHours: number;
  corrected: number;
}

export interface StatementRow {
  personId: string;
  name: string;
  departmentName: string;
  /** One per day of the month: the marks joined ('√', '迟', '迟早', '年', '差', '加', '补√', '' …). */
  days: string[];
  totals: StatementTotals;
}

export const LEAVE_MARKS: Record<string, string> = {
  年休假: '年',
  事假: '事',
  病假: '病',
  婚假: '婚',
  产假: '产',
  陪产假: '陪',
  丧假: '丧',
  探亲假: '探',
  调休: '调',
};

export const STATEMENT_LEGEND = '√ 出勤　迟 迟到　早 早退　旷 旷工　差 出差　加 加班　补 补签　年/事/病/婚/产/陪/丧/探/调 请假（假别）';

const START = 8 * 60 + 30;
const END = 17 * 60 + 30;
const NOON_IN = 14 * 60;
const NOON_OUT = 12 * 60;

export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return datesBetween(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
}

/** Minutes after local midnight and the local date of an instant (Asia/Shanghai). */
function local(iso: string): { date: string; min: number } {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return { date: t.slice(0, 10), min: Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16)) };
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function computeStatement(input: StatementInput): StatementRow[] {
  const dates = daysOfMonth(input.month);
  const working = workingDayRule(input.calendar);
  const by = <T extends { personId: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const l = m.get(x.personId);
      if (l) l.push(x);
      else m.set(x.personId, [x]);
    }
    return m;
  };
  const punches = new Map<string, Map<string, number[]>>();
  for (const p of input.punches) {
    const { date, min } = local(p.at);
    if (!date.startsWith(input.month)) continue;
    let m = punches.get(p.personId);
    if (!m) punches.set(p.personId, (m = new Map()));
    const l = m.get(date);
    if (l) l.push(min);
    else m.set(date, [min]);
  }
  const leaves = by(input.leaves);
  const trips = by(input.trips);
  const overtime = by(input.overtime);
  const corrections = by(input.corrections);

  return input.people.map((person) => {
    const t: StatementTotals = { present: 0, late: 0, early: 0, absent: 0, leave: {}, trip: 0, overtimeHours: 0, corrected: 0 };
    const days = dates.map((d) => {
      if (input.until && d > input.until) return '';
      const ot = (overtime.get(person.personId) ?? []).filter((o) => o.date === d);
      const otMark = ot.length ? '加' : '';
      for (const o of ot) t.overtimeHours += o.hours;
      if (!working(d)) return otMark; // S4, S5
      if ((trips.get(person.personId) ?? []).some((x) => x.startDate <= d && d <= x.endDate)) {
        t.trip++;
        return '差' + otMark;
      }
      // S1/S2: which halves of the day are on leave
      let amLeave: string | null = null;
      let pmLeave: string | null = null;
      for (const l of leaves.get(person.personId) ?? []) {
        if (d < l.startDate || d > l.endDate) continue;
        const am = !(d === l.startDate && l.startHalf === 'pm');
        const pm = !(d === l.endDate && l.endHalf === 'am');
        if (am) amLeave = l.leaveType;
        if (pm) pmLeave = l.leaveType;
      }
      const addLeave = (type: string, n: number) => (t.leave[type] = (t.leave[type] ?? 0) + n);
      if (amLeave && pmLeave) {
        if (amLeave === pmLeave) addLeave(amLeave, 1);
        else {
          addLeave(amLeave, 0.5);
          addLeave(pmLeave, 0.5);
        }
        return (LEAVE_MARKS[amLeave] ?? amLeave.slice(0, 1)) + otMark;
      }
      const times = [...(punches.get(person.personId)?.get(d) ?? [])];
      const fixes = (corrections.get(person.personId) ?? []).filter((c) => c.date === d);
      for (const c of fixes) times.push(toMin(c.time));
      const fixMark = fixes.length ? '补' : '';
      t.corrected += fixes.length;
      const leaveMark = amLeave ? (LEAVE_MARKS[amLeave] ?? '') : pmLeave ? (LEAVE_MARKS[pmLeave] ?? '') : '';
      if (amLeave) addLeave(amLeave, 0.5);
      if (pmLeave) addLeave(pmLeave, 0.5);
      if (times.length === 0) {
        t.absent += amLeave || pmLeave ? 0.5 : 1;
        return leaveMark + '旷' + otMark;
      }
      times.sort((a, b) => a - b);
      const arrive = times[0];
      const leave = times[times.length - 1];
      const late = arrive > (amLeave ? NOON_IN : START);
      const early = times.length < 2 || leave < (pmLeave ? NOON_OUT : END);
      t.present++;
      if (late) t.late++;
      if (early) t.early++;
      const mark = late || early ? `${late ? '迟' : ''}${early ? '早' : ''}` : '√';
      return leaveMark + fixMark + mark + otMark;
    });
    return { personId: person.personId, name: person.name, departmentName: person.departmentName ?? '', days, totals: t };
  });
}

/** The unit's counts the spec names (考勤出差, 考勤请假, 考勤加班, 考勤补签): approved applications starting in the month. */
export interface UnitCounts {
  trip: number;
  leave: number;
  overtime: number;
  correction: number;
}
