import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  ABROAD_DEFINITION_KEYS,
  ABROAD_DEFINITIONS,
  ABROAD_SUBJECT_TYPE,
  abroadApplicationDecider,
  abroadApplicationStreamId,
  abroadApprovers,
  abroadLevels,
  daysInclusive,
  passportDecider,
  passportStreamId,
  type AbroadApplicationState,
  type AbroadOrgFacts,
  type PassportState,
  type RemindOverdueCommand,
  type RecordAbroadOutcome,
} from '../../domain/abroad';
import { DomainError } from '../../domain/shared/errors';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { instanceStreamId } from '../../domain/workflow/instance.events';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import type { CommandHandler } from '../pipeline/handler';
import type { CheckOutPassportDto, RegisterPassportDto, SubmitAbroadDto } from './dtos';

/**
 * 出国境 command facades: submit an application (its approval process starts with the approvers the
 * domain decided), 证照 登记 / 领用 / 归还, and the executors of the module's reactor and job.
 */
export interface AbroadContext {
  actorId: string;
  onBehalfOf?: string | null;
  correlationId: string;
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface AbroadResult {
  id: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

/** The org facts the module needs, from the org read side (api/abroad/org-facts.ts). */
export interface AbroadOrg {
  person(
    userId: string,
  ): Promise<{ userId: string; name: string; unitId: string; departmentId: string; rank: string; title: string } | null>;
  approverFacts(applicantId: string, unitId: string): Promise<AbroadOrgFacts>;
}

const NS = '5b0f7f5e-2f5c-4b8e-9a3e-7c1d0a6b4e21';
export const SYSTEM = 'system';

const meta = (ctx: AbroadContext, occurredAt?: string) => ({
  actorId: ctx.actorId,
  onBehalfOf: ctx.onBehalfOf ?? null,
  correlationId: ctx.correlationId,
  causationId: ctx.causationId ?? null,
  clientIp: ctx.clientIp ?? null,
  ...(occurredAt ? { occurredAt } : {}),
});

/** A 证照 is one per type + number: its id is derived from them. */
export const passportIdOf = (docType: string, number: string) => uuidv5(`${docType}:${number}`, NS);

export class AbroadCommands {
  constructor(
    readonly handler: CommandHandler,
    private readonly org: AbroadOrg,
    private readonly options: { calendar?: WorkingCalendar; newId?: () => string } = {},
  ) {}

  async application(id: string): Promise<AbroadApplicationState> {
    return (await this.handler.load(abroadApplicationStreamId(id), abroadApplicationDecider)).state;
  }
  async passport(id: string): Promise<PassportState> {
    return (await this.handler.load(passportStreamId(id), passportDecider)).state;
  }

  /** Publishes the three entries' definitions when absent (idempotent; admins may publish new versions). */
  async ensureDefinitions(): Promise<number> {
    let published = 0;
    for (const def of ABROAD_DEFINITIONS()) {
      const { state } = await this.handler.load(definitionStreamId(def.key), processDefinitionDecider);
      if (state.latestVersion > 0) continue;
      await this.handler
        .handle({
          streamId: definitionStreamId(def.key),
          decider: processDefinitionDecider,
          command: { type: 'PublishDefinition', data: { definition: def } },
          metadata: { actorId: SYSTEM, correlationId: uuidv5('abroad-definitions', NS) },
          commandId: uuidv5(`publish:${def.key}:v1`, NS),
        })
        .then(() => published++)
        .catch((e) => {
          if (!(e instanceof WrongExpectedRevision)) throw e;
        });
    }
    return published;
  }

  /**
   * 提交申请: the applicant's facts and the approvers (domain/abroad/recipients.ts) are loaded, the
   * application is checked by its decider, then the approval process starts (the engine checks the
   * form's constraints) and the application is recorded. A refusal at either step writes nothing.
   */
  async submit(dto: SubmitAbroadDto, ctx: AbroadContext): Promise<AbroadResult & { processId: string }> {
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId);
      if (prior) return { id: prior.streamId.slice('abroad-application-'.length), position: 0, duplicate: true, events: [], processId: '' };
    }
    const applicantId = ctx.onBehalfOf ?? ctx.actorId;
    const person = await this.org.person(applicantId);
    if (!person) throw new DomainError('forbidden', 'abroad.no_applicant', '当前用户不在组织机构中，不能提交申请');
    const approvers = abroadApprovers(
      await this.org.approverFacts(applicantId, person.unitId),
      abroadLevels(dto.entry, person.rank, dto.destinationType),
    );
    // with an Idempotency-Key the ids follow from it: a retry after a failure between the two appends
    // finds the process already started and records the application for it (no second process)
    const id = this.options.newId?.() ?? (ctx.commandId ? uuidv5(`application:${ctx.commandId}`, NS) : uuidv7());
    const processId = uuidv5(`${id}:process`, NS);
    const data = {
      applicationId: id,
      entry: dto.entry,
      applicant: person,
      reason: dto.reason.trim(),
      document: { ...dto.document },
      itinerary: dto.itinerary.map((x) => ({ region: x.region.trim(), arriveDate: x.arriveDate, leaveDate: x.leaveDate })),
      destinationType: dto.destinationType,
      task: (dto.task ?? '').trim(),
      departDate: dto.departDate,
      returnDate: dto.returnDate,
      members: (dto.members ?? []).map((m) => m.trim()).filter(Boolean),
      processId,
      approvers,
    };
    const now = this.handler.clock.now();
    // the application's rules first (pure: nothing is written when refused)
    abroadApplicationDecider.decide(
      { type: 'SubmitAbroadApplication', data, metadata: { ...meta(ctx), now } },
      abroadApplicationDecider.initialState(),
    );
    const { state: defState } = await this.handler.load(definitionStreamId(ABROAD_DEFINITION_KEYS[dto.entry]), processDefinitionDecider);
    const def = currentDefinition(defState);
    if (!def) throw new DomainError('rule', 'definition.retired', '该出国（境）审批流程未发布或已停用，请联系管理员', 'entry');
    const days = dto.returnDate >= dto.departDate ? daysInclusive(dto.departDate, dto.returnDate) : 0;
    const started = this.handler.handle({
      streamId: instanceStreamId(processId),
      decider: processInstanceDecider,
      command: {
        type: 'StartProcess',
        data: {
          instanceId: processId,
          title: `${dto.entry}：${person.name} 赴${data.itinerary.map((x) => x.region).join('、')}`,
          definition: def,
          form: {
            reason: data.reason,
            docType: data.document.type,
            docNumber: data.document.number,
            docValidUntil: data.document.validUntil,
            destinations: data.itinerary.map((x) => x.region).join('、'),
            destinationType: data.destinationType,
            ...(data.task ? { task: data.task } : {}),
            departDate: data.departDate,
            returnDate: data.returnDate,
            days,
            ...(data.members.length ? { members: data.members.join('、') } : {}),
          },
          applicant: {
            userId: person.userId,
            name: person.name,
            unitId: person.unitId,
            departmentId: person.departmentId,
            rank: person.rank,
          },
          assignments: approvers as Record<string, string[]>,
          subject: { type: ABROAD_SUBJECT_TYPE, id },
          ...(this.options.calendar ? { calendar: this.options.calendar } : {}),
        },
      },
      metadata: meta({ ...ctx, onBehalfOf: ctx.onBehalfOf ?? null }),
      commandId: null,
      expectedRevision: 'no_stream',
    });
    await started.catch((e) => {
      if (!(e instanceof WrongExpectedRevision)) throw e; // started by an earlier attempt of this submission
    });
    const r = await this.handler.handle({
      streamId: abroadApplicationStreamId(id),
      decider: abroadApplicationDecider,
      command: { type: 'SubmitAbroadApplication', data },
      metadata: meta(ctx),
      commandId: ctx.commandId ?? null,
      expectedRevision: 'no_stream',
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type), processId };
  }

