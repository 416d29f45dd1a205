import { balanceDecider, type BalanceCommand } from '../../domain/attendance/balance.decide';
import { available, balanceStreamId, type BalanceState } from '../../domain/attendance/balance.events';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { CommandHandler } from '../pipeline/handler';
import type { AttendanceContext } from './attendance-commands';
import type { CarryOverDto, EntitleDto, QuotaDto } from './dtos';

type Dist<T> = T extends unknown ? Omit<T, 'metadata'> : never;

/**
 * 假期余额 administration (考勤管理员): 年休假 entitlement from 参加工作日期, caps of other types, the carry-over
 * of last year's unused 年休假 (the expiry is scheduled work: domain/attendance/carry-over.job.ts).
 * Reading a balance folds its stream: the events are its history.
 */
export class BalanceCommands {
  constructor(readonly handler: CommandHandler) {}

  private run(personId: string, year: number, command: Dist<BalanceCommand>, ctx: AttendanceContext) {
    return this.handler.handle({
      streamId: balanceStreamId(personId, year),
      decider: balanceDecider,
      command,
      metadata: { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null },
      commandId: ctx.commandId ?? null,
    });
  }

  entitle(personId: string, dto: EntitleDto, ctx: AttendanceContext) {
    const data = { personId, year: dto.year, workStartDate: dto.workStartDate, unitJoinDate: dto.unitJoinDate ?? null };
    return this.run(personId, dto.year, { type: 'EntitleAnnualLeave', data }, ctx);
  }

  setQuota(personId: string, dto: QuotaDto, ctx: AttendanceContext) {
    return this.run(
      personId,
      dto.year,
      { type: 'SetLeaveQuota', data: { personId, year: dto.year, leaveType: dto.leaveType, days: dto.days } },
      ctx,
    );
  }

  async carryOver(personId: string, dto: CarryOverDto, ctx: AttendanceContext) {
    const last = await this.load(personId, dto.year - 1);
    const unusedLastYear = Math.max(0, available(last.state, '年休假') ?? 0);
    return this.run(
      personId,
      dto.year,
      { type: 'GrantCarryOver', data: { personId, year: dto.year, unusedLastYear, limit: dto.limit, expiresOn: dto.expiresOn } },
      ctx,
    );
  }

  /** What the carry-over expiry job fires (as `system`, with the job's idempotency key). */
  expireCarryOver(
    data: { personId: string; year: number },
    ctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
  ) {
    return this.handler.handle({
      streamId: balanceStreamId(data.personId, data.year),
      decider: balanceDecider,
      command: { type: 'ExpireCarryOver', data: { personId: data.personId, year: data.year } },
      metadata: { actorId: ctx.actorId, correlationId: ctx.correlationId, causationId: ctx.causationId },
      commandId: ctx.commandId,
    });
  }

  async load(personId: string, year: number): Promise<{ state: BalanceState; events: RecordedEvent[] }> {
    const { state, events } = await this.handler.load(balanceStreamId(personId, year), balanceDecider);
    return { state, events };
  }
}
