import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  ApplyCorrectionDto,
  ApplyLeaveDto,
  ApplyOvertimeDto,
  ApplyTripDto,
  AttendanceCommands,
  BalanceCommands,
  CarryOverDto,
  EntitleDto,
  QuotaDto,
  ReportBackDto,
  type AttendanceContext,
} from '../../commands/attendance';
import { leaveDays } from '../../domain/attendance/application.decide';
import {
  APPLICATION_KIND_LABELS,
  APPLICATION_STATUS_LABELS,
  type ApplicationKind,
  type ApplicationStatus,
} from '../../domain/attendance/application.events';
import { amountOf, available } from '../../domain/attendance/balance.events';
import { COMP_TIME, LEAVE_TYPES } from '../../domain/attendance/rules';
import { scopeCovers, type DataScope } from '../../domain/org/permissions';
import { DomainError } from '../../domain/shared/errors';
import { openTasks } from '../../domain/workflow/instance.events';
import {
  applicationRow,
  approvedTrips,
  listApplications,
  type ApplicationFilter,
  type ApplicationRow,
} from '../../projections/attendance/queries';
import { scopeFor, type Principal } from '../auth/principal';
import { notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { applicationsWorkbook } from '../../reports/attendance/applications-excel';
import { statementWorkbook } from '../../reports/attendance/statement-excel';
import { MonthCommands, PunchFileInvalid } from '../../commands/attendance';
import { badRequest } from '../http/problem';
import { monthStatement, unitPeople } from './statement';
import { workflowServices } from '../workflow/routes';
import { applicationAllowedActions } from './allowed-actions';
import { APPLICATION_DETAIL_SCHEMA, APPLICATION_PAGE_SCHEMA, BALANCE_SCHEMA, PREVIEW_SCHEMA, balanceView } from './views';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TAG = '考勤管理';

export class ApplicationQuery extends PageQuery {
  @IsOptional() @IsIn(['leave', 'trip', 'overtime', 'correction'], { message: '申请类型无效' }) kind?: string;
  @IsOptional() @IsIn(['pending', 'approved', 'rejected', 'cancelled', 'terminated'], { message: '状态无效' }) status?: string;
  @IsOptional() @IsIn([...LEAVE_TYPES], { message: '假别无效' }) leaveType?: string;
  @IsOptional() @Matches(DAY, { message: '日期格式应为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DAY, { message: '日期格式应为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @IsString() @MaxLength(50, { message: '关键词不能超过 50 个字' }) q?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/, { message: '部门格式不正确' }) departmentId?: string;
  @IsOptional() @IsIn(['json', 'xlsx'], { message: '格式应为 json 或 xlsx' }) format?: 'json' | 'xlsx';
}

export class ClockInDto {
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度必须是数字' })
  @Min(-90, { message: '纬度无效' })
  @Max(90, { message: '纬度无效' })
  lat?: number;
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度必须是数字' })
  @Min(-180, { message: '经度无效' })
  @Max(180, { message: '经度无效' })
  lng?: number;
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '精度必须是数字' })
  @Min(0, { message: '精度无效' })
  @Max(100000, { message: '精度无效' })
  accuracy?: number;
}

export class ImportQuery {
  @IsOptional() @IsString() @MaxLength(200, { message: '文件名过长' }) fileName?: string;
}

export class StatementQuery {
  @IsOptional() @IsIn(['json', 'xlsx'], { message: '格式应为 json 或 xlsx' }) format?: 'json' | 'xlsx';
}

export class YearQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度无效' })
  @Max(2100, { message: '年度无效' })
  year?: number;
}

export class PreviewQuery {
  @IsIn([...LEAVE_TYPES], { message: '假别无效' }) leaveType!: string;
  @Matches(DAY, { message: '开始日期格式应为 YYYY-MM-DD' }) startDate!: string;
  @IsIn(['am', 'pm'], { message: '开始时段应为 am 或 pm' }) startHalf!: 'am' | 'pm';
  @Matches(DAY, { message: '结束日期格式应为 YYYY-MM-DD' }) endDate!: string;
  @IsIn(['am', 'pm'], { message: '结束时段应为 am 或 pm' }) endHalf!: 'am' | 'pm';
}

