import { SupervisionCommands } from '../../commands/supervision';
import { seedSupervisionDemo } from '../../commands/supervision/demo-seed';
import {
  establishmentReactor,
  extensionReactor,
  supervisionDeadlinesJob,
  type CheckSupervisionItem,
  type RecordSupervisionEstablishment,
  type RecordSupervisionExtensionDecision,
} from '../../domain/supervision';
import { supervisionInboxContribution, supervisionProjection } from '../../projections/supervision';
import { FACT_SUPERVISION, supervisionFacts } from '../../projections/supervision/facts';
import { SUPERVISION_REPORTS } from '../../reports/supervision/definitions';
import { SUPERVISION_DEFINITION_KEY } from '../../domain/supervision/establishment.reactor';
import { SUPERVISION_EXTENSION_DEFINITION_KEY } from '../../domain/supervision/extension.reactor';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { supervisionRoutes } from './routes';

/**
 * 督办管理: 立项 (workflow approval) → 交办 → 签收/退回 → 办理/阶段反馈 → 办结报告 → 审核/销号, with
 * manual and automatic 催办, 通报 and 延期. Both sides see the same item.
 */
const commandsOf = (p: Platform) => new SupervisionCommands(p.commands, PUBLIC_HOLIDAYS);

export const supervisionModule: ModuleManifest = {
  name: 'supervision',
  title: '督办管理',
  menu: { path: 'supervision', label: '督办', icon: '督', anyOf: ['supervision.use', 'supervision.admin'], order: 50 },
  permissions: ['supervision.use', 'supervision.admin'],
  routes: (p) => supervisionRoutes(p),
  projections: () => [supervisionProjection()],
  inbox: [supervisionInboxContribution],
  // 立项 and 延期 approvals run for the module's SupervisionItem
  ownProcesses: [
    { definitionKey: SUPERVISION_DEFINITION_KEY, startFrom: '督办立项请从 督办 → 立项 发起' },
    { definitionKey: SUPERVISION_EXTENSION_DEFINITION_KEY, startFrom: '延期申请请在督办事项页面提出' },
  ],
  facts: { tables: [FACT_SUPERVISION], mappers: [supervisionFacts] },
  reports: SUPERVISION_REPORTS,
  reactors: (p) => {
    const cmds = commandsOf(p);
    return [
      {
        reactor: establishmentReactor,
        dispatch: async (cmd, ctx) => {
          const c = cmd as RecordSupervisionEstablishment;
          await cmds.recordEstablishment(c.data, {
            actorId: ctx.actorId,
            actorName: '系统',
            unitId: null,
            correlationId: ctx.correlationId,
            causationId: ctx.causationId,
            commandId: ctx.commandId,
          });
        },
      },
      {
        reactor: extensionReactor,
        dispatch: async (cmd, ctx) => {
          const c = cmd as RecordSupervisionExtensionDecision;
          await cmds.recordExtensionDecision(c.data, {
            actorId: ctx.actorId,
            actorName: '系统',
            unitId: null,
            correlationId: ctx.correlationId,
            causationId: ctx.causationId,
            commandId: ctx.commandId,
          });
        },
      },
    ];
  },
  jobs: (p) => {
    const cmds = commandsOf(p);
    return [
      {
        job: supervisionDeadlinesJob,
        dispatch: async (cmd, ctx) => {
          const c = cmd as CheckSupervisionItem;
          await cmds.checkDeadlines(c.data.itemId, {
            actorId: ctx.actorId,
            actorName: '系统',
            unitId: null,
            correlationId: ctx.correlationId,
            causationId: ctx.causationId,
            commandId: ctx.commandId,
          });
        },
      },
    ];
  },
  seed: {
    definitions: (p) => commandsOf(p).ensureDefinition(),
    demo: async (p, log) => {
      await seedSupervisionDemo(p.store, p.commands.upcasters, PUBLIC_HOLIDAYS, p.clock().getTime(), log);
    },
  },
};
