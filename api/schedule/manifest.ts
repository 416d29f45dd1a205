import { CalendarCommands } from '../../commands/schedule/calendar-commands';
import { calendarRemindersJob, type DeliverReminderCommand } from '../../domain/schedule/reminders.job';
import { scheduleProjection } from '../../projections/schedule/projection';
import { systemContext } from '../meetings/manifest';
import { publishNotifications } from '../meetings/notifications';
import { directoryOrg } from '../meetings/org';
import type { ModuleManifest } from '../modules/manifest';
import { scheduleRoutes } from './routes';
import { seedScheduleDemo } from './seed';

/** 日程: personal calendar (events, tasks, plans; repeat; reminders on SSE), sharing, 领导日程 kept by a secretary, iCalendar. */
export const scheduleModule: ModuleManifest = {
  name: 'schedule',
  title: '日程安排',
  menu: { path: 'schedule', label: '日程', icon: '历', anyOf: ['schedule.use'], order: 75 },
  permissions: ['schedule.use'],
  routes: (p) => scheduleRoutes(p),
  projections: () => [scheduleProjection()],
  jobs: (p) => {
    const calendars = new CalendarCommands(p.commands, directoryOrg(p));
    return [
      {
        job: calendarRemindersJob,
        dispatch: async (cmd, ctx) => {
          const r = await calendars.deliverReminder((cmd as DeliverReminderCommand).data, systemContext(ctx));
          publishNotifications(p, r.events);
        },
      },
    ];
  },
  seed: { demo: (p, log) => seedScheduleDemo(p, log) },
};
