import { MonthCommands, punchesOf } from '../../commands/attendance';
import type { MonthClosed } from '../../domain/attendance/month.events';
import { computeStatement, STATEMENT_LEGEND, type StatementInput, type StatementRow } from '../../domain/attendance/statement';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { Half } from '../../domain/attendance/workdays';
import { approvedOverlapping, unitCounts } from '../../projections/attendance/queries';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';

export interface Statement {
  unitId: string;
  unitName: string;
  month: string;
  closed: { at: string; by: string } | null;
  rows: StatementRow[];
  counts: Record<string, number>;
  /** S7: 补签 of the previous (closed) month approved after its closing, carried into this month. */
  carried: { personId: string; name: string; date: string; time: string; applicationId: string; reference: string }[];
  punches: number;
  legend: string;
}

const prevMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};

/** The unit's active people, by department then name. */
export async function unitPeople(p: Platform, unitId: string) {
  const s = await p.directory.snapshot();
  return [...s.users.values()]
    .filter(
      (u) => u.status === 'active' && u.primaryPost?.unitId === unitId && !['sysadmin', 'secadmin', 'auditor'].some((r) => r in u.roles),
    )
    .map((u) => ({
      personId: u.userId,
      name: u.name,
      username: u.username,
      departmentName: s.departments.get(u.primaryPost.departmentId)?.name ?? '',
    }))
    .sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** 考勤月报 of a unit: frozen once the month is closed (the MonthClosed snapshot), otherwise computed now. */
export async function monthStatement(p: Platform, months: MonthCommands, unitId: string, month: string): Promise<Statement> {
  const snap = await p.directory.snapshot();
  const unitName = snap.units.get(unitId)?.name ?? unitId;
  const { state, events } = await months.load(unitId, month);
  const counts = await unitCounts(p.readDb, unitId, month);
  const prev = await months.load(unitId, prevMonth(month));
  const people = await unitPeople(p, unitId);
  const names = new Map(people.map((x) => [x.personId, x.name]));
  const carried: Statement['carried'] = [];
  if (prev.state.closed) {
    const closedAt = prev.state.closed.at;
    for (const a of await approvedOverlapping(p.readDb, unitId, `${prevMonth(month)}-01`, `${prevMonth(month)}-31`)) {
      if (a.kind !== 'correction' || !a.decidedAt || a.decidedAt <= closedAt) continue;
      carried.push({
        personId: a.personId,
        name: names.get(a.personId) ?? a.personId,
        date: a.startDate,
        time: String(a.detail.time ?? ''),
        applicationId: a.id,
        reference: `${prevMonth(month)} 已于 ${closedAt.slice(0, 10)} 月结，此补签计入本月`,
      });
    }
  }
  const base = { unitId, unitName, month, counts, carried, legend: STATEMENT_LEGEND };
  if (state.closed) {
    const closed = (events as unknown as (RecordedEvent & MonthClosed)[]).find((e) => e.type === 'MonthClosed')!;
    return { ...base, closed: state.closed, rows: closed.data.rows, punches: closed.data.punches };
  }
  const punches = punchesOf(events);
  const today = new Date(p.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const input: StatementInput = {
    month,
    calendar: PUBLIC_HOLIDAYS,
    people,
    punches,
    leaves: [],
    trips: [],
    overtime: [],
    corrections: [],
    until: today,
  };
  const inUnit = new Set(people.map((x) => x.personId));
  for (const a of await approvedOverlapping(p.readDb, unitId, `${month}-01`, `${month}-31`)) {
    if (a.kind === 'leave') {
      input.leaves.push({
        personId: a.personId,
        leaveType: a.leaveType ?? '',
        startDate: a.startDate,
        startHalf: (a.detail.startHalf as Half) ?? 'am',
        endDate: a.actualEndDate ?? a.endDate,
        endHalf: ((a.actualEndDate ? a.detail.actualEndHalf : a.detail.endHalf) as Half) ?? 'pm',
      });
    } else if (a.kind === 'trip') {
      for (const who of [a.personId, ...((a.detail.companions as string[] | undefined) ?? [])])
        if (inUnit.has(who)) input.trips.push({ personId: who, startDate: a.startDate, endDate: a.endDate });
    } else if (a.kind === 'overtime') {
      input.overtime.push({ personId: a.personId, date: a.startDate, hours: a.hours ?? 0 });
    } else if (a.kind === 'correction') {
      input.corrections.push({ personId: a.personId, date: a.startDate, time: String(a.detail.time ?? ''), applicationId: a.id });
    }
  }
  return { ...base, closed: null, rows: computeStatement(input), punches: punches.length };
}
