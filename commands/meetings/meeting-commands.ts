import { randomInt } from 'node:crypto';
import { meetingDecider, type MeetingCommand } from '../../domain/meetings/meeting.decide';
import { meetingStreamId, type MeetingState } from '../../domain/meetings/meeting.events';
import { roomDayStreamId } from '../../domain/meetings/room-day.events';
import { roomDayDecider } from '../../domain/meetings/room-day.decide';
import { shanghaiDate } from '../../domain/meetings/time';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler, HandleResult } from '../pipeline/handler';
import type { AnswerDto, MaterialRequestDto, MeetingDto, ReplyDto } from './dtos';
import { newId, outcomeOf, runCommand, type ActorContext, type CommandOutcome, type MeetingOrg } from './kit';
import type { RoomCommands } from './room-commands';

type Call = MeetingCommand extends infer C ? (C extends MeetingCommand ? Omit<C, 'metadata'> : never) : never;

export interface StoredFile {
  name: string;
  sha256: string;
  size: number;
}

/**
 * 会议 commands: the notice (booking its room in the same call), 回执, 催报, materials, 签到, cancel.
 * The org facts (each invited unit's members) are looked up here and passed to the decider, which
 * decides who reports for each unit and records it.
 */
export class MeetingCommands {
  constructor(
    readonly handler: CommandHandler,
    private readonly org: MeetingOrg,
    private readonly rooms: RoomCommands,
  ) {}

  async load(meetingId: string): Promise<MeetingState> {
    return (await this.handler.load(meetingStreamId(meetingId), meetingDecider)).state;
  }

  private run(meetingId: string, call: Call, ctx: ActorContext, suffix = ''): Promise<HandleResult<MeetingState>> {
    return runCommand(this.handler, meetingStreamId(meetingId), meetingDecider, call as never, ctx, suffix);
  }

