import type { ActorContext } from '../../commands/meetings/kit';
import { MeetingCommands } from '../../commands/meetings/meeting-commands';
import { RoomCommands } from '../../commands/meetings/room-commands';
import { addDays, shanghaiDate, shanghaiInstant, weekdayOf } from '../../domain/meetings/time';
import type { Platform } from '../platform';
import { directoryOrg } from './org';

/**
 * Demo data of 会议 (seed.demo, after the district): rooms of 区政府办公室, 区财政局 and a 区机关事务管理局
 * hall open to every unit; this week's and next week's bookings of the demo users (a weekly 科务会 of
 * 预算科, 许文博 `staff`'s own bookings); a district meeting organised by 周明 to which 区财政局 (replied)
 * and 区机关事务管理局 (not yet) are invited with 沈振华 `director` and 许文博 `staff` invited in person.
 */
export async function seedMeetingsDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const org = directoryOrg(p);
  const rooms = new RoomCommands(p.commands, org);
  const meetings = new MeetingCommands(p.commands, org, rooms);
  const snap = await p.directory.snapshot();
  const as = (userId: string, key: string): ActorContext => {
    const u = snap.users.get(userId);
    return {
      actorId: userId,
      actorName: u?.name ?? userId,
      unitId: u?.primaryPost.unitId ?? null,
      departmentId: u?.primaryPost.departmentId ?? null,
      correlationId: 'seed-meetings',
      commandId: `seed-meetings:${key}`,
    };
  };
  if (!snap.users.has('zhou-ming') || !snap.users.has('staff')) {
    log('会议 demo: the demo district users are missing, skipped');
    return;
  }
  const ROOMS = [
    {
      id: 'room-qzfb-1',
      by: 'li-wenjing',
      dto: {
        name: '区政府第一会议室',
        capacity: 40,
        equipment: ['投影', '视频会议', '话筒'],
        location: '区政府大楼三楼 301',
        bookableBy: 'unit' as const,
        needsApproval: false,
        opensAt: '08:00',
        closesAt: '21:00',
        adminIds: ['li-wenjing'],
      },
    },
    {
      id: 'room-qzfb-2',
      by: 'li-wenjing',
      dto: {
        name: '区政府常务会议室',
        capacity: 24,
        equipment: ['视频会议', '录音'],
        location: '区政府大楼五楼 502',
        bookableBy: 'unit' as const,
        needsApproval: true,
        opensAt: '08:00',
        closesAt: '21:00',
        adminIds: ['li-wenjing', 'wang-fang'],
      },
    },
    {
      id: 'room-qzfb-3',
      by: 'li-wenjing',
      dto: {
        name: '小会议室',
        capacity: 10,
        equipment: ['电视'],
        location: '区政府大楼三楼 305',
        bookableBy: 'unit' as const,
        needsApproval: false,
        opensAt: '08:00',
        closesAt: '21:00',
        adminIds: ['li-wenjing'],
      },
    },
    {
      id: 'room-czj-1',
      by: 'yang-fan',
      dto: {
        name: '财政局会议室',
        capacity: 30,
        equipment: ['投影', '话筒'],
        location: '财政局二楼 201',
        bookableBy: 'unit' as const,
        needsApproval: false,
        opensAt: '08:00',
        closesAt: '20:00',
        adminIds: ['yang-fan'],
      },
    },
    {
      id: 'room-czj-2',
      by: 'yang-fan',
      dto: {
        name: '预算科洽谈室',
        capacity: 8,
        equipment: [],
        location: '财政局四楼 406',
        bookableBy: 'unit' as const,
        needsApproval: false,
        opensAt: '08:00',
        closesAt: '20:00',
        adminIds: ['yang-fan'],
      },
    },
  ];
  for (const r of ROOMS) {
    if (!snap.users.has(r.by)) continue;
    const st = await rooms.loadRoom(r.id);
    if (st.status === 'none') await rooms.register(r.dto, as(r.by, `room:${r.id}`), r.id);
  }
  const today = shanghaiDate(p.clock().toISOString());
  const tomorrow = addDays(today, 1);
  // the next Monday–Friday working days from tomorrow
  const workdays: string[] = [];
  for (let d = tomorrow; workdays.length < 8; d = addDays(d, 1)) if (weekdayOf(d) !== 0 && weekdayOf(d) !== 6) workdays.push(d);
  const at = (d: string, hhmm: string) => shanghaiInstant(d, hhmm);
  const tryIt = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (err) {
      log(`会议 demo: ${what} skipped (${(err as Error).message})`);
    }
  };
  const d0 = workdays[0]!;
  await tryIt('weekly 科务会', () =>
    rooms.book(
      {
        roomId: 'room-czj-2',
        start: at(d0, '09:00'),
        end: at(d0, '10:00'),
        title: '预算科科务会',
        attendeeIds: ['staff', 'you-jia'],
        repeat: { freq: 'weekly', count: 8 },
      },
      as('qin-tao', 'series-kewu'),
    ),
  );
  await tryIt('staff booking', () =>
    rooms.book(
      {
        roomId: 'room-czj-1',
        start: at(workdays[1]!, '14:30'),
        end: at(workdays[1]!, '16:00'),
        title: '部门预算编制培训',
        attendeeIds: ['you-jia', 'qin-tao'],
      },
      as('staff', 'staff-1'),
    ),
  );
  await tryIt('staff booking 2', () =>
    rooms.book(
      { roomId: 'room-czj-1', start: at(workdays[3]!, '10:00'), end: at(workdays[3]!, '11:30'), title: '国库集中支付对账' },
      as('staff', 'staff-2'),
    ),
  );
  await tryIt('qzfb bookings', () =>
    rooms.book(
      { roomId: 'room-qzfb-3', start: at(d0, '15:00'), end: at(d0, '16:00'), title: '综合科周例会', attendeeIds: ['wu-xiaoyan'] },
      as('zhou-ming', 'zhk-weekly'),
    ),
  );
  await tryIt('pending booking', () =>
    rooms.book(
      { roomId: 'room-qzfb-2', start: at(workdays[2]!, '09:00'), end: at(workdays[2]!, '11:00'), title: '信息化项目评审会' },
      as('feng-lei', 'xxk-review'),
    ),
  );
  // the district meeting: 区财政局 has replied, 区机关事务管理局 not yet
  await tryIt('district meeting', async () => {
    const d = workdays[4]!;
    const m = await meetings.issue(
      {
        title: '全区2027年部门预算编制工作会议',
        agenda: '一、区财政局部署2027年部门预算编制工作\n二、区机关事务管理局通报公用经费定额标准\n三、区领导讲话',
        start: at(d, '09:30'),
        end: at(d, '11:30'),
        roomId: 'room-qzfb-1',
        unitIds: ['czj', 'jgswj'],
        personIds: ['director', 'staff', 'sun-jianhua'],
        replyDeadline: at(workdays[2]!, '17:00'),
        remindBeforeMinutes: 240,
      },
      as('zhou-ming', 'district-meeting'),
    );
    const reporter = snap.users.has('yang-fan') ? 'yang-fan' : 'director';
    await meetings.reply(
      m.id,
      {
        unitId: 'czj',
        attendees: [
          { name: '沈振华', unitName: '区财政局', position: '局长', phone: '0757-88880001' },
          { name: '秦涛', unitName: '区财政局', position: '预算科科长', phone: '0757-88880012' },
        ],
      },
      as(reporter, 'district-meeting-reply'),
    );
    await meetings.answer(m.id, { answer: 'accept' }, as('director', 'district-meeting-answer'));
  });
  log('会议 demo: rooms, bookings and a district meeting');
}
