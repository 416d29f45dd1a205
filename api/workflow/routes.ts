import {
  BatchApproveDto,
  CommonOpinionDto,
  PublishDefinitionDto,
  StartProcessDto,
  WorkflowCommands,
  type WorkflowCommandResult,
  type WorkflowContext,
} from '../../commands/workflow';
import { opinionsMostUsedFirst } from '../../domain/workflow/common-opinions';
import { DefinitionInvalid } from '../../domain/workflow/process-definition.decide';
import { instanceIdOfTask } from '../../domain/workflow/instance.events';
import type { Projection } from '../../projections/engine/types';
import { InboxQueries, inboxProjections, type InboxContribution, type InboxItemRow } from '../../projections/inbox';
import { recordDenial, scopeReaches } from '../auth/access';
import { scopeFor, type Principal, type ScopeTarget } from '../auth/principal';
import { DomainError } from '../../domain/shared/errors';
import type { InstanceState } from '../../domain/workflow/instance.events';
import { badRequest, forbidden, notFound } from '../http/problem';
import { result, type RouteContext, type RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { DefinitionCatalog, DelegationBook } from './catalog';
import {
  AddSignerBody,
  ApproveBody,
  CancelBody,
  DelegationBody,
  ForwardBody,
  InboxQuery,
  NotificationsQuery,
  ReassignBody,
  RejectBody,
  ResubmitBody,
  ReturnBody,
  TerminateBody,
  UrgeBody,
  strokesOf,
} from './dtos';
import { NotificationRelay, toNotification } from './notifications';
import { adminView, participants, processView } from './process-view';
import { PUBLIC_HOLIDAYS } from './calendar';
import {
  DEFINITION_LIST_SCHEMA,
  DEFINITION_SCHEMA,
  DELEGATION_LIST_SCHEMA,
  INBOX_COUNTS_SCHEMA,
  INBOX_PAGE_SCHEMA,
  NOTIFICATION_PAGE_SCHEMA,
  OPINION_LIST_SCHEMA,
  PROCESS_DETAIL_SCHEMA,
} from './schemas';

/**
 * The workflow API (审批流程与统一待办), declared as data for api/app.ts:
 *
 *   GET  /inbox?box=todo|toread|done|mine&kind=&q=&page=&pageSize=   newest first, with total
 *   GET  /inbox/counts                                                point lookup per box
 *   GET  /notifications                                               消息中心 (also pushed on SSE)
 *   GET  /process-definitions, /process-definitions/:key              startable definitions
 *   POST /process-definitions                                         publish (workflow.define)
 *   POST /processes {definitionKey, form}                             start
 *   GET  /processes/:id                                               form, nodes, 办文日志, allowedActions
 *   POST /processes/:id/{withdraw|urge|resubmit|cancel}
 *   POST /tasks/:id/{approve|reject|return|withdraw|forward|add-signer|urge|read}
 *   POST /tasks/batch-approve                                         批量审批 (per-task outcomes)
 *   POST /tasks/:id/reassign {toUserId, reason}                      改派 (workflow.admin, within its data scope)
 *   POST /processes/:id/terminate {reason}                           终止 (workflow.admin, within its data scope)
 *   GET|POST /opinions, PUT|DELETE /opinions/:id                      常用意见, most used first
 *   GET|POST /delegations, DELETE /delegations/:id                    外出授权
 *
 * Every command: Idempotency-Key (app.ts), domain refusals as problem+json (a lost race on a task →
 * 409), and read-your-writes — the answer is sent once the projections have the command's position.
 */
export function workflowProjections(contributions: readonly InboxContribution[] = []): Projection[] {
  return inboxProjections(contributions);
}

interface Services {
  wf: WorkflowCommands;
  queries: InboxQueries;
  catalog: DefinitionCatalog;
  delegations: DelegationBook;
  relay: NotificationRelay;
}

const servicesOf = new WeakMap<Platform, Services>();

/** The workflow services of a platform (one set per platform; the relay starts with them). */
export function workflowServices(p: Platform): Services {
  let s = servicesOf.get(p);
  if (!s) {
    const queries = new InboxQueries(p.readDb);
    const delegations = new DelegationBook(p.store, p.commands);
    const wf = new WorkflowCommands(p.commands, { delegations, openTasks: queries, calendar: PUBLIC_HOLIDAYS });
    const relay = new NotificationRelay(queries, p.bus, 500, (err) => p.log.warn({ err }, 'notification relay'));
    s = { wf, queries, catalog: new DefinitionCatalog(p.store), delegations, relay };
    servicesOf.set(p, s);
    relay.start();
  }
  return s;
}

/** 常用意见 a new user finds before adding their own (shown, not stored, until they add one). */
export const DEFAULT_OPINIONS = ['同意', '已阅', '请办公室阅处'] as const;

const TASK_ID = /^[A-Za-z0-9._~-]{1,160}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SHANGHAI_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar day of an instant (China keeps no daylight saving: UTC+8 all year). */
export function shanghaiDay(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10) : '';
}

