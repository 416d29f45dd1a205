import type { Request, Response } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  AnswerDto,
  BookRoomDto,
  CheckInDto,
  ManualCheckInDto,
  MaterialRequestDto,
  MeetingDto,
  ReasonDto,
  ReplyDto,
  RescheduleDto,
  RoomDto,
} from '../../commands/meetings/dtos';
import type { ActorContext, CommandOutcome } from '../../commands/meetings/kit';
import { MeetingCommands } from '../../commands/meetings/meeting-commands';
import { RoomCommands, SeriesConflictError } from '../../commands/meetings/room-commands';
import { replyRollUp, missingMaterials, type MeetingState } from '../../domain/meetings/meeting.events';
import { BOOKING_STATUS_LABELS } from '../../domain/meetings/room-day.events';
import { addDays, shanghaiDate, shanghaiTime } from '../../domain/meetings/time';
import {
  bookedMinutes,
  bookingById,
  bookingsOf,
  listRooms,
  meetingsOf,
  myBookings,
  pendingApprovals,
} from '../../projections/meetings/queries';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { workingDayRule } from '../../domain/workflow/calendar';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { FileStore } from '../../reports/documents/storage';
import { attendeesPdf, attendeesWorkbook, type AttendeeSheet } from '../../reports/meetings/attendees';
import { scopeFor } from '../auth/principal';
import { HttpProblem, badRequest, forbidden, notFound, titleFor } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { bookingAllowedActions, meetingAllowedActions } from './allowed-actions';
import { publishNotifications } from './notifications';
import { directoryOrg } from './org';

