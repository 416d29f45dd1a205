import { v5 as uuidv5 } from 'uuid';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { roomDecider } from '../../domain/meetings/room.decide';
import {
  ROOM_BOOKING_DEFINITION_KEY,
  ROOM_BOOKING_NODES,
  ROOM_BOOKING_SUBJECT_TYPE,
  roomBookingDefinition,
} from '../../domain/meetings/room-booking.flow';
import type { RecordBookingApproval } from '../../domain/meetings/room-booking-approval.reactor';
import type { Booking } from '../../domain/meetings/room-day.events';
import { processInstanceDecider, type InstanceCommand } from '../../domain/workflow/instance.decide';
import { instanceStreamId, openTasks } from '../../domain/workflow/instance.events';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import { StoreDelegationDirectory, StoreOrgDirectory } from '../workflow/directories';
import { WorkflowCommands, type WorkflowContext } from '../workflow/workflow-commands';
import { roomStreamId, type RoomProfile, type RoomState } from '../../domain/meetings/room.events';
import { roomDayDecider, conflictError, type RoomDayCommand, type RoomFacts } from '../../domain/meetings/room-day.decide';
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

const NS = '5b0f1c2e-9d1a-4c7e-8f3b-2a6d4e8c1f70';
/** The 会议室预约审批 process of a booking (deterministic: a retried booking starts no second process). */
export const bookingProcessId = (bookingId: string) => uuidv5(`room-booking:${bookingId}`, NS);
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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
  readonly workflow: WorkflowCommands;
  private readonly directory: StoreOrgDirectory;

  constructor(
    readonly handler: CommandHandler,
    private readonly org: MeetingOrg,
  ) {
    this.directory = new StoreOrgDirectory(handler);
    this.workflow = new WorkflowCommands(handler, {
      org: this.directory,
      applicants: this.directory,
      delegations: new StoreDelegationDirectory(handler),
    });
  }

  /** seed.definitions: publishes 会议室预约审批 once (fixed command id; never over an admin's later version). */
  async ensureApprovalDefinition(): Promise<void> {
    const { state } = await this.handler.load(definitionStreamId(ROOM_BOOKING_DEFINITION_KEY), processDefinitionDecider);
    if (state.latestVersion > 0) return;
    await this.handler
      .handle({
        streamId: definitionStreamId(ROOM_BOOKING_DEFINITION_KEY),
        decider: processDefinitionDecider,
        command: { type: 'PublishDefinition', data: { definition: roomBookingDefinition() } },
        metadata: { actorId: 'system', correlationId: uuidv5('room-booking-definition', NS) },
        commandId: uuidv5('publish:meeting-room-booking:v1', NS),
      })
      .catch((e) => {
        if (!(e instanceof WrongExpectedRevision)) throw e;
      });
  }

  /**
   * A booking recorded as 待审批: starts its 会议室预约审批 process with the booking as subject and the
   * approvers the RoomDay decider recorded (the room's admins) on the approval node. The slot stays
   * held meanwhile; the approval reactor records the outcome on the room-day stream.
   */
  private async startApproval(b: Booking, roomName: string, ctx: ActorContext): Promise<void> {
    if (b.status !== 'pending' || !b.processId) return;
    await this.ensureApprovalDefinition();
    const def = currentDefinition(
      (await this.handler.load(definitionStreamId(ROOM_BOOKING_DEFINITION_KEY), processDefinitionDecider)).state,
    );
    if (!def) throw new DomainError('rule', 'definition.retired', '会议室预约审批流程已停用，请联系管理员');
    const applicant = await this.directory.applicant(b.bookedBy);
    if (!applicant) throw new DomainError('forbidden', 'process.no_applicant', '预约人不在组织机构中，不能送审');
    const command: DistributiveOmit<InstanceCommand, 'metadata'> = {
      type: 'StartProcess',
      data: {
        instanceId: b.processId,
        title: `会议室预约：${roomName} ${b.date} ${shanghaiTime(b.start)}–${shanghaiTime(b.end)}《${b.title}》`,
        definition: def,
        applicant,
        assignments: { [ROOM_BOOKING_NODES.approve]: [...b.approverIds] },
        form: { roomId: b.roomId, roomName, date: b.date, start: b.start, end: b.end },
        subject: { type: ROOM_BOOKING_SUBJECT_TYPE, id: b.bookingId },
      },
    };
    try {
      await this.handler.handle({
        streamId: instanceStreamId(b.processId),
        decider: processInstanceDecider,
        command,
        metadata: {
          actorId: b.bookedBy,
          onBehalfOf: null,
          unitId: ctx.unitId,
          correlationId: ctx.correlationId,
          causationId: ctx.causationId ?? null,
        },
        commandId: null,
        expectedRevision: 'no_stream',
      });
    } catch (e) {
      if (!(e instanceof WrongExpectedRevision)) throw e; // started by an earlier attempt of this booking
    }
  }

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
        {
          type: 'BookRoom',
          data: { ...base, bookingId, date, start: dto.start, end: dto.end, seriesId: null, processId: bookingProcessId(bookingId) },
        },
        ctx,
      );
      const b = r.state.bookings[bookingId];
      if (b) await this.startApproval(b, facts.name, ctx);
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
          {
            type: 'BookRoom',
            data: { ...base, bookingId, date: o.date, start: o.start, end: o.end, seriesId, processId: bookingProcessId(bookingId) },
          },
          ctx,
          `:${i}`,
        );
        booked.push({ id: bookingId, date: o.date });
        const b = r.state.bookings[bookingId];
        if (b) await this.startApproval(b, facts.name, ctx);
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
    await this.endApproval(b, `预约已改期至 ${newDate}`, ctx);
    return moved;
  }

  async cancel(roomId: string, date: string, bookingId: string, reason: string, ctx: ActorContext): Promise<CommandOutcome> {
    const room = await this.loadRoom(roomId);
    const before = (await this.loadDay(roomId, date)).bookings[bookingId];
    const r = await runCommand(
      this.handler,
      roomDayStreamId(roomId, date),
      roomDayDecider,
      { type: 'CancelBooking', data: { bookingId, reason, adminIds: room.profile?.adminIds ?? [] } },
      ctx,
    );
    await this.endApproval(before, `预约已退订${reason?.trim() ? `：${reason.trim()}` : ''}`, ctx);
    return outcomeOf(bookingId, r);
  }

  /** 退订 / 改期到另一天 while 待审批: the approval process ends too (its end records nothing more on the booking). */
  private async endApproval(before: Booking | undefined, reason: string, ctx: ActorContext): Promise<void> {
    if (before?.status !== 'pending' || !before.processId) return;
    const p = await this.workflow.instanceState(before.processId).catch(() => null);
    if (p && (p.status === 'running' || p.status === 'returned'))
      await this.workflow.adminTerminate(before.processId, { reason }, this.wfCtx(ctx, ':process'));
  }

  private wfCtx(ctx: ActorContext, suffix = ''): WorkflowContext {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      commandId: ctx.commandId ? `${ctx.commandId}${suffix}` : null,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  /** The caller's open task (待办) in the booking's 会议室预约审批 process. */
  private async approvalTask(roomId: string, date: string, bookingId: string, ctx: ActorContext) {
    const b = (await this.loadDay(roomId, date)).bookings[bookingId];
    if (!b) throw new DomainError('not_found', 'booking.not_found', '预约不存在', 'bookingId');
    if (b.status !== 'pending' || !b.processId) throw new DomainError('rule', 'booking.not_pending', '该预约不在待审批状态');
    const p = await this.workflow.instanceState(b.processId);
    const me = ctx.onBehalfOf ?? ctx.actorId;
    const task = openTasks(p).find((t) => t.assignee === me || t.actingDelegate === ctx.actorId);
    if (!task) throw new DomainError('forbidden', 'booking.not_approver', '只有会议室管理员可以审批');
    return task;
  }

  /** 同意: approves the admin's task in the engine; the approval reactor records BookingApproved. */
  async approve(roomId: string, date: string, bookingId: string, ctx: ActorContext): Promise<CommandOutcome> {
    const task = await this.approvalTask(roomId, date, bookingId, ctx);
    const r = await this.workflow.approve(task.taskId, { opinion: '同意' }, this.wfCtx(ctx));
    return { id: bookingId, streamId: r.streamId, position: r.position, duplicate: r.duplicate, events: r.events };
  }

  /** 不同意 (with a reason): rejects the admin's task; the approval reactor records BookingRefused. */
  async refuse(roomId: string, date: string, bookingId: string, reason: string, ctx: ActorContext): Promise<CommandOutcome> {
    const opinion = reason?.trim() ?? '';
    if (!opinion) throw new DomainError('invalid', 'booking.invalid', '请填写不同意的理由', 'reason');
    const task = await this.approvalTask(roomId, date, bookingId, ctx);
    const r = await this.workflow.reject(task.taskId, { opinion }, this.wfCtx(ctx));
    return { id: bookingId, streamId: r.streamId, position: r.position, duplicate: r.duplicate, events: r.events };
  }

  /** Executes the approval reactor's command on the room-day stream (as `system`, idempotent by the reaction key). */
  async recordApproval(cmd: RecordBookingApproval, ctx: ActorContext): Promise<CommandOutcome> {
    const d = cmd.data;
    const command: DistributiveOmit<RoomDayCommand, 'metadata'> =
      d.outcome === 'approved'
        ? { type: 'ApproveBooking', data: { bookingId: d.bookingId, processId: d.processId, approverId: d.actorId } }
        : { type: 'RefuseBooking', data: { bookingId: d.bookingId, processId: d.processId, approverId: d.actorId, reason: d.opinion } };
    const r = await runCommand(this.handler, roomDayStreamId(d.roomId, d.date), roomDayDecider, command, ctx);
    return outcomeOf(d.bookingId, r);
  }
}

export { conflictError };