  async issue(dto: MeetingDto, ctx: ActorContext): Promise<CommandOutcome & { bookingId: string | null }> {
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(`${ctx.commandId}:notice`, meetingDecider as never);
      if (prior) {
        const s = prior.state as MeetingState;
        return { ...outcomeOf(s.notice?.meetingId ?? '', prior), bookingId: s.notice?.bookingId ?? null };
      }
    }
    if (!ctx.unitId) throw new DomainError('forbidden', 'meeting.no_post', '当前用户不在组织机构中');
    const meetingId = newId();
    const units = await Promise.all(
      [...new Set(dto.unitIds ?? [])].map(async (unitId, i) => {
        const u = await this.org.unit(unitId);
        if (!u) throw new DomainError('invalid', 'meeting.invalid', '参会单位不存在', `unitIds[${i}]`);
        return { unitId, unitName: u.name, members: await this.org.unitMembers(unitId) };
      }),
    );
    const persons = await Promise.all(
      [...new Set(dto.personIds ?? [])].map(async (userId, i) => {
        const u = await this.org.user(userId);
        if (!u || !u.active) throw new DomainError('invalid', 'meeting.invalid', '参会人员不存在', `personIds[${i}]`);
        return { userId, name: u.name, unitId: u.unitId };
      }),
    );
    let bookingId = dto.bookingId ?? null;
    let roomId = dto.roomId ?? null;
    let location = dto.location ?? '';
    let bookedHere = false;
    if (bookingId && roomId) {
      const day = await this.rooms.loadDay(roomId, shanghaiDate(dto.start));
      const b = day.bookings[bookingId];
      if (!b || (b.status !== 'confirmed' && b.status !== 'pending') || b.bookedBy !== ctx.actorId)
        throw new DomainError('invalid', 'meeting.invalid', '所选预约不存在或不属于您', 'bookingId');
    } else if (roomId) {
      const booked = await this.rooms.book(
        { roomId, start: dto.start, end: dto.end, title: dto.title, attendeeIds: persons.map((p) => p.userId) },
        { ...ctx, commandId: ctx.commandId ? `${ctx.commandId}:booking` : null },
        { meetingId },
      );
      bookingId = booked.id;
      bookedHere = true;
    }
    if (roomId) {
      const room = await this.rooms.loadRoom(roomId);
      location = location || [room.profile?.name, room.profile?.location].filter(Boolean).join(' · ');
    } else {
      roomId = null;
    }
    try {
      const r = await this.run(
        meetingId,
        {
          type: 'IssueMeetingNotice',
          data: {
            meetingId,
            title: dto.title,
            agenda: dto.agenda ?? '',
            start: dto.start,
            end: dto.end,
            roomId,
            bookingId,
            location,
            organiserName: ctx.actorName,
            unitId: ctx.unitId,
            units,
            persons,
            replyDeadline: dto.replyDeadline,
            remindBeforeMinutes: dto.remindBeforeMinutes ?? 120,
            checkInCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
          },
        },
        ctx,
        ':notice',
      );
      return { ...outcomeOf(meetingId, r), bookingId };
    } catch (err) {
      if (bookedHere && roomId && bookingId) {
        await runCommand(
          this.handler,
          roomDayStreamId(roomId, shanghaiDate(dto.start)),
          roomDayDecider,
          {
            type: 'CancelBooking',
            data: { bookingId, reason: '会议通知未发出，自动退订', adminIds: [] },
          },
          { ...ctx, commandId: null },
        ).catch(() => undefined);
      }
      throw err;
    }
  }

  async reply(meetingId: string, dto: ReplyDto, ctx: ActorContext) {
    const attendees = dto.attendees.map((a) => ({
      name: a.name,
      unitName: a.unitName ?? '',
      position: a.position ?? '',
      phone: a.phone ?? '',
    }));
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'ReplyForUnit', data: { unitId: dto.unitId, attendees } }, ctx));
  }

  async answer(meetingId: string, dto: AnswerDto, ctx: ActorContext) {
    const standIn = dto.standIn
      ? {
          name: dto.standIn.name,
          unitName: dto.standIn.unitName ?? '',
          position: dto.standIn.position ?? '',
          phone: dto.standIn.phone ?? '',
        }
      : null;
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'AnswerInvitation', data: { answer: dto.answer, standIn } }, ctx));
  }

  async urgeReplies(meetingId: string, ctx: ActorContext, automatic = false) {
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'UrgeReplies', data: { automatic } }, ctx));
  }

  async distribute(meetingId: string, file: StoredFile, ctx: ActorContext) {
    const materialId = file.sha256.slice(0, 32);
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'DistributeMaterial', data: { materialId, ...file } }, ctx));
  }

  async requestMaterials(meetingId: string, dto: MaterialRequestDto, ctx: ActorContext) {
    const requestId = newId();
    const r = await this.run(
      meetingId,
      { type: 'RequestMaterials', data: { requestId, title: dto.title, deadline: dto.deadline, unitIds: dto.unitIds } },
      ctx,
    );
    return {
      ...outcomeOf(meetingId, r),
      requestId: Object.keys(r.state.requests).find((k) => k === requestId) ?? Object.keys(r.state.requests).at(-1) ?? requestId,
    };
  }

  async submitMaterial(meetingId: string, requestId: string, unitId: string, file: StoredFile, ctx: ActorContext) {
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'SubmitMaterial', data: { requestId, unitId, ...file } }, ctx));
  }

  async urgeMaterials(meetingId: string, requestId: string, ctx: ActorContext, automatic = false) {
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'UrgeMaterials', data: { requestId, automatic } }, ctx));
  }

  async remind(meetingId: string, ctx: ActorContext) {
    return outcomeOf(meetingId, await this.run(meetingId, { type: 'SendMeetingReminder', data: {} }, ctx));
  }

  async checkIn(meetingId: string, code: string, method: 'code' | 'qr', ctx: ActorContext) {
    return outcomeOf(
      meetingId,
      await this.run(meetingId, { type: 'CheckIn', data: { code, method, name: ctx.actorName, unitId: ctx.unitId } }, ctx),
    );
  }

  async checkInFor(meetingId: string, userId: string, ctx: ActorContext) {
    const u = await this.org.user(userId);
    if (!u) throw new DomainError('invalid', 'meeting.invalid', '人员不存在', 'userId');
    return outcomeOf(
      meetingId,
      await this.run(meetingId, { type: 'CheckIn', data: { code: '', method: 'manual', name: u.name, unitId: u.unitId, userId } }, ctx),
    );
  }

  /** 取消会议: the notice is withdrawn and the room's booking released. */
  async cancel(meetingId: string, reason: string, ctx: ActorContext) {
    const r = await this.run(meetingId, { type: 'CancelMeeting', data: { reason } }, ctx);
    const n = r.state.notice;
    if (r.events.length && n?.roomId && n.bookingId) {
      const date = shanghaiDate(n.start);
      const day = await this.rooms.loadDay(n.roomId, date);
      const b = day.bookings[n.bookingId];
      if (b && (b.status === 'confirmed' || b.status === 'pending') && b.bookedBy === ctx.actorId)
        await this.rooms.cancel(n.roomId, date, n.bookingId, `会议取消：${reason || '会议取消'}`, {
          ...ctx,
          commandId: ctx.commandId ? `${ctx.commandId}:release` : null,
        });
    }
    return outcomeOf(meetingId, r);
  }
}
