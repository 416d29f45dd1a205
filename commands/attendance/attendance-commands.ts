import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  applicationDecider,
  checkCorrection,
  checkOvertime,
  checkTrip,
  leaveDays,
  type ApplicationCommand,
} from '../../domain/attendance/application.decide';
import {
  APPLICATION_KIND_LABELS,
  APPLICATION_SUBJECT_TYPE,
  applicationStreamId,
  type ApplicationKind,
  type ApplicationState,
} from '../../domain/attendance/application.events';
import { balanceDecider, type BalanceCommand } from '../../domain/attendance/balance.decide';
import { balanceStreamId } from '../../domain/attendance/balance.events';
import { DEFINITION_KEYS } from '../../domain/attendance/flows';
import { fmt } from '../../domain/attendance/rules';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import type { CommandHandler } from '../pipeline/handler';
import type { WorkflowCommands } from '../workflow/workflow-commands';
import type { ApplyCorrectionDto, ApplyLeaveDto, ApplyOvertimeDto, ApplyTripDto, ReportBackDto } from './dtos';

const NS = '6f1d7a0c-2b7e-4f7e-9d33-1c9e8a4b5f21';

export interface AttendanceContext {
  actorId: string;
  actorName: string;
  unitId: string | null;
  departmentId: string | null;
  correlationId: string;
  commandId?: string | null;
  clientIp?: string | null;
}

export interface ApplicationResult {
  id: string;
  processId: string;
  position: number;
  duplicate: boolean;
  days?: number;
}

type Dist<T> = T extends unknown ? Omit<T, 'metadata'> : never;

/**
 * 考勤申请 (请休假 · 国内出差 · 加班 · 补签 · 销假): facades that load, decide and append through the pipeline.
 *
 * Filing is a process-manager step, idempotent per Idempotency-Key so that a retry after a crash
 * completes the work, and ordered so that a refusal writes nothing:
 *   1. the form is checked by the domain (days on the calendar) and, for leave, the balance is probed
 *      with the balance decider (over the balance → 422 with the numbers, nothing written);
 *   2. the approval process is started with the application as subject (the engine resolves who approves);
 *   3. leave: the days are reserved on the balance stream (a lost race cancels the process and refuses);
 *   4. the application is recorded on its own stream.
 */
export class AttendanceCommands {
  constructor(
    readonly handler: CommandHandler,
    private readonly wf: WorkflowCommands,
    private readonly calendar: WorkingCalendar,
  ) {}

  private meta(ctx: AttendanceContext) {
    return { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null };
  }

  private idOf(ctx: AttendanceContext): string {
    return ctx.commandId ? uuidv5(`application:${ctx.commandId}`, NS) : randomUUID();
  }

  async application(id: string): Promise<ApplicationState> {
    return (await this.handler.load(applicationStreamId(id), applicationDecider)).state;
  }

  private filing(ctx: AttendanceContext, id: string, processId: string) {
    if (!ctx.unitId || !ctx.departmentId)
      throw new DomainError('forbidden', 'attendance.no_post', '当前用户不在组织机构中，不能提交考勤申请');
    return {
      applicationId: id,
      personId: ctx.actorId,
      personName: ctx.actorName,
      unitId: ctx.unitId,
      departmentId: ctx.departmentId,
      processId,
    };
  }

  /** A probe of the application decider (no write): the domain's refusals before anything is started. */
  private probe(cmd: Dist<ApplicationCommand>, ctx: AttendanceContext): void {
    applicationDecider.decide(
      { ...cmd, metadata: { now: this.handler.clock.now(), actorId: ctx.actorId } } as ApplicationCommand,
      applicationDecider.initialState(),
    );
  }

  private async balance(
    personId: string,
    year: number,
    cmd: Dist<BalanceCommand>,
    ctx: AttendanceContext,
    commandId: string | null,
    probe = false,
  ) {
    const streamId = balanceStreamId(personId, year);
    if (probe) {
      const { state } = await this.handler.load(streamId, balanceDecider);
      return balanceDecider.decide({ ...cmd, metadata: { now: this.handler.clock.now(), actorId: ctx.actorId } } as BalanceCommand, state);
    }
    const r = await this.handler.handle({ streamId, decider: balanceDecider, command: cmd, metadata: this.meta(ctx), commandId });
    return r.events;
  }

