import { roomDecider } from '../../domain/meetings/room.decide';
import { roomStreamId, type RoomProfile, type RoomState } from '../../domain/meetings/room.events';
import { roomDayDecider, conflictError, type RoomFacts } from '../../domain/meetings/room-day.decide';
import { roomDayStreamId, type RoomDayState } from '../../domain/meetings/room-day.events';
import { seriesConflictError, seriesConflicts, seriesOccurrences, type SeriesConflict } from '../../domain/meetings/booking-series';
import { shanghaiDate, shanghaiTime } from '../../domain/meetings/time';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import type { BookRoomDto, RescheduleDto, RoomDto } from './dtos';
import { newId, outcomeOf, runCommand, type ActorContext, type CommandOutcome, type MeetingOrg } from './kit';

/** A series refused: every conflicting occurrence (the API answers 409 with them). */
export class SeriesConflictError extends DomainError {
  constructor(readonly conflicts: SeriesConflict[]) {
    const e = seriesConflictError(conflicts);
    super(e.kind, e.code, e.message, e.field);
  }
}

export interface BookingOutcome extends CommandOutcome {
  bookingIds: string[];
  status: string;
}

/**
 * 会议室 and 预约 commands. A booking is decided on the room-day stream (`room-day-<room>-<date>`),
 * so two overlapping requests can never both be recorded: the pipeline appends with the folded
 * revision and decides a loser again on the new state (→ booking.conflict), or gives up after its
 * retries with 409. A series is checked occurrence by occurrence first; a race lost on one
 * occurrence while booking cancels the occurrences already booked.
 */
export class RoomCommands {
  constructor(
    readonly handler: CommandHandler,
    private readonly org: MeetingOrg,
  ) {}

  async loadRoom(roomId: string): Promise<RoomState> {
    return (await this.handler.load(roomStreamId(roomId), roomDecider)).state;
  }

  async loadDay(roomId: string, date: string): Promise<RoomDayState> {
    return (await this.handler.load(roomDayStreamId(roomId, date), roomDayDecider)).state;
  }

  factsOf(room: RoomState, ctx: ActorContext): RoomFacts {
    const p = room.profile;
    return {
      status: room.status,
      name: p?.name ?? '',
      opensAt: p?.opensAt ?? '00:00',
      closesAt: p?.closesAt ?? '23:55',
      needsApproval: p?.needsApproval ?? false,
      adminIds: p?.adminIds ?? [],
      mayBook: !!p && (p.bookableBy === 'all' || room.unitId === ctx.unitId),
    };
  }

  private profileOf(dto: RoomDto, prev: RoomProfile | null): RoomProfile {
    return {
      name: dto.name,
      capacity: dto.capacity,
      equipment: dto.equipment ?? prev?.equipment ?? [],
      location: dto.location ?? prev?.location ?? '',
      photo: dto.photo ?? prev?.photo ?? '',
      bookableBy: dto.bookableBy ?? prev?.bookableBy ?? 'unit',
      needsApproval: dto.needsApproval ?? prev?.needsApproval ?? false,
      opensAt: dto.opensAt ?? prev?.opensAt ?? '08:00',
      closesAt: dto.closesAt ?? prev?.closesAt ?? '21:00',
      adminIds: dto.adminIds ?? prev?.adminIds ?? [],
    };
  }

  async register(dto: RoomDto, ctx: ActorContext, roomId = newId()): Promise<CommandOutcome> {
    const unitId = dto.unitId ?? ctx.unitId;
    if (!unitId) throw new DomainError('invalid', 'room.invalid', '请选择会议室所属单位', 'unitId');
    const unit = await this.org.unit(unitId);
    if (!unit) throw new DomainError('invalid', 'room.invalid', '单位不存在', 'unitId');
    const profile = this.profileOf(dto, null);
    const r = await runCommand(
      this.handler,
      roomStreamId(roomId),
      roomDecider,
      { type: 'RegisterRoom', data: { roomId, unitId, unitName: unit.name, profile } },
      ctx,
    );
    return outcomeOf(roomId, r);
  }

  async update(roomId: string, dto: RoomDto, ctx: ActorContext): Promise<CommandOutcome> {
    const room = await this.loadRoom(roomId);
    const r = await runCommand(
      this.handler,
      roomStreamId(roomId),
      roomDecider,
      { type: 'UpdateRoom', data: { profile: this.profileOf(dto, room.profile) } },
      ctx,
    );
    return outcomeOf(roomId, r);
  }

  async retire(roomId: string, ctx: ActorContext): Promise<CommandOutcome> {
    const r = await runCommand(this.handler, roomStreamId(roomId), roomDecider, { type: 'RetireRoom', data: {} }, ctx);
    return outcomeOf(roomId, r);
  }

