import { v5 as uuidv5 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';
import { openTasks, type WorkingCalendar } from '../../domain/workflow';
import { localDateOf } from '../../domain/workflow';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import type { UpcasterRegistry } from '../pipeline/upcasters';
import type { ProposeItemDto } from './dtos';
import { SupervisionCommands, type SupervisionContext } from './supervision-commands';

/**
 * 督办 demo data (seed.demo): a dozen 督办事项 of 区政府办公室督查科 (卫东) over the last weeks, played
 * through the real pipeline with the clock set to each step's time — 立项 approved by 孙建华 on the
 * workflow engine, 交办 to 区财政局 / 区人社局 / 区机关事务局, 签收, 反馈, 办结报告, 审核 (one sent back),
 * 销号, 催办, 延期, and the automatic 到期提醒 / 自动催办 / 通报 where their times have passed — so that
 * 卫东, the leaders 赵国强 / 钱慧, and the units' people (director, staff, 杨帆, 华振 …) see a board
 * with red, yellow and green lights, their 待办 and a 台账 at first login. One item waits for 孙建华's
 * 立项 approval, one for 区财政局's 签收. Command ids derive from the step: a resumed seed adds nothing twice.
 */
const NS = '2f0b6e1c-7d4a-4c2e-9a51-3b8d6f1e0c77';
const DAY = 86_400_000;

type Step =
  | { at: number; kind: 'sign'; user: string; unit: string }
  | { at: number; kind: 'return'; user: string; unit: string; reason: string }
  | { at: number; kind: 'handOver'; user: string; unit: string; dept: string }
  | { at: number; kind: 'report'; user: string; unit: string; content: string; final?: boolean }
  | { at: number; kind: 'final'; user: string; content: string }
  | { at: number; kind: 'review'; accept: boolean; opinion: string }
  | { at: number; kind: 'urge'; message: string }
  | { at: number; kind: 'extension'; user: string; days: number; reason: string }
  | { at: number; kind: 'decideExtension'; approve: boolean }
  | { at: number; kind: 'check' };

interface DemoItem {
  key: string;
  /** Days before today the item was proposed. */
  proposedDaysAgo: number;
  /** The deadline, in days after the proposal. */
  deadlineAfter: number;
  approve: boolean;
  dto: Omit<ProposeItemDto, 'deadline' | 'cycle'> & { cycle?: ProposeItemDto['cycle'] };
  steps: Step[];
}

const base = (
  title: string,
  lead: string,
  co: string[],
  leader: string,
  sourceKind: ProposeItemDto['sourceKind'],
  note: string,
  priority: ProposeItemDto['priority'],
) => ({
  title,
  requirements: `${title}。请主办单位牵头、协办单位配合，按时限办结并报送办理结果。`,
  sourceKind,
  sourceNote: note,
  leaderId: leader,
  leadUnitId: lead,
  coUnitIds: co,
  priority,
});

/** The demo plan: times in days after the proposal. */
function plan(): DemoItem[] {
  return [
    {
      key: 'closed-on-time',
      proposedDaysAgo: 40,
      deadlineAfter: 20,
      approve: true,
      dto: base('落实2026年区级财政预算执行进度督查', 'czj', ['rsj'], 'zhao-guoqiang', 'instruction', '赵区长批示：抓紧推进', 'important'),
      steps: [
        { at: 1, kind: 'sign', user: 'yang-fan', unit: 'czj' },
        { at: 1.2, kind: 'sign', user: 'hua-zhen', unit: 'rsj' },
        { at: 2, kind: 'handOver', user: 'yang-fan', unit: 'czj', dept: 'czj-ysk' },
        { at: 7, kind: 'report', user: 'qin-tao', unit: 'czj', content: '已完成一季度执行进度分析，约谈进度滞后单位 3 家。' },
        { at: 10, kind: 'report', user: 'hua-zhen', unit: 'rsj', content: '社保资金拨付进度已达序时进度。', final: true },
        { at: 15, kind: 'final', user: 'qin-tao', content: '预算执行进度督查已完成，各单位执行率均达序时进度。' },
        { at: 16, kind: 'review', accept: true, opinion: '同意销号' },
      ],
    },
    {
      key: 'closed-late',
      proposedDaysAgo: 35,
      deadlineAfter: 10,
      approve: true,
      dto: base('办公用房清理整改', 'jgswj', [], 'qian-hui', 'higher', '市督〔2026〕8号', 'normal'),
      steps: [
        { at: 1, kind: 'sign', user: 'shui-qing', unit: 'jgswj' },
        { at: 5, kind: 'report', user: 'zhang-qiang', unit: 'jgswj', content: '已完成 12 个单位的用房核查。' },
        { at: 13, kind: 'check' },
        { at: 14, kind: 'final', user: 'zhang-qiang', content: '超标用房已全部腾退。' },
        { at: 15, kind: 'review', accept: false, opinion: '请补充腾退后的使用安排' },
        { at: 17, kind: 'final', user: 'zhang-qiang', content: '超标用房已全部腾退，腾退用房已调剂给区档案馆使用。' },
        { at: 18, kind: 'review', accept: true, opinion: '同意销号' },
      ],
    },
    {
      key: 'closed-2',
      proposedDaysAgo: 28,
      deadlineAfter: 14,
      approve: true,
      dto: base('高校毕业生就业见习岗位募集', 'rsj', [], 'zhao-guoqiang', 'meeting', '区政府常务会议第 12 次会议决定', 'normal'),
      steps: [
        { at: 0.5, kind: 'sign', user: 'hua-zhen', unit: 'rsj' },
        { at: 1, kind: 'handOver', user: 'hua-zhen', unit: 'rsj', dept: 'rsj-jyk' },
        { at: 9, kind: 'final', user: 'wei-jian', content: '已募集见习岗位 320 个，超额完成任务。' },
        { at: 10, kind: 'review', accept: true, opinion: '' },
      ],
    },
    {
      key: 'red-escalated',
      proposedDaysAgo: 25,
      deadlineAfter: 12,
      approve: true,
      dto: base('老旧小区改造资金拨付', 'czj', ['jgswj'], 'zhao-guoqiang', 'instruction', '赵区长批示：务必按期完成', 'urgent'),
      steps: [
        { at: 1, kind: 'sign', user: 'yang-fan', unit: 'czj' },
        { at: 1.5, kind: 'sign', user: 'shui-qing', unit: 'jgswj' },
        { at: 6, kind: 'report', user: 'staff', unit: 'czj', content: '首批资金已完成测算，待区政府审定。' },
        { at: 9, kind: 'urge', message: '请加快资金拨付进度' },
        { at: 10, kind: 'check' },
        { at: 13, kind: 'check' },
        { at: 18, kind: 'check' },
      ],
    },
    {
      key: 'red-overdue',
      proposedDaysAgo: 15,
      deadlineAfter: 12,
      approve: true,
      dto: base('机关食堂食品安全专项整治', 'jgswj', ['czj'], 'qian-hui', 'meeting', '区食安委全体会议决定', 'important'),
      steps: [
        { at: 1, kind: 'sign', user: 'shui-qing', unit: 'jgswj' },
        { at: 2, kind: 'sign', user: 'yang-fan', unit: 'czj' },
        { at: 5, kind: 'report', user: 'zhang-qiang', unit: 'jgswj', content: '已完成 8 个食堂的现场检查。' },
        { at: 10, kind: 'check' },
        { at: 13, kind: 'check' },
      ],
    },
    {
      key: 'yellow',
      proposedDaysAgo: 10,
      deadlineAfter: 11,
      approve: true,
      dto: base('政务服务事项“一网通办”梳理', 'rsj', ['czj'], 'zhao-guoqiang', 'higher', '市政府办公室督办', 'normal'),
      steps: [
        { at: 0.5, kind: 'sign', user: 'hua-zhen', unit: 'rsj' },
        { at: 1, kind: 'sign', user: 'yang-fan', unit: 'czj' },
        { at: 6, kind: 'report', user: 'wei-jian', unit: 'rsj', content: '已梳理事项 86 项，其中可全程网办 61 项。' },
        { at: 9, kind: 'check' },
      ],
    },
    {
      key: 'extended',
      proposedDaysAgo: 12,
      deadlineAfter: 10,
      approve: true,
      dto: base('2025年度部门决算公开整改', 'czj', [], 'qian-hui', 'instruction', '钱副区长批示', 'normal'),
      steps: [
        { at: 0.5, kind: 'sign', user: 'yang-fan', unit: 'czj' },
        { at: 3, kind: 'report', user: 'staff', unit: 'czj', content: '已通知 23 个预算单位自查。' },
        { at: 6, kind: 'extension', user: 'qin-tao', days: 14, reason: '部分单位决算数据需重新审核' },
        { at: 7, kind: 'decideExtension', approve: true },
      ],
    },
    {
      key: 'reviewing',
      proposedDaysAgo: 18,
      deadlineAfter: 25,
      approve: true,
      dto: base('公共就业服务平台升级', 'rsj', [], 'zhao-guoqiang', 'meeting', '区政府专题会议纪要〔2026〕5号', 'normal'),
      steps: [
        { at: 0.5, kind: 'sign', user: 'hua-zhen', unit: 'rsj' },
        { at: 8, kind: 'report', user: 'wei-jian', unit: 'rsj', content: '平台升级方案已完成招标。' },
        { at: 16, kind: 'final', user: 'wei-jian', content: '平台升级已上线试运行，办结。' },
      ],
    },
    {
      key: 'green',
      proposedDaysAgo: 5,
      deadlineAfter: 30,
      approve: true,
      dto: {
        ...base('区属国有资产年度清查', 'jgswj', ['czj'], 'qian-hui', 'instruction', '钱副区长批示', 'normal'),
        cycle: { kind: 'weekly' },
      },
      steps: [
        { at: 0.5, kind: 'sign', user: 'shui-qing', unit: 'jgswj' },
        { at: 2, kind: 'report', user: 'zhang-qiang', unit: 'jgswj', content: '清查工作方案已印发。' },
      ],
    },
    {
      key: 'pending-sign',
      proposedDaysAgo: 2,
      deadlineAfter: 20,
      approve: true,
      dto: base('优化营商环境政策兑现督查', 'czj', ['rsj'], 'zhao-guoqiang', 'higher', '省营商环境督查反馈问题', 'important'),
      steps: [{ at: 1, kind: 'sign', user: 'hua-zhen', unit: 'rsj' }],
    },
    {
      key: 'approving',
      proposedDaysAgo: 1,
      deadlineAfter: 20,
      approve: false,
      dto: base('背街小巷环境整治', 'jgswj', [], 'qian-hui', 'meeting', '区城市管理委员会会议决定', 'normal'),
      steps: [],
    },
  ];
}

export async function seedSupervisionDemo(
  store: EventStore,
  upcasters: UpcasterRegistry,
  calendar: WorkingCalendar,
  now: number,
  log: (m: string) => void = () => undefined,
): Promise<number> {
  const clock = fixedClock(new Date(now).toISOString());
  const handler = new CommandHandler(store, { clock, upcasters });
  const cmds = new SupervisionCommands(handler, calendar);
  await cmds.ensureDefinition();
  // 09:30 Beijing on the day `daysAgo` before today, plus a fraction of a day
  const today0930 = Date.parse(`${localDateOf(now)}T09:30:00+08:00`);
  let done = 0;
  const started = Date.now();
  const people = new Map<string, { name: string; unit: string | null }>();
  for (const id of ['wei-dong', 'yang-fan', 'qin-tao', 'staff', 'hua-zhen', 'wei-jian', 'shui-qing', 'zhang-qiang']) {
    const u = await cmds.org.user(id);
    people.set(id, { name: u?.name ?? id, unit: u?.unitId ?? null });
  }
  for (const item of plan()) {
    const t0 = today0930 - item.proposedDaysAgo * DAY;
    const at = (d: number) => Math.min(t0 + d * DAY, now - 60_000);
    const ctx = (user: string, step: string): SupervisionContext => ({
      actorId: user,
      actorName: people.get(user)?.name ?? user,
      unitId: people.get(user)?.unit ?? null,
      correlationId: uuidv5(`demo-supervision:${item.key}`, NS),
      commandId: uuidv5(`demo-supervision:${item.key}:${step}`, NS),
    });
    clock.set(new Date(at(0)).toISOString());
    const deadline = localDateOf(t0 + item.deadlineAfter * DAY);
    const proposed = await cmds.propose(
      { ...item.dto, deadline, cycle: item.dto.cycle ?? { kind: 'once' } } as ProposeItemDto,
      ctx('wei-dong', 'propose'),
    );
    const itemId = proposed.id;
    if (!item.approve) {
      done++;
      continue;
    }
    clock.set(new Date(at(0.2)).toISOString());
    const s0 = await cmds.load(itemId);
    if (s0.status === 'approving' && s0.processId) {
      const proc = await cmds.workflow.instanceState(s0.processId);
      const task = openTasks(proc, 'approval')[0];
      if (task) {
        const approver = task.assignee;
        const c = ctx(approver, 'approve');
        await cmds.workflow.approve(
          task.taskId,
          { opinion: '同意立项' },
          { actorId: approver, unitId: 'qzfb', correlationId: c.correlationId, commandId: c.commandId },
        );
        // what the establishment reactor does once the platform runs (inline here: the seed runs before it)
        await cmds.recordEstablishment(
          { itemId, processId: s0.processId, outcome: 'approved', actorId: approver, opinion: '同意立项', at: clock.now() },
          { ...ctx('system', 'establish'), actorId: 'system', unitId: null },
        );
      }
    }
    for (const [i, st] of item.steps.entries()) {
      if (t0 + st.at * DAY >= now) break;
      clock.set(new Date(at(st.at)).toISOString());
      const key = `step:${i}`;
      switch (st.kind) {
        case 'sign':
          await cmds.signFor(itemId, { unitId: st.unit }, ctx(st.user, key));
          break;
        case 'return':
          await cmds.returnPart(itemId, { unitId: st.unit, reason: st.reason }, ctx(st.user, key));
          break;
        case 'handOver':
          await cmds.handOver(itemId, { unitId: st.unit, kind: 'department', targetId: st.dept, note: '' }, ctx(st.user, key));
          break;
        case 'report':
          await cmds.report(itemId, { unitId: st.unit, content: st.content, final: st.final ?? false }, ctx(st.user, key));
          break;
        case 'final':
          await cmds.finalReport(itemId, { content: st.content }, ctx(st.user, key));
          break;
        case 'review':
          await cmds.review(itemId, { accept: st.accept, opinion: st.opinion }, ctx('wei-dong', key));
          break;
        case 'urge':
          await cmds.urge(itemId, { message: st.message }, ctx('wei-dong', key));
          break;
        case 'extension': {
          const s = await cmds.load(itemId);
          const newDeadline = localDateOf(Date.parse(`${s.deadline}T12:00:00+08:00`) + st.days * DAY);
          await cmds.requestExtension(itemId, { newDeadline, reason: st.reason }, ctx(st.user, key));
          break;
        }
        case 'decideExtension': {
          // the supervisor decides the 延期审批 task on the workflow engine; the extension reactor's work inline
          const s = await cmds.load(itemId);
          if (!s.extension) break;
          const proc = await cmds.workflow.instanceState(s.extension.processId);
          const task = openTasks(proc, 'approval')[0];
          if (!task) break;
          const c = ctx(task.assignee, key);
          const opinion = st.approve ? '同意' : '不同意延期';
          const wctx = { actorId: task.assignee, unitId: c.unitId, correlationId: c.correlationId, commandId: c.commandId };
          if (st.approve) await cmds.workflow.approve(task.taskId, { opinion }, wctx);
          else await cmds.workflow.reject(task.taskId, { opinion }, wctx);
          await cmds.recordExtensionDecision(
            { itemId, processId: s.extension.processId, approved: st.approve, actorId: task.assignee, opinion, at: clock.now() },
            { ...ctx('system', `${key}:record`), actorId: 'system', unitId: null },
          );
          break;
        }
        case 'check':
          // the scheduled sweep's work at that time (自动提醒 / 催办 / 通报), as the platform would fire it
          await cmds.checkDeadlines(itemId, { ...ctx('system', key), actorId: 'system', unitId: null });
          break;
      }
    }
    done++;
  }
  log(`演示督办事项：${done} 件（${Date.now() - started} ms）`);
  return done;
}
