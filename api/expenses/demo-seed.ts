import { v5 as uuidv5 } from 'uuid';
import { ExpenseCommands, type ExpenseContext } from '../../commands/expenses';
import type { ClaimTrip } from '../../domain/expenses/claim.events';
import { CLAIM_KINDS } from '../../domain/expenses/claim.events';
import { shanghaiDateOf } from '../../domain/expenses/claim.decide';
import type { TripApproved } from '../../domain/expenses/trips';
import { openTasks } from '../../domain/workflow/instance.events';
import { DEMO_USERS, demoUnitOf } from '../seed/demo-district';
import type { Platform } from '../platform';

const NS = '9c0f3a1e-5b7d-4e22-8f61-3d2a4c5b6e70';
const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Budget per department and category (fen) for the demo year. */
const BUDGET: Record<string, number> = {
  差旅费: 5_000_000,
  会议费: 3_000_000,
  培训费: 2_000_000,
  公务接待费: 1_000_000,
  办公费: 2_000_000,
  其他: 500_000,
};

/**
 * 演示数据 for 费用 (runs after the district's own seed, before the read models start; < 1 s):
 *  - who keeps the books: 施云 (区财政局会计科科长) holds 财务人员 for 全部 — the district 财政局's view
 *    of every unit; 金悦 (区人社局办公室) holds 财务人员 for 本单位 — that unit's 会计 (张会计 already
 *    keeps 区财政局's own books);
 *  - the 费用报销 definition and the seed rate table; every department's budget for this year;
 *  - two approved 国内出差 (TripApproved as the attendance module publishes them — demo stand-ins on
 *    `demo-trip-<n>` streams until attendance's own demo has trips): 许文博 and 秦涛 to 广州/深圳 (许文博's
 *    claim paid; 秦涛 may still claim), 许文博 to 珠海 (not claimed yet: "可报销");
 *  - claims in every state: paid, approved awaiting 支付 (张会计's list), under approval (秦涛's 待办), draft.
 */