  private async start(kind: ApplicationKind, id: string, title: string, form: Record<string, unknown>, ctx: AttendanceContext) {
    const r = await this.wf.startProcess(
      { definitionKey: DEFINITION_KEYS[kind], form, title, subject: { type: APPLICATION_SUBJECT_TYPE, id } },
      {
        actorId: ctx.actorId,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        commandId: uuidv5(`${id}:start`, NS),
        clientIp: ctx.clientIp ?? null,
      },
    );
    return r.id;
  }

  private async record(id: string, command: Dist<ApplicationCommand>, ctx: AttendanceContext) {
    try {
      return await this.handler.handle({
        streamId: applicationStreamId(id),
        decider: applicationDecider,
        command,
        metadata: this.meta(ctx),
        commandId: uuidv5(`${id}:record`, NS),
        expectedRevision: 'no_stream',
      });
    } catch (e) {
      if (e instanceof WrongExpectedRevision) throw new DomainError('conflict', 'attendance.exists', '该申请已提交');
      throw e;
    }
  }

  private async done(id: string): Promise<ApplicationResult | null> {
    const { state, position } = await this.handler.load(applicationStreamId(id), applicationDecider);
    if (state.status === 'none') return null;
    const days = state.kind === 'leave' ? (state.requested as { days: number }).days : undefined;
    return { id, processId: state.processId, position, duplicate: true, ...(days !== undefined ? { days } : {}) };
  }

  /** 请休假: days computed on the calendar, balance checked and reserved, 请休假审批 started. */
  async applyLeave(dto: ApplyLeaveDto, ctx: AttendanceContext): Promise<ApplicationResult> {
    const id = this.idOf(ctx);
    const prior = await this.done(id);
    if (prior) return prior;
    const form = {
      leaveType: dto.leaveType,
      startDate: dto.startDate,
      startHalf: dto.startHalf,
      endDate: dto.endDate,
      endHalf: dto.endHalf,
      reason: dto.reason ?? '',
    };
    const filing = this.filing(ctx, id, 'pending');
    this.probe({ type: 'RequestLeave', data: { ...filing, ...form, calendar: this.calendar } }, ctx);
    const days = leaveDays(form, this.calendar);
    const year = Number(dto.startDate.slice(0, 4));
    const reserve = {
      type: 'ReserveLeave' as const,
      data: { personId: ctx.actorId, year, applicationId: id, leaveType: dto.leaveType, days, startDate: dto.startDate },
    };
    await this.balance(ctx.actorId, year, reserve, ctx, null, true);
    const title = `${ctx.actorName} 请休假（${dto.leaveType} ${fmt(days)} 天）`;
    const processId = await this.start('leave', id, title, { ...form, days }, ctx);
    try {
      await this.balance(ctx.actorId, year, reserve, ctx, uuidv5(`${id}:reserve`, NS));
    } catch (e) {
      // a concurrent request took the days between the probe and the reservation: withdraw the process
      await this.endProcess(processId, '假期余额不足，申请未提交', ctx).catch(() => undefined);
      throw e;
    }
    const r = await this.record(id, { type: 'RequestLeave', data: { ...filing, processId, ...form, calendar: this.calendar } }, ctx);
    return { id, processId, position: r.position, duplicate: r.duplicate, days };
  }

  /** 国内出差 */
  async applyTrip(dto: ApplyTripDto, ctx: AttendanceContext): Promise<ApplicationResult> {
    const id = this.idOf(ctx);
    const prior = await this.done(id);
    if (prior) return prior;
    const form = {
      destinations: dto.destinations,
      startDate: dto.startDate,
      endDate: dto.endDate,
      purpose: dto.purpose,
      transport: dto.transport,
      companions: dto.companions ?? [],
    };
    checkTrip(form, ctx.actorId);
    const filing = this.filing(ctx, id, 'pending');
    const title = `${ctx.actorName} 国内出差（${form.destinations.join('、')} ${dto.startDate}～${dto.endDate}）`;
    const processId = await this.start(
      'trip',
      id,
      title,
      {
        destinations: form.destinations.join('、'),
        startDate: form.startDate,
        endDate: form.endDate,
        purpose: form.purpose,
        transport: form.transport,
      },
      ctx,
    );
    const r = await this.record(id, { type: 'RequestTrip', data: { ...filing, processId, ...form } }, ctx);
    return { id, processId, position: r.position, duplicate: r.duplicate };
  }

