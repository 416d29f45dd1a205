import { v5 as uuidv5 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import type { OrgDirectory, ApplicantSnapshot } from '../../domain/workflow/approvers';
import { instanceStreamId, type InstanceState, type TaskState } from '../../domain/workflow/instance.events';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { LEAVE_TYPES } from '../../domain/workflow/samples';
import { workingDayRule } from '../../domain/workflow/calendar';
import { APPLICATION_SUBJECT_TYPE } from '../../domain/attendance';
import { applicationOutcomeReactor, type RecordAttendanceOutcome } from '../../domain/attendance/application-outcome.reactor';
import {
  AttendanceCommands,
  BalanceCommands,
  recordAttendanceOutcome,
  seedAttendanceDefinitions,
  type AttendanceContext,
} from '../../commands/attendance';
import { demoEntitleKey, demoWorkStart } from '../attendance/demo-people';
import { CommandHandler } from '../../commands/pipeline/handler';
import { fixedClock } from '../../commands/pipeline/clock';
import type { UpcasterRegistry } from '../../commands/pipeline/upcasters';
import { OrgCommands } from '../../commands/org';
import { StoreOrgDirectory, WorkflowCommands, type ApplicantDirectory, type WorkflowContext } from '../../commands/workflow';
import { createEventStore } from '../../commands/store/factory';
import { DocumentCommands, type DocumentContext } from '../../commands/documents';
import { recordOutgoingApprovalOutcome } from '../../commands/documents/approval-outcome';
import { StoreDocumentOrg } from '../../commands/documents/org-lookup';
import { outgoingApprovalReactor, type RecordOutgoingApprovalOutcome } from '../../domain/documents/outgoing-approval.reactor';
import { reactInline, type ReactorBinding } from '../../projections/reactions';
import type { DocumentKind } from '../../domain/documents/elements';
import { documentAdapters } from '../../reports/documents';
import { fontDir } from '../../reports/documents/fonts';
import { loadConfig } from '../config';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { seedWorkflowDefinitions } from '../workflow/seed';
import { DEMO_DEPARTMENTS, DEMO_UNITS, DEMO_USERS, demoUnitOf, type DemoUser } from './demo-district';

/**
 * 演示年度数据 (demo history): a year of simulated district activity, played through the REAL
 * command pipeline (WorkflowCommands → deciders → expected revisions → hash chain), so that the
 * leadership dashboard (issue 7) shows a believable year on the first `npm start`.
 *
 * A discrete-event simulation: every action (start a process, approve, return, reject, resubmit,
 * mark read, grant a delegation) is scheduled at a simulated instant within office hours and played
 * in time order, with the pipeline's clock set to that instant — so command metadata `now` walks
 * through the past 12 months and every event carries its simulated business time. Deterministic:
 * a seeded PRNG, instance ids and command ids derived from the step (an interrupted seed resumes
 * without doubling anything, as the district seed does). Actions due after `endAt` are not played:
 * the last days' work stays open in the inboxes, as it would in a real office.
 *
 * What it plays: 请休假 and 通用审批 (the sample definitions, published at the start of the year),
 * approved by the resolved approvers; some returned to the drafter and resubmitted (or withdrawn),
 * some rejected; some acted on after their time limit (overdue; each unit has its own pace, so the
 * overdue ranking is not flat); some handled by a delegate during a 外出授权. 公文 (issue 6,
 * DocumentCommands): 发文 drafted and sent for review, approved on the same agenda, then numbered
 * (发文字号) and distributed by the office; the receiving offices sign for them and register them
 * (收文登记). With a data folder (and the CJK fonts) the office also renders (套红, the 版记 dated that
 * day) and seals (用印) each 发文 issued in the last `renderDays` before distributing it, so the
 * demo has 版式文件 to print; and in January it files (归档) the previous year's distributed 发文, so
 * the 归档目录 is not empty.
 */
export const DEMO_HISTORY_NS = '6d3f1c2a-8b4e-4f7a-9c55-0e2b7a91d4c3';

export interface DemoHistoryOptions {
  /** End of the simulated year (exclusive), ISO; default: today 00:00 UTC (stable within a day, so a resumed seed replays the same plan). */
  endAt?: string;
  /** Length of the simulated period in days (default 365). */
  days?: number;
  /** Mean processes started per working day in the whole district (default 6). */
  perWorkingDay?: number;
  /** Mean 发文 drafted per working day in the whole district (default 0.8). */
  documentsPerWorkingDay?: number;
  /** PRNG seed (default 20260101). */
  seed?: number;
  upcasters?: UpcasterRegistry;
  log?: (msg: string) => void;
  /**
   * The server's DATA_DIR, where 套红/用印 keep their PDFs and the seal key. Without it (or without the
   * CJK fonts) nothing is rendered or sealed. playDemoHistory passes the server's (loadConfig()).
   */
  dataDir?: string | null;
  /** 套红/用印 the 发文 issued in the last so many days before `endAt` (default 60: ~330 ms a document, ~13 s for the demo year's last two months, where a whole year would add over a minute to the first start). */
  renderDays?: number;
}

/**
 * Plays the history. On an SQLite file store it writes through a second connection opened with
 * synchronous=NORMAL (WAL: a commit survives a crash of the process, not a power cut): some ten
 * thousand commits would otherwise wait for ten thousand fsyncs. The seed is resumable, so nothing
 * is at stake; the server's own connection keeps synchronous=FULL.
 */
export async function playDemoHistory(
  store: EventStore,
  storeUrl: string | undefined,
  opts: DemoHistoryOptions = {},
): Promise<DemoHistorySummary> {
  const fastUrl =
    storeUrl && /^sqlite:(?!:memory:)/.test(storeUrl) && !/[?&]synchronous=/i.test(storeUrl)
      ? `${storeUrl}${storeUrl.includes('?') ? '&' : '?'}synchronous=NORMAL`
      : null;
  const withFiles = { ...opts, dataDir: opts.dataDir === undefined ? loadConfig().dataDir : opts.dataDir };
  if (!fastUrl) return seedDemoHistory(store, withFiles);
  const fast = await createEventStore(fastUrl);
  try {
    return await seedDemoHistory(fast, withFiles);
  } finally {
    await fast.close();
  }
}

export interface DemoHistorySummary {
  from: string;
  to: string;
  processes: number;
  commands: number;
  approved: number;
  returned: number;
  resubmitted: number;
  rejected: number;
  withdrawn: number;
  overdue: number;
  delegated: number;
  read: number;
  /** 发文 drafted and sent for review; of them issued (numbered + distributed); 收文 signed for and registered. */
  documents: number;
  issued: number;
  received: number;
  /** 发文 rendered and sealed (套红/用印) before 分发; 发文 filed (归档). */
  sealed: number;
  archived: number;
  skipped: number;
  ms: number;
}

// ------------------------------------------------------------------ time (office hours, Asia/Shanghai)
const HOUR = 3600_000;
const DAY = 86_400_000;
const SHANGHAI = 8 * HOUR;
/** The office windows the warehouse counts working hours in (projections/warehouse/working-hours.ts). */
const WINDOWS: ReadonlyArray<[number, number]> = [
  [9 * HOUR, 12 * HOUR],
  [13.5 * HOUR, 17.5 * HOUR],
];

function isWeekday(ms: number): boolean {
  const d = new Date(ms + SHANGHAI).getUTCDay();
  return d !== 0 && d !== 6;
}

/** `ms` + `hours` office hours (weekdays 09:00–12:00, 13:30–17:30 Beijing time). */
export function addOfficeHours(ms: number, hours: number): number {
  let left = hours * HOUR;
  let t = ms;
  for (let guard = 0; guard < 5000; guard++) {
    const local = t + SHANGHAI;
    const dayStart = Math.floor(local / DAY) * DAY;
    if (isWeekday(t)) {
      for (const [a, b] of WINDOWS) {
        const ws = dayStart + a;
        const we = dayStart + b;
        const s = Math.max(ws, local);
        if (s >= we) continue;
        if (we - s >= left) return s + left - SHANGHAI;
        left -= we - s;
      }
    }
    t = dayStart + DAY - SHANGHAI; // next local midnight
  }
  return t;
}

// ------------------------------------------------------------------ deterministic randomness
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a 32-bit seed from a string (per-task randomness). */
function hash32(x: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < x.length; i++) {
    h ^= x.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Dice {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** A skewed positive delay around `mean` (exponential, floored at 5 % of the mean). */
  delay(mean: number): number {
    return Math.max(mean * 0.05, -Math.log(1 - this.next()) * mean);
  }
  /** Poisson-distributed count (Knuth; fine for small means). */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}

// ------------------------------------------------------------------ the district's habits
/** Each unit's pace: multiplies waiting times and the chance of missing a time limit. */
const UNIT_PACE: Record<string, number> = { qzf: 0.9, qzfb: 0.8, czj: 1.1, rsj: 1.5, jgswj: 2.1 };
/** Nodes where work waits longer (mean office hours before the approver acts). */
const NODE_MEAN_HOURS: Record<string, number> = {
  'dept-leader': 3,
  'charge-leader': 9,
  hr: 5,
  'unit-leader': 7, // 请休假, 通用审批
  'dept-review': 4,
  countersign: 6,
  'office-review': 3,
  sign: 10, // 发文审批
};
/** Activity by Beijing month (1–12): Spring Festival and National Day are quiet, year-end is busy. */
const MONTH_FACTOR = [0, 1.05, 0.55, 1.0, 1.05, 0.95, 1.1, 0.85, 0.8, 1.0, 0.7, 1.15, 1.35];

const SUBJECTS = [
  ['采购办公用品', 120_000],
  ['申请使用公务用车', 0],
  ['会议室及设备借用', 0],
  ['购置打印耗材', 86_000],
  ['参加业务培训', 180_000],
  ['印制宣传资料', 350_000],
  ['维修办公设备', 64_000],
  ['申请加班', 0],
  ['调阅档案资料', 0],
  ['举办业务座谈会', 520_000],
  ['购买专业书籍', 42_000],
  ['信息系统运维服务', 1_280_000],
] as const;
const REASONS = ['家中有事需处理', '身体不适需就医', '休年休假', '陪护家人就医', '子女入学事宜', '外出探亲'];
const APPROVE_OPINIONS = ['同意', '同意。', '同意，请按规定办理。', '拟同意，请领导审批。', '已阅，同意。', '同意，注意做好工作交接。'];
const RETURN_OPINIONS = ['请补充说明具体事由后重新提交。', '材料不全，请补充。', '日期填写有误，请核实后再报。'];
const REJECT_OPINIONS = ['当前工作任务较重，暂不同意，请调整时间。', '不符合相关规定，不予同意。', '预算不足，暂缓办理。'];

/** 外出授权 during the year: who is away, to whom, from which day (offset in days from the start) for how many days. */
const DELEGATIONS: ReadonlyArray<{ principal: string; delegate: string; dayOffset: number; days: number; reason: string }> = [
  { principal: 'qin-tao', delegate: 'you-jia', dayOffset: 75, days: 9, reason: '外出学习培训' },
  { principal: 'director', delegate: 'han-xue', dayOffset: 150, days: 7, reason: '赴省厅参加会议' },
  { principal: 'cao-jun', delegate: 'yan-qing', dayOffset: 200, days: 10, reason: '参加党校学习' },
  { principal: 'zhou-ming', delegate: 'wu-xiaoyan', dayOffset: 250, days: 6, reason: '休年休假' },
  { principal: 'su-mei', delegate: 'pan-yong', dayOffset: 290, days: 8, reason: '外出考察' },
  { principal: 'qi-ming', delegate: 'xie-na', dayOffset: 320, days: 7, reason: '外出学习培训' },
];

/**
 * 区政府领导 (the leadership of the district itself: the root department of the root unit, e.g. 副区长
 * 钱慧). Nobody stands above them but the 区长, so the second-level leader that 分管领导审批 (请休假) and
 * 单位负责人审批 (通用审批) ask for (leaderChain levels 2) does not exist: their requests would be
 * refused with workflow.no_approver (the demo year used to log exactly these two refusals).
 */
function atTheTop(u: DemoUser): boolean {
  const d = DEMO_DEPARTMENTS.find((x) => x.id === u.departmentId);
  return !!d && d.parentId === null && DEMO_UNITS.find((x) => x.id === d.unitId)?.parentId === null;
}

/**
 * Everyone in the organisation: the 三员 do not file business requests; leaders approve rather than
 * apply, and the district's own leadership (atTheTop) has no second-level approver in the demo org.
 */
function applicants(): DemoUser[] {
  return DEMO_USERS.filter(
    (u) => !u.leadsDepartment && !u.leadsUnit && !atTheTop(u) && !('sysadmin' in u.roles || 'secadmin' in u.roles || 'auditor' in u.roles),
  );
}

/**
 * The org never changes during the simulated year: answers are memoised (the store-backed directory
 * reads the org streams every time — correct, but thousands of times over for the same answer).
 */
class MemoOrg implements OrgDirectory, ApplicantDirectory {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly inner: StoreOrgDirectory) {}
  private memo<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) this.cache.set(key, (p = f()));
    return p;
  }
  applicant(userId: string): Promise<ApplicantSnapshot | null> {
    return this.memo(`a:${userId}`, () => this.inner.applicant(userId));
  }
  leaderOf(departmentId: string): Promise<string | null> {
    return this.memo(`l:${departmentId}`, () => this.inner.leaderOf(departmentId));
  }
  leaderChain(departmentId: string, levels: number): Promise<string[]> {
    return this.memo(`c:${departmentId}:${levels}`, () => this.inner.leaderChain(departmentId, levels));
  }
  usersWithRole(role: string, unitId: string): Promise<string[]> {
    return this.memo(`r:${role}:${unitId}`, () => this.inner.usersWithRole(role, unitId));
  }
  usersWithPosition(positionId: string): Promise<string[]> {
    return this.memo(`p:${positionId}`, () => this.inner.usersWithPosition(positionId));
  }
}