  /** 预约 (one slot, or a 周期预约 with `repeat`). */
  async book(dto: BookRoomDto, ctx: ActorContext, extra: { meetingId?: string | null; bookingId?: string } = {}): Promise<BookingOutcome> {
    const room = await this.loadRoom(dto.roomId);
    const facts = this.factsOf(room, ctx);
    const date = shanghaiDate(dto.start);
    const base = {
      roomId: dto.roomId,
      title: dto.title,
      unitId: ctx.unitId ?? room.unitId,
      bookedByName: ctx.actorName,
      meetingId: extra.meetingId ?? null,
      attendeeIds: dto.attendeeIds ?? [],
      room: facts,
    };
    if (!dto.repeat) {
      const bookingId = extra.bookingId ?? newId();
      const r = await runCommand(
        this.handler,
        roomDayStreamId(dto.roomId, date),
        roomDayDecider,
        { type: 'BookRoom', data: { ...base, bookingId, date, start: dto.start, end: dto.end, seriesId: null } },
        ctx,
      );
      const b = r.state.bookings[bookingId];
      return { ...outcomeOf(bookingId, r), bookingIds: [bookingId], status: b?.status ?? 'confirmed' };
    }
    if (shanghaiDate(dto.end) !== date) throw new DomainError('invalid', 'booking.invalid', '预约不能跨天', 'end');
    const occurrences = seriesOccurrences(date, shanghaiTime(dto.start), shanghaiTime(dto.end), dto.repeat);
    const days = new Map<string, RoomDayState>();
    await Promise.all(occurrences.map(async (o) => days.set(o.date, await this.loadDay(dto.roomId, o.date))));
    const now = this.handler.clock.now();
    const conflicts = seriesConflicts(occurrences, (d) => days.get(d)!, facts, now);
    if (conflicts.length) throw new SeriesConflictError(conflicts);
    const seriesId = extra.bookingId ?? newId();
    const booked: { id: string; date: string }[] = [];
    let last: BookingOutcome | null = null;
    try {
      for (const [i, o] of occurrences.entries()) {
        const bookingId = `${seriesId}-${o.date.replaceAll('-', '')}`;
        const r = await runCommand(
          this.handler,
          roomDayStreamId(dto.roomId, o.date),
          roomDayDecider,
          { type: 'BookRoom', data: { ...base, bookingId, date: o.date, start: o.start, end: o.end, seriesId } },
          ctx,
          `:${i}`,
        );
        booked.push({ id: bookingId, date: o.date });
        last = { ...outcomeOf(seriesId, r), bookingIds: [], status: r.state.bookings[bookingId]?.status ?? 'confirmed' };
      }
    } catch (err) {
      // lost a race on one occurrence: free the ones already booked, answer with the conflict
      for (const b of booked) {
        await runCommand(
          this.handler,
          roomDayStreamId(dto.roomId, b.date),
          roomDayDecider,
          {
            type: 'CancelBooking',
            data: { bookingId: b.id, reason: '周期预约未能全部成功，自动退订', adminIds: [] },
          },
          { ...ctx, commandId: null },
        ).catch(() => undefined);
      }
      if (err instanceof DomainError && err.code === 'booking.conflict') {
        const at = occurrences[booked.length]!;
        throw new SeriesConflictError([{ ...at, withTitle: err.message, withStart: at.start, withEnd: at.end }]);
      }
      throw err;
    }
    return { ...last!, id: seriesId, bookingIds: booked.map((b) => b.id) };
  }

  /** 改期: the new time re-checked; to another day = book there (same details), then 退订 here. */
  async reschedule(roomId: string, date: string, bookingId: string, dto: RescheduleDto, ctx: ActorContext): Promise<BookingOutcome> {
    const room = await this.loadRoom(roomId);
    const facts = this.factsOf(room, ctx);
    const day = await this.loadDay(roomId, date);
    const b = day.bookings[bookingId];
    if (!b) throw new DomainError('not_found', 'booking.not_found', '预约不存在', 'bookingId');
    const newDate = shanghaiDate(dto.start);
    if (newDate === date) {
      const r = await runCommand(
        this.handler,
        roomDayStreamId(roomId, date),
        roomDayDecider,
        { type: 'RescheduleBooking', data: { bookingId, start: dto.start, end: dto.end, room: facts } },
        ctx,
      );
      return { ...outcomeOf(bookingId, r), bookingIds: [bookingId], status: r.state.bookings[bookingId]?.status ?? b.status };
    }
    if (!(b.bookedBy === ctx.actorId || facts.adminIds.includes(ctx.actorId)))
      throw new DomainError('forbidden', 'booking.not_yours', '只有预约人或会议室管理员可以修改预约');
    const moved = await this.book(
      { roomId, start: dto.start, end: dto.end, title: b.title, attendeeIds: b.attendeeIds },
      { ...ctx, unitId: b.unitId },
      { meetingId: b.meetingId, bookingId: `${bookingId.slice(0, 80)}-m${newDate.replaceAll('-', '')}` },
    );
    await runCommand(
      this.handler,
      roomDayStreamId(roomId, date),
      roomDayDecider,
      { type: 'CancelBooking', data: { bookingId, reason: `改期至 ${newDate}`, adminIds: facts.adminIds, movedTo: moved.id } },
      ctx,
      ':release',
    );
    return moved;
  }

  async cancel(roomId: string, date: string, bookingId: string, reason: string, ctx: ActorContext): Promise<CommandOutcome> {
    const room = await this.loadRoom(roomId);
    const r = await runCommand(
      this.handler,
      roomDayStreamId(roomId, date),
      roomDayDecider,
      { type: 'CancelBooking', data: { bookingId, reason, adminIds: room.profile?.adminIds ?? [] } },
      ctx,
    );
    return outcomeOf(bookingId, r);
  }

  async approve(roomId: string, date: string, bookingId: string, ctx: ActorContext): Promise<CommandOutcome> {
    return outcomeOf(
      bookingId,
      await runCommand(this.handler, roomDayStreamId(roomId, date), roomDayDecider, { type: 'ApproveBooking', data: { bookingId } }, ctx),
    );
  }

  async refuse(roomId: string, date: string, bookingId: string, reason: string, ctx: ActorContext): Promise<CommandOutcome> {
    return outcomeOf(
      bookingId,
      await runCommand(
        this.handler,
        roomDayStreamId(roomId, date),
        roomDayDecider,
        { type: 'RefuseBooking', data: { bookingId, reason } },
        ctx,
      ),
    );
  }
}

export { conflictError };
