import type { ActorContext } from '../../commands/meetings/kit';
import { MeetingCommands } from '../../commands/meetings/meeting-commands';
import { RoomCommands } from '../../commands/meetings/room-commands';
import { meetingRemindersJob, type MeetingJobCommand } from '../../domain/meetings/meeting-reminders.job';
import { roomBookingApprovalReactor, type RecordBookingApproval } from '../../domain/meetings/room-booking-approval.reactor';
import { meetingInboxContributions } from '../../projections/meetings/inbox-contribution';
import { meetingsProjection } from '../../projections/meetings/projection';
import { FACT_ROOM_HOURS, meetingRoomFacts } from '../../projections/meetings/warehouse-facts';
import { ROOM_UTILISATION_REPORT } from '../../reports/meetings/utilisation';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import type { ReactionContext } from '../../projections/reactions/types';
import { ROOM_BOOKING_DEFINITION_KEY } from '../../domain/meetings/room-booking.flow';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { publishNotifications } from './notifications';
import { directoryOrg } from './org';
import { meetingRoutes } from './routes';
import { seedMeetingsDemo } from './seed';

export const systemContext = (ctx: ReactionContext): ActorContext => ({
  actorId: ctx.actorId,
  actorName: '系统',
  unitId: null,
  departmentId: null,
  correlationId: ctx.correlationId,
  commandId: ctx.commandId,
  causationId: ctx.causationId,
  now: ctx.now,
});

/** 会议: 会议室管理 and 预约 (conflict-free per room day), 会议通知, 回执/催报, 材料, 签到. */
export const meetingsModule: ModuleManifest = {
  name: 'meetings',
  title: '会议管理',
  menu: { path: 'meetings', label: '会议', icon: '会', anyOf: ['meeting.use', 'meeting.admin'], order: 70 },
  permissions: ['meeting.use', 'meeting.admin'],
  routes: (p) => meetingRoutes(p),
  projections: () => [meetingsProjection()],
  inbox: meetingInboxContributions,
  facts: { tables: [FACT_ROOM_HOURS], mappers: [meetingRoomFacts(PUBLIC_HOLIDAYS)] },
  reports: [ROOM_UTILISATION_REPORT],
  // 会议室预约审批 runs for a booking the room-day decider holds (domain/meetings/room-booking.flow.ts)
  ownProcesses: [{ definitionKey: ROOM_BOOKING_DEFINITION_KEY, startFrom: '会议室预约请从 会议 → 综合安排 发起' }],
  reactors: (p: Platform) => {
    const rooms = new RoomCommands(p.commands, directoryOrg(p));
    return [
      {
        reactor: roomBookingApprovalReactor,
        dispatch: async (cmd, ctx) => {
          const o = await rooms.recordApproval(cmd as RecordBookingApproval, systemContext(ctx));
          publishNotifications(p, o.recorded);
        },
      },
    ];
  },
  jobs: (p: Platform) => {
    const org = directoryOrg(p);
    const meetings = new MeetingCommands(p.commands, org, new RoomCommands(p.commands, org));
    return [
      {
        job: meetingRemindersJob,
        dispatch: async (cmd, ctx) => {
          const c = cmd as MeetingJobCommand;
          const sys = systemContext(ctx);
          const o =
            c.type === 'UrgeReplies'
              ? await meetings.urgeReplies(c.data.meetingId, sys, true)
              : c.type === 'SendMeetingReminder'
                ? await meetings.remind(c.data.meetingId, sys)
                : await meetings.urgeMaterials(c.data.meetingId, c.data.requestId, sys, true);
          publishNotifications(p, o.recorded);
        },
      },
    ];
  },
  seed: {
    definitions: (p) => new RoomCommands(p.commands, directoryOrg(p)).ensureApprovalDefinition(),
    demo: (p, log) => seedMeetingsDemo(p, log),
  },
};