type Planned =
  | { at: number; kind: 'start'; no: number; userId: string; definitionKey: string; form: Record<string, unknown> }
  | { at: number; kind: 'draft'; no: number; userId: string; doc: PlannedDocument }
  | { at: number; kind: 'issue'; documentId: string; no: number }
  | { at: number; kind: 'receive'; incomingId: string; unitId: string }
  | { at: number; kind: 'archive'; documentId: string }
  | { at: number; kind: 'task'; instanceId: string; taskId: string }
  | { at: number; kind: 'delegate'; index: number };
type Action = Planned & { seq: number };

/** A binary min-heap by (at, seq): the simulation's agenda. */
class Agenda {
  private readonly h: Action[] = [];
  private seq = 0;
  push(a: Planned): void {
    const x: Action = { ...a, seq: this.seq++ };
    const h = this.h;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): Action | undefined {
    const h = this.h;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Action, b: Action) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

const iso = (ms: number) => new Date(ms).toISOString();
const localDate = (ms: number) => new Date(ms + SHANGHAI).toISOString().slice(0, 10);

export async function seedDemoHistory(store: EventStore, opts: DemoHistoryOptions = {}): Promise<DemoHistorySummary> {
  const wall = Date.now();
  const endMs = opts.endAt ? Date.parse(opts.endAt) : Math.floor(Date.now() / DAY) * DAY;
  const startMs = endMs - (opts.days ?? 365) * DAY;
  const seed = opts.seed ?? 20260101;
  const dice = new Dice(mulberry32(seed));
  /**
   * Randomness of one task or document comes from its own id, and its timing from its own assignment
   * time — never from the order things were played in: a resumed seed (where already played commands
   * answer with their first result) makes exactly the same choices.
   */
  const diceFor = (key: string) => new Dice(mulberry32(hash32(`${seed}:${key}`)));
  const clock = fixedClock(iso(startMs));
  const handler = new CommandHandler(store, { clock, ...(opts.upcasters ? { upcasters: opts.upcasters } : {}) });
  const outgoingOutcome: ReactorBinding = {
    reactor: outgoingApprovalReactor,
    dispatch: (cmd, ctx) =>
      recordOutgoingApprovalOutcome(handler, new StoreDocumentOrg(handler), cmd as RecordOutgoingApprovalOutcome, ctx),
  };
  let idStep = '';
  let idCount = 0;
  const newId = () => uuidv5(`${idStep}#${idCount++}`, DEMO_HISTORY_NS);
  const org = new MemoOrg(new StoreOrgDirectory(handler));
  const wf = new WorkflowCommands(handler, { org, applicants: org, newId, calendar: PUBLIC_HOLIDAYS });
  const ports = opts.dataDir && fontsInstalled() ? documentAdapters(opts.dataDir) : null;
  const renderFrom = endMs - (opts.renderDays ?? 60) * DAY;
  const docs = new DocumentCommands(handler, {
    approvers: org,
    workflow: wf,
    newId,
    ...(ports ? { renderer: ports.renderer, sealService: ports.sealService } : {}),
    requireSeal: false, // the older 发文 of the demo year go out without 用印 when renderDays is shorter than the year
  });
  const correlationId = uuidv5('demo-history', DEMO_HISTORY_NS);
  const ctx = (step: string, actorId: string, unitId: string | null, onBehalfOf: string | null = null): WorkflowContext => {
    idStep = step;
    idCount = 0;
    return { actorId, onBehalfOf, unitId, correlationId, commandId: uuidv5(`history:${step}`, DEMO_HISTORY_NS) };
  };
  const userOf = (userId: string) => DEMO_USERS.find((x) => x.id === userId);
  const unitOf = (userId: string) => {
    const u = userOf(userId);
    return u ? demoUnitOf(u.departmentId) : null;
  };
  const docCtx = (step: string, userId: string, isOffice = false): DocumentContext => {
    const u = userOf(userId)!;
    return {
      ...ctx(step, userId, demoUnitOf(u.departmentId)),
      unitId: demoUnitOf(u.departmentId),
      departmentId: u.departmentId,
      actorName: u.name,
      isOffice,
    };
  };
  const s: DemoHistorySummary = {
    from: iso(startMs),
    to: iso(endMs),
    processes: 0,
    commands: 0,
    approved: 0,
    returned: 0,
    resubmitted: 0,
    rejected: 0,
    withdrawn: 0,
    overdue: 0,
    delegated: 0,
    read: 0,
    documents: 0,
    issued: 0,
    received: 0,
    sealed: 0,
    archived: 0,
    skipped: 0,
    ms: 0,
  };

  // 区长 sees the whole district's dashboard (领导驾驶舱, data scope 全区); the other leaders see their unit.
  await new OrgCommands(handler).grantRole(
    'zhao-guoqiang',
    { roleId: 'leader', scope: 'all' },
    {
      actorId: 'system',
      unitId: null,
      correlationId,
      commandId: uuidv5('history:grant:zhao-guoqiang:leader:all', DEMO_HISTORY_NS),
    },
  );

  // The sample definitions (api/workflow/seed.ts and the 发文 flow, same command ids as those seed
  // steps: they are then no-ops), published at the start of the simulated year.
  await seedWorkflowDefinitions(handler);
  await docs.ensureOutgoingDefinition();
  // 考勤: its definitions (请休假 is the attendance module's), and every applicant's 年休假 of the years played
  await seedAttendanceDefinitions(handler);
  const attendance = new AttendanceCommands(handler, wf, PUBLIC_HOLIDAYS);
  const balances = new BalanceCommands(handler);
  for (const u of applicants()) {
    for (let y = Number(localDate(startMs).slice(0, 4)); y <= Number(localDate(endMs).slice(0, 4)); y++) {
      const c = {
        actorId: 'system',
        actorName: '系统',
        unitId: null,
        departmentId: null,
        correlationId,
        commandId: demoEntitleKey(u.id, y),
      };
      await balances.entitle(u.id, { year: y, workStartDate: demoWorkStart(u.id) }, c);
    }
  }
  const attendanceOutcome: ReactorBinding = {
    reactor: applicationOutcomeReactor,
    dispatch: (cmd, c) => recordAttendanceOutcome(handler, cmd as RecordAttendanceOutcome, c),
  };
  /** 请休假 through the attendance module; a 年休假 over the balance is taken as 事假 instead (as people do). */
  const applyLeave = async (form: Record<string, unknown>, c: AttendanceContext) => {
    const dto = form as unknown as Parameters<AttendanceCommands['applyLeave']>[0];
    try {
      return await attendance.applyLeave(dto, c);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'attendance.over_balance') throw e;
      return attendance.applyLeave({ ...dto, leaveType: '事假' }, c);
    }
  };

