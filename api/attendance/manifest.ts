import { recordAttendanceOutcome, seedAttendanceDefinitions, BalanceCommands } from '../../commands/attendance';
import { applicationOutcomeReactor, type RecordAttendanceOutcome } from '../../domain/attendance/application-outcome.reactor';
import { carryOverExpiryJob } from '../../domain/attendance/carry-over.job';
import { attendanceProjections } from '../../projections/attendance';
import { DEFINITION_KEYS } from '../../domain/attendance/flows';
import type { ModuleManifest } from '../modules/manifest';
import { attendanceRoutes } from './routes';
import { seedAttendanceDemo } from './demo';

/** 考勤: 请休假 (余额), 国内出差, 加班 → 调休, 补签, 销假; 考勤监控. */
export const attendanceModule: ModuleManifest = {
  name: 'attendance',
  title: '考勤管理',
  menu: { path: 'attendance', label: '考勤', icon: '勤', anyOf: ['attendance.use', 'attendance.admin'], order: 20 },
  permissions: ['attendance.use', 'attendance.admin'],
  routes: (p) => attendanceRoutes(p),
  projections: () => attendanceProjections(),
  // days computed on the working calendar, the balance checked and reserved by the attendance module
  ownProcesses: Object.values(DEFINITION_KEYS).map((definitionKey) => ({
    definitionKey,
    startFrom: '考勤申请请从 考勤 → 申请 发起（天数按工作日历计算并校验假期余额）',
  })),
  reactors: (p) => [
    {
      reactor: applicationOutcomeReactor,
      dispatch: (cmd, ctx) => recordAttendanceOutcome(p.commands, cmd as RecordAttendanceOutcome, ctx),
    },
  ],
  jobs: (p) => {
    const balances = new BalanceCommands(p.commands);
    return [
      {
        job: carryOverExpiryJob,
        dispatch: async (cmd, ctx) => {
          await balances.expireCarryOver((cmd as { data: { personId: string; year: number } }).data, ctx);
        },
      },
    ];
  },
  seed: {
    definitions: (p, log) => seedAttendanceDefinitions(p.commands, log),
    demo: (p, log) => seedAttendanceDemo(p, log),
  },
};