function actx(ctx: RouteContext): AttendanceContext {
  const who = ctx.principal;
  return {
    actorId: who.userId,
    actorName: who.displayName,
    unitId: who.unitId,
    departmentId: who.departmentId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
  };
}

const shanghaiYear = (iso: string) => Number(new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 4));

/** The rows a principal may see in the monitoring view: the widest scope of attendance.admin. */
function adminFilter(who: Principal): ApplicationFilter {
  const scope: DataScope = scopeFor(who, 'attendance.admin') ?? 'self';
  if (scope === 'all') return {};
  if (scope === 'unit') return { unitId: who.unitId ?? '-' };
  if (scope === 'department' || scope === 'department_tree') return { departmentId: who.departmentId ?? '-' };
  return { personId: who.userId };
}

/**
 * The attendance API (考勤管理), declared as data:
 *
 *   POST /attendance/leave | /trips | /overtime | /corrections       申请 (starts the approval process)
 *   GET  /attendance/leave/preview                                    天数与余额预览 (the form shows it; appends nothing)
 *   GET  /attendance/my/applications, /attendance/my/balance          我的考勤：申请记录、假期余额及其变动
 *   GET  /attendance/applications                                     考勤监控 (attendance.admin, within its data scope)
 *   GET  /attendance/applications/:id                                 详情 + allowedActions
 *   POST /attendance/applications/:id/report-back | /withdraw         销假 · 撤回
 *   GET  /attendance/balances/:personId                               某人的假期余额 (attendance.admin)
 *   POST /attendance/balances/:personId/entitlement | /quota | /carry-over   核定年休假 · 设定额度 · 结转
 *   GET  /attendance/trips/approved                                   已批准的出差 (费用报销引用)
 */
