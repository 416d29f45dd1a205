import { v5 as uuidv5 } from 'uuid';
import { AbroadCommands, passportIdOf } from '../../commands/abroad/abroad-commands';
import { fixedClock } from '../../commands/pipeline/clock';
import { CommandHandler } from '../../commands/pipeline/handler';
import { addDays, passportStreamId, shanghaiDate } from '../../domain/abroad';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { instanceStreamId, openTasks } from '../../domain/workflow/instance.events';
import type { SubmitAbroadDto } from '../../commands/abroad/dtos';
import type { Platform } from '../platform';
import { abroadOrg } from './org-facts';

/**
 * 出国境 demo (演示数据), through the command pipeline with its clock set to each step's time:
 *   - 证照 of 区人社局 people kept by 严青 (人事管理员): 陶然 因公护照, 金悦 往来港澳通行证, 邹凯 因私护照,
 *     魏坚 因公护照;
 *   - 魏坚's trip to 日本 six weeks ago: approved through every level, 证照 领用 and returned on time;
 *   - 陶然's trip to 新加坡、马来西亚 last month: approved, 证照 领用 and NOT returned — the overdue job
 *     reminds 陶然 and 严青 (待办 归还证照 / 催收证照) at the first sweep;
 *   - 金悦 (赴香港) and 许文博 (staff, 赴澳门): waiting at 单位初审.
 * Idempotent: skipped when 陶然's 证照 is already registered.
 */
const NS = '9d3c3d1e-2a0b-4d7f-8a61-3f1e5b0c7a42';
const DAY = 86_400_000;

