import type { ActorContext } from '../../commands/meetings/kit';
import { CalendarCommands } from '../../commands/schedule/calendar-commands';
import { addDays, shanghaiDate, shanghaiInstant } from '../../domain/meetings/time';
import { directoryOrg } from '../meetings/org';
import type { Platform } from '../platform';

/**
 * Demo data of 日程: today's and this week's entries of 许文博 (`staff`) and 沈振华 (`director`), a
 * weekly plan, a task; 区长赵国强's schedule kept by his secretary 吴晓燕 and published in the leaders'
 * week; 许文博 shares his calendar with his section chief 秦涛 (详情) and 尤佳 (忙闲).
 */
export async function seedScheduleDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const snap = await p.directory.snapshot();
  if (!snap.users.has('staff')) return;
  const cal = new CalendarCommands(p.commands, directoryOrg(p));
  const as = (userId: string, key: string): ActorContext => {
    const u = snap.users.get(userId);
    return {
      actorId: userId,
      actorName: u?.name ?? userId,
      unitId: u?.primaryPost.unitId ?? null,
      departmentId: u?.primaryPost.departmentId ?? null,
      correlationId: 'seed-schedule',
      commandId: `seed-schedule:${key}`,
    };
  };
  const today = shanghaiDate(p.clock().toISOString());
  const at = (d: string, hhmm: string) => shanghaiInstant(d, hhmm);
  const e = (title: string, d: string, from: string, to: string, over: Record<string, unknown> = {}) => ({
    title,
    start: at(d, from),
    end: at(d, to),
    remindMinutes: [15],
    ...over,
  });
  const add = async (owner: string, by: string, key: string, dto: ReturnType<typeof e>) => {
    try {
      await cal.add(owner, dto as never, as(by, key));
    } catch (err) {
      log(`日程 demo: ${key} skipped (${(err as Error).message})`);
    }
  };
  await add('staff', 'staff', 's1', e('整理部门预算基础数据', today, '09:00', '10:30', { kind: 'task' }));
  await add('staff', 'staff', 's2', e('与国库科对接支付数据', today, '14:30', '15:30', { location: '财政局三楼国库科' }));
  await add('staff', 'staff', 's3', e('每周工作计划', today, '08:30', '09:00', { kind: 'plan', repeat: { freq: 'weekly', count: 12 } }));
  await add('staff', 'staff', 's4', e('参加业务培训', addDays(today, 2), '09:00', '12:00', { location: '区委党校' }));
  await add('director', 'director', 'd1', e('听取预算科工作汇报', today, '10:00', '11:00', { location: '局长办公室' }));
  await add('director', 'director', 'd2', e('局党组会', addDays(today, 1), '15:00', '17:00', { published: true }));
  if (snap.users.has('zhao-guoqiang') && snap.users.has('wu-xiaoyan')) {
    try {
      await cal.appointSecretary('wu-xiaoyan', as('zhao-guoqiang', 'secretary'));
    } catch (err) {
      log(`日程 demo: secretary skipped (${(err as Error).message})`);
    }
    await add(
      'zhao-guoqiang',
      'wu-xiaoyan',
      'z1',
      e('调研区财政局预算编制工作', today, '09:30', '11:30', { location: '区财政局', published: true }),
    );
    await add(
      'zhao-guoqiang',
      'wu-xiaoyan',
      'z2',
      e('区政府常务会议', addDays(today, 1), '09:00', '12:00', { location: '区政府常务会议室', published: true }),
    );
    await add('zhao-guoqiang', 'wu-xiaoyan', 'z3', e('接待市政府督查组', addDays(today, 3), '14:30', '17:00', { published: true }));
  }
  if (snap.users.has('qian-hui'))
    await add('qian-hui', 'qian-hui', 'q1', e('走访区人社局', addDays(today, 2), '09:00', '11:00', { published: true }));
  try {
    const shares = [
      snap.users.has('qin-tao') ? { userId: 'qin-tao', level: 'full' as const } : null,
      snap.users.has('you-jia') ? { userId: 'you-jia', level: 'busy' as const } : null,
    ].filter((x) => x !== null);
    await cal.setSharing({ shares }, as('staff', 'sharing'));
  } catch (err) {
    log(`日程 demo: sharing skipped (${(err as Error).message})`);
  }
  log('日程 demo: entries, a secretary-kept leader schedule, sharing');
}
