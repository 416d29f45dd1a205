import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { incomingDecider, incomingStreamId } from '../../domain/documents';
import type { CommandMetadata } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import {
  EXTENSION_REVIEW_NODE,
  SUPERVISION_DEFINITION_KEY,
  SUPERVISION_EXTENSION_DEFINITION_KEY,
  SUPERVISION_EXTENSION_SUBJECT_TYPE,
  SUPERVISION_SUBJECT_TYPE,
  supervisionDecider,
  supervisionDefinition,
  supervisionExtensionDefinition,
  supervisionStreamId,
  type Party,
  type SupervisionCommand,
  type SupervisionState,
  type UnitFacts,
} from '../../domain/supervision';
import type { WorkingCalendar } from '../../domain/workflow';
import type { CommandHandler } from '../pipeline/handler';
import { StoreDocumentOrg, type DocumentOrg } from '../documents/org-lookup';
import { StoreOrgDirectory } from '../workflow/directories';
import { WorkflowCommands } from '../workflow/workflow-commands';
import type {
  ExtensionDto,
  FinalReportDto,
  HandOverDto,
  ProposeItemDto,
  ReassignPartDto,
  ReportDto,
  ReturnPartDto,
  ReviewDto,
  UrgeDto,
} from './dtos';

/**
 * 督办 command facade: loads the item, adds the org facts and the calendar the decider needs, decides
 * and appends through the command pipeline (idempotent by ctx.commandId). 立项 starts the 督办立项审批
 * process on the workflow engine; its end comes back through the establishment reactor
 * (recordEstablishment), the automatic work through the deadlines job (checkDeadlines).
 */