  // ---------------------------------------------------------------- the plan (drawn up front)
  const agenda = new Agenda();
  const people = applicants();
  const drafters = people.filter((u) => DOC_UNITS[demoUnitOf(u.departmentId)]);
  let no = 0;
  for (let utcDay = startMs; utcDay < endMs; utcDay += DAY) {
    const day = utcDay - SHANGHAI; // Beijing midnight of the same date
    if (!isWeekday(day + DAY / 2)) continue;
    const month = Number(localDate(day + DAY / 2).slice(5, 7));
    const trend = 0.85 + 0.3 * ((utcDay - startMs) / (endMs - startMs)); // the platform is used more as the year goes on
    const n = dice.poisson((opts.perWorkingDay ?? 6) * MONTH_FACTOR[month] * trend);
    for (let i = 0; i < n; i++) {
      const u = dice.pick(people);
      const at = addOfficeHours(day, dice.next() * 6.9); // within that day's office hours
      const roll = dice.next();
      const definitionKey =
        roll < 0.45 ? 'leave' : roll < 0.53 ? 'attendance-trip' : roll < 0.6 ? 'attendance-overtime' : 'simple-approval';
      const form =
        definitionKey === 'leave'
          ? leaveForm(dice, at)
          : definitionKey === 'attendance-trip'
            ? tripForm(dice, at)
            : definitionKey === 'attendance-overtime'
              ? overtimeForm(dice, at)
              : simpleForm(dice);
      agenda.push({ at, kind: 'start', no: no++, userId: u.id, definitionKey, form });
    }
    const d = dice.poisson((opts.documentsPerWorkingDay ?? 0.8) * MONTH_FACTOR[month]);
    for (let i = 0; i < d; i++) {
      const u = dice.pick(drafters);
      agenda.push({
        at: addOfficeHours(day, dice.next() * 6.9),
        kind: 'draft',
        no: no++,
        userId: u.id,
        doc: planDocument(dice, demoUnitOf(u.departmentId)),
      });
    }
  }
  DELEGATIONS.forEach((d, index) => agenda.push({ at: addOfficeHours(startMs + (d.dayOffset - 1) * DAY, 6), kind: 'delegate', index }));

