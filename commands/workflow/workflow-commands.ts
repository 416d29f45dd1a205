import { v7 as uuidv7 } from 'uuid';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { OrgDirectory } from '../../domain/workflow/approvers';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import { commonOpinionsDecider, commonOpinionsStreamId, type CommonOpinionCommand } from '../../domain/workflow/common-opinions';
import { resolveAssignments, type ProcessDefinitionBody } from '../../domain/workflow/definition';
import { delegationCovers, delegationDecider, delegationStreamId, type DelegationCommand } from '../../domain/workflow/delegation';
import {
  processInstanceDecider,
  usersWhoMayReceiveTasks,
  type DelegationMap,
  type InstanceCommand,
} from '../../domain/workflow/instance.decide';
import { instanceIdOfTask, instanceStreamId, type InstanceState } from '../../domain/workflow/instance.events';
import { processDefinitionDecider, type DefinitionCommand } from '../../domain/workflow/process-definition.decide';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import type { CommandCallMetadata, CommandHandler, HandleResult } from '../pipeline/handler';
import {
  StoreDelegationDirectory,
  StoreOrgDirectory,
  StoreScanOpenTaskIndex,
  type ApplicantDirectory,
  type DelegationDirectory,
  type OpenTaskIndex,
} from './directories';
import type {
  AddSignerDto,
  ApproveDto,
  BatchApproveDto,
  CancelDto,
  CommonOpinionDto,
  DelegateDto,
  ForwardDto,
  PublishDefinitionDto,
  ReasonDto,
  ReassignDto,
  RejectDto,
  ResubmitDto,
  ReturnDto,
  StartProcessDto,
  TerminateDto,
  UrgeDto,
  WithdrawDto,
} from './dtos';

/**
 * The workflow write side, as the API calls it. Each method takes an already validated DTO, the ids
 * from the URL and the caller's context; it gathers what the pure deciders need from outside the
 * stream (the published definition, the applicant, resolved approvers, delegations in force, the
 * working calendar), then runs the command pipeline (idempotent by ctx.commandId, retried on
 * expectedRevision conflicts — after which the loser's decide refuses with 409 'task.not_open').
 *
 *   const wf = new WorkflowCommands(handler, { org, applicants, delegations, openTasks, calendar });
 *   const r = await wf.startProcess({ definitionKey: 'leave', form: {...} }, ctx);
 *   // r = { id: instanceId, streamId, revision, position, duplicate, events: [...types], newTaskIds }
 *
 * Definitions: publishDefinition(dto) · retireDefinition(key, dto) · definitionState(key)
 * Instances:   startProcess(dto) · resubmit(instanceId, dto) · cancel(instanceId, dto) · withdraw(instanceId, dto)
 *              urge(instanceIdOrTaskId, dto) · adminTerminate(instanceId, dto) · checkDeadlines(instanceId)
 *              instanceState(instanceId)
 * Tasks:       approve(taskId, dto) · reject(taskId, dto) · returnTask(taskId, dto) · withdrawTask(taskId)
 *              forward(taskId, dto) · addSigner(taskId, dto) · markRead(taskId) · adminReassign(taskId, dto)
 *              batchApprove(dto) → per-task outcomes
 * Delegation:  delegate(dto) (own) · delegateFor(principalId, dto) (admin) · revokeDelegation(delegationId, asAdmin?)
 * 常用意见:     addCommonOpinion(dto) · editCommonOpinion(id, dto) · deleteCommonOpinion(id) · useCommonOpinion(id)
 *
 * ctx = { actorId, onBehalfOf?, unitId?, correlationId, commandId?, causationId?, clientIp? }.
 * Admin methods (adminReassign, adminTerminate, delegateFor, revokeDelegation with asAdmin) must be
 * authorised by the API (permission `workflow:admin`) before the call.
 * Errors: DomainError (kind → 400/403/404/409/422; `field` names the input; DefinitionInvalid carries
 * `errors[]`), WrongExpectedRevision (409).
 */
