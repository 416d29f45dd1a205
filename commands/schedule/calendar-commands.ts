import { createHash, randomBytes } from 'node:crypto';
import { calendarDecider, type CalendarCommand } from '../../domain/schedule/calendar.decide';
import { calendarStreamId, type CalendarState, type EntryFields } from '../../domain/schedule/calendar.events';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import { newId, outcomeOf, runCommand, type ActorContext, type MeetingOrg } from '../meetings/kit';
import type { EntryDto, SharingDto } from './dtos';

type Call = CalendarCommand extends infer C ? (C extends CalendarCommand ? Omit<C, 'metadata'> : never) : never;

export const feedTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * 日程 commands on `calendar-<owner>`. A secretary acts on the leader's calendar with `onBehalfOf`
 * = the leader (the decider checks the appointment and records both).
 */
export class CalendarCommands {
  constructor(
    readonly handler: CommandHandler,
    private readonly org: MeetingOrg,
  ) {}

  async load(ownerId: string): Promise<CalendarState> {
    return (await this.handler.load(calendarStreamId(ownerId), calendarDecider)).state;
  }

  private run(ownerId: string, call: Call, ctx: ActorContext) {
    const onBehalfOf = ctx.actorId === ownerId ? null : ownerId;
    return runCommand(this.handler, calendarStreamId(ownerId), calendarDecider, call as never, {
      ...ctx,
      onBehalfOf: ctx.actorId === 'system' ? null : onBehalfOf,
    });
  }

  private fields(dto: EntryDto): EntryFields {
    return {
      kind: dto.kind ?? 'event',
      title: dto.title,
      location: dto.location ?? '',
      notes: dto.notes ?? '',
      start: new Date(Date.parse(dto.start)).toISOString(),
      end: new Date(Date.parse(dto.end)).toISOString(),
      allDay: dto.allDay ?? false,
      repeat: dto.repeat ? { ...dto.repeat } : null,
      remindMinutes: dto.remindMinutes ?? [15],
      sharedWith: (dto.sharedWith ?? []).map((s) => ({ userId: s.userId, level: s.level })),
      private: dto.private ?? false,
      published: dto.published ?? false,
    };
  }

  async add(ownerId: string, dto: EntryDto, ctx: ActorContext) {
    const entryId = newId();
    const r = await this.run(ownerId, { type: 'AddEntry', data: { ...this.fields(dto), entryId, ownerId, byName: ctx.actorName } }, ctx);
    const id = r.duplicate ? (Object.keys(r.state.entries).at(-1) ?? entryId) : entryId;
    return outcomeOf(id, r);
  }

  async change(ownerId: string, entryId: string, dto: EntryDto, ctx: ActorContext) {
    return outcomeOf(
      entryId,
      await this.run(ownerId, { type: 'ChangeEntry', data: { ...this.fields(dto), entryId, ownerId, byName: ctx.actorName } }, ctx),
    );
  }

  async remove(ownerId: string, entryId: string, ctx: ActorContext) {
    return outcomeOf(entryId, await this.run(ownerId, { type: 'RemoveEntry', data: { entryId, ownerId, byName: ctx.actorName } }, ctx));
  }

  async completeTask(ownerId: string, entryId: string, ctx: ActorContext) {
    return outcomeOf(entryId, await this.run(ownerId, { type: 'CompleteTask', data: { entryId, ownerId, byName: ctx.actorName } }, ctx));
  }

  async setSharing(dto: SharingDto, ctx: ActorContext) {
    const ownerId = ctx.actorId;
    return outcomeOf(
      ownerId,
      await this.run(
        ownerId,
        {
          type: 'SetSharing',
          data: { ownerId, byName: ctx.actorName, shares: dto.shares.map((s) => ({ userId: s.userId, level: s.level })) },
        },
        ctx,
      ),
    );
  }

  async appointSecretary(secretaryId: string, ctx: ActorContext) {
    const u = await this.org.user(secretaryId);
    if (!u || !u.active) throw new DomainError('invalid', 'calendar.invalid', '秘书须为在职人员', 'secretaryId');
    const ownerId = ctx.actorId;
    return outcomeOf(
      ownerId,
      await this.run(
        ownerId,
        { type: 'AppointSecretary', data: { ownerId, byName: ctx.actorName, secretaryId, secretaryName: u.name } },
        ctx,
      ),
    );
  }

  async revokeSecretary(secretaryId: string, ctx: ActorContext) {
    const ownerId = ctx.actorId;
    return outcomeOf(
      ownerId,
      await this.run(ownerId, { type: 'RevokeSecretary', data: { ownerId, byName: ctx.actorName, secretaryId } }, ctx),
    );
  }

  /** A new subscription token (the old one stops working); the token is shown once, only its hash is kept. */
  async issueFeedToken(ctx: ActorContext): Promise<{ token: string; position: number }> {
    const token = randomBytes(24).toString('base64url');
    const ownerId = ctx.actorId;
    const r = await this.run(
      ownerId,
      { type: 'IssueFeedToken', data: { ownerId, byName: ctx.actorName, tokenSha256: feedTokenHash(token) } },
      { ...ctx, commandId: null },
    );
    return { token, position: r.position };
  }

  /** The reminder job's command (actor: system). */
  async deliverReminder(data: { ownerId: string; entryId: string; occurrenceStart: string; minutesBefore: number }, ctx: ActorContext) {
    return this.run(data.ownerId, { type: 'DeliverReminder', data: { ...data, byName: '系统' } }, ctx);
  }
}
