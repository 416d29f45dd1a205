/**
 * npm run bench:supervision — 督办 speed targets (issue 17):
 *  1. 督办看板 page p99 < 50 ms over 100,000 督办事项 made of 1,000,000 events. The events (ten per item:
 *     立项, 立项通过, 交办, two 签收, 反馈, 协办完成, 催办, then 办结报告 + 销号 / 自动催办 + 反馈 / …, deadlines
 *     spread over ±60 days so that red, yellow and green all occur) are folded by the supervision
 *     projection's own applyBatch into the embedded read store (SQLite), as the projection engine does;
 *     then boardPage (projections/supervision/queries.ts) answers each view — 本单位督办 (a third of
 *     all items), 我批示的, 本单位承办, with filters (红灯, status, keyword) and deep pages — RUNS times.
 *     The build time (events/s) and the board summary (按单位红黄灯 counts, a group-by) are printed too.
 *  2. The overdue sweep over 100,000 items < 1 s: the due-time read model of supervision.deadlines
 *     (scheduleProjection, filled from the 交办 events: ~4 jobs per item) and the platform's Sweeper.
 *     (a) a sweep when nothing is due (the scan every sweep pays), p99 of RUNS;
 *     (b) the sweep at the moment 1 % of the items pass their deadline: each fires CheckSupervisionDeadlines
 *         through the real command pipeline on a SQLite event store (load the item, decide 自动催办,
 *         append), exactly once — a second sweep fires nothing.
 * BENCH_QUICK=1: 10,000 items. BENCH_ITEMS overrides the item count.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../commands/pipeline/clock';
import { CommandHandler } from '../commands/pipeline/handler';
import { createEventStore } from '../commands/store/factory';
import { SupervisionCommands } from '../commands/supervision';
import type { RecordedEvent } from '../domain/eventstore/envelope';
import {
  deadlineSchedule,
  supervisionDeadlinesJob,
  supervisionStreamId,
  type CheckSupervisionItem,
  type SupervisionEvent,
} from '../domain/supervision';
import { addWorkingDays, localDateOf, workingDayRule } from '../domain/workflow';
import { PUBLIC_HOLIDAYS } from '../api/workflow/calendar';
import { Sweeper, scheduleProjection } from '../projections/reactions';
import { openReadStore } from '../projections/sql/open';
import { boardPage, boardSummary, supervisionProjection, type BoardFilter, type BoardView } from '../projections/supervision';

const QUICK = process.env.BENCH_QUICK === '1';
const ITEMS = Number(process.env.BENCH_ITEMS ?? (QUICK ? 10_000 : 100_000));
const RUNS = QUICK ? 50 : 200;
const DAY = 86_400_000;
const rule = workingDayRule(PUBLIC_HOLIDAYS);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ident = (x: string) => x;

const SUPERVISING = ['s0', 's1', 's2'];
const UNITS = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);
const LEADERS = Array.from({ length: 10 }, (_, i) => `leader-${i}`);
const TOPICS = ['资金拨付', '安全生产', '营商环境', '老旧小区', '就业见习', '项目建设', '信访积案', '环境整治'];

let position = 0;
const now = Date.now();
const today = localDateOf(now);

function rec(itemId: string, revision: number, e: SupervisionEvent, at: string): RecordedEvent {
  position++;
  return {
    id: `${itemId}-${revision}`,
    type: e.type,
    schemaVersion: 1,
    streamId: supervisionStreamId(itemId),
    revision,
    position,
    data: e.data,
    metadata: { actorId: 'bench', correlationId: itemId, occurredAt: at },
    recordedAt: at,
    prevHash: '',
    hash: '',
  };
}

/** The ten events of item `i` (its deadline `deadline`, its state by i mod 10). */
function itemEvents(i: number, deadline: string): SupervisionEvent[] {
  const itemId = `item-${i}`;
  const sup = SUPERVISING[i % SUPERVISING.length]!;
  const lead = UNITS[i % UNITS.length]!;
  const co = UNITS[(i * 7 + 3) % UNITS.length]!;
  const co2 = co === lead ? UNITS[(i + 1) % UNITS.length]! : co;
  const at = new Date(Date.parse(`${deadline}T02:00:00Z`) - 20 * DAY).toISOString();
  const title = `${TOPICS[i % TOPICS.length]}督办事项第${i}号`;
  const parts = [
    {
      unitId: lead,
      unitName: `单位${lead}`,
      role: 'lead' as const,
      receiverIds: [`${lead}-office`],
      nextReportDue: null,
      reportRemindAt: null,
    },
    { unitId: co2, unitName: `单位${co2}`, role: 'co' as const, receiverIds: [`${co2}-office`], nextReportDue: null, reportRemindAt: null },
  ];
  const base: SupervisionEvent[] = [
    {
      type: 'SupervisionItemProposed',
      data: {
        itemId,
        processId: `p-${i}`,
        title,
        requirements: `${title}：请按时办结并报送办理结果。`,
        source: { kind: 'instruction', note: '领导批示', incomingId: null, incomingTitle: null },
        documents: [],
        supervisingUnit: { id: sup, name: `督办单位${sup}` },
        supervisor: { id: `${sup}-staff`, name: '督查员' },
        leader: { id: LEADERS[i % LEADERS.length]!, name: '领导' },
        lead: { id: lead, name: `单位${lead}` },
        co: [{ id: co2, name: `单位${co2}` }],
        deadline,
        cycle: { kind: 'once', dates: [] },
        priority: i % 5 === 0 ? 'urgent' : 'normal',
        remindDays: 2,
        escalateDays: 3,
        at,
      },
    },
    {
      type: 'SupervisionItemEstablished',
      data: { itemId, processId: `p-${i}`, approverId: `${sup}-head`, approverName: '主任', opinion: '同意', at },
    },
    { type: 'SupervisionItemAssigned', data: { itemId, parts, deadline, schedule: deadlineSchedule(deadline, 2, 3, rule), at } },
    { type: 'SupervisionPartSignedFor', data: { itemId, unitId: lead, actorId: `${lead}-office`, actorName: '收发员', at } },
    { type: 'SupervisionPartSignedFor', data: { itemId, unitId: co2, actorId: `${co2}-office`, actorName: '收发员', at } },
    {
      type: 'SupervisionProgressReported',
      data: {
        itemId,
        unitId: lead,
        reportId: `r1-${i}`,
        content: '已完成阶段工作。',
        attachments: [],
        final: false,
        actorId: 'x',
        actorName: '经办人',
        at,
        nextReportDue: null,
        reportRemindAt: null,
      },
    },
    {
      type: 'SupervisionProgressReported',
      data: {
        itemId,
        unitId: co2,
        reportId: `r2-${i}`,
        content: '协办部分已完成。',
        attachments: [],
        final: true,
        actorId: 'y',
        actorName: '经办人',
        at,
        nextReportDue: null,
        reportRemindAt: null,
      },
    },
    {
      type: 'SupervisionItemUrged',
      data: {
        itemId,
        unitIds: [lead],
        message: '请加快进度',
        recipientIds: [`${lead}-office`],
        actorId: `${sup}-staff`,
        actorName: '督查员',
        at,
      },
    },
  ];
  const kind = i % 10;
  if (kind < 4) {
    // closed
    return [
      ...base,
      {
        type: 'SupervisionFinalReportSubmitted',
        data: {
          itemId,
          reportId: `f-${i}`,
          content: '已办结。',
          attachments: [],
          partReportIds: [`r2-${i}`],
          actorId: 'x',
          actorName: '经办人',
          reviewerIds: [`${sup}-staff`],
          at,
        },
      },
      {
        type: 'SupervisionItemClosed',
        data: {
          itemId,
          reportId: `f-${i}`,
          opinion: '',
          actorId: `${sup}-staff`,
          actorName: '督查员',
          deadline,
          onTime: kind !== 3,
          overdueDays: kind === 3 ? 2 : 0,
          at,
        },
      },
    ];
  }
  if (kind < 6)
    return [
      ...base,
      {
        type: 'SupervisionProgressReported',
        data: {
          itemId,
          unitId: lead,
          reportId: `r3-${i}`,
          content: '正在收尾。',
          attachments: [],
          final: false,
          actorId: 'x',
          actorName: '经办人',
          at,
          nextReportDue: null,
          reportRemindAt: null,
        },
      },
      {
        type: 'SupervisionFinalReportSubmitted',
        data: {
          itemId,
          reportId: `f-${i}`,
          content: '已办结。',
          attachments: [],
          partReportIds: [`r2-${i}`],
          actorId: 'x',
          actorName: '经办人',
          reviewerIds: [`${sup}-staff`],
          at,
        },
      },
    ];
  return [
    ...base,
    { type: 'SupervisionDeadlineReminderSent', data: { itemId, deadline, recipientIds: [`${lead}-office`], at } },
    {
      type: 'SupervisionProgressReported',
      data: {
        itemId,
        unitId: lead,
        reportId: `r3-${i}`,
        content: '正在推进。',
        attachments: [],
        final: false,
        actorId: 'x',
        actorName: '经办人',
        at,
        nextReportDue: null,
        reportRemindAt: null,
      },
    },
  ];
}