export interface WorkflowContext {
  actorId: string;
  onBehalfOf?: string | null;
  unitId?: string | null;
  correlationId: string;
  /** The Idempotency-Key. */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface WorkflowCommandResult {
  /** The aggregate id (instance id, definition key, delegation id, opinion id). */
  id: string;
  streamId: string;
  revision: number;
  position: number;
  duplicate: boolean;
  /** Types of the events recorded ([] when nothing changed). */
  events: string[];
  /** Tasks created by this command (TaskAssigned), in order. */
  newTaskIds: string[];
}

export type BatchOutcome =
  | { taskId: string; ok: true; result: WorkflowCommandResult }
  | { taskId: string; ok: false; error: { kind: string; code: string; message: string } };

export interface WorkflowCommandsOptions {
  org?: OrgDirectory;
  applicants?: ApplicantDirectory;
  delegations?: DelegationDirectory;
  openTasks?: OpenTaskIndex;
  /** Holidays and make-up working days for deadlines. */
  calendar?: WorkingCalendar;
  newId?: () => string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type InstanceCall = DistributiveOmit<InstanceCommand, 'metadata'>;

function metadataOf(ctx: WorkflowContext): CommandCallMetadata {
  return {
    actorId: ctx.actorId,
    onBehalfOf: ctx.onBehalfOf ?? null,
    unitId: ctx.unitId ?? null,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? null,
    clientIp: ctx.clientIp ?? null,
  };
}

function outcome<S>(id: string, r: HandleResult<S>): WorkflowCommandResult {
  return {
    id,
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    duplicate: r.duplicate,
    events: r.events.map((e) => e.type),
    newTaskIds: r.events.filter((e) => e.type === 'TaskAssigned').map((e) => (e.data as { taskId: string }).taskId),
  };
}

function instanceOfTask(taskId: string): string {
  const id = instanceIdOfTask(taskId);
  if (!id) throw new DomainError('not_found', 'task.not_found', '待办不存在', 'taskId');
  return id;
}

export class WorkflowCommands {
  private readonly org: OrgDirectory;
  private readonly applicants: ApplicantDirectory;
  private readonly delegations: DelegationDirectory;
  private readonly openTasks: OpenTaskIndex;
  private readonly calendar: WorkingCalendar | undefined;
  private readonly newId: () => string;

  constructor(
    private readonly handler: CommandHandler,
    options: WorkflowCommandsOptions = {},
  ) {
    const storeOrg = options.org && options.applicants ? null : new StoreOrgDirectory(handler);
    this.org = options.org ?? storeOrg!;
    this.applicants = options.applicants ?? storeOrg!;
    this.delegations = options.delegations ?? new StoreDelegationDirectory(handler);
    this.openTasks = options.openTasks ?? new StoreScanOpenTaskIndex(handler.store);
    this.calendar = options.calendar;
    this.newId = options.newId ?? uuidv7;
  }

  private run<C extends Command, E extends DomainEvent, S>(
    id: string,
    streamId: string,
    decider: Decider<C, E, S>,
    command: DistributiveOmit<C, 'metadata'>,
    ctx: WorkflowContext,
    o: { expectedRevision?: number | 'no_stream'; commandId?: string | null } = {},
  ): Promise<WorkflowCommandResult> {
    return this.handler
      .handle({
        streamId,
        decider,
        command,
        metadata: metadataOf(ctx),
        commandId: o.commandId === undefined ? (ctx.commandId ?? null) : o.commandId,
        ...(o.expectedRevision !== undefined ? { expectedRevision: o.expectedRevision } : {}),
      })
      .then((r) => outcome(id, r));
  }

  // ------------------------------------------------------------ definitions
  async publishDefinition(dto: PublishDefinitionDto, ctx: WorkflowContext): Promise<WorkflowCommandResult> {
    const def = dto.definition as unknown as ProcessDefinitionBody;
    const key = typeof def.key === 'string' && /^[a-z][a-z0-9-]{1,63}$/.test(def.key) ? def.key : null;
    if (!key)
      throw new DomainError('invalid', 'definition.key', '流程标识须为小写字母开头的字母、数字或连字符（2–64 位）', 'definition.key');
    return this.run(
      key,
      definitionStreamId(key),
      processDefinitionDecider,
      { type: 'PublishDefinition', data: { definition: def } } as DistributiveOmit<DefinitionCommand, 'metadata'>,
      ctx,
    );
  }

  async retireDefinition(key: string, dto: ReasonDto, ctx: WorkflowContext): Promise<WorkflowCommandResult> {
    return this.run(
      key,
      definitionStreamId(key),
      processDefinitionDecider,
      { type: 'RetireDefinition', data: { key, reason: dto.reason } },
      ctx,
    );
  }

  async definitionState(key: string) {
    return (await this.handler.load(definitionStreamId(key), processDefinitionDecider)).state;
  }

  async instanceState(instanceId: string): Promise<InstanceState> {
    return (await this.handler.load(instanceStreamId(instanceId), processInstanceDecider)).state;
  }