  /** 证照登记: the caller becomes its keeper. */
  async registerPassport(dto: RegisterPassportDto, ctx: AbroadContext & { actorName: string }): Promise<AbroadResult> {
    const holder = await this.org.person(dto.holderId);
    if (!holder) throw new DomainError('not_found', 'passport.holder_not_found', '持证人不存在', 'holderId');
    const id = passportIdOf(dto.docType, dto.number);
    const r = await this.handler.handle({
      streamId: passportStreamId(id),
      decider: passportDecider,
      command: {
        type: 'RegisterPassport',
        data: {
          passportId: id,
          holderId: holder.userId,
          holderName: holder.name,
          unitId: holder.unitId,
          departmentId: holder.departmentId,
          docType: dto.docType,
          number: dto.number,
          validUntil: dto.validUntil,
          keeperId: ctx.actorId,
          keeperName: ctx.actorName,
        },
      },
      metadata: meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  /** 领用 for an approved application of the holder. */
  async checkOut(passportId: string, dto: CheckOutPassportDto, ctx: AbroadContext): Promise<AbroadResult> {
    const application = await this.application(dto.applicationId);
    const r = await this.handler.handle({
      streamId: passportStreamId(passportId),
      decider: passportDecider,
      command: { type: 'CheckOutPassport', data: { application, keeperId: ctx.actorId } },
      metadata: meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: passportId, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  /** 归还 */
  async returnPassport(passportId: string, ctx: AbroadContext): Promise<AbroadResult> {
    const r = await this.handler.handle({
      streamId: passportStreamId(passportId),
      decider: passportDecider,
      command: { type: 'ReturnPassport', data: { keeperId: ctx.actorId } },
      metadata: meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: passportId, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  /** The approval reactor's command: the process's outcome on the application. */
  async recordOutcome(
    cmd: RecordAbroadOutcome,
    ctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
  ) {
    const d = cmd.data;
    await this.handler.handle({
      streamId: abroadApplicationStreamId(d.applicationId),
      decider: abroadApplicationDecider,
      command: {
        type: 'RecordAbroadApprovalOutcome',
        data: { processId: d.processId, outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
      },
      metadata: { actorId: ctx.actorId, correlationId: ctx.correlationId, causationId: ctx.causationId, occurredAt: d.at },
      commandId: ctx.commandId,
    });
  }

  /** The overdue job's command: the passport decider records the reminder once (or nothing). */
  async remindOverdue(
    cmd: RemindOverdueCommand,
    ctx: { commandId: string; correlationId: string; actorId: string; now: string },
  ): Promise<string[]> {
    const r = await this.handler.handle({
      streamId: passportStreamId(cmd.data.passportId),
      decider: passportDecider,
      command: { type: 'RemindPassportOverdue', data: { applicationId: cmd.data.applicationId } },
      metadata: { actorId: ctx.actorId, correlationId: ctx.correlationId, occurredAt: ctx.now },
      commandId: ctx.commandId,
    });
    const e = r.events.find((x) => x.type === 'PassportReturnOverdue');
    return e ? (e.data as { remind: string[] }).remind : [];
  }
}