  // ---------------------------------------------------------------- playing it
  const infeasible = new Set<string>(); // user|definition pairs whose approvers cannot be resolved
  const returnedOnce = new Set<string>();
  const scheduled = new Set<string>();
  /** Instance states after our last command on each (only this simulation writes to them). */
  const states = new Map<string, InstanceState>();
  const scheduleOpenTasks = (instanceId: string, state: InstanceState) => {
    if (state.status === 'running' || state.status === 'returned') states.set(instanceId, state);
    else states.delete(instanceId);
    for (const t of Object.values(state.tasks)) {
      if (t.status !== 'open' || scheduled.has(t.taskId)) continue;
      scheduled.add(t.taskId);
      agenda.push({ at: whenActed(t, state), kind: 'task', instanceId, taskId: t.taskId });
    }
  };
  const whenActed = (t: TaskState, state: InstanceState): number => {
    const d = diceFor(t.taskId);
    const now = Date.parse(t.assignedAt);
    const pace = UNIT_PACE[state.applicant?.unitId ?? ''] ?? 1;
    if (t.kind === 'read') return addOfficeHours(now, d.delay(6 * pace));
    if (t.kind === 'resubmit') return addOfficeHours(now, d.delay(5));
    const mean = (NODE_MEAN_HOURS[t.nodeId] ?? 4) * pace;
    if (t.deadline && d.chance(0.05 * pace * pace)) {
      // missed the time limit (超期): acted 1–16 office hours after the deadline
      return addOfficeHours(Date.parse(t.deadline), 1 + d.next() * 15);
    }
    let at = addOfficeHours(now, d.delay(mean));
    if (t.deadline && at > Date.parse(t.deadline)) at = addOfficeHours(now, d.next() * mean); // most people keep to the limit
    return at;
  };
  let firstFailure = '';
  const run = async <T>(f: () => Promise<T>): Promise<T | null> => {
    try {
      const r = await f();
      s.commands++;
      return r;
    } catch (e) {
      if (e instanceof DomainError) {
        s.skipped++;
        if (!firstFailure) firstFailure = `${e.code}: ${e.message}`;
        return null;
      }
      throw e;
    }
  };
  const officeOf = async (unitId: string) => (await org.usersWithRole('office_admin', unitId))[0] ?? null;