  // ------------------------------------------------------------ instances
  /**
   * `options.assignees` (command side only, never from a request body): approvers a business module's
   * domain has already decided and recorded (node id → user ids), used instead of the definition's rule
   * for those nodes — e.g. 督办延期 goes to the item's recorded supervisor.
   */
  async startProcess(
    dto: StartProcessDto,
    ctx: WorkflowContext,
    options: { assignees?: Record<string, string[]> } = {},
  ): Promise<WorkflowCommandResult> {
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId);
      if (prior) return outcome(prior.streamId.slice('process-'.length), prior);
    }
    const defState = await this.definitionState(dto.definitionKey);
    const def = currentDefinition(defState);
    if (!def) {
      throw defState.latestVersion === 0
        ? new DomainError('not_found', 'definition.not_found', '流程不存在', 'definitionKey')
        : new DomainError('rule', 'definition.retired', '该流程已停用', 'definitionKey');
    }
    const drafterId = ctx.actorId;
    const applicant = await this.applicants.applicant(ctx.onBehalfOf ?? drafterId);
    if (!applicant) throw new DomainError('forbidden', 'process.no_applicant', '当前用户不在组织机构中，不能发起流程');
    const assignments = { ...(await resolveAssignments(def, { applicant, drafterId }, this.org)), ...options.assignees };
    const instanceId = this.newId();
    const now = this.handler.clock.now();
    const users = new Set<string>([drafterId]);
    for (const [k, us] of Object.entries(assignments)) if (!k.startsWith('escalation:')) us.forEach((u) => users.add(u));
    const delegations = await this.delegationMap([...users], def.kind, now);
    return this.run(
      instanceId,
      instanceStreamId(instanceId),
      processInstanceDecider,
      {
        type: 'StartProcess',
        data: {
          instanceId,
          definition: def,
          form: dto.form,
          applicant,
          assignments,
          delegations,
          calendar: this.calendar,
          ...(dto.title !== undefined ? { title: dto.title } : {}),
          subject: dto.subject ? { type: dto.subject.type, id: dto.subject.id } : null,
        },
      },
      ctx,
      { expectedRevision: 'no_stream' },
    );
  }

  /**
   * Runs an instance command: loads the instance, adds the delegations in force for everyone who
   * may receive a task, the calendar, and — when the actor acts for a task's assignee without a
   * TaskDelegated marker — the verified delegation as proof.
   */
  private async act(
    instanceId: string,
    call: InstanceCall,
    ctx: WorkflowContext,
    commandId?: string | null,
  ): Promise<WorkflowCommandResult> {
    const { state } = await this.handler.load(instanceStreamId(instanceId), processInstanceDecider);
    if (state.status === 'none') throw new DomainError('not_found', 'process.not_found', '流程不存在');
    const kind = state.definition!.kind;
    const now = this.handler.clock.now();
    const probe = { ...call, metadata: { now, actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null } } as InstanceCommand;
    const delegations = await this.delegationMap(usersWhoMayReceiveTasks(state, probe), kind, now);
    const data: Record<string, unknown> = { ...call.data, delegations, calendar: this.calendar };
    const taskId = (call.data as { taskId?: string | null }).taskId;
    const task = taskId ? state.tasks[taskId] : undefined;
    let actingCtx = ctx;
    if (task && task.assignee !== ctx.actorId && !ctx.onBehalfOf) {
      let delegate = task.actingDelegate === ctx.actorId;
      if (!delegate) {
        const d = await this.delegations.delegationOf(task.assignee, kind, now);
        if (d && d.delegateId === ctx.actorId) {
          data.delegation = { principalId: d.principalId, delegationId: d.delegationId };
          delegate = true;
        }
      }
      // the envelope records "B on behalf of A" too (ARCHITECTURE §3 metadata.onBehalfOf)
      if (delegate) actingCtx = { ...ctx, onBehalfOf: task.assignee };
    }
    return this.run(instanceId, instanceStreamId(instanceId), processInstanceDecider, { ...call, data } as InstanceCall, actingCtx, {
      commandId,
    });
  }

  private async delegationMap(userIds: string[], kind: string, now: string): Promise<DelegationMap> {
    const map: DelegationMap = {};
    for (const u of userIds) {
      const d = await this.delegations.delegationOf(u, kind, now);
      if (d && d.delegateId !== u) map[u] = { delegateId: d.delegateId, delegationId: d.delegationId };
    }
    return map;
  }

  resubmit(instanceId: string, dto: ResubmitDto, ctx: WorkflowContext) {
    return this.act(instanceId, { type: 'Resubmit', data: { ...(dto.form ? { form: dto.form } : {}) } }, ctx);
  }

