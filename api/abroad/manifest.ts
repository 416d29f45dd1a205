import { AbroadCommands } from '../../commands/abroad/abroad-commands';
import { ABROAD_DEFINITION_KEYS } from '../../domain/abroad/flow';
import { abroadApprovalReactor, passportOverdueJob, type RecordAbroadOutcome, type RemindOverdueCommand } from '../../domain/abroad';
import { abroadProjection } from '../../projections/abroad/projection';
import { abroadInboxContribution } from '../../projections/abroad/inbox-contribution';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { seedAbroadDemo } from './demo-seed';
import { abroadOrg } from './org-facts';
import { abroadRoutes } from './routes';

const commandsOf = (p: Platform) => new AbroadCommands(p.commands, abroadOrg(p), { calendar: PUBLIC_HOLIDAYS });

/** 出国境: 公职人员出国(赴港澳)、出入境、特殊出入境 applications on the workflow engine; 证照保管 with overdue reminders. */
export const abroadModule: ModuleManifest = {
  name: 'abroad',
  title: '出国境管理',
  menu: { path: 'abroad', label: '出国境', icon: '境', anyOf: ['travel.use', 'travel.admin'], order: 25 },
  permissions: ['travel.use', 'travel.admin'],
  routes: (p) => abroadRoutes(p),
  projections: () => [abroadProjection],
  inbox: [abroadInboxContribution],
  // the application is the abroad module's record (levels by rank and destination)
  ownProcesses: Object.values(ABROAD_DEFINITION_KEYS).map((definitionKey) => ({
    definitionKey,
    startFrom: '出国（境）申请请从 出国境 → 新建申请 发起',
  })),
  reactors: (p) => {
    const cmds = commandsOf(p);
    return [{ reactor: abroadApprovalReactor, dispatch: (cmd, ctx) => cmds.recordOutcome(cmd as RecordAbroadOutcome, ctx) }];
  },
  jobs: (p) => {
    const cmds = commandsOf(p);
    return [
      {
        job: passportOverdueJob,
        dispatch: async (cmd, ctx) => {
          const c = cmd as RemindOverdueCommand;
          const remind = await cmds.remindOverdue(c, ctx);
          // the reminder also goes out as a notification (站内消息) to the holder and the keeper
          for (const userId of remind)
            p.bus.publish({
              id: `abroad-overdue:${c.data.passportId}:${c.data.applicationId}:${userId}`,
              userId,
              kind: 'abroad.passport_overdue',
              title: '证照逾期未还提醒：请尽快将证照交回保管',
              link: `/abroad/passports/${c.data.passportId}`,
              at: ctx.now,
            });
        },
      },
    ];
  },
  seed: {
    definitions: async (p, log) => {
      const n = await commandsOf(p).ensureDefinitions();
      if (n) log(`出国境审批流程已发布（${n} 个）`);
    },
    // in-flight applications and an overdue 证照 are activity, like the demo year (DEMO_HISTORY): API tests count
    // exactly and run without them; ABROAD_DEMO=1 asks for them alone (the browser test)
    demo: async (p, log) => {
      if (p.config.demoHistory || process.env.ABROAD_DEMO === '1') await seedAbroadDemo(p, log);
    },
  },
};