/**
 * 外出授权 dates are whole days in Asia/Shanghai: from 2026-12-01 starts at 00:00 that day in Beijing,
 * to 2026-12-11 runs through the end of the 11th (the stored `to` is the exclusive end, 00:00 on the
 * 12th Beijing time). Full timestamps are taken as sent.
 */
export function delegationPeriod(from: string, to: string): { from: string; to: string } {
  const startOf = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_MS).toISOString();
  return {
    from: DAY.test(from) ? startOf(from) : new Date(from).toISOString(),
    to: DAY.test(to) ? new Date(Date.parse(startOf(to)) + 86_400_000).toISOString() : new Date(to).toISOString(),
  };
}
const TAG_INBOX = '统一待办';
const TAG_FLOW = '审批流程';

function wctx(ctx: RouteContext): WorkflowContext {
  return {
    actorId: ctx.principal.userId,
    unitId: ctx.principal.unitId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId,
    clientIp: ctx.clientIp,
  };
}

function idParam(ctx: RouteContext, name = 'id'): string {
  const id = ctx.params[name];
  if (!id || !TASK_ID.test(id)) throw notFound('不存在');
  return id;
}

/** What an instance belongs to, for the data scope of `workflow.admin` (the applicant's unit / department). */
function scopeTargetOf(s: InstanceState, instanceId: string): ScopeTarget {
  return {
    unitId: s.applicant?.unitId ?? null,
    departmentId: s.applicant?.departmentId ?? null,
    ownerId: s.initiatorId,
    resource: `process-${instanceId}`,
  };
}

/** May the caller intervene (改派 / 终止) in this instance: `workflow.admin` with a data scope that reaches it. */
async function mayAdminister(p: Platform, me: Principal, s: InstanceState, instanceId: string): Promise<boolean> {
  const scope = scopeFor(me, 'workflow.admin');
  return scope !== null && scopeReaches(p, me, scope, scopeTargetOf(s, instanceId));
}

async function namesOf(p: Platform): Promise<(u: string | null | undefined) => string> {
  const snap = await p.directory.snapshot();
  return (u) => (u ? (snap.users.get(u)?.name ?? u) : '');
}

/**
 * `ownProcesses`: definitions a module starts with its own record (the manifests' `ownProcesses`: 发文审批 from
 * 公文 → 拟稿, …) → where they start. Listed nowhere a user starts a flow, refused by POST /processes, and their
 * form is not changed through 重新提交 (it is the module's record).
 */