  cancel(instanceId: string, dto: CancelDto, ctx: WorkflowContext) {
    return this.act(instanceId, { type: 'CancelProcess', data: { reason: dto.reason ?? '' } }, ctx);
  }

  /** 撤回 by the drafter (the submission) or, with dto.taskId, an approver's own approval. */
  withdraw(instanceId: string, dto: WithdrawDto, ctx: WorkflowContext) {
    return this.act(instanceId, { type: 'WithdrawAction', data: { taskId: dto.taskId ?? null } }, ctx);
  }

  /** 撤回 from the 已办 list: the task the caller approved. */
  withdrawTask(taskId: string, ctx: WorkflowContext) {
    return this.act(instanceOfTask(taskId), { type: 'WithdrawAction', data: { taskId } }, ctx);
  }

  /** 催办: by instance id or by any task id of the instance. */
  urge(instanceIdOrTaskId: string, dto: UrgeDto, ctx: WorkflowContext) {
    const instanceId = instanceIdOfTask(instanceIdOrTaskId) ?? instanceIdOrTaskId;
    return this.act(instanceId, { type: 'Urge', data: { message: dto.message ?? '' } }, ctx);
  }

  adminTerminate(instanceId: string, dto: TerminateDto, ctx: WorkflowContext) {
    return this.act(instanceId, { type: 'AdminTerminate', data: { reason: dto.reason } }, ctx);
  }

  /** For the deadline scheduler: reminders and escalations due at the clock's now. */
  checkDeadlines(instanceId: string, ctx: WorkflowContext) {
    return this.act(instanceId, { type: 'CheckDeadlines', data: {} }, ctx);
  }

  // ------------------------------------------------------------ tasks
  async approve(taskId: string, dto: ApproveDto, ctx: WorkflowContext): Promise<WorkflowCommandResult> {
    const r = await this.act(
      instanceOfTask(taskId),
      {
        type: 'ApproveTask',
        data: {
          taskId,
          opinion: dto.opinion ?? '',
          signature: dto.signature ? { strokes: dto.signature.strokes.map((s) => ({ points: s.points })) } : null,
        },
      },
      ctx,
    );
    if (dto.commonOpinionId && !r.duplicate) {
      await this.useCommonOpinion(dto.commonOpinionId, { ...ctx, commandId: null }).catch(() => undefined); // a deleted 常用意见 must not fail the approval
    }
    return r;
  }

  reject(taskId: string, dto: RejectDto, ctx: WorkflowContext) {
    return this.act(instanceOfTask(taskId), { type: 'RejectTask', data: { taskId, opinion: dto.opinion } }, ctx);
  }

  returnTask(taskId: string, dto: ReturnDto, ctx: WorkflowContext) {
    return this.act(instanceOfTask(taskId), { type: 'ReturnTask', data: { taskId, toNodeId: dto.toNodeId, opinion: dto.opinion } }, ctx);
  }

  forward(taskId: string, dto: ForwardDto, ctx: WorkflowContext) {
    return this.act(
      instanceOfTask(taskId),
      { type: 'ForwardTask', data: { taskId, toUserId: dto.toUserId, opinion: dto.opinion ?? '' } },
      ctx,
    );
  }

  addSigner(taskId: string, dto: AddSignerDto, ctx: WorkflowContext) {
    return this.act(
      instanceOfTask(taskId),
      { type: 'AddSigner', data: { taskId, userIds: dto.userIds, position: dto.position, opinion: dto.opinion ?? '' } },
      ctx,
    );
  }

  markRead(taskId: string, ctx: WorkflowContext) {
    return this.act(instanceOfTask(taskId), { type: 'MarkRead', data: { taskId } }, ctx);
  }

  adminReassign(taskId: string, dto: ReassignDto, ctx: WorkflowContext) {
    return this.act(
      instanceOfTask(taskId),
      { type: 'AdminReassignTask', data: { taskId, toUserId: dto.toUserId, reason: dto.reason } },
      ctx,
    );
  }