export async function seedExpenseDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const correlationId = uuidv5('seed-expenses-demo', NS);
  const cid = (s: string) => uuidv5(`demo:${s}`, NS);
  for (const [userId, scope] of [
    ['shi-yun', 'all'],
    ['jin-yue', 'unit'],
  ] as const) {
    await p.orgCommands.grantRole(
      userId,
      { roleId: 'finance', scope },
      { actorId: 'system', correlationId, commandId: cid(`grant:${userId}`) },
    );
  }

  const today = shanghaiDateOf(p.clock().toISOString());
  const year = Number(today.slice(0, 4));
  const trips: ClaimTrip[] = [
    {
      tripId: 'demo-trip-1',
      travellerId: 'staff',
      companions: ['qin-tao'],
      destinations: ['广州', '深圳'],
      startDate: addDays(today, -20),
      endDate: addDays(today, -18),
      purpose: '赴广州、深圳调研预算绩效管理',
      transport: '高铁',
    },
    {
      tripId: 'demo-trip-2',
      travellerId: 'staff',
      companions: [],
      destinations: ['珠海'],
      startDate: addDays(today, -6),
      endDate: addDays(today, -5),
      purpose: '参加全省财政国库业务培训',
      transport: '高铁',
    },
  ];
  for (const t of trips) {
    const e: TripApproved = { type: 'TripApproved', data: { ...t, personId: t.travellerId } };
    const stream = `demo-trip-${t.tripId.slice('demo-trip-'.length)}`;
    if ((await p.store.readStream(stream)).length) continue;
    await p.store.append(stream, [
      {
        id: cid(`trip:${t.tripId}`),
        type: e.type,
        data: e.data,
        metadata: { actorId: 'system', correlationId, occurredAt: p.clock().toISOString() },
      },
    ]);
  }
  const exp = new ExpenseCommands(p.commands, { trip: async (id) => trips.find((t) => t.tripId === id) ?? null });
  await exp.seedDefinitions();

  const ctxOf = (userId: string, key: string): ExpenseContext => {
    const u = DEMO_USERS.find((x) => x.id === userId)!;
    return {
      actorId: u.id,
      actorName: u.name,
      unitId: demoUnitOf(u.departmentId),
      departmentId: u.departmentId,
      correlationId,
      commandId: cid(key),
    };
  };
  // budgets: 区财政局 by 张会计, 区人社局 by 金悦, the other units by 施云 (全区)
  const keeper: Record<string, string> = { czj: 'finance', rsj: 'jin-yue' };
  const depts = new Set(DEMO_USERS.map((u) => u.departmentId));
  for (const d of depts) {
    const unitId = demoUnitOf(d);
    for (const category of CLAIM_KINDS) {
      await exp.setBudget(
        { unitId, departmentId: d, year, category, amount: BUDGET[category], allowOverspend: false },
        ctxOf(keeper[unitId] ?? 'shi-yun', `budget:${d}:${year}:${category}`),
      );
    }
  }

  const account = '6222020200112233445';
  const approveAll = async (claimId: string, leaders: string[]) => {
    const s = await exp.loadClaim(claimId);
    for (const leader of leaders) {
      const inst = await exp.workflow.instanceState(s.processId!);
      const task = openTasks(inst).find((x) => x.assignee === leader);
      if (!task) return;
      const c = ctxOf(leader, `approve:${claimId}:${leader}`);
      await exp.workflow.approve(task.taskId, { opinion: '同意' }, c);
    }
    const inst = await exp.workflow.instanceState(s.processId!);
    if (inst.status === 'completed') {
      // what the claim-approval reactor does once the read side runs (it then finds it done)
      await exp.recordApproval(
        {
          type: 'RecordClaimApproval',
          data: {
            claimId,
            processId: s.processId!,
            outcome: 'approved',
            actorId: leaders[leaders.length - 1],
            opinion: '同意',
            at: p.clock().toISOString(),
          },
        },
        { commandId: cid(`outcome:${claimId}`), correlationId, causationId: null, actorId: 'system' },
      );
    }
  };
  const claim = async (
    key: string,
    user: string,
    dto: Parameters<ExpenseCommands['draft']>[0],
    then: { submit?: boolean; approvers?: string[]; payBy?: string },
  ) => {
    const r = await exp.draft(dto, ctxOf(user, `draft:${key}`));
    if (then.submit) await exp.submit(r.id, ctxOf(user, `submit:${key}`));
    if (then.approvers) await approveAll(r.id, then.approvers);
    if (then.payBy)
      await exp.pay(
        r.id,
        { paidOn: today, method: '银行转账', voucherNo: `记-${year}-${key.slice(0, 6)}` },
        ctxOf(then.payBy, `pay:${key}`),
      );
    return r.id;
  };

  await claim(
    'travel-1',
    'staff',
    {
      kind: '差旅费',
      tripId: 'demo-trip-1',
      title: '广州、深圳调研预算绩效管理差旅费',
      payee: '许文博',
      account,
      lines: [
        { date: trips[0].startDate, item: '城市间交通费', amount: 21450, invoiceNo: 'G6011-23' },
        { date: trips[0].startDate, item: '住宿费', amount: 43800, invoiceNo: '44012300110', city: '广州', nights: 1 },
        { date: addDays(trips[0].startDate, 1), item: '住宿费', amount: 48800, invoiceNo: '44030300221', city: '深圳', nights: 1 },
        { date: trips[0].endDate, item: '城市间交通费', amount: 7450, invoiceNo: 'G6302-11' },
      ],
    },
    { submit: true, approvers: ['qin-tao'], payBy: 'finance' },
  );
  await claim(
    'office-1',
    'staff',
    {
      kind: '办公费',
      title: '预算科打印纸、硒鼓',
      payee: '许文博',
      account,
      lines: [
        { date: addDays(today, -3), item: '打印纸（A4，10 箱）', amount: 235000, invoiceNo: '44011900456' },
        { date: addDays(today, -3), item: '硒鼓（2 支）', amount: 98000, invoiceNo: '44011900457' },
      ],
    },
    { submit: true },
  );
  await claim(
    'training-1',
    'lv-peng',
    {
      kind: '培训费',
      title: '国库集中支付业务培训报名费',
      payee: '吕鹏',
      account: '6222020200199887766',
      lines: [{ date: addDays(today, -12), item: '培训费', amount: 120000, invoiceNo: '44010000789' }],
    },
    { submit: true, approvers: ['he-jing'], payBy: 'finance' },
  );
  await claim(
    'reception-1',
    'zhu-li',
    {
      kind: '公务接待费',
      title: '接待市财政局预算绩效调研组工作餐',
      payee: '朱丽',
      account: '6222020200133332222',
      lines: [{ date: addDays(today, -8), item: '工作餐（8 人）', amount: 96000, invoiceNo: '44010001234' }],
    },
    { submit: true, approvers: ['yang-fan'] },
  );
  // 区人社局's claim is activity of the demo year (DEMO_HISTORY): the workflow API tests count that unit's inboxes exactly
  if (p.config.demoHistory)
    await claim(
      'meeting-1',
      'tao-ran',
      {
        kind: '会议费',
        title: '全区就业工作推进会会议室及资料费',
        payee: '陶然',
        account: '6222020200155554444',
        lines: [
          { date: addDays(today, -15), item: '会议室租金', amount: 280000, invoiceNo: '44010005555' },
          { date: addDays(today, -15), item: '会议资料印刷', amount: 62000, invoiceNo: '44010005556' },
        ],
      },
      { submit: true, approvers: ['wei-jian'], payBy: 'jin-yue' },
    );
  await claim(
    'other-1',
    'wu-xiaoyan',
    {
      kind: '其他',
      title: '综合科档案盒',
      payee: '吴晓燕',
      account: '6222020200177778888',
      lines: [{ date: addDays(today, -1), item: '档案盒（50 个）', amount: 45000, invoiceNo: '44010007777' }],
    },
    {},
  );
  log('费用演示数据：财务人员（施云 全区、金悦 区人社局）、各部门预算、出差 2 次、报销单 6 张（已支付、待支付、审批中、草稿）');
}
