import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Notification } from '../../api/events/bus';
import { workflowModule } from '../../api/workflow/manifest';
import { Sweeper, type ReactionDispatch, type ScheduledJobBinding } from '../../projections/reactions';
import { addWorkingDays, fractionBetween, localDateOf } from '../../domain/workflow/calendar';
import type { SqlClient } from '../../projections/engine/types';
import { withoutLock } from '../support/without-lock';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * 办理时限 as scheduled work (domain/workflow/deadlines.job.ts on projections/reactions): the sweep started
 * by the composition root (DEADLINE_CHECK_SECONDS=1 here; off in tests by default), driven by the app's
 * controllable clock.
 *
 *   Friday 10:00 (Beijing) 陶然 files a 5-day leave → 部门负责人 魏坚 has 2 working days: the deadline is
 *   Tuesday 10:00 (the weekend does not count), the reminder at 80 % of that time.
 *   Clock past the reminder → the running scheduler records TaskReminderDue; 魏坚 gets 即将到期 in the
 *   message center (and on the live bus). Further sweeps remind nobody again.
 *   Clock past the deadline → two schedulers (two API processes, no shared lock) sweep at once: one
 *   TaskEscalated; 魏坚 and the escalation target 曹军 (分管领导) get 已超时; the 待办 is flagged overdue.
 */
const DAY = 86_400_000;
let t: TestApp;
const pushed: Notification[] = [];

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0', DEADLINE_CHECK_SECONDS: '1' });
  // move the clock to the coming Friday, 10:00 Beijing (02:00Z)
  const now = t.clock.now.getTime();
  let friday = Math.floor(now / DAY) * DAY + 2 * 3600_000;
  while (new Date(friday + 8 * 3600_000).getUTCDay() !== 5 || friday <= now) friday += DAY;
  t.clock.advance(friday - now);
  t.platform.bus.forUser('wei-jian').subscribe((n) => pushed.push(n));
});
afterAll(async () => {
  await t?.stop();
});

/** Fresh tokens after the clock moved (sessions time out on the app's clock). */
async function tokenOf(username: string): Promise<string> {
  return (await t.login(username)).accessToken;
}

async function processEvents(processId: string): Promise<string[]> {
  return (await t.platform.store.readStream(`process-${processId}`, { fromRevision: 0 })).map((e) => e.type);
}

async function notifications(username: string): Promise<{ kind: string; title: string; taskId?: string }[]> {
  const r = await request(t.app)
    .get('/api/notifications')
    .set(bearer(await tokenOf(username)));
  expect(r.status).toBe(200);
  return r.body.items;
}

async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function binding(): ScheduledJobBinding {
  return workflowModule.jobs!(t.platform)[0]!;
}
function sweeper(db: SqlClient, dispatch: ReactionDispatch = binding().dispatch) {
  const silent = { warn: () => undefined, error: () => undefined };
  return new Sweeper({ job: binding().job, db, dispatch, logger: silent, intervalMs: 0, now: () => t.clock.now });
}