  for (let a = agenda.pop(); a && a.at < endMs; a = agenda.pop()) {
    clock.set(iso(a.at));
    switch (a.kind) {
      case 'delegate': {
        const d = DELEGATIONS[a.index];
        const from = Date.parse(localDate(a.at + DAY) + 'T00:00:00+08:00');
        await run(() =>
          wf.delegate(
            { delegateId: d.delegate, from: iso(from), to: iso(from + d.days * DAY), reason: d.reason },
            ctx(`delegate:${d.principal}:${a.index}`, d.principal, unitOf(d.principal)),
          ),
        );
        continue;
      }
      case 'start': {
        const pair = `${a.userId}|${a.definitionKey}`;
        if (infeasible.has(pair)) continue; // a safety net: an org edit may leave a node without approvers
        if (a.definitionKey === 'leave' || a.definitionKey === 'attendance-trip' || a.definitionKey === 'attendance-overtime') {
          // 考勤 applications go through the attendance module (days on the calendar, balances, the application as subject)
          const u = userOf(a.userId)!;
          const c: AttendanceContext = {
            ...ctx(`start:${a.no}`, a.userId, unitOf(a.userId)),
            unitId: unitOf(a.userId),
            actorName: u.name,
            departmentId: u.departmentId,
          };
          const started = await run(() =>
            a.definitionKey === 'leave'
              ? applyLeave(a.form, c)
              : a.definitionKey === 'attendance-trip'
                ? attendance.applyTrip(a.form as unknown as Parameters<AttendanceCommands['applyTrip']>[0], c)
                : attendance.applyOvertime(a.form as unknown as Parameters<AttendanceCommands['applyOvertime']>[0], c),
          );
          if (!started) {
            infeasible.add(pair);
            continue;
          }
          s.processes++;
          scheduleOpenTasks(started.processId, await wf.instanceState(started.processId));
          continue;
        }
        const r = await run(() =>
          wf.startProcess({ definitionKey: a.definitionKey, form: a.form }, ctx(`start:${a.no}`, a.userId, unitOf(a.userId))),
        );
        if (!r) {
          infeasible.add(pair);
          continue;
        }
        s.processes++;
        scheduleOpenTasks(r.id, await stateAfter(r.id, r.revision));
        continue;
      }
      case 'draft': {
        // 发文: drafted and sent for review (送审) at once; the approvals run on the agenda like any process
        const drafted = await run(() => docs.outgoing.draft({ ...a.doc, kind: a.doc.kind }, docCtx(`draft:${a.no}`, a.userId)));
        if (!drafted) continue;
        if (drafted.duplicate) {
          // played before (a resumed seed): its 送审 was too — pick its approvals up where they are
          const played = await docs.loadOutgoing(drafted.id);
          if (played.processId) scheduleOpenTasks(played.processId, await wf.instanceState(played.processId));
          continue;
        }
        const submitted = await run(() => docs.outgoing.submit(drafted.id, {}, docCtx(`submit:${a.no}`, a.userId)));
        if (!submitted) continue;
        s.documents++;
        scheduleOpenTasks(submitted.processId, await wf.instanceState(submitted.processId));
        continue;
      }
      case 'issue': {
        // 签发 done: the office registers the number (发文字号) and distributes to the other units
        const doc = await docs.loadOutgoing(a.documentId);
        const office = await officeOf(doc.unitId);
        if (!office) continue;
        const numbered = await run(() => docs.outgoing.registerNumber(a.documentId, docCtx(`number:${a.documentId}`, office, true)));
        if (!numbered) continue;
        if (ports && a.at >= renderFrom) {
          // 套红 (the 版记: the unit's office, today) and 用印, as the office does before 分发
          clock.set(iso(addOfficeHours(a.at, 0.1)));
          const rendered = await run(() => docs.publishing.render(a.documentId, {}, docCtx(`render:${a.documentId}`, office, true)));
          clock.set(iso(addOfficeHours(a.at, 0.2)));
          if (rendered && (await run(() => docs.publishing.seal(a.documentId, docCtx(`seal:${a.documentId}`, office, true))))) s.sealed++;
          clock.set(iso(addOfficeHours(a.at, 0.3)));
        }
        const d = diceFor(`issue:${a.documentId}`);
        const others = Object.keys(DOC_UNITS).filter((u) => u !== doc.unitId);
        const unitIds = others.filter(() => d.chance(0.5));
        if (!unitIds.length) unitIds.push(d.pick(others));
        const sent = await run(() =>
          docs.distribution.distribute(a.documentId, { unitIds }, docCtx(`distribute:${a.documentId}`, office, true)),
        );
        if (!sent) continue;
        s.issued++;
        // 归档: in the January after its year, the office files the year's distributed 发文 (文书档案, 10 年)
        const year = Number(localDate(a.at).slice(0, 4));
        const filingDay = Date.parse(`${year + 1}-01-12T09:00:00+08:00`);
        agenda.push({
          at: addOfficeHours(filingDay, diceFor(`archive-at:${a.documentId}`).next() * 30),
          kind: 'archive',
          documentId: a.documentId,
        });
        for (const x of sent.deliveries)
          agenda.push({ at: addOfficeHours(a.at, 0.5 + d.delay(5)), kind: 'receive', incomingId: x.incomingId, unitId: x.unitId });
        continue;
      }
      case 'receive': {
        // 收文: the receiving office signs for it (签收) and registers it (收文登记)
        const office = await officeOf(a.unitId);
        if (!office) continue;
        const signed = await run(() => docs.incoming.signFor(a.incomingId, docCtx(`sign-for:${a.incomingId}`, office, true)));
        if (!signed) continue;
        clock.set(iso(addOfficeHours(a.at, 0.2)));
        if (await run(() => docs.incoming.register(a.incomingId, {}, docCtx(`register:${a.incomingId}`, office, true)))) s.received++;
        continue;
      }
      case 'archive': {
        const doc = await docs.loadOutgoing(a.documentId);
        const office = await officeOf(doc.unitId);
        if (!office || doc.status !== 'distributed') continue;
        const filing = { fondsCode: FONDS[doc.unitId] ?? 'Z000', retention: '10年' as const, orgCode: 'BGS' };
        if (await run(() => docs.archive.file('outgoing', a.documentId, filing, docCtx(`archive:${a.documentId}`, office, true))))
          s.archived++;
        continue;
      }
      case 'task':
        break;
    }
    // a task falls due
    const state = states.get(a.instanceId) ?? (await wf.instanceState(a.instanceId));
    const t = state.tasks[a.taskId];
    if (!t || t.status !== 'open') continue;
    const d = diceFor(`act:${a.taskId}`);
    const actor = t.actingDelegate ?? t.assignee;
    const c = ctx(`task:${a.taskId}`, actor, unitOf(actor));
    let r = null;
    if (t.kind === 'read') {
      r = await run(() => wf.markRead(a.taskId, c));
      if (r) s.read++;
    } else if (t.kind === 'resubmit') {
      if (d.chance(0.85)) {
        r = await run(() => wf.resubmit(a.instanceId, {}, c));
        if (r) s.resubmitted++;
      } else {
        r = await run(() => wf.cancel(a.instanceId, { reason: '不再办理' }, c));
        if (r) s.withdrawn++;
      }
    } else {
      const roll = d.next();
      if (roll < 0.025) {
        r = await run(() => wf.reject(a.taskId, { opinion: d.pick(REJECT_OPINIONS) }, c));
        if (r) s.rejected++;
      } else if (roll < 0.085 && !returnedOnce.has(a.instanceId)) {
        r = await run(() => wf.returnTask(a.taskId, { toNodeId: 'drafter', opinion: d.pick(RETURN_OPINIONS) }, c));
        if (r) {
          s.returned++;
          returnedOnce.add(a.instanceId);
        }
      } else {
        r = await run(() => wf.approve(a.taskId, { opinion: d.pick(APPROVE_OPINIONS) }, c));
        if (r) s.approved++;
      }
      if (r && t.deadline && a.at > Date.parse(t.deadline)) s.overdue++;
      if (r && t.actingDelegate) s.delegated++;
    }
    if (!r) continue;
    const after = await stateAfter(a.instanceId, r.revision);
    scheduleOpenTasks(a.instanceId, after);
    // a 发文 process ended: the document records it now (签发, or back to 拟稿); once signed, its own steps follow
    if (after.subject?.type === 'outgoing-document' && after.status !== 'running' && after.status !== 'returned') {
      // what the 发文审批 → 发文 reactor does once the engine runs, done now (same idempotency key)
      const events = await store.readStream(instanceStreamId(a.instanceId));
      await run(() => reactInline(outgoingOutcome, events, events[events.length - 1]!));
    }
    // a 考勤 process ended: what the attendance reactor does once the engine runs (balances, LeaveApproved …), done now
    if (after.subject?.type === APPLICATION_SUBJECT_TYPE && after.status !== 'running' && after.status !== 'returned') {
      const events = await store.readStream(instanceStreamId(a.instanceId));
      await run(() => reactInline(attendanceOutcome, events, events[events.length - 1]!));
    }
    if (after.status === 'completed' && after.subject?.type === 'outgoing-document') {
      agenda.push({
        at: addOfficeHours(a.at, 0.5 + diceFor(`issue-at:${after.subject.id}`).delay(4)),
        kind: 'issue',
        documentId: after.subject.id,
        no: 0,
      });
    }
  }