export function attendanceRoutes(p: Platform): RouteDef[] {
  const { wf, relay } = workflowServices(p);
  const att = new AttendanceCommands(p.commands, wf, PUBLIC_HOLIDAYS);
  const balances = new BalanceCommands(p.commands);
  const months = new MonthCommands(p.commands);
  const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  const monthParam = (ctx: RouteContext) => {
    if (!MONTH.test(ctx.params.month)) throw badRequest('月份格式应为 YYYY-MM', [{ field: 'month', message: '月份格式应为 YYYY-MM' }]);
    return ctx.params.month;
  };
  const adminUnit = (ctx: RouteContext) => {
    if (!ctx.principal.unitId) throw new DomainError('forbidden', 'attendance.no_post', '当前用户不在组织机构中');
    return ctx.principal.unitId;
  };
  /** The raw body of an upload (CSV text or an .xlsx), at most 20 MB. */
  const readBody = (ctx: RouteContext): Promise<Buffer> =>
    new Promise((ok, fail) => {
      const chunks: Buffer[] = [];
      let n = 0;
      ctx.req.on('data', (c: Buffer) => {
        n += c.length;
        if (n > 20 * 1024 * 1024) {
          fail(badRequest('文件不能超过 20 MB', [{ field: 'file', message: '文件不能超过 20 MB' }]));
          ctx.req.destroy();
        } else chunks.push(c);
      });
      ctx.req.on('end', () => ok(Buffer.concat(chunks)));
      ctx.req.on('error', fail);
    });

  const settled = async <T extends { position: number }>(r: T): Promise<T> => {
    const caughtUp = r.position > 0 && (await p.projections.waitFor(r.position, { timeoutMs: 5000 }).catch(() => false));
    await relay.kick(caughtUp ? r.position : undefined);
    return r;
  };
  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({ tag: TAG, command: true, ...def });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: TAG, ...def });

  /** The application's row, or 404. */
  const rowOf = async (id: string): Promise<ApplicationRow> => {
    const r = await applicationRow(p.readDb, id);
    if (!r) throw notFound('申请不存在');
    return r;
  };
  /** Own applications: the person; others: attendance.admin within its scope. */
  const applicationTarget = async (ctx: RouteContext) => {
    const r = await rowOf(ctx.params.id);
    if (r.personId === ctx.principal.userId) return null;
    return { unitId: r.unitId, departmentId: r.departmentId, ownerId: r.personId, resource: `attendance-application-${r.id}` };
  };
  const personTarget = async (ctx: RouteContext) => {
    const u = await p.org.userById(ctx.params.personId);
    if (!u) throw notFound('人员不存在');
    return { unitId: u.unitId, departmentId: u.departmentId, ownerId: u.userId, resource: `attendance-balance-${u.userId}` };
  };

  const names = async () => {
    const s = await p.directory.snapshot();
    return (id: string) => s.users.get(id)?.name ?? id;
  };
  /** 当前在哪个环节、由谁办理 (from the process: the engine decided who must act). */
  const waitingAt = async (r: ApplicationRow, name: (id: string) => string) => {
    if (r.status !== 'pending') return [];
    const s = await wf.instanceState(r.processId);
    if (!s.definition) return [];
    const byNode = new Map<string, string[]>();
    for (const t of openTasks(s)) {
      if (t.kind === 'read') continue;
      const list = byNode.get(t.nodeId) ?? [];
      list.push(name(t.actingDelegate ?? t.assignee));
      byNode.set(t.nodeId, list);
    }
    return [...byNode].map(([nodeId, assignees]) => ({
      nodeName: s.definition!.nodes.find((n) => n.id === nodeId)?.name ?? nodeId,
      assignees,
    }));
  };
  const item = async (r: ApplicationRow, name: (id: string) => string) => ({
    ...r,
    kindLabel: APPLICATION_KIND_LABELS[r.kind as ApplicationKind] ?? r.kind,
    statusLabel: APPLICATION_STATUS_LABELS[r.status as ApplicationStatus] ?? r.status,
    waitingAt: await waitingAt(r, name),
  });
  const page = async (f: ApplicationFilter, q: ApplicationQuery) => {
    const { page: pg, pageSize, offset } = pageOf(q);
    const { items, total } = await listApplications(p.readDb, f, { offset, limit: pageSize });
    const name = await names();
    return { items: await Promise.all(items.map((r) => item(r, name))), total, page: pg, pageSize };
  };
  const filterOf = (q: ApplicationQuery): ApplicationFilter => ({
    kind: q.kind,
    status: q.status,
    leaveType: q.leaveType,
    from: q.from,
    to: q.to,
    q: q.q,
  });

  return [
    // ------------------------------------------------------------------ 申请
    cmd<ApplyLeaveDto>({
      method: 'post',
      path: '/attendance/leave',
      summary: '请休假：天数按工作日历（含法定节假日与调休）由开始/结束日期及上下午计算，校验并占用假期余额，发起请休假审批',
      permission: 'attendance.use',
      body: ApplyLeaveDto,
      responses: { 400: '表单不合法（errors 指出字段）', 422: '假期余额不足（给出可用与申请的天数）或找不到审批人' },
      handler: async (ctx) => settled(await att.applyLeave(ctx.body, actx(ctx))),
    }),
    cmd<ApplyTripDto>({
      method: 'post',
      path: '/attendance/trips',
      summary: '国内出差申请（目的地、日期、事由、交通工具、同行人员），发起出差审批',
      permission: 'attendance.use',
      body: ApplyTripDto,
      handler: async (ctx) => {
        for (const c of ctx.body.companions ?? []) {
          const u = await p.org.userById(c);
          if (!u || !u.active) throw new DomainError('invalid', 'attendance.companion', `同行人员 ${c} 不存在或已停用`, 'companions');
        }
        return settled(await att.applyTrip(ctx.body, actx(ctx)));
      },
    }),
    cmd<ApplyOvertimeDto>({
      method: 'post',
      path: '/attendance/overtime',
      summary: '加班申请（日期、时长、事由）；批准后按小时计入调休余额',
      permission: 'attendance.use',
      body: ApplyOvertimeDto,
      handler: async (ctx) => settled(await att.applyOvertime(ctx.body, actx(ctx))),
    }),
    cmd<ApplyCorrectionDto>({
      method: 'post',
      path: '/attendance/corrections',
      summary: '补签申请（漏打上班/下班卡，附原因）',
      permission: 'attendance.use',
      body: ApplyCorrectionDto,
      handler: async (ctx) => settled(await att.applyCorrection(ctx.body, actx(ctx))),
    }),
    query<PreviewQuery>({
      method: 'get',
      path: '/attendance/leave/preview',
      summary: '请假天数与余额预览（不提交）',
      permission: 'attendance.use',
      query: PreviewQuery,
      response: { name: 'AttendanceLeavePreview', schema: PREVIEW_SCHEMA },
      handler: async (ctx) => {
        const days = leaveDays(ctx.query, PUBLIC_HOLIDAYS);
        const { state } = await balances.load(ctx.principal.userId, Number(ctx.query.startDate.slice(0, 4)));
        const t = ctx.query.leaveType;
        return { days, amount: amountOf(t, days), unit: t === COMP_TIME ? '小时' : '天', available: available(state, t) };
      },
    }),

    // ------------------------------------------------------------------ 我的考勤
    query<ApplicationQuery>({
      method: 'get',
      path: '/attendance/my/applications',
      summary: '我的考勤申请（请假、出差、加班、补签）及办理进度',
      permission: 'attendance.use',
      query: ApplicationQuery,
      response: { name: 'AttendanceApplicationPage', schema: APPLICATION_PAGE_SCHEMA },
      handler: (ctx) => page({ ...filterOf(ctx.query), personId: ctx.principal.userId }, ctx.query),
    }),
    query<YearQuery>({
      method: 'get',
      path: '/attendance/my/balance',
      summary: '我的假期余额（年休假、结转、调休小时及设定额度的假别）及每一笔变动',
      permission: 'attendance.use',
      query: YearQuery,
      response: { name: 'AttendanceBalance', schema: BALANCE_SCHEMA },
      handler: async (ctx) => {
        const year = ctx.query.year ?? shanghaiYear(ctx.now);
        const { state, events } = await balances.load(ctx.principal.userId, year);
        return balanceView(ctx.principal.userId, year, state, events);
      },
    }),

    // ------------------------------------------------------------------ 考勤监控
    query<ApplicationQuery>({
      method: 'get',
      path: '/attendance/applications',
      summary: '考勤监控：本人数据范围内的全部申请，含状态与当前办理环节，可按类型、状态、假别、日期、部门、姓名筛选（?format=xlsx 导出）',
      permission: 'attendance.admin',
      query: ApplicationQuery,
      response: { name: 'AttendanceApplicationPage', schema: APPLICATION_PAGE_SCHEMA },
      handler: async (ctx) => {
        const scope = adminFilter(ctx.principal);
        const f: ApplicationFilter = { ...filterOf(ctx.query), ...scope };
        if (ctx.query.departmentId && !scope.departmentId) f.departmentId = ctx.query.departmentId;
        if (ctx.query.format === 'xlsx') {
          const { items } = await listApplications(p.readDb, f, { offset: 0, limit: 10_000 });
          const name = await names();
          const rows = await Promise.all(
            items.map(async (r) => ({
              ...r,
              waiting: (await waitingAt(r, name)).map((w) => `${w.nodeName}（${w.assignees.join('、')}）`).join('；'),
            })),
          );
          ctx.res
            .status(200)
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('考勤申请.xlsx')}`);
          ctx.res.send(await applicationsWorkbook(rows));
          return undefined;
        }
        return page(f, ctx.query);
      },
    }),
    query({
      method: 'get',
      path: '/attendance/applications/:id',
      summary: '考勤申请详情：表单、状态、当前办理环节与可执行的操作',
      permission: 'attendance.use',
      scope: applicationTarget,
      response: { name: 'AttendanceApplicationDetail', schema: APPLICATION_DETAIL_SCHEMA },
      handler: async (ctx) => {
        const r = await rowOf(ctx.params.id);
        if (r.personId !== ctx.principal.userId) {
          const s = scopeFor(ctx.principal, 'attendance.admin');
          if (!s || !scopeCovers(s, 'self')) throw notFound('申请不存在');
        }
        const state = await att.application(r.id);
        const name = await names();
        return {
          application: await item(r, name),
          form: state.requested ?? {},
          allowedActions: await applicationAllowedActions(att, wf, state, ctx.principal.userId, ctx.now),
        };
      },
    }),
    cmd<ReportBackDto>({
      method: 'post',
      path: '/attendance/applications/:id/report-back',
      summary: '销假：按实际结束日期重算天数，余额随之调整（提前退回、续假须有余额）',
      permission: 'attendance.use',
      scope: applicationTarget,
      body: ReportBackDto,
      handler: async (ctx) => settled(await att.reportBack(ctx.params.id, ctx.body, actx(ctx))),
    }),
    cmd({
      method: 'post',
      path: '/attendance/applications/:id/withdraw',
      summary: '撤回审批中的申请（占用的余额退回）',
      permission: 'attendance.use',
      scope: applicationTarget,
      handler: async (ctx) => settled(await att.withdraw(ctx.params.id, actx(ctx))),
    }),

    // ------------------------------------------------------------------ 余额管理
    query<YearQuery>({
      method: 'get',
      path: '/attendance/balances/:personId',
      summary: '某人的假期余额及变动（考勤管理员，数据范围内）',
      permission: 'attendance.admin',
      scope: personTarget,
      query: YearQuery,
      response: { name: 'AttendanceBalance', schema: BALANCE_SCHEMA },
      handler: async (ctx) => {
        const year = ctx.query.year ?? shanghaiYear(ctx.now);
        const { state, events } = await balances.load(ctx.params.personId, year);
        return balanceView(ctx.params.personId, year, state, events);
      },
    }),
    cmd<EntitleDto>({
      method: 'post',
      path: '/attendance/balances/:personId/entitlement',
      summary: '核定年休假（按参加工作日期累计年限 5/10/15 天，入职当年折算）',
      permission: 'attendance.admin',
      scope: personTarget,
      body: EntitleDto,
      handler: async (ctx) => settled(await balances.entitle(ctx.params.personId, ctx.body, actx(ctx))),
    }),
    cmd<QuotaDto>({
      method: 'post',
      path: '/attendance/balances/:personId/quota',
      summary: '设定假别额度（年休假、调休以外的假别）',
      permission: 'attendance.admin',
      scope: personTarget,
      body: QuotaDto,
      handler: async (ctx) => settled(await balances.setQuota(ctx.params.personId, ctx.body, actx(ctx))),
    }),
    cmd<CarryOverDto>({
      method: 'post',
      path: '/attendance/balances/:personId/carry-over',
      summary: '结转上年未休年休假（不超过设定上限，至有效期当日止）',
      permission: 'attendance.admin',
      scope: personTarget,
      body: CarryOverDto,
      handler: async (ctx) => settled(await balances.carryOver(ctx.params.personId, ctx.body, actx(ctx))),
    }),

    // ------------------------------------------------------------------ 打卡与月报
    cmd({
      method: 'post',
      path: '/attendance/punches/import',
      summary: '导入考勤机打卡记录（CSV 或 Excel：工号、时间、设备；请求体为文件本身）：逐行校验，有错误的行报告行号，整个文件不导入',
      permission: 'attendance.admin',
      query: ImportQuery,
      responses: { 400: '文件有错误（errors 逐行给出行号与原因），未导入任何记录', 422: '该月已月结' },
      handler: async (ctx: RouteContext<unknown, ImportQuery>) => {
        const unitId = adminUnit(ctx);
        const type = String(ctx.req.headers['content-type'] ?? '');
        const xlsx = /spreadsheetml|excel|octet-stream/.test(type);
        if (!xlsx && !/text\/(csv|plain)/.test(type))
          throw badRequest('请上传 CSV（text/csv）或 Excel（.xlsx）文件', [{ field: 'file', message: '文件类型不支持' }]);
        const raw = await readBody(ctx);
        const byNo = new Map((await unitPeople(p, unitId)).map((u) => [u.username, u.personId]));
        try {
          const r = await months.importPunches(
            unitId,
            {
              fileName: ctx.query.fileName ?? (xlsx ? '打卡记录.xlsx' : '打卡记录.csv'),
              format: xlsx ? 'xlsx' : 'csv',
              content: xlsx ? raw.toString('base64') : raw.toString('utf8'),
            },
            (no) => byNo.get(no) ?? null,
            actx(ctx),
          );
          return settled(r);
        } catch (e) {
          if (e instanceof PunchFileInvalid) throw badRequest(`文件有 ${e.errors.length} 处错误，未导入任何记录：${e.message}`, e.errors);
          throw e;
        }
      },
    }),
    cmd<ClockInDto>({
      method: 'post',
      path: '/attendance/punches/clock-in',
      summary: '手机打卡（外勤人员）：记录当前时间与可选的定位',
      permission: 'attendance.use',
      body: ClockInDto,
      handler: async (ctx) => {
        const b = ctx.body;
        const position =
          b.lat !== undefined && b.lng !== undefined
            ? { lat: b.lat, lng: b.lng, ...(b.accuracy !== undefined ? { accuracy: b.accuracy } : {}) }
            : null;
        return settled(await months.clockIn(position, actx(ctx)));
      },
    }),
    query<StatementQuery>({
      method: 'get',
      path: '/attendance/statements/:month',
      summary: '考勤月报：本单位每人每日的考勤情况与合计，及考勤出差/请假/加班/补签数；月结后为冻结的月报（?format=xlsx 按打印格式导出）',
      permission: 'attendance.admin',
      query: StatementQuery,
      handler: async (ctx) => {
        const month = monthParam(ctx);
        const s = await monthStatement(p, months, adminUnit(ctx), month);
        if (ctx.query.format === 'xlsx') {
          const [y, m] = month.split('-');
          const note = s.closed ? `已于 ${s.closed.at.slice(0, 10)} 月结` : '未月结';
          const buf = await statementWorkbook(`${s.unitName} ${y}年${Number(m)}月 考勤月报`, month, s.rows, note);
          ctx.res
            .status(200)
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .setHeader(
              'Content-Disposition',
              `attachment; filename*=UTF-8''${encodeURIComponent(`${s.unitName}${y}年${Number(m)}月考勤月报.xlsx`)}`,
            );
          ctx.res.send(buf);
          return undefined;
        }
        return s;
      },
    }),
    cmd({
      method: 'post',
      path: '/attendance/statements/:month/close',
      summary: '月结：冻结本单位该月的考勤月报（月份结束后；之后的补签计入下月）',
      permission: 'attendance.admin',
      handler: async (ctx) => {
        const month = monthParam(ctx);
        const unitId = adminUnit(ctx);
        const s = await monthStatement(p, months, unitId, month);
        if (s.closed)
          throw new DomainError('conflict', 'attendance.month_closed', `${month} 已于 ${s.closed.at.slice(0, 10)} 月结`, 'month');
        const r = await months.close(unitId, month, s.rows, s.punches, actx(ctx));
        return settled({ month, ...r });
      },
    }),

    // ------------------------------------------------------------------ 费用引用
    query({
      method: 'get',
      path: '/attendance/trips/approved',
      summary: '本人已批准的国内出差（费用报销据此引用）',
      permission: 'attendance.use',
      response: { name: 'AttendanceApplicationPage', schema: APPLICATION_PAGE_SCHEMA },
      handler: async (ctx) => {
        const rows = await approvedTrips(p.readDb, ctx.principal.userId);
        const name = await names();
        const items = await Promise.all(rows.map((r) => item(r, name)));
        return { items, total: items.length, page: 1, pageSize: items.length };
      },
    }),
  ];
}