export interface SupervisionContext {
  actorId: string;
  actorName: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  departmentId?: string | null;
  correlationId: string;
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface SupervisionResult {
  id: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

type Call = SupervisionCommand extends infer C ? (C extends SupervisionCommand ? Omit<C, 'metadata'> : never) : never;

const NS = '6d1f3a52-9c0e-4b7a-8e21-5f4c3b2a1d90';
const DEFINITION_COMMAND = uuidv5(`seed:definition:${SUPERVISION_DEFINITION_KEY}:v1`, NS);
const EXTENSION_DEFINITION_COMMAND = uuidv5(`seed:definition:${SUPERVISION_EXTENSION_DEFINITION_KEY}:v1`, NS);

export class SupervisionCommands {
  readonly org: DocumentOrg;
  readonly directory: StoreOrgDirectory;
  readonly workflow: WorkflowCommands;
  private readonly newId: () => string;

  constructor(
    readonly handler: CommandHandler,
    private readonly calendar: WorkingCalendar = {},
    options: { newId?: () => string } = {},
  ) {
    this.org = new StoreDocumentOrg(handler);
    this.directory = new StoreOrgDirectory(handler);
    this.workflow = new WorkflowCommands(handler, { org: this.directory, applicants: this.directory, calendar });
    this.newId = options.newId ?? uuidv7;
  }

  async load(itemId: string): Promise<SupervisionState> {
    return (await this.handler.load(supervisionStreamId(itemId), supervisionDecider)).state;
  }

  private meta(ctx: SupervisionContext) {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  private async run(itemId: string, call: Call, ctx: SupervisionContext, commandId = ctx.commandId ?? null): Promise<SupervisionResult> {
    const r = await this.handler.handle({
      streamId: supervisionStreamId(itemId),
      decider: supervisionDecider,
      command: call as never,
      metadata: this.meta(ctx),
      commandId,
    });
    return { id: itemId, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  /** The decider's answer without appending (allowed actions, prechecks). */
  probe(s: SupervisionState, call: Call, ctx: Pick<SupervisionContext, 'actorId' | 'onBehalfOf' | 'unitId'>): void {
    const metadata: CommandMetadata = {
      now: this.handler.clock.now(),
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
    };
    supervisionDecider.decide({ ...call, metadata } as SupervisionCommand, s);
  }

  /** Publishes the 督办立项审批 and 督办延期审批 definitions once (fixed command ids: no-ops afterwards). */
  async ensureDefinition(): Promise<void> {
    for (const [key, body, commandId] of [
      [SUPERVISION_DEFINITION_KEY, supervisionDefinition(), DEFINITION_COMMAND],
      [SUPERVISION_EXTENSION_DEFINITION_KEY, supervisionExtensionDefinition(), EXTENSION_DEFINITION_COMMAND],
    ] as const) {
      const st = await this.workflow.definitionState(key);
      if (st.latestVersion > 0) continue;
      await this.workflow.publishDefinition(
        { definition: body as unknown as Record<string, unknown> },
        { actorId: 'system', correlationId: commandId, commandId },
      );
    }
  }

  private async unitParty(unitId: string, field: string): Promise<Party> {
    const u = await this.org.unit(unitId);
    if (!u || !u.open) throw new DomainError('invalid', 'supervision.bad_unit', '单位不存在或已撤销', field);
    return { id: u.id, name: u.name };
  }

  /** Org facts for 签收 (recipients.ts receiversOf): the unit's office holders and its 负责人. */
  async unitFacts(unitId: string): Promise<UnitFacts> {
    const office = await this.directory.usersWithRole('office_admin', unitId);
    const unit = await this.org.unit(unitId);
    return { users: office.map((id) => ({ id, unitId, active: true, roles: ['office_admin'] })), leaderId: unit?.leaderUserId ?? null };
  }

  // ------------------------------------------------------------------ 立项
  async propose(dto: ProposeItemDto, ctx: SupervisionContext): Promise<SupervisionResult & { processId: string }> {
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId, supervisionDecider as never);
      if (prior) {
        const st = prior.state as SupervisionState;
        return { id: st.itemId, position: prior.position, duplicate: true, events: [], processId: st.processId ?? '' };
      }
    }
    if (!ctx.unitId) throw new DomainError('forbidden', 'supervision.no_post', '当前用户不在组织机构中');
    const supervisingUnit = await this.unitParty(ctx.unitId, 'unitId');
    const leader = await this.org.user(dto.leaderId);
    if (!leader || !leader.active) throw new DomainError('invalid', 'supervision.bad_leader', '督办领导不存在或已离职', 'leaderId');
    const lead = await this.unitParty(dto.leadUnitId, 'leadUnitId');
    const co: Party[] = [];
    for (const [i, id] of (dto.coUnitIds ?? []).entries()) co.push(await this.unitParty(id, `coUnitIds[${i}]`));
    let incomingTitle: string | null = null;
    if (dto.incomingId) {
      const inc = (await this.handler.load(incomingStreamId(dto.incomingId), incomingDecider)).state;
      if (inc.status === 'none' || inc.unitId !== ctx.unitId)
        throw new DomainError('invalid', 'supervision.bad_incoming', '关联的收文不存在或不属于本单位', 'incomingId');
      incomingTitle = inc.entry?.title ?? inc.document?.title ?? '';
    }
    const itemId = ctx.commandId ? uuidv5(`${ctx.commandId}:item`, NS) : this.newId();
    const data = {
      itemId,
      processId: '-',
      title: dto.title,
      requirements: dto.requirements,
      source: { kind: dto.sourceKind, note: dto.sourceNote ?? '', incomingId: dto.incomingId ?? null, incomingTitle },
      documents: (dto.documents ?? []).map((d) => ({ name: d.name, ref: d.ref ?? '' })),
      supervisingUnit,
      supervisorName: ctx.actorName,
      leader: { id: leader.id, name: leader.name },
      lead,
      co,
      deadline: dto.deadline,
      cycle: { kind: dto.cycle.kind, dates: dto.cycle.dates ?? [] },
      priority: dto.priority,
      ...(dto.remindDays !== undefined ? { remindDays: dto.remindDays } : {}),
      ...(dto.escalateDays !== undefined ? { escalateDays: dto.escalateDays } : {}),
    };
    this.probe(await this.load(itemId), { type: 'ProposeItem', data }, ctx);
    await this.ensureDefinition();
    const proc = await this.workflow.startProcess(
      {
        definitionKey: SUPERVISION_DEFINITION_KEY,
        form: { title: dto.title, deadline: dto.deadline, leadUnit: lead.name },
        title: `督办立项：${dto.title}`,
        subject: { type: SUPERVISION_SUBJECT_TYPE, id: itemId },
      },
      {
        actorId: ctx.actorId,
        onBehalfOf: ctx.onBehalfOf ?? null,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        commandId: ctx.commandId ? uuidv5(`${ctx.commandId}:process`, NS) : null,
        clientIp: ctx.clientIp ?? null,
      },
    );
    const r = await this.run(itemId, { type: 'ProposeItem', data: { ...data, processId: proc.id } }, ctx);
    return { ...r, processId: proc.id };
  }

  /** The establishment reactor's command (立项审批 ended). */
  async recordEstablishment(
    d: {
      itemId: string;
      processId: string;
      outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
      actorId: string;
      opinion: string;
      at: string;
    },
    ctx: SupervisionContext,
  ): Promise<SupervisionResult> {
    const s = await this.load(d.itemId);
    const units: Record<string, UnitFacts> = {};
    for (const p of s.parts) units[p.unitId] = await this.unitFacts(p.unitId);
    const actorName = (await this.org.user(d.actorId))?.name ?? '';
    return this.run(d.itemId, { type: 'RecordEstablishment', data: { ...d, actorName, units, calendar: this.calendar } }, ctx);
  }

  // ------------------------------------------------------------------ the undertaking units
  signFor(itemId: string, dto: { unitId: string }, ctx: SupervisionContext) {
    return this.run(itemId, { type: 'SignForPart', data: { unitId: dto.unitId, actorName: ctx.actorName } }, ctx);
  }

  returnPart(itemId: string, dto: ReturnPartDto & { unitId: string }, ctx: SupervisionContext) {
    return this.run(itemId, { type: 'ReturnPart', data: { unitId: dto.unitId, reason: dto.reason, actorName: ctx.actorName } }, ctx);
  }

  async handOver(itemId: string, dto: HandOverDto & { unitId: string }, ctx: SupervisionContext) {
    let to: { kind: 'department' | 'person' | 'task'; id: string; name: string; leaderUserId?: string | null };
    if (dto.kind === 'department') {
      const d = dto.targetId ? await this.org.department(dto.targetId) : null;
      if (!d || !d.open || d.unitId !== dto.unitId)
        throw new DomainError('invalid', 'supervision.bad_department', '转办部门须为本单位的部门', 'targetId');
      to = { kind: 'department', id: d.id, name: d.name, leaderUserId: d.leaderUserId };
    } else if (dto.kind === 'person') {
      const u = dto.targetId ? await this.org.user(dto.targetId) : null;
      if (!u || !u.active || u.unitId !== dto.unitId)
        throw new DomainError('invalid', 'supervision.bad_person', '转办人员须为本单位在职人员', 'targetId');
      to = { kind: 'person', id: u.id, name: u.name };
    } else {
      to = { kind: 'task', id: ctx.onBehalfOf ?? ctx.actorId, name: `${ctx.actorName}（内部任务）` };
    }
    return this.run(
      itemId,
      { type: 'HandOverPart', data: { unitId: dto.unitId, to, note: dto.note ?? '', actorName: ctx.actorName } },
      ctx,
    );
  }

  report(itemId: string, dto: ReportDto & { unitId: string }, ctx: SupervisionContext) {
    const reportId = ctx.commandId ? uuidv5(`${ctx.commandId}:report`, NS) : this.newId();
    return this.run(
      itemId,
      {
        type: 'ReportProgress',
        data: {
          unitId: dto.unitId,
          reportId,
          content: dto.content,
          attachments: (dto.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
          final: dto.final ?? false,
          actorName: ctx.actorName,
          calendar: this.calendar,
        },
      },
      ctx,
    );
  }

  finalReport(itemId: string, dto: FinalReportDto, ctx: SupervisionContext) {
    const reportId = ctx.commandId ? uuidv5(`${ctx.commandId}:final`, NS) : this.newId();
    const attachments = (dto.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256, size: a.size }));
    return this.run(
      itemId,
      { type: 'SubmitFinalReport', data: { reportId, content: dto.content, attachments, actorName: ctx.actorName } },
      ctx,
    );
  }

  /**
   * 延期申请: the decider checks the request and names the approver (the item's supervisor, recorded as
   * reviewerIds); the 督办延期审批 process is started with the item as subject and that approver, and the
   * request is recorded with the process id. The decision comes back through the extension reactor.
   */
  async requestExtension(itemId: string, dto: ExtensionDto, ctx: SupervisionContext) {
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId, supervisionDecider as never);
      if (prior) return { id: itemId, position: prior.position, duplicate: true, events: [] as string[] };
    }
    const requestId = ctx.commandId ? uuidv5(`${ctx.commandId}:extension`, NS) : this.newId();
    const s = await this.load(itemId);
    const data = { requestId, processId: '-', newDeadline: dto.newDeadline, reason: dto.reason, actorName: ctx.actorName };
    const metadata: CommandMetadata = {
      now: this.handler.clock.now(),
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
    };
    const [asked] = supervisionDecider.decide({ type: 'RequestExtension', data, metadata }, s);
    if (asked?.type !== 'SupervisionExtensionRequested') return { id: itemId, position: 0, duplicate: true, events: [] as string[] };
    await this.ensureDefinition();
    const proc = await this.workflow.startProcess(
      {
        definitionKey: SUPERVISION_EXTENSION_DEFINITION_KEY,
        form: { title: s.title, oldDeadline: s.deadline, newDeadline: dto.newDeadline, reason: asked.data.reason },
        title: `督办延期：${s.title}（至 ${dto.newDeadline}）`,
        subject: { type: SUPERVISION_EXTENSION_SUBJECT_TYPE, id: itemId },
      },
      {
        actorId: ctx.actorId,
        onBehalfOf: ctx.onBehalfOf ?? null,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        commandId: ctx.commandId ? uuidv5(`${ctx.commandId}:extension-process`, NS) : null,
        clientIp: ctx.clientIp ?? null,
      },
      { assignees: { [EXTENSION_REVIEW_NODE]: asked.data.reviewerIds } },
    );
    return this.run(itemId, { type: 'RequestExtension', data: { ...data, processId: proc.id } }, ctx);
  }