  s.ms = Date.now() - wall;
  opts.log?.(
    `演示年度数据：${s.processes} 个流程、${s.documents} 件发文（分发 ${s.issued}、其中套红用印 ${s.sealed}、归档 ${s.archived}、收文登记 ${s.received}）、${s.commands} 条命令（同意 ${s.approved}、退回 ${s.returned}、` +
      `重新提交 ${s.resubmitted}、驳回 ${s.rejected}、撤回 ${s.withdrawn}、超期办理 ${s.overdue}、代办 ${s.delegated}、已阅 ${s.read}），${s.ms} ms` +
      (s.skipped ? `；${s.skipped} 条命令被业务规则拒绝（首条：${firstFailure}）` : ''),
  );
  return s;

  /** The instance as our command left it (also when the pipeline answered a replayed command with its first result). */
  async function stateAfter(instanceId: string, revision: number): Promise<InstanceState> {
    return (await handler.load(instanceStreamId(instanceId), processInstanceDecider, revision >= 0 ? { toRevision: revision } : {})).state;
  }
}

/** 全宗号 of each issuing unit (归档). */
const FONDS: Record<string, string> = { qzfb: 'Z101', czj: 'Z109', rsj: 'Z112', jgswj: 'Z120' };

/** 套红 needs the CJK fonts (Debian fonts-noto-cjk); without them the seed renders nothing, as the routes answer 503. */
function fontsInstalled(): boolean {
  try {
    fontDir();
    return true;
  } catch {
    return false;
  }
}

