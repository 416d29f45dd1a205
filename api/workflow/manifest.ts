import { workflowDeadlinesJob, type CheckProcessDeadlines } from '../../domain/workflow/deadlines.job';
import { FACT_PROCESS, FACT_TASK } from '../../projections/warehouse/facts';
import { workflowFacts } from '../../projections/warehouse/workflow-facts';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { processPrintRoutes } from './print';
import { workflowProjections, workflowRoutes, workflowServices } from './routes';
import { seedWorkflowDefinitions } from './seed';

/**
 * 流程 (the workflow engine) and the unified inbox. Its menu entry is the 个人工作台 (首页): 待办, 待阅,
 * 已办, 我的流程 and 起草 of every module's flows.
 */
export const workflowModule: ModuleManifest = {
  name: 'workflow',
  title: '流程与待办',
  menu: { path: 'home', label: '首页', icon: '⌂', anyOf: [], order: 0 },
  permissions: ['workflow.use', 'workflow.admin', 'workflow.define'],
  routes: (p, ctx) => [...workflowRoutes(p, ctx.ownProcesses), ...processPrintRoutes(p)], // 打印审批单 (print.ts)
  // the unified inbox: the workflow's own tasks and every module's contributions
  projections: (ctx) => workflowProjections(ctx.inbox),
  facts: { tables: [FACT_TASK, FACT_PROCESS], mappers: [workflowFacts] },
  jobs: (p) => [{ job: workflowDeadlinesJob, dispatch: (cmd, ctx) => checkDeadlines(p, cmd as CheckProcessDeadlines, ctx) }],
  seed: { definitions: (p, log) => seedWorkflowDefinitions(p.commands, log).then(() => undefined) },
};

/** 办理时限: CheckDeadlines on the process (the decider decides the reminder or the escalation), then the messages go out. */
async function checkDeadlines(
  p: Platform,
  cmd: CheckProcessDeadlines,
  ctx: { commandId: string; correlationId: string; actorId: string },
): Promise<void> {
  const { wf, relay } = workflowServices(p);
  const r = await wf.checkDeadlines(cmd.data.instanceId, {
    actorId: ctx.actorId,
    correlationId: ctx.correlationId,
    commandId: ctx.commandId,
  });
  if (r.events.length > 0) {
    await p.projections.waitFor(r.position, { timeoutMs: 5000 }).catch(() => false);
    await relay.kick();
  }
}
