/**
 * 考勤 bench (issue 14): 5,000 people × one month (punches, 20,000 applications).
 *
 *   statement for a 500-person unit ≤ 1 s      — load the unit's month stream (the imported punches) and
 *                                                compute the statement with its 2,000 applications
 *   Excel export for 5,000 people ≤ 5 s        — the printed layout (statement-excel.ts) for 5,000 rows
 *   balance query p99 < 20 ms                  — fold a person's balance stream and build the view (GET /my/balance)
 *   punch import ≥ 50,000 rows/s               — parse the CSV, check every row, append the file as one event
 *
 * The code paths of the routes, on the embedded SQLite store, without HTTP. Usage: npm run bench:attendance [people]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MonthCommands, punchesOf } from '../commands/attendance/month-commands';
import { fixedClock } from '../commands/pipeline/clock';
import { CommandHandler } from '../commands/pipeline/handler';
import { createEventStore } from '../commands/store/factory';
import { balanceDecider } from '../domain/attendance/balance.decide';
import { balanceStreamId, type BalanceEvent } from '../domain/attendance/balance.events';
import { computeStatement, daysOfMonth, type StatementInput } from '../domain/attendance/statement';
import { workingDayRule } from '../domain/workflow/calendar';
import { PUBLIC_HOLIDAYS } from '../api/workflow/calendar';
import { balanceView } from '../api/attendance/views';
import { statementWorkbook } from '../reports/attendance/statement-excel';

const PEOPLE = Number(process.argv[2] ?? 5000);
const UNIT = 500;
const MONTH = '2026-11';
const dir = mkdtempSync(join(tmpdir(), 'oa-bench-attendance-'));
const store = await createEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
const handler = new CommandHandler(store, { clock: fixedClock('2026-12-02T02:00:00.000Z') });
const months = new MonthCommands(handler);
const ctx = { actorId: 'bench', actorName: '基准', unitId: 'u0', departmentId: 'd0', correlationId: 'bench' };
const working = daysOfMonth(MONTH).filter(workingDayRule(PUBLIC_HOLIDAYS));
const pad = (n: number) => String(n).padStart(2, '0');
const rows: { metric: string; target: string; result: string; ok: boolean }[] = [];
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

// ---------------------------------------------------------------- punch import: one unit's month per file
const csvOf = (from: number, to: number) => {
  const lines = ['工号,时间,设备'];
  for (let p = from; p < to; p++)
    for (const d of working) {
      lines.push(`p${p},${d} 08:${pad(Math.floor(rnd() * 40))},一楼考勤机`);
      lines.push(`p${p},${d} 17:${pad(30 + Math.floor(rnd() * 29))},一楼考勤机`);
    }
  return lines.join('\n');
};
const personOf = (no: string) => (no.startsWith('p') ? no : null);
let importedRows = 0;
let importMs = 0;
for (let u = 0; u * UNIT < PEOPLE; u++) {
  const text = csvOf(u * UNIT, Math.min(PEOPLE, (u + 1) * UNIT));
  const t0 = performance.now();
  const r = await months.importPunches(`u${u}`, { fileName: `u${u}.csv`, format: 'csv', content: text }, personOf, {
    ...ctx,
    unitId: `u${u}`,
  });
  importMs += performance.now() - t0;
  importedRows += r.imported;
}
const rowsPerSec = importedRows / (importMs / 1000);
rows.push({
  metric: `punch import (${importedRows.toLocaleString()} rows, ${Math.ceil(PEOPLE / UNIT)} files)`,
  target: '≥ 50,000 rows/s',
  result: `${Math.round(rowsPerSec).toLocaleString()} rows/s`,
  ok: rowsPerSec >= 50_000,
});

// ---------------------------------------------------------------- statement of a 500-person unit (20,000 applications over 5,000 people)
const APPS_PER_PERSON = 20_000 / 5000;
function applicationsOf(from: number, to: number) {
  const input: Pick<StatementInput, 'leaves' | 'trips' | 'overtime' | 'corrections'> = {
    leaves: [],
    trips: [],
    overtime: [],
    corrections: [],
  };
  for (let p = from; p < to; p++)
    for (let k = 0; k < APPS_PER_PERSON; k++) {
      const d = working[Math.floor(rnd() * working.length)];
      const kind = k % 4;
      if (kind === 0)
        input.leaves.push({
          personId: `p${p}`,
          leaveType: '事假',
          startDate: d,
          startHalf: 'am',
          endDate: d,
          endHalf: rnd() < 0.3 ? 'am' : 'pm',
        });
      else if (kind === 1) input.trips.push({ personId: `p${p}`, startDate: d, endDate: d });
      else if (kind === 2) input.overtime.push({ personId: `p${p}`, date: d, hours: 2 });
      else input.corrections.push({ personId: `p${p}`, date: d, time: '08:25' });
    }
  return input;
}
const people = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({
    personId: `p${from + i}`,
    name: `人员${from + i}`,
    departmentName: `科室${(from + i) % 12}`,
  }));
const unitApps = applicationsOf(0, UNIT);
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const { events } = await months.load('u0', MONTH);
  const st = computeStatement({
    month: MONTH,
    calendar: PUBLIC_HOLIDAYS,
    people: people(0, UNIT),
    punches: punchesOf(events),
    ...unitApps,
  });
  if (st.length !== UNIT) throw new Error('statement rows');
  times.push(performance.now() - t0);
}
const statementMs = Math.max(...times.slice(1));
rows.push({
  metric: `statement, ${UNIT}-person unit (load + compute, worst of 4)`,
  target: '≤ 1 s',
  result: `${Math.round(statementMs)} ms`,
  ok: statementMs <= 1000,
});

// ---------------------------------------------------------------- Excel export for every person
const allRows = [];
for (let u = 0; u * UNIT < PEOPLE; u++) {
  const from = u * UNIT;
  const to = Math.min(PEOPLE, from + UNIT);
  const { events } = await months.load(`u${u}`, MONTH);
  allRows.push(
    ...computeStatement({
      month: MONTH,
      calendar: PUBLIC_HOLIDAYS,
      people: people(from, to),
      punches: punchesOf(events),
      ...applicationsOf(from, to),
    }),
  );
}
const x0 = performance.now();
const buf = await statementWorkbook('基准单位 2026年11月 考勤月报', MONTH, allRows);
const excelMs = performance.now() - x0;
rows.push({
  metric: `Excel export, ${allRows.length.toLocaleString()} people (${(buf.length / 1e6).toFixed(1)} MB)`,
  target: '≤ 5 s',
  result: `${(excelMs / 1000).toFixed(2)} s`,
  ok: excelMs <= 5000,
});

// ---------------------------------------------------------------- balance query
const at = '2026-01-02T01:00:00.000Z';
for (let p = 0; p < PEOPLE; p++) {
  const personId = `p${p}`;
  const evs: BalanceEvent[] = [
    {
      type: 'AnnualLeaveEntitled',
      data: { personId, year: 2026, days: 10, serviceYears: 12, basis: '', workStartDate: '2014-01-01', unitJoinDate: null, at },
    },
  ];
  for (let k = 0; k < APPS_PER_PERSON; k++) {
    const applicationId = `a${p}-${k}`;
    evs.push({
      type: 'LeaveDaysReserved',
      data: { personId, year: 2026, applicationId, leaveType: '年休假', days: 1, fromCarryOver: 0, hours: 0, at },
    });
    evs.push({ type: 'LeaveDaysTaken', data: { personId, year: 2026, applicationId, leaveType: '年休假', days: 1, hours: 0, at } });
  }
  await store.append(
    balanceStreamId(personId, 2026),
    evs.map((e) => ({ type: e.type, data: e.data, metadata: { actorId: 'bench', correlationId: 'bench', occurredAt: at } })),
  );
}
const q: number[] = [];
for (let i = 0; i < 2000; i++) {
  const personId = `p${Math.floor(rnd() * PEOPLE)}`;
  const t0 = performance.now();
  const { state, events } = await handler.load(balanceStreamId(personId, 2026), balanceDecider);
  const v = balanceView(personId, 2026, state, events);
  q.push(performance.now() - t0);
  if (v.rows[0].taken !== APPS_PER_PERSON) throw new Error('balance');
}
q.sort((a, b) => a - b);
const p99 = q[Math.floor(q.length * 0.99)];
rows.push({
  metric: `balance query (${PEOPLE.toLocaleString()} balances, 2,000 queries)`,
  target: 'p99 < 20 ms',
  result: `p50 ${q[1000].toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
  ok: p99 < 20,
});

console.log(`\n考勤 bench — ${PEOPLE.toLocaleString()} people × ${MONTH} (${working.length} working days), SQLite\n`);
console.log('| metric | target | result | |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.metric} | ${r.target} | ${r.result} | ${r.ok ? '✓' : '✗'} |`);
await store.close();
rmSync(dir, { recursive: true, force: true });