/** The units whose offices issue and receive documents in the demo, with their 机关代字. */
const DOC_UNITS: Record<string, string> = { qzfb: '区府办', czj: '区财', rsj: '区人社', jgswj: '区机管' };
const DOC_TOPICS: Record<string, string[]> = {
  qzfb: ['做好元旦春节期间值班工作', '加强政务信息报送工作', '开展政务公开专项检查', '进一步规范公文处理工作', '做好防汛防台风工作'],
  czj: ['下达年度部门预算', '做好年度决算编报工作', '加强国库集中支付管理', '开展预算绩效评价', '规范政府采购活动'],
  rsj: ['做好高校毕业生就业工作', '开展年度社会保险费核定', '组织公务员年度考核', '开展职业技能提升行动', '调整最低工资标准'],
  jgswj: ['加强公共机构节能管理', '开展办公用房清理整治', '规范公务用车使用管理', '做好机关食堂食品安全工作', '开展资产清查'],
};
const DOC_KINDS: ReadonlyArray<[DocumentKind, number]> = [
  ['通知', 0.4],
  ['函', 0.2],
  ['报告', 0.12],
  ['请示', 0.12],
  ['通报', 0.06],
  ['意见', 0.05],
  ['纪要', 0.05],
];

interface PlannedDocument {
  kind: DocumentKind;
  title: string;
  classification: '公开' | '内部';
  urgency: '特急' | '加急' | '平件';
  numberCode: string;
  mainRecipients: string[];
  body: string;
}