const deadlineOf = (i: number) => localDateOf(now + (((i * 7919) % 121) - 60) * DAY);

async function board(): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sup-'));
  const db = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
  try {
    const p = supervisionProjection();
    await p.setup(db, ident);
    const t0 = performance.now();
    let events = 0;
    const BATCH = 2_000;
    for (let from = 0; from < ITEMS; from += BATCH) {
      const batch: RecordedEvent[] = [];
      for (let i = from; i < Math.min(ITEMS, from + BATCH); i++) {
        itemEvents(i, deadlineOf(i)).forEach((e, r) => batch.push(rec(`item-${i}`, r, e, (e.data as { at: string }).at)));
      }
      events += batch.length;
      await db.transaction((tx) => p.applyBatch!(tx, batch, ident));
    }
    const build = performance.now() - t0;
    const d = { today, yellowUntil: localDateOf(Date.parse(addWorkingDays(new Date(now).toISOString(), 3, rule))) };
    const shapes: { name: string; viewer: { userId: string; unitId: string }; f: Omit<BoardFilter, 'offset' | 'limit'>; page: number }[] = [
      { name: '本单位督办, page 1', viewer: { userId: 's0-staff', unitId: 's0' }, f: { view: 'supervising' }, page: 1 },
      { name: '本单位督办, page 100', viewer: { userId: 's0-staff', unitId: 's0' }, f: { view: 'supervising' }, page: 100 },
      { name: '本单位督办, 红灯', viewer: { userId: 's0-staff', unitId: 's0' }, f: { view: 'supervising', light: 'red' }, page: 1 },
      {
        name: '本单位督办, 办理中 + 关键词',
        viewer: { userId: 's0-staff', unitId: 's0' },
        f: { view: 'supervising', status: 'handling', q: '资金' },
        page: 1,
      },
      { name: '我批示的, page 1', viewer: { userId: 'leader-3', unitId: 'x' }, f: { view: 'leader' }, page: 1 },
      { name: '本单位承办, page 1', viewer: { userId: 'u07-office', unitId: 'u07' }, f: { view: 'undertaking' }, page: 1 },
      { name: '本单位承办, 黄灯', viewer: { userId: 'u07-office', unitId: 'u07' }, f: { view: 'undertaking', light: 'yellow' }, page: 1 },
      { name: '全部 (承办单位 u07), page 1', viewer: { userId: 'u07-office', unitId: 'u07' }, f: { view: 'all' }, page: 1 },
    ];
    const rows: string[][] = [
      [
        `build: ${ITEMS.toLocaleString('en')} items, ${events.toLocaleString('en')} events`,
        `${(build / 1000).toFixed(1)} s (${Math.round(events / (build / 1000)).toLocaleString('en')} events/s)`,
        '',
        '',
        '',
      ],
    ];
    const all: number[] = [];
    for (const s of shapes) {
      const xs: number[] = [];
      let total = 0;
      for (let r = 0; r < RUNS; r++) {
        const a = performance.now();
        const res = await boardPage(db, s.viewer, { ...s.f, offset: (s.page - 1) * 20, limit: 20 }, d);
        xs.push(performance.now() - a);
        total = res.total;
      }
      all.push(...xs);
      rows.push([
        `board: ${s.name} (${total.toLocaleString('en')} matching)`,
        ms(pct(xs, 50)),
        ms(pct(xs, 99)),
        '< 50 ms',
        pct(xs, 99) < 50 ? 'ok' : 'MISSED',
      ]);
    }
    rows.push([
      `board: all shapes (${all.length} pages)`,
      ms(pct(all, 50)),
      ms(pct(all, 99)),
      '< 50 ms',
      pct(all, 99) < 50 ? 'ok' : 'MISSED',
    ]);
    for (const [name, viewer, view] of [
      ['summary 本单位督办 (by status and unit)', { userId: 's0-staff', unitId: 's0' }, 'supervising'],
      ['summary 本单位承办', { userId: 'u07-office', unitId: 'u07' }, 'undertaking'],
    ] as const) {
      const xs: number[] = [];
      for (let r = 0; r < Math.min(RUNS, 50); r++) {
        const a = performance.now();
        await boardSummary(db, viewer, view as BoardView, d);
        xs.push(performance.now() - a);
      }
      rows.push([name, ms(pct(xs, 50)), ms(pct(xs, 99)), '(no target)', '']);
    }
    return rows;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sweep(): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sup-sweep-'));
  const db = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
  const store = await createEventStore(`sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`);
  try {
    // every item open; 1 % of them with yesterday as their deadline, the rest in the coming weeks
    const yesterday = localDateOf(now - DAY);
    const due = new Set<number>();
    for (let i = 0; i < ITEMS; i += 100) due.add(i);
    const deadline = (i: number) => (due.has(i) ? yesterday : localDateOf(now + (10 + (i % 50)) * DAY));
    const proj = scheduleProjection(supervisionDeadlinesJob);
    await proj.setup(db, ident);
    const t0 = performance.now();
    const BATCH = 5_000;
    for (let from = 0; from < ITEMS; from += BATCH) {
      await db.transaction(async (tx) => {
        for (let i = from; i < Math.min(ITEMS, from + BATCH); i++) {
          const events = itemEvents(i, deadline(i)).slice(0, 5);
          const assigned = events[2]!;
          await proj.apply(tx, rec(`item-${i}`, 2, assigned, (assigned.data as { at: string }).at), ident);
        }
      });
    }
    // the reminders of the due items were sent already (their remindAt passed too): mark them fired
    await db.run(`UPDATE sj_supervision_deadlines SET fired = 1 WHERE job_id LIKE '%:remind'`);
    const jobs = Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sj_supervision_deadlines'))!.n);
    const fill = performance.now() - t0;
    // the due items' streams in the event store (立项 … 签收), so that the fired commands find them
    for (const i of due) {
      const events = itemEvents(i, deadline(i)).slice(0, 5);
      await store.append(
        supervisionStreamId(`item-${i}`),
        events.map((e) => ({
          type: e.type,
          data: e.data,
          metadata: { actorId: 'bench', correlationId: `item-${i}`, occurredAt: (e.data as { at: string }).at },
        })),
      );
    }
    const clock = fixedClock(new Date(now).toISOString());
    const cmds = new SupervisionCommands(new CommandHandler(store, { clock }), PUBLIC_HOLIDAYS);
    const dispatch = async (cmd: unknown, ctx: { commandId: string; correlationId: string; actorId: string }) => {
      await cmds.checkDeadlines((cmd as CheckSupervisionItem).data.itemId, { ...ctx, actorName: '系统', unitId: null });
    };
    const silent = {
      warn: () => undefined,
      error: (o: object, m: string) => {
        if (process.env.BENCH_DEBUG) console.error(m, o);
      },
    };
    // (a) nothing due: the scan a sweep pays every interval
    // one sweeper (it holds the schedule's lock), its clock moved by the bench
    let sweepAt = Date.parse(`${yesterday}T12:00:00+08:00`);
    const sweeper = new Sweeper({
      job: supervisionDeadlinesJob,
      db,
      dispatch,
      logger: silent,
      intervalMs: 0,
      now: () => new Date(sweepAt),
    });
    const idle: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const a = performance.now();
      const n = await sweeper.sweep();
      idle.push(performance.now() - a);
      if (n !== 0) throw new Error(`nothing should be due, ${n} fired`);
    }
    // (b) the deadline day of 1 % has ended: their 自动催办
    sweepAt = now;
    const a = performance.now();
    const fired = await sweeper.sweep();
    const firing = performance.now() - a;
    const again = await sweeper.sweep();
    let overdue = 0;
    for (const i of due)
      overdue += (await store.readStream(supervisionStreamId(`item-${i}`))).filter((e) => e.type === 'SupervisionItemOverdue').length;
    if (overdue !== due.size || again !== 0) throw new Error(`自动催办 ${overdue} for ${due.size} due items; second sweep fired ${again}`);
    return [
      [
        `schedule: ${ITEMS.toLocaleString('en')} items → ${jobs.toLocaleString('en')} jobs (fill)`,
        `${(fill / 1000).toFixed(1)} s`,
        '',
        '',
        '',
      ],
      [
        `sweep, nothing due (scan of ${ITEMS.toLocaleString('en')} items' jobs)`,
        ms(pct(idle, 50)),
        ms(pct(idle, 99)),
        '< 1 s',
        pct(idle, 99) < 1000 ? 'ok' : 'MISSED',
      ],
      [
        `sweep, ${due.size.toLocaleString('en')} of ${ITEMS.toLocaleString('en')} overdue: ${fired} 自动催办 through the pipeline (once each)`,
        ms(firing),
        ms(firing),
        '< 1 s',
        firing < 1000 ? 'ok' : 'MISSED',
      ],
    ];
  } finally {
    await store.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [...(await board()), ...(await sweep())];
  console.log(
    `\n督办 bench (${ITEMS.toLocaleString('en')} items${QUICK ? ', BENCH_QUICK' : ''}; SQLite read store and event store; ${RUNS} runs per query shape)\n`,
  );
  console.log('| measure | p50 | p99 | target | |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