  /** 加班 */
  async applyOvertime(dto: ApplyOvertimeDto, ctx: AttendanceContext): Promise<ApplicationResult> {
    const id = this.idOf(ctx);
    const prior = await this.done(id);
    if (prior) return prior;
    checkOvertime(dto);
    const filing = this.filing(ctx, id, 'pending');
    const processId = await this.start(
      'overtime',
      id,
      `${ctx.actorName} 加班（${dto.date} ${dto.hours} 小时）`,
      { date: dto.date, hours: dto.hours, reason: dto.reason },
      ctx,
    );
    const r = await this.record(
      id,
      { type: 'RequestOvertime', data: { ...filing, processId, date: dto.date, hours: dto.hours, reason: dto.reason } },
      ctx,
    );
    return { id, processId, position: r.position, duplicate: r.duplicate };
  }

  /** 补签 */
  async applyCorrection(dto: ApplyCorrectionDto, ctx: AttendanceContext): Promise<ApplicationResult> {
    const id = this.idOf(ctx);
    const prior = await this.done(id);
    if (prior) return prior;
    checkCorrection(dto, this.handler.clock.now());
    const filing = this.filing(ctx, id, 'pending');
    const label = dto.direction === 'in' ? '上班' : '下班';
    const form = { date: dto.date, direction: dto.direction, time: dto.time, reason: dto.reason };
    const processId = await this.start('correction', id, `${ctx.actorName} 补签（${dto.date} ${label} ${dto.time}）`, form, ctx);
    const r = await this.record(id, { type: 'RequestCorrection', data: { ...filing, processId, ...form } }, ctx);
    return { id, processId, position: r.position, duplicate: r.duplicate };
  }

  /** 销假: the application records the actual end, the balance follows the actual days (B5). */
  async reportBack(id: string, dto: ReportBackDto, ctx: AttendanceContext): Promise<ApplicationResult> {
    const { state } = await this.handler.load(applicationStreamId(id), applicationDecider);
    if (state.status === 'none') throw new DomainError('not_found', 'attendance.not_found', '申请不存在');
    const cmd = {
      type: 'ReportBack' as const,
      data: { actualEndDate: dto.actualEndDate, actualEndHalf: dto.actualEndHalf, calendar: this.calendar },
    };
    if (ctx.commandId && (await this.handler.previousResult(ctx.commandId))) {
      const prior = await this.done(id);
      if (prior) return prior;
    }
    const [back] = applicationDecider.decide({ ...cmd, metadata: { now: this.handler.clock.now(), actorId: ctx.actorId } }, state);
    const days = (back.data as { days: number }).days;
    const year = Number((state.requested as { startDate: string }).startDate.slice(0, 4));
    await this.balance(
      state.personId,
      year,
      { type: 'AdjustTakenLeave', data: { personId: state.personId, year, applicationId: id, actualDays: days } },
      ctx,
      uuidv5(`${id}:report-back`, NS),
    );
    const r = await this.handler.handle({
      streamId: applicationStreamId(id),
      decider: applicationDecider,
      command: cmd,
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id, processId: state.processId, position: r.position, duplicate: r.duplicate, days };
  }

  /**
   * 撤回 a pending application: the submission is withdrawn to the applicant (while nobody has acted
   * yet) and the process cancelled; the reactor then closes the application and gives the days back.
   */
  async withdraw(id: string, ctx: AttendanceContext): Promise<ApplicationResult> {
    const s = await this.application(id);
    if (s.status === 'none') throw new DomainError('not_found', 'attendance.not_found', '申请不存在');
    if (s.personId !== ctx.actorId) throw new DomainError('forbidden', 'attendance.not_applicant', '只有申请人本人可以撤回');
    if (s.status !== 'pending') throw new DomainError('rule', 'attendance.not_pending', '申请已办结，不能撤回');
    const r = await this.endProcess(s.processId, '申请人撤回', ctx);
    return { id, processId: s.processId, position: r.position, duplicate: r.duplicate };
  }

  private async endProcess(processId: string, reason: string, ctx: AttendanceContext) {
    const key = ctx.commandId ?? randomUUID();
    const wctx = { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null };
    const p = await this.wf.instanceState(processId);
    if (p.status === 'running') await this.wf.withdraw(processId, {}, { ...wctx, commandId: uuidv5(`${key}:withdraw`, NS) });
    return this.wf.cancel(processId, { reason }, { ...wctx, commandId: uuidv5(`${key}:cancel`, NS) });
  }

  kindLabel(kind: ApplicationKind): string {
    return APPLICATION_KIND_LABELS[kind];
  }
}