/**
 * 会议管理 HTTP routes (under /api/meetings): 会议室 (meeting.admin manages a unit's rooms), 预约 and
 * 综合安排 (meeting.use), 会议通知 / 回执 / 催报 / 材料 / 签到. A meeting is open to its organiser, the
 * invited persons and the invited units' people; rooms are scoped by unit (a room open to all units is
 * bookable by everybody). Commands take an Idempotency-Key and answer after the read models caught up.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_MATERIAL = 20 * 1024 * 1024;

export class RoomsQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(50) q?: string;
}

export class GridQuery extends PageQuery {
  @Matches(DATE, { message: '日期须为 YYYY-MM-DD' }) date!: string;
  @IsOptional() @Type(() => Number) @IsInt() @IsIn([1, 7]) days?: number;
  @IsOptional() @IsString() @MaxLength(50) q?: string;
}

export class MeetingsQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @Matches(DATE) from?: string;
  @IsOptional() @Matches(DATE) to?: string;
}

export class ExportQuery {
  @IsOptional() @IsIn(['xlsx', 'pdf']) format?: 'xlsx' | 'pdf';
}

export class UnitQuery {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/) unitId!: string;
}

export class UtilisationQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year!: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(12) month!: number;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

const actx = (ctx: RouteContext): ActorContext => ({
  actorId: ctx.principal.userId,
  actorName: ctx.principal.displayName,
  unitId: ctx.principal.unitId,
  departmentId: ctx.principal.departmentId,
  correlationId: ctx.requestId,
  commandId: ctx.commandId || null,
  clientIp: ctx.clientIp,
});

async function readFile(req: Request): Promise<{ bytes: Buffer; fileName: string }> {
  const raw = req.get('x-file-name');
  let fileName = '';
  try {
    fileName = raw ? decodeURIComponent(raw) : '';
  } catch {
    fileName = '';
  }
  if (!fileName || fileName.length > 120) {
    if (!req.readableEnded) req.resume();
    throw badRequest('请提供文件名（X-File-Name 头，URL 编码）', [{ field: 'fileName', message: '请提供文件名' }]);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    total += c.length;
    if (total > MAX_MATERIAL) {
      req.destroy();
      throw new HttpProblem(413, titleFor(413), '材料不能超过 20 MB', {
        code: 'meeting.material_too_large',
        errors: [{ field: 'file', message: '文件过大' }],
      });
    }
    chunks.push(c);
  }
  if (total === 0) throw badRequest('文件为空', [{ field: 'file', message: '文件为空' }]);
  return { bytes: Buffer.concat(chunks), fileName };
}

export function meetingRoutes(p: Platform): RouteDef[] {
  const org = directoryOrg(p);
  const rooms = new RoomCommands(p.commands, org);
  const meetings = new MeetingCommands(p.commands, org, rooms);
  const files = new FileStore(p.config.dataDir);
  const now = () => p.clock().toISOString();

  const settle = async <T extends CommandOutcome | (CommandOutcome & Record<string, unknown>)>(o: T) => {
    publishNotifications(p, o.recorded);
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    const { recorded: _r, ...rest } = o;
    return rest;
  };
  const cmd = <B, Q = unknown>(def: Omit<RouteDef<B, Q>, 'command' | 'tag'>): RouteDef<B, Q> => ({
    tag: '会议管理',
    command: true,
    ...def,
    handler: async (ctx) => {
      try {
        return await def.handler(ctx);
      } catch (e) {
        if (e instanceof SeriesConflictError)
          throw new HttpProblem(409, '预约冲突', e.message, {
            code: e.code,
            errors: [{ field: 'repeat', message: e.message }],
            conflicts: e.conflicts.map((c) => ({
              date: c.date,
              start: c.start,
              end: c.end,
              withTitle: c.withTitle,
              withStart: c.withStart,
              withEnd: c.withEnd,
            })),
          });
        throw e;
      }
    },
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '会议管理', ...def });

  /** A room's admin scope: meeting.admin reaching the room's unit. */
  const roomTarget = async (ctx: RouteContext) => {
    const r = await rooms.loadRoom(ctx.params.roomId);
    if (r.status === 'none') throw notFound('会议室不存在');
    return { unitId: r.unitId, resource: `meeting-room-${r.roomId}` };
  };

  /** A meeting is open to its organiser, invited persons, the invited units' people; else the unit scope. */
  const meetingTarget = async (ctx: RouteContext) => {
    const s = await meetings.load(ctx.params.id);
    if (!s.notice) throw notFound('会议不存在');
    const me = ctx.principal;
    const n = s.notice;
    if (n.organiserId === me.userId || n.persons.some((x) => x.userId === me.userId) || n.units.some((u) => u.unitId === me.unitId))
      return null;
    return { unitId: n.unitId, ownerId: n.organiserId, resource: `meeting-${n.meetingId}` };
  };

  const bookingOf = async (bookingId: string) => {
    const row = await bookingById(p.readDb, bookingId);
    if (!row) throw notFound('预约不存在');
    return row;
  };

  const meetingView = async (s: MeetingState, ctx: RouteContext) => {
    const n = s.notice!;
    const roll = replyRollUp(s);
    const t = now();
    const allowed = meetingAllowedActions(s, ctx.principal, t);
    const organiser = n.organiserId === ctx.principal.userId;
    const names = (await p.directory.snapshot()).users;
    return {
      id: n.meetingId,
      status: s.status,
      title: n.title,
      agenda: n.agenda,
      start: n.start,
      end: n.end,
      roomId: n.roomId,
      bookingId: n.bookingId,
      location: n.location,
      organiser: { id: n.organiserId, name: n.organiserName },
      unitId: n.unitId,
      replyDeadline: n.replyDeadline,
      rollUp: { replied: roll.replied.length, pending: roll.pending.length, attendees: roll.attendees, label: roll.label },
      units: n.units.map((u) => ({
        unitId: u.unitId,
        unitName: u.unitName,
        contacts: u.contactIds.map((id) => ({ id, name: names.get(id)?.name ?? id })),
        replied: !!s.replies[u.unitId],
        late: s.replies[u.unitId]?.late ?? false,
        repliedAt: s.replies[u.unitId]?.at ?? null,
        attendees: s.replies[u.unitId]?.attendees ?? [],
      })),
      persons: n.persons.map((x) => ({ ...x, answer: s.answers[x.userId]?.answer ?? null, standIn: s.answers[x.userId]?.standIn ?? null })),
      urged: s.urged,
      materials: s.materials,
      requests: Object.values(s.requests).map((r) => ({
        requestId: r.requestId,
        title: r.title,
        deadline: r.deadline,
        units: r.unitIds.map((u) => ({
          unitId: u,
          unitName: n.units.find((x) => x.unitId === u)?.unitName ?? u,
          submitted: r.submitted[u]
            ? {
                name: r.submitted[u]!.name,
                sha256: r.submitted[u]!.sha256,
                size: r.submitted[u]!.size,
                late: r.submitted[u]!.late,
                at: r.submitted[u]!.at,
              }
            : null,
        })),
        label: `交了 ${r.unitIds.length - missingMaterials(r).length} 个，未交 ${missingMaterials(r).length} 个`,
      })),
      checkIns: Object.entries(s.checkIns).map(([userId, c]) => ({ userId, ...c })),
      /** 签到码: the organiser shows it (and its QR link) at the door. */
      checkInCode: organiser ? n.checkInCode : null,
      checkInLink: organiser ? `/meetings/${n.meetingId}/check-in?code=${n.checkInCode}` : null,
      minutesLink: organiser
        ? `/documents/outgoing/new?kind=${encodeURIComponent('纪要')}&meetingId=${encodeURIComponent(n.meetingId)}&title=${encodeURIComponent(`${n.title}纪要`)}`
        : null,
      allowedActions: allowed.actions,
      replyUnits: allowed.replyUnits,
      materialUnits: allowed.materialUnits,
    };
  };

  const attendeeSheet = (s: MeetingState): AttendeeSheet => {
    const n = s.notice!;
    const checked = (name: string) => Object.values(s.checkIns).find((c) => c.name === name);
    const fmt = (iso: string) => `${shanghaiDate(iso)} ${shanghaiTime(iso)}`;
    const lines: AttendeeSheet['lines'] = [];
    for (const u of n.units)
      for (const a of s.replies[u.unitId]?.attendees ?? [])
        lines.push({
          unitName: a.unitName || u.unitName,
          name: a.name,
          position: a.position,
          phone: a.phone,
          source: '回执',
          checkedIn: checked(a.name) ? fmt(checked(a.name)!.at) : '',
        });
    for (const x of n.persons) {
      const ans = s.answers[x.userId];
      if (ans?.answer === 'decline') {
        if (ans.standIn)
          lines.push({
            ...ans.standIn,
            source: `代 ${x.name}`,
            checkedIn: checked(ans.standIn.name) ? fmt(checked(ans.standIn.name)!.at) : '',
          });
        continue;
      }
      const c = s.checkIns[x.userId];
      lines.push({ unitName: '', name: x.name, position: '', phone: '', source: ans ? '已确认' : '未确认', checkedIn: c ? fmt(c.at) : '' });
    }
    return { title: n.title, when: `${fmt(n.start)}–${shanghaiTime(n.end)}`, location: n.location, lines };
  };

  return [
    // ------------------------------------------------------------------ 会议室
    query<RoomsQuery>({
      method: 'get',
      path: '/meetings/rooms',
      summary: '会议室列表（本单位的，以及向全区开放的）',
      permission: 'meeting.use',
      query: RoomsQuery,
      handler: async (ctx) => {
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await listRooms(p.readDb, { unitId: ctx.principal.unitId, q: ctx.query.q, limit: pageSize, offset });
        const admin = scopeFor(ctx.principal, 'meeting.admin');
        return {
          items: r.items.map((x) => ({ ...x, canManage: admin === 'all' || (admin !== null && x.unitId === ctx.principal.unitId) })),
          page,
          pageSize,
          total: r.total,
          canRegister: admin !== null,
        };
      },
    }),
    cmd<RoomDto>({
      method: 'post',
      path: '/meetings/rooms',
      summary: '登记会议室（容量、设备、位置、开放时间、是否需审批、会议室管理员）',
      permission: 'meeting.admin',
      body: RoomDto,
      scope: (ctx: RouteContext<RoomDto>) => ({ unitId: ctx.body.unitId ?? ctx.principal.unitId, resource: 'meeting-rooms' }),
      handler: async (ctx) => settle(await rooms.register(ctx.body, actx(ctx))),
    }),
    cmd<RoomDto>({
      method: 'put',
      path: '/meetings/rooms/:roomId',
      summary: '修改会议室',
      permission: 'meeting.admin',
      scope: roomTarget,
      body: RoomDto,
      handler: async (ctx) => settle(await rooms.update(ctx.params.roomId, ctx.body, actx(ctx))),
    }),
    cmd({
      method: 'post',
      path: '/meetings/rooms/:roomId/retire',
      summary: '停用会议室',
      permission: 'meeting.admin',
      scope: roomTarget,
      handler: async (ctx) => settle(await rooms.retire(ctx.params.roomId, actx(ctx))),
    }),
    query<GridQuery>({
      method: 'get',
      path: '/meetings/grid',
      summary: '综合安排：会议室 × 日/周 的预约表（空闲时段可直接预约）',
      permission: 'meeting.use',
      query: GridQuery,
      handler: async (ctx) => {
        const days = ctx.query.days ?? 1;
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await listRooms(p.readDb, { unitId: ctx.principal.unitId, q: ctx.query.q, limit: pageSize, offset });
        const to = addDays(ctx.query.date, days - 1);
        const list = await bookingsOf(
          p.readDb,
          r.items.map((x) => x.roomId),
          ctx.query.date,
          to,
        );
        const me = ctx.principal.userId;
        return {
          date: ctx.query.date,
          days: Array.from({ length: days }, (_, i) => addDays(ctx.query.date, i)),
          rooms: r.items.map((x) => ({
            roomId: x.roomId,
            name: x.name,
            unitName: x.unitName,
            capacity: x.capacity,
            location: x.location,
            equipment: x.equipment,
            opensAt: x.opensAt,
            closesAt: x.closesAt,
            needsApproval: x.needsApproval,
          })),
          bookings: list.map((b) => ({
            bookingId: b.bookingId,
            roomId: b.roomId,
            date: b.date,
            start: b.start,
            end: b.end,
            status: b.status,
            statusLabel: BOOKING_STATUS_LABELS[b.status as keyof typeof BOOKING_STATUS_LABELS] ?? b.status,
            // others' bookings show who holds the slot, not more
            title: b.bookedBy === me || b.unitId === ctx.principal.unitId ? b.title : '已占用',
            bookedByName: b.bookedByName,
            mine: b.bookedBy === me,
            meetingId: b.meetingId,
          })),
          page,
          pageSize,
          total: r.total,
        };
      },
    }),
    query<UtilisationQuery>({
      method: 'get',
      path: '/meetings/utilisation',
      summary: '会议室使用率：按会议室和月份，已预约小时数 / 开放小时数（工作日按法定节假日和调休计）',
      permission: 'meeting.admin',
      query: UtilisationQuery,
      raw: true,
      handler: async (ctx) => {
        const { year, month } = ctx.query;
        const from = `${year}-${String(month).padStart(2, '0')}-01`;
        const days: string[] = [];
        for (let d = from; d.slice(0, 7) === from.slice(0, 7); d = addDays(d, 1)) days.push(d);
        const working = days.filter(workingDayRule(PUBLIC_HOLIDAYS)).length;
        const admin = scopeFor(ctx.principal, 'meeting.admin');
        const list = (
          await listRooms(p.readDb, { unitId: ctx.principal.unitId, all: admin === 'all', limit: 5000, offset: 0 })
        ).items.filter((r) => admin === 'all' || r.unitId === ctx.principal.unitId);
        const booked = await bookedMinutes(
          p.readDb,
          list.map((r) => r.roomId),
          from,
          days[days.length - 1]!,
        );
        const rows = list.map((r) => {
          const [oh, om] = r.opensAt.split(':').map(Number) as [number, number];
          const [ch, cm] = r.closesAt.split(':').map(Number) as [number, number];
          const openHours = (working * (ch * 60 + cm - oh * 60 - om)) / 60;
          const bookedHours = (booked.get(r.roomId) ?? 0) / 60;
          return {
            roomId: r.roomId,
            name: r.name,
            unitName: r.unitName,
            bookedHours: Math.round(bookedHours * 10) / 10,
            openHours,
            rate: openHours ? Math.round((bookedHours / openHours) * 1000) / 10 : 0,
          };
        });
        const res: Response = ctx.res;
        if (ctx.query.format === 'xlsx') {
          const wb = new ExcelJS.Workbook();
          const ws = wb.addWorksheet(`${year}年${month}月会议室使用率`);
          ws.columns = [
            { header: '会议室', key: 'name', width: 24 },
            { header: '单位', key: 'unitName', width: 24 },
            { header: '已预约（小时）', key: 'bookedHours', width: 14 },
            { header: '开放（小时）', key: 'openHours', width: 14 },
            { header: '使用率（%）', key: 'rate', width: 12 },
          ];
          ws.getRow(1).font = { bold: true };
          rows.forEach((r) => ws.addRow(r));
          res.status(200).type(XLSX);
          res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`会议室使用率-${year}-${month}`)}.xlsx`);
          res.send(Buffer.from(await wb.xlsx.writeBuffer()));
          return;
        }
        res.status(200).json({ year, month, workingDays: working, items: rows });
      },
    }),
    // ------------------------------------------------------------------ 预约
    cmd<BookRoomDto>({
      method: 'post',
      path: '/meetings/bookings',
      summary: '预约会议室（单次，或按周/按月的周期预约；冲突的日期逐一列出）',
      permission: 'meeting.use',
      body: BookRoomDto,
      responses: { 409: '时段冲突（周期预约：conflicts 列出每个冲突的日期）' },
      handler: async (ctx) => settle(await rooms.book(ctx.body, actx(ctx))),
    }),
    query<PageQuery>({
      method: 'get',
      path: '/meetings/bookings/mine',
      summary: '我的预约',
      permission: 'meeting.use',
      query: PageQuery,
      handler: async (ctx) => {
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await myBookings(p.readDb, ctx.principal.userId, pageSize, offset);
        return {
          ...r,
          items: r.items.map((b) => ({
            ...b,
            statusLabel: BOOKING_STATUS_LABELS[b.status as keyof typeof BOOKING_STATUS_LABELS] ?? b.status,
          })),
          page,
          pageSize,
        };
      },
    }),
    query({
      method: 'get',
      path: '/meetings/bookings/pending',
      summary: '待我审批的会议室预约',
      permission: 'meeting.use',
      handler: async (ctx) => ({ items: await pendingApprovals(p.readDb, ctx.principal.userId) }),
    }),
    query({
      method: 'get',
      path: '/meetings/bookings/:bookingId',
      summary: '预约详情（含可执行的操作）',
      permission: 'meeting.use',
      handler: async (ctx) => {
        const row = await bookingOf(ctx.params.bookingId);
        const room = await rooms.loadRoom(row.roomId);
        const day = await rooms.loadDay(row.roomId, row.date);
        const b = day.bookings[row.bookingId];
        if (!b) throw notFound('预约不存在');
        const facts = rooms.factsOf(room, actx(ctx));
        const mine =
          b.bookedBy === ctx.principal.userId ||
          facts.adminIds.includes(ctx.principal.userId) ||
          b.attendeeIds.includes(ctx.principal.userId);
        if (!mine && b.unitId !== ctx.principal.unitId) throw forbidden('该预约不在您的数据范围内');
        return {
          ...b,
          roomName: room.profile?.name ?? '',
          statusLabel: BOOKING_STATUS_LABELS[b.status],
          allowedActions: bookingAllowedActions(day, b, facts, ctx.principal, now()),
        };
      },
    }),
    cmd<RescheduleDto>({
      method: 'post',
      path: '/meetings/bookings/:bookingId/reschedule',
      summary: '改期（重新检查冲突；改到另一天即在那天预约并退订原时段）',
      permission: 'meeting.use',
      body: RescheduleDto,
      handler: async (ctx) => {
        const b = await bookingOf(ctx.params.bookingId);
        return settle(await rooms.reschedule(b.roomId, b.date, b.bookingId, ctx.body, actx(ctx)));
      },
    }),
    cmd<ReasonDto>({
      method: 'post',
      path: '/meetings/bookings/:bookingId/cancel',
      summary: '退订（释放时段并通知参会人）',
      permission: 'meeting.use',
      body: ReasonDto,
      handler: async (ctx) => {
        const b = await bookingOf(ctx.params.bookingId);
        return settle(await rooms.cancel(b.roomId, b.date, b.bookingId, ctx.body.reason ?? '', actx(ctx)));
      },
    }),
    cmd({
      method: 'post',
      path: '/meetings/bookings/:bookingId/approve',
      summary: '会议室管理员：同意预约',
      permission: 'meeting.use',
      handler: async (ctx) => {
        const b = await bookingOf(ctx.params.bookingId);
        return settle(await rooms.approve(b.roomId, b.date, b.bookingId, actx(ctx)));
      },
    }),
    cmd<ReasonDto>({
      method: 'post',
      path: '/meetings/bookings/:bookingId/refuse',
      summary: '会议室管理员：不同意预约（须说明理由）',
      permission: 'meeting.use',
      body: ReasonDto,
      handler: async (ctx) => {
        const b = await bookingOf(ctx.params.bookingId);
        return settle(await rooms.refuse(b.roomId, b.date, b.bookingId, ctx.body.reason ?? '', actx(ctx)));
      },
    }),
    // ------------------------------------------------------------------ 会议
    cmd<MeetingDto>({
      method: 'post',
      path: '/meetings',
      summary: '发会议通知（参会单位、人员、议程、时间、会议室；同时预约会议室）',
      permission: 'meeting.use',
      body: MeetingDto,
      handler: async (ctx) => settle(await meetings.issue(ctx.body, actx(ctx))),
    }),
    query<MeetingsQuery & { format?: string }>({
      method: 'get',
      path: '/meetings',
      summary: '我的会议（组织的、受邀的、本单位需报送回执的）',
      permission: 'meeting.use',
      query: MeetingsQuery,
      handler: async (ctx) => {
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await meetingsOf(p.readDb, ctx.principal.userId, {
          q: ctx.query.q,
          from: ctx.query.from ? `${ctx.query.from}T00:00:00.000Z` : undefined,
          to: ctx.query.to ? `${addDays(ctx.query.to, 1)}T00:00:00.000Z` : undefined,
          limit: pageSize,
          offset,
        });
        return { ...r, page, pageSize };
      },
    }),
    query({
      method: 'get',
      path: '/meetings/:id',
      summary: '会议详情：回执汇总（报了/未报）、材料、签到，及可执行的操作',
      permission: 'meeting.use',
      scope: meetingTarget,
      handler: async (ctx) => {
        const s = await meetings.load(ctx.params.id);
        return meetingView(s, ctx);
      },
    }),
    query({
      method: 'get',
      path: '/meetings/:id/check-in/qr',
      summary: '签到二维码（会议组织者）：扫码打开签到页（PNG data URL）',
      permission: 'meeting.use',
      scope: meetingTarget,
      handler: async (ctx) => {
        const s = await meetings.load(ctx.params.id);
        const n = s.notice;
        if (!n) throw notFound('会议不存在');
        if (n.organiserId !== ctx.principal.userId) throw forbidden('只有会议组织者可以查看签到二维码');
        const path = `/meetings/${encodeURIComponent(n.meetingId)}/check-in?code=${encodeURIComponent(n.checkInCode)}`;
        const link = `${ctx.req.protocol}://${ctx.req.get('host') ?? 'localhost'}${path}`;
        const image = await QRCode.toDataURL(link, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 320 });
        return { link, path, image };
      },
    }),
    query<ExportQuery>({
      method: 'get',
      path: '/meetings/:id/attendees',
      summary: '参会人员名单：Excel 导出或 PDF 打印',
      permission: 'meeting.use',
      scope: meetingTarget,
      query: ExportQuery,
      raw: true,
      produces: XLSX,
      handler: async (ctx) => {
        const s = await meetings.load(ctx.params.id);
        const sheet = attendeeSheet(s);
        const res: Response = ctx.res;
        if (ctx.query.format === 'pdf') {
          let pdf: Buffer;
          try {
            pdf = await attendeesPdf(sheet);
          } catch {
            throw new HttpProblem(503, '服务不可用', '打印需要中文字体（fonts-noto-cjk），服务器未安装', {
              code: 'meeting.port_unavailable',
            });
          }
          res.status(200).type('application/pdf');
          res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent('参会人员名单')}.pdf`);
          res.send(pdf);
          return;
        }
        res.status(200).type(XLSX);
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('参会人员名单')}.xlsx`);
        res.send(await attendeesWorkbook(sheet));
      },
    }),
    cmd<ReplyDto>({
      method: 'post',
      path: '/meetings/:id/reply',
      summary: '回执：报送本单位参会人员（姓名、单位、职务、电话）',
      permission: 'meeting.use',
      body: ReplyDto,
      handler: async (ctx) => settle(await meetings.reply(ctx.params.id, ctx.body, actx(ctx))),
    }),
    cmd<AnswerDto>({
      method: 'post',
      path: '/meetings/:id/answer',
      summary: '参会确认：参加，或不参加（可指定代参会人员）',
      permission: 'meeting.use',
      body: AnswerDto,
      handler: async (ctx) => settle(await meetings.answer(ctx.params.id, ctx.body, actx(ctx))),
    }),
    cmd({
      method: 'post',
      path: '/meetings/:id/urge',
      summary: '催报：提醒尚未报送回执的单位和人员',
      permission: 'meeting.use',
      handler: async (ctx) => settle(await meetings.urgeReplies(ctx.params.id, actx(ctx))),
    }),
    cmd({
      method: 'post',
      path: '/meetings/:id/materials',
      summary: '下发会议材料（请求体为文件原始内容，文件名放在 X-File-Name 头）',
      permission: 'meeting.use',
      responses: { 413: '材料超过 20 MB' },
      handler: async (ctx) => {
        const f = await readFile(ctx.req);
        const stored = files.put(f.bytes);
        return settle(await meetings.distribute(ctx.params.id, { name: f.fileName, sha256: stored.sha256, size: stored.bytes }, actx(ctx)));
      },
    }),
    query({
      method: 'get',
      path: '/meetings/:id/files/:sha256',
      summary: '下载会议材料（下发的或各单位报送的）',
      permission: 'meeting.use',
      scope: meetingTarget,
      raw: true,
      produces: 'application/octet-stream',
      handler: async (ctx) => {
        const s = await meetings.load(ctx.params.id);
        const sha = ctx.params.sha256;
        const all = [
          ...s.materials.map((m) => ({ name: m.name, sha256: m.sha256 })),
          ...Object.values(s.requests).flatMap((r) => Object.values(r.submitted).map((x) => ({ name: x.name, sha256: x.sha256 }))),
        ];
        const f = all.find((x) => x.sha256 === sha);
        if (!f || !/^[0-9a-f]{64}$/.test(sha) || !files.has(FileStore.keyOf(sha))) throw notFound('材料不存在');
        const res: Response = ctx.res;
        res.status(200).type('application/octet-stream');
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
        res.send(files.get(FileStore.keyOf(sha)));
      },
    }),
    cmd<MaterialRequestDto>({
      method: 'post',
      path: '/meetings/:id/material-requests',
      summary: '征集材料：请参会单位在截止时间前报送',
      permission: 'meeting.use',
      body: MaterialRequestDto,
      handler: async (ctx) => settle(await meetings.requestMaterials(ctx.params.id, ctx.body, actx(ctx))),
    }),
    cmd<unknown, UnitQuery>({
      method: 'post',
      path: '/meetings/:id/material-requests/:requestId/submit',
      summary: '报送材料（本单位会务联系人；请求体为文件原始内容，文件名放在 X-File-Name 头）',
      permission: 'meeting.use',
      query: UnitQuery,
      responses: { 413: '材料超过 20 MB' },
      handler: async (ctx) => {
        const f = await readFile(ctx.req);
        const stored = files.put(f.bytes);
        return settle(
          await meetings.submitMaterial(
            ctx.params.id,
            ctx.params.requestId,
            ctx.query.unitId,
            { name: f.fileName, sha256: stored.sha256, size: stored.bytes },
            actx(ctx),
          ),
        );
      },
    }),
    cmd({
      method: 'post',
      path: '/meetings/:id/material-requests/:requestId/urge',
      summary: '催报材料：提醒未交的单位',
      permission: 'meeting.use',
      handler: async (ctx) => settle(await meetings.urgeMaterials(ctx.params.id, ctx.params.requestId, actx(ctx))),
    }),
    cmd<CheckInDto>({
      method: 'post',
      path: '/meetings/:id/check-in',
      summary: '签到（签到码或扫码）',
      permission: 'meeting.use',
      body: CheckInDto,
      handler: async (ctx) => settle(await meetings.checkIn(ctx.params.id, ctx.body.code, ctx.body.method ?? 'code', actx(ctx))),
    }),
    cmd<ManualCheckInDto>({
      method: 'post',
      path: '/meetings/:id/check-in/manual',
      summary: '代签到（会议组织者）',
      permission: 'meeting.use',
      body: ManualCheckInDto,
      handler: async (ctx) => settle(await meetings.checkInFor(ctx.params.id, ctx.body.userId, actx(ctx))),
    }),
    cmd<ReasonDto>({
      method: 'post',
      path: '/meetings/:id/cancel',
      summary: '取消会议（通知参会单位和人员，并退订会议室）',
      permission: 'meeting.use',
      body: ReasonDto,
      handler: async (ctx) => settle(await meetings.cancel(ctx.params.id, ctx.body.reason ?? '', actx(ctx))),
    }),
  ];
}