  /** 批量审批: each task on its own stream; one failure does not stop the others. */
  async batchApprove(dto: BatchApproveDto, ctx: WorkflowContext): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = [];
    for (const taskId of [...new Set(dto.taskIds)]) {
      try {
        const result = await this.act(
          instanceOfTask(taskId),
          { type: 'ApproveTask', data: { taskId, opinion: dto.opinion ?? '' } },
          ctx,
          ctx.commandId ? `${ctx.commandId}:${taskId}` : null,
        );
        out.push({ taskId, ok: true, result });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        out.push({ taskId, ok: false, error: { kind: e.kind, code: e.code, message: e.message } });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ delegation (外出授权)
  delegate(dto: DelegateDto, ctx: WorkflowContext) {
    return this.grant(ctx.actorId, dto, ctx, false);
  }

  delegateFor(principalId: string, dto: DelegateDto, ctx: WorkflowContext) {
    return this.grant(principalId, dto, ctx, true);
  }

  private async grant(principalId: string, dto: DelegateDto, ctx: WorkflowContext, asAdmin: boolean) {
    const delegationId = this.newId();
    const now = this.handler.clock.now();
    const graph = await this.delegations.graph(now);
    const r = await this.run(
      delegationId,
      delegationStreamId(principalId),
      delegationDecider,
      {
        type: 'GrantDelegation',
        data: {
          delegationId,
          principalId,
          delegateId: dto.delegateId,
          from: dto.from,
          to: dto.to,
          kinds: dto.kinds ?? null,
          reason: dto.reason ?? '',
          graph,
          asAdmin,
        },
      } as DistributiveOmit<DelegationCommand, 'metadata'>,
      ctx,
    );
    if (r.duplicate) return { ...r, appliedTo: 0 };
    // a delegation in force now reaches the tasks already waiting (process manager step)
    const { state } = await this.handler.load(delegationStreamId(principalId), delegationDecider);
    const terms = state.delegations.find((d) => d.delegationId === delegationId) ?? state.delegations[state.delegations.length - 1];
    let appliedTo = 0;
    if (terms && Date.parse(terms.from) <= Date.parse(now)) {
      for (const instanceId of await this.openTasks.instancesWithOpenTasksOf(principalId)) {
        const inst = await this.instanceState(instanceId);
        if (!inst.definition || !delegationCovers(terms, inst.definition.kind, now)) continue;
        const x = await this.act(
          instanceId,
          { type: 'ApplyDelegation', data: { delegationId: terms.delegationId, principalId, delegateId: terms.delegateId } },
          { ...ctx, causationId: ctx.commandId ?? null },
          null,
        );
        if (x.events.length) appliedTo++;
      }
    }
    return { ...r, id: terms?.delegationId ?? delegationId, appliedTo };
  }

  async revokeDelegation(delegationId: string, ctx: WorkflowContext, principalId = ctx.actorId, asAdmin = false) {
    const r = await this.run(
      delegationId,
      delegationStreamId(principalId),
      delegationDecider,
      { type: 'RevokeDelegation', data: { delegationId, asAdmin } },
      ctx,
    );
    let endedIn = 0;
    if (!r.duplicate) {
      for (const instanceId of await this.openTasks.instancesWithOpenTasksOf(principalId)) {
        const x = await this.act(instanceId, { type: 'EndDelegation', data: { delegationId } }, ctx, null);
        if (x.events.length) endedIn++;
      }
    }
    return { ...r, endedIn };
  }

  // ------------------------------------------------------------ 常用意见
  addCommonOpinion(dto: CommonOpinionDto, ctx: WorkflowContext) {
    const opinionId = this.newId();
    return this.opinion(opinionId, { type: 'AddCommonOpinion', data: { userId: ctx.actorId, opinionId, text: dto.text } }, ctx);
  }

  editCommonOpinion(opinionId: string, dto: CommonOpinionDto, ctx: WorkflowContext) {
    return this.opinion(opinionId, { type: 'EditCommonOpinion', data: { userId: ctx.actorId, opinionId, text: dto.text } }, ctx);
  }

  deleteCommonOpinion(opinionId: string, ctx: WorkflowContext) {
    return this.opinion(opinionId, { type: 'DeleteCommonOpinion', data: { userId: ctx.actorId, opinionId } }, ctx);
  }

  useCommonOpinion(opinionId: string, ctx: WorkflowContext) {
    return this.opinion(opinionId, { type: 'UseCommonOpinion', data: { userId: ctx.actorId, opinionId } }, ctx);
  }

  async commonOpinions(userId: string) {
    return (await this.handler.load(commonOpinionsStreamId(userId), commonOpinionsDecider)).state;
  }

  private opinion(opinionId: string, call: DistributiveOmit<CommonOpinionCommand, 'metadata'>, ctx: WorkflowContext) {
    return this.run(opinionId, commonOpinionsStreamId(ctx.actorId), commonOpinionsDecider, call, ctx);
  }
}
