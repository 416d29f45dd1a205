import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { HOLIDAY_CALENDAR_STREAM, holidayCalendarDecider } from '../../domain/workflow/holiday-calendar';
import { BUILT_IN_HOLIDAYS, PUBLIC_HOLIDAYS, refreshHolidays } from '../workflow/calendar';
import { badRequest, notFound } from '../http/problem';
import { result, type RouteContext, type RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * 系统管理 (系统管理员, permission 'system.config'): the projections (read models) — position, lag,
 * state, parked events with their errors — a rebuild that runs while the old tables keep serving
 * (progress = the rebuild's position against the head, in the status), and a retry of a parked event.
 * Org editing is the org context's routes (permission 'org.admin').
 */
const NAME = /^[a-z][a-z0-9_]{0,63}$/;

export class HolidayYearDto {
  /** 放假日期（YYYY-MM-DD） */
  @IsArray() @ArrayMaxSize(120) @IsString({ each: true }) holidays!: string[];
  /** 调休上班日期（周末，YYYY-MM-DD） */
  @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) extraWorkdays!: string[];
  /** 通知名称 */
  @IsString() @MaxLength(200) notice!: string;
}

async function known(p: Platform, name: string): Promise<void> {
  if (!NAME.test(name) || !(await p.projections.status()).some((s) => s.name === name)) throw notFound('没有这个投影');
}

export function sysadminRoutes(p: Platform): RouteDef[] {
  // the calendar in force: the entered years over the built-in ones (refreshed again after each entry)
  refreshHolidays(p.store).catch((err: unknown) => p.log.error({ err }, 'holiday calendar not loaded'));
  return [
    {
      method: 'get',
      path: '/system/holidays',
      summary: '节假日安排：各年份的放假与调休（内置年份与系统管理员录入的年份）',
      tag: '系统管理',
      permission: 'system.config',
      handler: async () => {
        const s = await refreshHolidays(p.store);
        const years = new Set<number>([
          ...[...(BUILT_IN_HOLIDAYS.holidays ?? []), ...(BUILT_IN_HOLIDAYS.extraWorkdays ?? [])].map((d) => Number(d.slice(0, 4))),
          ...Object.keys(s.years).map(Number),
        ]);
        return {
          years: [...years]
            .sort((a, b) => b - a)
            .map((year) => {
              const e = s.years[year];
              const of = (xs: readonly string[]) => xs.filter((d) => d.startsWith(`${year}-`));
              return {
                year,
                source: e ? 'entered' : 'built-in',
                notice: e?.notice ?? `国务院办公厅关于${year}年部分节假日安排的通知（内置）`,
                enteredBy: e?.enteredBy ?? null,
                at: e?.at ?? null,
                holidays: of(PUBLIC_HOLIDAYS.holidays),
                extraWorkdays: of(PUBLIC_HOLIDAYS.extraWorkdays),
              };
            }),
        };
      },
    },
    {
      method: 'put',
      path: '/system/holidays/:year',
      summary: '录入某年节假日安排（按国务院办公厅通知；替换该年内置数据，办理时限随即按新安排计算）',
      tag: '系统管理',
      permission: 'system.config',
      command: true,
      body: HolidayYearDto,
      handler: async (ctx: RouteContext<HolidayYearDto>) => {
        const year = Number(ctx.params.year);
        await p.commands.handle({
          streamId: HOLIDAY_CALENDAR_STREAM,
          decider: holidayCalendarDecider,
          command: {
            type: 'EnterHolidayYear',
            data: { year, holidays: ctx.body.holidays, extraWorkdays: ctx.body.extraWorkdays, notice: ctx.body.notice },
          },
          commandId: ctx.commandId,
          metadata: { actorId: ctx.principal.userId, unitId: ctx.principal.unitId, correlationId: ctx.requestId, clientIp: ctx.clientIp },
        });
        const s = await refreshHolidays(p.store);
        return result(200, { year, entered: s.years[year] ?? null });
      },
    },
    {
      method: 'get',
      path: '/system/projections',
      summary: '各投影（读模型）的位置、延迟、状态与挂起事件数',
      tag: '系统管理',
      permission: 'system.config',
      handler: async () => {
        const items = await p.projections.status();
        return { items, headPosition: items[0]?.headPosition ?? (await p.store.headPosition()) };
      },
    },
    {
      method: 'post',
      path: '/system/projections/:name/rebuild',
      summary: '重建投影（旧表继续服务，完成后切换；进度见状态）',
      tag: '系统管理',
      permission: 'system.config',
      command: true,
      responses: { 404: '没有这个投影', 409: '投影由另一进程持有' },
      handler: async (ctx: RouteContext) => {
        await known(p, ctx.params.name);
        if (!p.projections.rebuild) throw badRequest('本节点不能重建投影');
        const done = p.projections.rebuild(ctx.params.name);
        // the answer does not wait for the swap: the page follows the progress in the status
        done.catch((err: unknown) => p.log.error({ err, projection: ctx.params.name }, 'rebuild failed'));
        await new Promise((r) => setTimeout(r, 50));
        const status = (await p.projections.status()).find((s) => s.name === ctx.params.name);
        return result(202, { started: true, status });
      },
    },
    {
      method: 'get',
      path: '/system/projections/:name/parked',
      summary: '某投影的挂起事件（位置、类型、错误）',
      tag: '系统管理',
      permission: 'system.config',
      handler: async (ctx: RouteContext) => {
        await known(p, ctx.params.name);
        const rows = (await p.projections.parked?.(ctx.params.name)) ?? [];
        return {
          items: rows.map((r) => ({
            position: Number(r.position),
            eventId: r.event_id,
            type: r.type,
            error: r.error,
            parkedAt: r.parked_at,
          })),
        };
      },
    },
    {
      method: 'post',
      path: '/system/projections/:name/parked/:position/retry',
      summary: '重试一个挂起事件',
      tag: '系统管理',
      permission: 'system.config',
      command: true,
      handler: async (ctx: RouteContext) => {
        await known(p, ctx.params.name);
        const position = Number(ctx.params.position);
        if (!Number.isInteger(position) || position < 1) throw badRequest('位置不合法', [{ field: 'position', message: '须为正整数' }]);
        const r = (await p.projections.retryParked?.(ctx.params.name, position)) ?? { ok: false, error: 'unsupported' };
        if (!r.ok && r.error === 'not parked') throw notFound('该事件不在挂起列表中');
        return result(200, r);
      },
    },
  ];
}