  // ------------------------------------------------------------------ the supervising unit
  async reassign(itemId: string, dto: ReassignPartDto, ctx: SupervisionContext) {
    const unit = await this.unitParty(dto.unitId, 'unitId');
    const facts = await this.unitFacts(unit.id);
    return this.run(
      itemId,
      { type: 'ReassignPart', data: { fromUnitId: dto.fromUnitId, unit, facts, actorName: ctx.actorName, calendar: this.calendar } },
      ctx,
    );
  }

  review(itemId: string, dto: ReviewDto, ctx: SupervisionContext) {
    return this.run(
      itemId,
      {
        type: 'ReviewFinalReport',
        data: { accept: dto.accept, opinion: dto.opinion ?? '', actorName: ctx.actorName, calendar: this.calendar },
      },
      ctx,
    );
  }

  urge(itemId: string, dto: UrgeDto, ctx: SupervisionContext) {
    return this.run(
      itemId,
      { type: 'UrgeItem', data: { unitIds: dto.unitIds ?? [], message: dto.message, actorName: ctx.actorName } },
      ctx,
    );
  }

  /** The extension reactor's command (延期审批 ended). */
  async recordExtensionDecision(
    d: { itemId: string; processId: string; approved: boolean; actorId: string; opinion: string; at: string },
    ctx: SupervisionContext,
  ): Promise<SupervisionResult> {
    const actorName = (await this.org.user(d.actorId))?.name ?? '';
    return this.run(
      d.itemId,
      {
        type: 'DecideExtension',
        data: { processId: d.processId, approve: d.approved, opinion: d.opinion, actorId: d.actorId, actorName, calendar: this.calendar },
      },
      ctx,
    );
  }

  /** The deadlines job's command (scheduled work, actor `system`). */
  checkDeadlines(itemId: string, ctx: SupervisionContext) {
    return this.run(itemId, { type: 'CheckSupervisionDeadlines', data: { calendar: this.calendar } }, ctx);
  }
}