export async function seedAbroadDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const taoranPassport = passportIdOf('因公护照', 'E35120001');
  if ((await p.store.readStream(passportStreamId(taoranPassport))).length > 0) return;
  const realNow = p.clock().toISOString();
  const clock = fixedClock(realNow);
  const handler = new CommandHandler(p.store, { clock, upcasters: p.commands.upcasters });
  let n = 0;
  const cmds = new AbroadCommands(handler, abroadOrg(p), { newId: () => uuidv5(`demo-abroad:${n++}`, NS) });
  await cmds.ensureDefinitions();
  const at = (daysAgo: number, hour = 2) =>
    new Date(
      Date.parse(`${shanghaiDate(new Date(Date.parse(realNow) - daysAgo * DAY).toISOString())}T00:00:00.000Z`) + hour * 3_600_000,
    ).toISOString();
  const today = shanghaiDate(realNow);
  const ctx = (actorId: string, actorName = '') => ({ actorId, actorName, correlationId: uuidv5(`demo-abroad:${actorId}:${n++}`, NS) });

  clock.set(at(120));
  for (const [holderId, docType, number] of [
    ['tao-ran', '因公护照', 'E35120001'],
    ['jin-yue', '往来港澳通行证', 'C35120002'],
    ['zou-kai', '因私护照', 'E35120003'],
    ['wei-jian', '因公护照', 'E35120004'],
  ] as const) {
    await cmds.registerPassport({ holderId, docType, number, validUntil: '2031-06-30' }, ctx('yan-qing', '严青'));
  }

  const approveAll = async (processId: string, startDaysAgo: number) => {
    let step = 0;
    for (;;) {
      const { state } = await handler.load(instanceStreamId(processId), processInstanceDecider);
      const open = openTasks(state);
      if (!open.length) return state;
      const t = open[0];
      clock.set(at(startDaysAgo - step * 0.25, 3 + step));
      step++;
      await handler.handle({
        streamId: instanceStreamId(processId),
        decider: processInstanceDecider,
        command: { type: 'ApproveTask', data: { taskId: t.taskId, opinion: '同意。' } },
        metadata: { actorId: t.assignee, correlationId: uuidv5(`demo-abroad:approve:${t.taskId}`, NS) },
      });
    }
  };
  const trip = async (
    applicantId: string,
    daysAgo: number,
    dto: SubmitAbroadDto,
    opts: { approve: boolean; checkout?: string; returnAfter?: number },
  ) => {
    clock.set(at(daysAgo));
    const r = await cmds.submit(dto, ctx(applicantId));
    if (!opts.approve) return;
    await approveAll(r.processId, daysAgo - 1);
    await cmds.recordOutcome(
      {
        type: 'RecordAbroadOutcome',
        data: { applicationId: r.id, processId: r.processId, outcome: 'approved', actorId: 'system', opinion: '同意。', at: clock.now() },
      },
      {
        commandId: uuidv5(`demo-abroad:outcome:${r.id}`, NS),
        correlationId: uuidv5(`demo-abroad:c:${r.id}`, NS),
        causationId: null,
        actorId: 'system',
      },
    );
    if (!opts.checkout) return;
    clock.set(new Date(Date.parse(`${dto.departDate}T00:00:00.000Z`) - DAY + 2 * 3_600_000).toISOString());
    await cmds.checkOut(opts.checkout, { applicationId: r.id }, ctx('yan-qing'));
    if (opts.returnAfter !== undefined) {
      clock.set(`${addDays(dto.returnDate, opts.returnAfter)}T02:00:00.000Z`);
      await cmds.returnPassport(opts.checkout, ctx('yan-qing'));
    }
  };
  const dates = (departIn: number, days: number) => {
    const d = addDays(today, departIn);
    return { departDate: d, returnDate: addDays(d, days - 1) };
  };

  // 魏坚: 日本, 60 days ago → returned on time
  const w = dates(-45, 6);
  await trip(
    'wei-jian',
    60,
    {
      entry: '公职人员出国(赴港澳)',
      reason: '参加中日地方就业政策研讨会',
      document: { type: '因公护照', number: 'E35120004', validUntil: '2031-06-30' },
      itinerary: [{ region: '日本', arriveDate: w.departDate, leaveDate: w.returnDate }],
      destinationType: '其他国家和地区',
      task: '交流公共就业服务经验',
      ...w,
      members: ['魏坚'],
    },
    { approve: true, checkout: passportIdOf('因公护照', 'E35120004'), returnAfter: 3 },
  );
  // 陶然: 新加坡、马来西亚, back 20 days ago → not returned (overdue after 7 days)
  const t = dates(-26, 7);
  await trip(
    'tao-ran',
    40,
    {
      entry: '公职人员出国(赴港澳)',
      reason: '参加东盟人力资源合作论坛',
      document: { type: '因公护照', number: 'E35120001', validUntil: '2031-06-30' },
      itinerary: [
        { region: '新加坡', arriveDate: t.departDate, leaveDate: addDays(t.departDate, 3) },
        { region: '马来西亚', arriveDate: addDays(t.departDate, 3), leaveDate: t.returnDate },
      ],
      destinationType: '其他国家和地区',
      task: '考察职业技能培训体系',
      ...t,
      members: ['陶然', '金悦'],
    },
    { approve: true, checkout: passportIdOf('因公护照', 'E35120001') },
  );
  clock.set(realNow);
  // waiting at 单位初审
  await trip(
    'jin-yue',
    0,
    {
      entry: '出入境',
      reason: '春节期间赴港探亲',
      document: { type: '往来港澳通行证', number: 'C35120002', validUntil: '2031-06-30' },
      itinerary: [
        {
          region: '香港',
          ...(() => {
            const d = dates(30, 4);
            return { arriveDate: d.departDate, leaveDate: d.returnDate };
          })(),
        },
      ],
      destinationType: '港澳台',
      ...dates(30, 4),
    },
    { approve: false },
  );
  await trip(
    'staff',
    0,
    {
      entry: '出入境',
      reason: '休年假赴澳门旅游',
      document: { type: '往来港澳通行证', number: 'C44030005', validUntil: '2030-12-31' },
      itinerary: [
        {
          region: '澳门',
          ...(() => {
            const d = dates(21, 3);
            return { arriveDate: d.departDate, leaveDate: d.returnDate };
          })(),
        },
      ],
      destinationType: '港澳台',
      ...dates(21, 3),
    },
    { approve: false },
  );
  log('出国境演示数据：4 本证照、4 份申请（1 份逾期未还证照）');
}