export function workflowRoutes(p: Platform, ownProcesses: ReadonlyMap<string, string> = new Map()): RouteDef[] {
  const svc = workflowServices(p);
  const { wf, queries, catalog, relay } = svc;

  /** Read-your-writes, then push what the command caused. */
  async function settle(position: number): Promise<void> {
    const caughtUp = position > 0 && (await p.projections.waitFor(position, { timeoutMs: 5000 }).catch(() => false));
    await relay.kick(caughtUp ? position : undefined); // a position already pushed costs no query
  }

  async function answer(r: WorkflowCommandResult, extra: Record<string, unknown> = {}) {
    await settle(r.position);
    return { id: r.id, ...extra, events: r.events, newTaskIds: r.newTaskIds, position: r.position, duplicate: r.duplicate };
  }

  function item(row: InboxItemRow, name: (u: string | null | undefined) => string, now: number) {
    return {
      box: row.box,
      taskId: row.taskId,
      processId: row.instanceId,
      instanceId: row.instanceId,
      title: row.title,
      kind: row.processKind,
      kindName: row.processKind,
      definitionKey: row.definitionKey,
      nodeId: row.nodeId,
      nodeName: row.nodeName,
      taskKind: row.taskKind,
      initiatorId: row.initiatorId,
      initiatorName: name(row.initiatorId),
      arrivedAt: row.arrivedAt,
      doneAt: row.doneAt,
      deadline: row.deadline,
      overdue: (row.box === 'todo' || row.box === 'toread') && !!row.deadline && Date.parse(row.deadline) < now,
      /** 代 张三: a delegate's 待办 (for the assignee) / an action done for someone. */
      onBehalfOf: row.onBehalfOf,
      onBehalfOfName: row.onBehalfOf ? name(row.onBehalfOf) : '',
      actorId: row.actorId,
      actorName: row.actorId ? name(row.actorId) : '',
      status: row.status,
      action: row.box === 'done' ? row.status : null,
      ...(row.currentNodes
        ? {
            currentNodes: row.currentNodes.map((c) => ({
              ...c,
              assigneeName: name(c.assignee),
              actingDelegateName: c.actingDelegate ? name(c.actingDelegate) : '',
            })),
          }
        : {}),
      /** The page that handles it: the document page for 公文 (收文 rows and 发文 approvals), else the process page. */
      link: row.link ?? `/processes/${row.instanceId}${row.taskId && row.box !== 'done' ? `?task=${encodeURIComponent(row.taskId)}` : ''}`,
    };
  }

  function definitionDoc(
    key: string,
    d: { version: number; name: string; kind: string; description?: string; formFields: unknown[]; nodes: unknown[]; edges: unknown[] },
    full: boolean,
  ) {
    return {
      key,
      name: d.name,
      kind: d.kind,
      category: d.kind,
      description: d.description ?? '',
      version: d.version,
      fields: d.formFields,
      formFields: d.formFields,
      /** false: started by its own module (发文审批 from 公文 → 拟稿 …), never from 起草. */
      startable: !ownProcesses.has(key),
      ...(full ? { nodes: d.nodes, edges: d.edges } : {}),
    };
  }

  /** A task action: waits for the projections, answers with the outcome. */
  const taskAction = (
    action: string,
    summary: string,
    body: RouteDef['body'],
    run: (taskId: string, ctx: RouteContext) => Promise<WorkflowCommandResult>,
  ): RouteDef => ({
    method: 'post',
    path: `/tasks/:id/${action}`,
    summary,
    tag: TAG_FLOW,
    permission: 'workflow.use',
    command: true,
    body,
    responses: { 403: '不是该待办的办理人', 404: '待办不存在', 409: '待办已被处理（并发时只有一个操作成功）', 422: '业务规则不允许' },
    handler: async (ctx: RouteContext) => {
      const id = idParam(ctx);
      const r = await run(id, ctx);
      return answer(r, { processId: instanceIdOfTask(id) ?? id, taskId: instanceIdOfTask(id) ? id : null });
    },
  });

  /** The data-scope target of the instance named by the URL (a task id or a process id); null → the handler answers 404. */
  const instanceScope =
    (byTask: boolean) =>
    async (ctx: RouteContext): Promise<ScopeTarget | null> => {
      const raw = ctx.params.id ?? '';
      const instanceId = byTask ? instanceIdOfTask(raw) : raw;
      if (!instanceId || !TASK_ID.test(instanceId)) return null;
      const s = await wf.instanceState(instanceId);
      return s.status === 'none' ? null : scopeTargetOf(s, instanceId);
    };

  /** 撤回: of the caller's approval of a done task, else their latest withdrawable decision (or the submission). */
  async function withdraw(id: string, ctx: RouteContext) {
    const instanceId = instanceIdOfTask(id) ?? id;
    let taskId: string | undefined;
    if (instanceIdOfTask(id)) {
      const s = await wf.instanceState(instanceId);
      // an unknown id gets the decider's answer, the same an outsider gets for a real one (ids cannot be probed)
      if (s.status !== 'none' && s.tasks[id]?.status === 'done') taskId = id;
    }
    return wf.withdraw(instanceId, taskId ? { taskId } : {}, wctx(ctx));
  }

  /** A person named in a command (转交, 加签): an active user, else 400 with the field. */
  async function activeUser(userId: string, field: string, what: string): Promise<void> {
    const u = await p.org.userById(userId);
    if (!u || !u.active) throw badRequest(`${what}不存在或已停用`, [{ field, message: `${what}不存在或已停用，请从通讯录中选择` }]);
  }

  return [
    // ------------------------------------------------------------------ inbox
    {
      method: 'get',
      path: '/inbox',
      summary: '统一待办：待办 / 待阅 / 已办 / 我的流程（按时间倒序，可按流程类别、关键字筛选，分页）',
      response: { name: 'InboxPage', schema: INBOX_PAGE_SCHEMA },
      tag: TAG_INBOX,
      permission: 'workflow.use',
      query: InboxQuery,
      handler: async (ctx: RouteContext<unknown, InboxQuery>) => {
        const q = ctx.query;
        const page = q.page ?? 1;
        const pageSize = q.pageSize ?? 20;
        const { items, total } = await queries.list(ctx.principal.userId, q.box, {
          kind: q.kind?.trim() || undefined,
          q: q.q?.trim() || undefined,
          page,
          pageSize,
        });
        const name = await namesOf(p);
        const now = Date.parse(ctx.now);
        return { items: items.map((r) => item(r, name, now)), page, pageSize, total };
      },
    },
    {
      method: 'get',
      path: '/inbox/counts',
      summary: '各栏目数量（待办、待阅、已办、我的流程）',
      response: { name: 'InboxCounts', schema: INBOX_COUNTS_SCHEMA },
      tag: TAG_INBOX,
      permission: 'workflow.use',
      handler: async (ctx: RouteContext) => queries.counts(ctx.principal.userId),
    },
    {
      method: 'get',
      path: '/notifications',
      summary: '消息中心：新待办、退回、催办、办结、授权等（实时推送见 /api/events/stream）',
      response: { name: 'NotificationPage', schema: NOTIFICATION_PAGE_SCHEMA },
      tag: TAG_INBOX,
      permission: 'workflow.use',
      query: NotificationsQuery,
      handler: async (ctx: RouteContext<unknown, NotificationsQuery>) => {
        const page = ctx.query.page ?? 1;
        const pageSize = ctx.query.pageSize ?? 20;
        const { items, total } = await queries.notifications(ctx.principal.userId, page, pageSize);
        return { items: items.map(toNotification), page, pageSize, total };
      },
    },

    // ------------------------------------------------------------------ definitions
    {
      method: 'get',
      path: '/process-definitions',
      summary: '可发起的流程（各流程的现行版本与表单字段）',
      response: { name: 'ProcessDefinitionList', schema: DEFINITION_LIST_SCHEMA },
      tag: TAG_FLOW,
      permission: 'workflow.use',
      handler: async () => {
        const items = [];
        for (const e of await catalog.all()) {
          if (e.state.retired || e.state.latestVersion === 0 || ownProcesses.has(e.key)) continue;
          items.push(definitionDoc(e.key, e.state.versions[e.state.latestVersion], false));
        }
        return { items, total: items.length };
      },
    },
    {
      method: 'get',
      path: '/process-definitions/:key',
      summary: '流程定义的现行版本（节点、连线、表单）',
      response: { name: 'ProcessDefinitionDetail', schema: DEFINITION_SCHEMA },
      tag: TAG_FLOW,
      permission: 'workflow.use',
      handler: async (ctx: RouteContext) => {
        const d = await catalog.current(ctx.params.key);
        if (!d) throw notFound('流程不存在或已停用');
        return definitionDoc(d.key, d, true);
      },
    },
    {
      method: 'get',
      path: '/workflow/designs',
      summary: '流程设计器：全部流程定义（各版本，含停用与由业务模块发起的）',
      tag: TAG_FLOW,
      permission: 'workflow.define',
      handler: async () => {
        const items = (await catalog.all()).map((e) => ({
          key: e.key,
          name: e.state.versions[e.state.latestVersion]?.name ?? e.key,
          kind: e.state.versions[e.state.latestVersion]?.kind ?? '',
          latestVersion: e.state.latestVersion,
          retired: e.state.retired,
          startedByModule: ownProcesses.has(e.key),
          publishedBy: e.publishedBy,
          publishedAt: e.publishedAt,
        }));
        return { items, total: items.length };
      },
    },
    {
      method: 'get',
      path: '/workflow/designs/:key',
      summary: '流程设计器：某流程定义的全部版本（节点、连线、表单），供编辑与版本比较',
      tag: TAG_FLOW,
      permission: 'workflow.define',
      handler: async (ctx: RouteContext) => {
        const e = (await catalog.all()).find((x) => x.key === ctx.params.key);
        if (!e) throw notFound('流程不存在');
        return {
          key: e.key,
          latestVersion: e.state.latestVersion,
          retired: e.state.retired,
          versions: Object.values(e.state.versions).sort((a, b) => a.version - b.version),
        };
      },
    },
    {
      method: 'post',
      path: '/process-definitions',
      summary: '发布流程定义（新版本；运行中的实例仍按原版本办理）',
      tag: TAG_FLOW,
      permission: 'workflow.define',
      command: true,
      body: PublishDefinitionDto,
      responses: { 400: '流程定义不合法（errors 列出每处错误）' },
      handler: async (ctx: RouteContext<PublishDefinitionDto>) => {
        let r: WorkflowCommandResult;
        try {
          r = await wf.publishDefinition(ctx.body, wctx(ctx));
        } catch (e) {
          if (e instanceof DefinitionInvalid)
            throw badRequest(
              e.message,
              e.errors.map((x) => ({ field: `definition.${x.field}`, message: x.message })),
            );
          throw e;
        }
        const d = await catalog.current(r.id);
        return answer(r, { key: r.id, version: d?.version ?? null });
      },
    },

    // ------------------------------------------------------------------ processes
    {
      method: 'post',
      path: '/processes',
      summary: '发起流程',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: StartProcessDto,
      responses: { 400: '表单不合法（errors 指出字段）', 404: '流程不存在', 422: '流程已停用或找不到办理人' },
      handler: async (ctx: RouteContext<StartProcessDto>) => {
        const startFrom = ownProcesses.get(ctx.body.definitionKey);
        if (startFrom) throw new DomainError('rule', 'definition.module_only', startFrom, 'definitionKey');
        const r = await wf.startProcess(ctx.body, wctx(ctx));
        return answer(r, { processId: r.id, instanceId: r.id });
      },
    },
    {
      method: 'get',
      path: '/processes/:id',
      summary: '流程详情：表单、流程图节点状态、办文日志、当前用户可执行的操作',
      response: { name: 'ProcessDetail', schema: PROCESS_DETAIL_SCHEMA },
      tag: TAG_FLOW,
      permission: 'workflow.use',
      responses: { 403: '与该流程无关且无流程管理权限', 404: '流程不存在' },
      handler: async (ctx: RouteContext) => {
        const id = idParam(ctx);
        const s = await wf.instanceState(id);
        if (s.status === 'none' || !s.definition) throw notFound('流程不存在');
        const history = await queries.history(id);
        const me = ctx.principal;
        const admin = await mayAdminister(p, me, s, id);
        if (!participants(s, history).has(me.userId) && !admin) {
          await recordDenial(p, ctx.req, ctx, 403, 'not_participant', 'workflow.use', me.userId, `process-${id}`, me.unitId);
          throw forbidden('您与该流程无关，无权查看');
        }
        const name = await namesOf(p);
        /** 管理员干预: present (with what may be done now) only for a process admin whose scope reaches the instance. */
        return { ...processView(s, history, me.userId, ctx.now, name), admin: admin ? adminView(s, me.userId, ctx.now, name) : null };
      },
    },
    {
      method: 'post',
      path: '/processes/:id/withdraw',
      summary: '撤回（拟稿人撤回提交，或审批人撤回本人刚作出的同意，下一环节未办理时）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      handler: async (ctx: RouteContext) => answer(await withdraw(idParam(ctx), ctx), { processId: idParam(ctx) }),
    },
    {
      method: 'post',
      path: '/processes/:id/urge',
      summary: '催办（发起人；每小时一次）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: UrgeBody,
      handler: async (ctx: RouteContext<UrgeBody>) =>
        answer(await wf.urge(idParam(ctx), { message: ctx.body.message ?? ctx.body.opinion }, wctx(ctx)), { processId: idParam(ctx) }),
    },
    {
      method: 'post',
      path: '/processes/:id/resubmit',
      summary: '重新提交（退回或撤回到拟稿人之后）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: ResubmitBody,
      handler: async (ctx: RouteContext<ResubmitBody>) => {
        if (ctx.body.form) {
          // a module's form (发文要素, 请假天数 …) is the module's record: it is not edited through the engine
          const key = (await wf.instanceState(idParam(ctx))).definition?.key;
          if (key && ownProcesses.has(key))
            throw new DomainError('rule', 'definition.module_only', '该流程的表单由业务模块维护，重新提交时不能修改表单', 'form');
        }
        return answer(await wf.resubmit(idParam(ctx), ctx.body.form ? { form: ctx.body.form } : {}, wctx(ctx)), {
          processId: idParam(ctx),
        });
      },
    },
    {
      method: 'post',
      path: '/processes/:id/cancel',
      summary: '作废（退回或撤回到拟稿人之后）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: CancelBody,
      handler: async (ctx: RouteContext<CancelBody>) =>
        answer(await wf.cancel(idParam(ctx), { reason: ctx.body.reason }, wctx(ctx)), { processId: idParam(ctx) }),
    },

    // ------------------------------------------------------------------ tasks
    ...['/tasks/batch-approve', '/tasks/batch/approve'].map((path): RouteDef => ({
      method: 'post',
      path,
      summary: path === '/tasks/batch-approve' ? '批量同意（逐件办理，逐件返回结果）' : '批量同意（同 /tasks/batch-approve）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: BatchApproveDto,
      handler: async (ctx: RouteContext<BatchApproveDto>) => {
        const out = await wf.batchApprove(ctx.body, wctx(ctx));
        const max = Math.max(0, ...out.map((o) => (o.ok ? o.result.position : 0)));
        await settle(max);
        const statusOf: Record<string, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, rule: 422 };
        const results = out.map((o) =>
          o.ok
            ? { taskId: o.taskId, ok: true, status: 201, newTaskIds: o.result.newTaskIds }
            : { taskId: o.taskId, ok: false, status: statusOf[o.error.kind] ?? 422, error: o.error },
        );
        return result(200, { results, succeeded: results.filter((x) => x.ok).length, failed: results.filter((x) => !x.ok).length });
      },
    })),
    taskAction('approve', '同意（可附意见、手写签批、常用意见）', ApproveBody, (id, ctx) => {
      const b = ctx.body as ApproveBody;
      const signature = strokesOf(b.signature);
      return wf.approve(
        id,
        { opinion: b.opinion, ...(signature ? { signature } : {}), ...(b.commonOpinionId ? { commonOpinionId: b.commonOpinionId } : {}) },
        wctx(ctx),
      );
    }),
    taskAction('reject', '不同意（流程结束）', RejectBody, (id, ctx) =>
      wf.reject(id, { opinion: (ctx.body as RejectBody).opinion }, wctx(ctx)),
    ),
    taskAction('return', '退回（给拟稿人或已办理的前序节点）', ReturnBody, (id, ctx) => {
      const b = ctx.body as ReturnBody;
      return wf.returnTask(id, { toNodeId: b.toNodeId ?? b.targetNodeId ?? 'drafter', opinion: b.opinion }, wctx(ctx));
    }),
    taskAction('withdraw', '撤回（本人的同意或提交；也接受流程 id）', undefined, (id, ctx) => withdraw(id, ctx)),
    taskAction('forward', '转交', ForwardBody, async (id, ctx) => {
      const b = ctx.body as ForwardBody;
      const to = b.toUserId ?? b.userId;
      if (!to) throw badRequest('请选择转交对象', [{ field: 'toUserId', message: '请选择转交对象' }]);
      await activeUser(to, b.toUserId ? 'toUserId' : 'userId', '转交对象');
      return wf.forward(id, { toUserId: to, opinion: b.opinion }, wctx(ctx));
    }),
    taskAction(
      'add-signer',
      '加签（before 前加签：加签人先办，再回到我；after 后加签：我同意后由加签人办理）',
      AddSignerBody,
      async (id, ctx) => {
        const b = ctx.body as AddSignerBody;
        const userIds = [...(b.userIds ?? []), ...(b.userId ? [b.userId] : [])];
        if (!userIds.length) throw badRequest('请选择加签人', [{ field: 'userIds', message: '请选择加签人' }]);
        for (const u of userIds) await activeUser(u, 'userIds', '加签人');
        return wf.addSigner(id, { userIds, position: b.position ?? 'before', opinion: b.opinion }, wctx(ctx));
      },
    ),
    taskAction('urge', '催办（发起人；也接受流程 id）', UrgeBody, (id, ctx) => {
      const b = ctx.body as UrgeBody;
      return wf.urge(id, { message: b.message ?? b.opinion }, wctx(ctx));
    }),
    taskAction('read', '已阅（待阅 → 已阅）', undefined, (id, ctx) => wf.markRead(id, wctx(ctx))),

    // ------------------------------------------------------------------ 管理员干预 (流程管理员)
    {
      method: 'post',
      path: '/tasks/:id/reassign',
      summary: '改派（流程管理员：把待办改由他人办理，须填写原因；原办理人的待办随即撤销）',
      tag: TAG_FLOW,
      permission: 'workflow.admin',
      command: true,
      body: ReassignBody,
      scope: instanceScope(true),
      responses: {
        400: '改派对象或原因不合法（errors 指出字段）',
        403: '不是流程管理员，或流程不在其数据范围内',
        404: '待办不存在',
        409: '待办已被处理（并发时只有一个操作成功）',
        422: '流程不在办理中',
      },
      handler: async (ctx: RouteContext<ReassignBody>) => {
        const id = idParam(ctx);
        if (!instanceIdOfTask(id)) throw notFound('待办不存在');
        const to = await p.org.userById(ctx.body.toUserId);
        if (!to || !to.active) throw badRequest('改派对象不存在或已停用', [{ field: 'toUserId', message: '改派对象不存在或已停用' }]);
        const r = await wf.adminReassign(id, { toUserId: to.userId, reason: ctx.body.reason.trim() }, wctx(ctx));
        return answer(r, { processId: instanceIdOfTask(id), taskId: id });
      },
    },
    {
      method: 'post',
      path: '/processes/:id/terminate',
      summary: '终止流程（流程管理员，须填写原因；所有待办随即撤销）',
      tag: TAG_FLOW,
      permission: 'workflow.admin',
      command: true,
      body: TerminateBody,
      scope: instanceScope(false),
      responses: {
        400: '原因不合法（errors 指出字段）',
        403: '不是流程管理员，或流程不在其数据范围内',
        404: '流程不存在',
        409: '流程已结束或已被终止',
      },
      handler: async (ctx: RouteContext<TerminateBody>) => {
        const id = idParam(ctx);
        try {
          return await answer(await wf.adminTerminate(id, { reason: ctx.body.reason.trim() }, wctx(ctx)), { processId: id });
        } catch (e) {
          // a second 终止 (or one racing another) finds the instance already ended: a conflict with its state
          if (e instanceof DomainError && e.code === 'process.not_running')
            throw new DomainError('conflict', e.code, '流程已结束或已被终止，请刷新后重试');
          throw e;
        }
      },
    },

    // ------------------------------------------------------------------ 常用意见
    {
      method: 'get',
      path: '/opinions',
      summary: '我的常用意见（最常用的在前）',
      response: { name: 'OpinionList', schema: OPINION_LIST_SCHEMA },
      tag: TAG_FLOW,
      permission: 'workflow.use',
      handler: async (ctx: RouteContext) => {
        const items = opinionsMostUsedFirst(await wf.commonOpinions(ctx.principal.userId)).map((o) => ({ id: o.opinionId, ...o }));
        // a new user (no opinion of their own yet) starts from the office's usual ones; a GET stores nothing
        if (!items.length) {
          const preset = DEFAULT_OPINIONS.map((text, i) => ({
            id: `preset-${i + 1}`,
            opinionId: `preset-${i + 1}`,
            text,
            useCount: 0,
            preset: true,
          }));
          return { items: preset, total: preset.length };
        }
        return { items, total: items.length };
      },
    },
    {
      method: 'post',
      path: '/opinions',
      summary: '新增常用意见',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: CommonOpinionDto,
      handler: async (ctx: RouteContext<CommonOpinionDto>) =>
        answer(await wf.addCommonOpinion(ctx.body, wctx(ctx)), { text: ctx.body.text.trim() }),
    },
    {
      method: 'put',
      path: '/opinions/:id',
      summary: '修改常用意见',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: CommonOpinionDto,
      handler: async (ctx: RouteContext<CommonOpinionDto>) =>
        result(200, await answer(await wf.editCommonOpinion(idParam(ctx), ctx.body, wctx(ctx)))),
    },
    {
      method: 'delete',
      path: '/opinions/:id',
      summary: '删除常用意见',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      handler: async (ctx: RouteContext) => result(200, await answer(await wf.deleteCommonOpinion(idParam(ctx), wctx(ctx)))),
    },

    // ------------------------------------------------------------------ 外出授权
    {
      method: 'get',
      path: '/delegations',
      summary: '外出授权：我授权给他人的、他人授权给我的',
      response: { name: 'DelegationList', schema: DELEGATION_LIST_SCHEMA },
      tag: TAG_FLOW,
      permission: 'workflow.use',
      handler: async (ctx: RouteContext) => {
        const me = ctx.principal.userId;
        const name = await namesOf(p);
        const now = Date.parse(ctx.now);
        const items = (await svc.delegations.involving(me)).map((d) => ({
          id: d.delegationId,
          delegationId: d.delegationId,
          direction: d.principalId === me ? 'granted' : 'received',
          principalId: d.principalId,
          principalName: name(d.principalId),
          delegateId: d.delegateId,
          delegateName: name(d.delegateId),
          from: d.from,
          to: d.to,
          /** The first and the last whole day in Asia/Shanghai (`to` itself is the exclusive end). */
          fromDay: shanghaiDay(Date.parse(d.from)),
          toDay: shanghaiDay(Date.parse(d.to) - 1),
          kinds: d.kinds ?? [],
          allKinds: d.kinds === null,
          reason: d.reason,
          grantedAt: d.at,
          status: d.revoked ? 'revoked' : Date.parse(d.to) <= now ? 'expired' : Date.parse(d.from) > now ? 'planned' : 'active',
        }));
        return { items, total: items.length };
      },
    },
    {
      method: 'post',
      path: '/delegations',
      summary: '设置外出授权（本人；生效后已在等待的待办也转给被授权人）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      body: DelegationBody,
      responses: { 422: '时段重叠或形成循环授权' },
      handler: async (ctx: RouteContext<DelegationBody>) => {
        const b = ctx.body;
        const delegate = await p.org.userById(b.delegateId);
        if (!delegate || !delegate.active)
          throw badRequest('被授权人不存在或已停用', [{ field: 'delegateId', message: '被授权人不存在或已停用，请从通讯录中选择' }]);
        const { from, to } = delegationPeriod(b.from, b.to);
        if (Date.parse(to) <= Date.parse(from))
          throw badRequest('结束日期不能早于开始日期', [{ field: 'to', message: '结束日期不能早于开始日期' }]);
        const r = await wf.delegate(
          { delegateId: delegate.userId, from, to, kinds: b.kinds && b.kinds.length ? b.kinds : null, reason: b.reason },
          wctx(ctx),
        );
        return answer(r, { delegationId: r.id, appliedTo: r.appliedTo });
      },
    },
    {
      method: 'delete',
      path: '/delegations/:id',
      summary: '撤销外出授权（已转出的待办回到本人）',
      tag: TAG_FLOW,
      permission: 'workflow.use',
      command: true,
      handler: async (ctx: RouteContext) => {
        const d = await svc.delegations.byDelegationId(idParam(ctx));
        if (!d) throw notFound('授权不存在');
        const r = await wf.revokeDelegation(d.delegationId, wctx(ctx), d.principalId);
        return result(200, await answer(r, { delegationId: d.delegationId, endedIn: r.endedIn }));
      },
    },
  ];
}