describe('deadline scheduler: reminder, then escalation, each exactly once', () => {
  let processId = '';
  let taskId = '';
  let deadline = '';
  let assignedAt = '';

  it('a task gets a deadline in working days (Friday + 2 = Tuesday)', async () => {
    const r = await request(t.app)
      .post('/api/attendance/leave')
      .set(bearer(await tokenOf('taoran')))
      .send({
        leaveType: '年休假',
        startDate: '2026-12-14',
        startHalf: 'am',
        endDate: '2026-12-18',
        endHalf: 'pm',
        reason: '探亲',
      });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    processId = r.body.processId;
    const todo = await request(t.app)
      .get('/api/inbox?box=todo')
      .set(bearer(await tokenOf('weijian')));
    const item = todo.body.items.find((i: { processId: string }) => i.processId === processId);
    taskId = item.taskId;
    deadline = item.deadline;
    assignedAt = item.arrivedAt;
    expect(new Date(Date.parse(assignedAt) + 8 * 3600_000).getUTCDay()).toBe(5);
    expect(deadline).toBe(addWorkingDays(assignedAt, 2));
    expect(new Date(Date.parse(deadline) + 8 * 3600_000).getUTCDay()).toBe(2); // Tuesday
    expect(localDateOf(Date.parse(deadline))).not.toBe(localDateOf(Date.parse(assignedAt) + 2 * DAY)); // not calendar days
    expect(item.overdue).toBe(false);
    // nothing of 办理时限 is due yet: a sweep asks about nobody (other modules' demo jobs have sweepers of their own)
    expect(await sweeper(t.platform.readDb).sweep()).toBe(0);
    expect((await processEvents(processId)).filter((x) => x === 'TaskReminderDue' || x === 'TaskEscalated')).toEqual([]);
  });

  it('past the reminder time the running scheduler reminds the handler once (message center + live push)', async () => {
    const remindAt = Date.parse(fractionBetween(assignedAt, deadline, 0.8));
    t.clock.advance(remindAt + 60_000 - t.clock.now.getTime());
    await until(async () => (await processEvents(processId)).includes('TaskReminderDue'), 'TaskReminderDue');
    const notes = await until(async () => {
      const n = await notifications('weijian');
      return n.some((x) => x.kind === 'task.reminder') ? n : null;
    }, 'the reminder notification');
    expect(notes.find((x) => x.kind === 'task.reminder')).toMatchObject({ taskId, title: expect.stringContaining('即将到期') });
    await until(async () => pushed.some((n) => n.kind === 'task.reminder'), 'the live push');
    // more sweeps (the timer's and ours): no second reminder
    await t.reactions.sweep();
    await new Promise((r) => setTimeout(r, 1500));
    const events = await processEvents(processId);
    expect(events.filter((x) => x === 'TaskReminderDue')).toHaveLength(1);
    expect(events).not.toContain('TaskEscalated');
    expect((await notifications('weijian')).filter((x) => x.kind === 'task.reminder')).toHaveLength(1);
  });

  it('past the deadline two processes sweep at once: one escalation; handler and 分管领导 are told; the 待办 is overdue', async () => {
    await t.reactions.stop(); // from here the test drives the sweeps
    t.clock.advance(Date.parse(deadline) + 60_000 - t.clock.now.getTime());
    // both processes have found the job due before either acts (a true race on the stream)
    let arrived = 0;
    let go!: () => void;
    const barrier = new Promise<void>((r) => {
      go = r;
    });
    const racing: ReactionDispatch = async (cmd, ctx) => {
      if (++arrived === 2) go();
      await barrier;
      return binding().dispatch(cmd, ctx);
    };
    const a = sweeper(withoutLock(t.platform.readDb), racing);
    const b = sweeper(withoutLock(t.platform.readDb), racing);
    const [ra, rb] = await Promise.all([a.sweep(), b.sweep()]);
    expect(ra + rb).toBe(2);
    expect(a.lastError ?? b.lastError).toBeNull();
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    // a restarted process sweeps again: nothing more is due
    expect(await sweeper(t.platform.readDb).sweep()).toBe(0);
    const events = await processEvents(processId);
    expect(events.filter((x) => x === 'TaskEscalated')).toHaveLength(1);
    expect(events.filter((x) => x === 'TaskReminderDue')).toHaveLength(1);

    expect((await notifications('weijian')).filter((x) => x.kind === 'task.overdue')).toEqual([
      expect.objectContaining({ taskId, title: expect.stringContaining('已超时') }),
    ]);
    expect((await notifications('caojun')).filter((x) => x.kind === 'task.overdue')).toHaveLength(1);
    const todo = await request(t.app)
      .get('/api/inbox?box=todo')
      .set(bearer(await tokenOf('weijian')));
    expect(todo.body.items.find((i: { taskId: string }) => i.taskId === taskId)).toMatchObject({ overdue: true });
  });

  it('a task that is done leaves the sweep', async () => {
    const r = await request(t.app)
      .post(`/api/tasks/${taskId}/approve`)
      .set(bearer(await tokenOf('weijian')))
      .send({ opinion: '同意' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // the next node (分管领导, 3 working days) is not due at this clock
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    expect(await sweeper(t.platform.readDb).sweep()).toBe(0);
  });
});