function planDocument(dice: Dice, unitId: string): PlannedDocument {
  let roll = dice.next();
  let kind: DocumentKind = '通知';
  for (const [k, p] of DOC_KINDS) {
    if ((roll -= p) < 0) {
      kind = k;
      break;
    }
  }
  const topic = dice.pick(DOC_TOPICS[unitId]);
  const urgency = dice.chance(0.08) ? '特急' : dice.chance(0.15) ? '加急' : '平件';
  return {
    kind,
    title: `关于${topic}的${kind}`,
    classification: dice.chance(0.8) ? '公开' : '内部',
    urgency,
    numberCode: DOC_UNITS[unitId],
    mainRecipients: kind === '请示' || kind === '报告' ? ['区人民政府'] : ['各有关单位'],
    body: `为${topic}，现将有关事项${kind === '函' ? '函告' : '通知'}如下：\n一、提高认识，加强领导。\n二、明确责任，抓好落实。\n三、及时总结，按时报送。`,
  };
}

const isWorkingDay = workingDayRule(PUBLIC_HOLIDAYS);
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** 请休假: from a working day, over `days` working days within the year; sometimes ending at noon. */
function leaveForm(dice: Dice, at: number): Record<string, unknown> {
  const days = dice.chance(0.7) ? dice.int(1, 3) : dice.int(4, 10);
  let start = localDate(at + dice.int(1, 10) * DAY);
  while (!isWorkingDay(start)) start = nextDay(start);
  let end = start;
  for (let k = 1; k < days;) {
    end = nextDay(end);
    if (isWorkingDay(end)) k++;
  }
  if (end.slice(0, 4) !== start.slice(0, 4)) end = start;
  return {
    leaveType: dice.pick(LEAVE_TYPES.slice(0, 3)),
    startDate: start,
    startHalf: 'am',
    endDate: end,
    endHalf: dice.chance(0.15) ? 'am' : 'pm',
    reason: dice.pick(REASONS),
  };
}

const CITIES = ['广州', '深圳', '佛山', '东莞', '珠海', '中山', '江门', '肇庆', '惠州', '汕头', '湛江', '北京', '上海', '长沙'];
const TRIP_PURPOSES = ['参加全省业务培训', '赴兄弟区县学习考察', '向上级部门汇报工作', '参加专题工作会议', '开展项目现场调研'];

/** 国内出差: one or two cities, 1–4 days from a week ahead. */
function tripForm(dice: Dice, at: number): Record<string, unknown> {
  const start = localDate(at + dice.int(3, 12) * DAY);
  const cities = dice.chance(0.7) ? [dice.pick(CITIES)] : [...new Set([dice.pick(CITIES), dice.pick(CITIES)])];
  return {
    destinations: cities,
    startDate: start,
    endDate: localDate(Date.parse(`${start}T12:00:00+08:00`) + dice.int(0, 3) * DAY),
    purpose: dice.pick(TRIP_PURPOSES),
    transport: dice.pick(['高铁', '高铁', '飞机', '公务用车']),
  };
}

/** 加班: the weekend day before, 2–8 hours. */
function overtimeForm(dice: Dice, at: number): Record<string, unknown> {
  let d = localDate(at - DAY);
  for (let k = 0; k < 7 && isWorkingDay(d); k++) d = localDate(Date.parse(`${d}T12:00:00+08:00`) - DAY);
  return { date: d, hours: dice.int(2, 8), reason: dice.pick(['周末值班', '赶制年度报告材料', '应急处置', '筹备重要会议']) };
}

function simpleForm(dice: Dice): Record<string, unknown> {
  const [subject, amount] = dice.pick(SUBJECTS);
  return { subject, detail: `${subject}，请审批。`, ...(amount ? { amount: Math.round(amount * (0.6 + dice.next() * 0.8)) } : {}) };
}
