import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import { CommandHandler } from '../../commands/pipeline';
import { createEventStore } from '../../commands/store/factory';
import { seedDemoDistrict } from './seed';
import { addOfficeHours, seedDemoHistory, type DemoHistorySummary } from './demo-history';

const END = '2026-06-01T00:00:00.000Z';
const DAYS = 90; // the first 外出授权 of the plan falls on day 75
const SHANGHAI = 8 * 3600_000;

/** Beijing wall-clock of an instant: weekday (0 = Sunday) and minutes since midnight. */
function beijing(iso: string): { weekday: number; minutes: number } {
  const d = new Date(Date.parse(iso) + SHANGHAI);
  return { weekday: d.getUTCDay(), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60 };
}
const inOffice = (iso: string) => {
  const { weekday, minutes } = beijing(iso);
  return weekday >= 1 && weekday <= 5 && ((minutes >= 540 && minutes <= 720) || (minutes >= 810 && minutes <= 1050));
};

async function all(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 5000 });
    out.push(...page);
    if (page.length < 5000) return out;
    from = page[page.length - 1].position + 1;
  }
}

describe('demo history: a simulated stretch of district activity through the command pipeline', () => {
  let dir: string;
  let store: EventStore;
  let summary: DemoHistorySummary;
  let events: RecordedEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oa-demo-history-'));
    store = await createEventStore(`sqlite:${join(dir, 'oa.db')}?synchronous=NORMAL`);
    await seedDemoDistrict(store, new CommandHandler(store));
    summary = await seedDemoHistory(store, { endAt: END, days: DAYS, perWorkingDay: 5 });
    events = await all(store);
  });
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plays every kind of outcome the dashboard counts', () => {
    expect(summary.processes).toBeGreaterThan(100);
    // every request has its approvers in the demo org: no command is refused (workflow.no_approver …)
    expect(summary.skipped).toBe(0);
    for (const k of ['approved', 'returned', 'resubmitted', 'rejected', 'overdue', 'read'] as const)
      expect(summary[k], k).toBeGreaterThan(0);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(summary.documents).toBeGreaterThan(10);
    expect(summary.issued).toBeGreaterThan(5);
    expect(summary.received).toBeGreaterThan(summary.issued); // each goes to one or more units
    expect(count('ProcessStarted')).toBe(summary.processes + summary.documents); // a 发文 runs on the workflow engine
    expect(count('OutgoingDocumentDistributed')).toBe(summary.issued);
    expect(count('IncomingDocumentRegistered')).toBe(summary.received);
    expect(count('TaskApproved')).toBe(summary.approved);
    expect(count('TaskReturned')).toBe(summary.returned);
    expect(count('ProcessResubmitted')).toBe(summary.resubmitted);
    expect(count('ProcessRejected')).toBeGreaterThan(0);
    expect(count('ProcessCompleted')).toBeGreaterThan(summary.processes / 2);
    // 考勤 applications ran through the attendance module: approved leave and trips, balances moved, 调休 earned
    for (const type of ['LeaveRequested', 'LeaveApproved', 'TripApproved', 'OvertimeApproved', 'LeaveDaysTaken', 'CompTimeEarned'])
      expect(count(type), type).toBeGreaterThan(0);
  });

  it('walks the clock through the period: business times inside it, starts and actions in office hours', () => {
    const from = Date.parse(END) - DAYS * 86_400_000;
    const wf = events.filter((e) => e.streamId.startsWith('process-') && !e.streamId.startsWith('process-definition-'));
    expect(wf.length).toBeGreaterThan(500);
    for (const e of wf) {
      const t = Date.parse(e.metadata.occurredAt);
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThan(Date.parse(END));
    }
    const starts = events.filter((e) => e.type === 'ProcessStarted');
    expect(starts.every((e) => inOffice(e.metadata.occurredAt))).toBe(true);
    const acts = events.filter((e) => e.type === 'TaskApproved');
    expect(acts.every((e) => inOffice(e.metadata.occurredAt))).toBe(true);
    // the months differ: activity is spread over the whole period, not bunched at one instant
    const months = new Set(starts.map((e) => e.metadata.occurredAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(3);
    // per stream the business time never goes backwards
    const last = new Map<string, number>();
    for (const e of wf) {
      const t = Date.parse(e.metadata.occurredAt);
      expect(t).toBeGreaterThanOrEqual(last.get(e.streamId) ?? 0);
      last.set(e.streamId, t);
    }
  });

  it('overdue actions really come after the task deadline; delegated tasks are acted on by the delegate', () => {
    const deadline = new Map<string, string>();
    for (const e of events)
      if (e.type === 'TaskAssigned')
        deadline.set((e.data as { taskId: string }).taskId, (e.data as { deadline: string | null }).deadline ?? '');
    const late = events
      .filter((e) => e.type === 'TaskApproved' || e.type === 'TaskReturned' || e.type === 'TaskRejected')
      .filter((e) => {
        const d = deadline.get((e.data as { taskId: string }).taskId);
        return d && Date.parse((e.data as { at: string }).at) > Date.parse(d);
      });
    expect(late.length).toBe(summary.overdue);
    const decided = ['TaskApproved', 'TaskReturned', 'TaskRejected'];
    const onBehalf = events.filter((e) => decided.includes(e.type) && (e.data as { onBehalfOf: string | null }).onBehalfOf);
    expect(summary.delegated).toBeGreaterThan(0);
    expect(onBehalf.length).toBe(summary.delegated);
    for (const e of onBehalf) expect((e.data as { actorId: string }).actorId).not.toBe((e.data as { onBehalfOf: string }).onBehalfOf);
  });

  it('is deterministic and resumable: playing the same plan again records nothing new', async () => {
    const head = await store.headPosition();
    const again = await seedDemoHistory(store, { endAt: END, days: DAYS, perWorkingDay: 5 });
    const added = await store.readAll({ fromPosition: head + 1, limit: 20 });
    expect(added.map((e) => `${e.type} ${e.streamId}`)).toEqual([]);
    expect(await store.headPosition()).toBe(head);
    expect(again.processes).toBe(summary.processes);
  });

  it('office hours skip lunch, evenings and weekends', () => {
    // Friday 2026-05-29 16:30 Beijing + 2 office hours = Monday 2026-06-01 10:00 Beijing
    expect(new Date(addOfficeHours(Date.parse('2026-05-29T16:30:00+08:00'), 2)).toISOString()).toBe('2026-06-01T02:00:00.000Z');
    // 11:30 + 1 h = 14:00 (lunch 12:00–13:30)
    expect(new Date(addOfficeHours(Date.parse('2026-06-01T11:30:00+08:00'), 1)).toISOString()).toBe('2026-06-01T06:00:00.000Z');
    // Saturday night + 0.5 h = Monday 09:30
    expect(new Date(addOfficeHours(Date.parse('2026-05-30T22:00:00+08:00'), 0.5)).toISOString()).toBe('2026-06-01T01:30:00.000Z');
  });
});
