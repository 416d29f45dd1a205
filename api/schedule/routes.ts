import type { Response } from 'express';
import { IsOptional, Matches } from 'class-validator';
import { CalendarCommands, feedTokenHash } from '../../commands/schedule/calendar-commands';
import { EntryDto, SecretaryDto, SharingDto } from '../../commands/schedule/dtos';
import type { ActorContext } from '../../commands/meetings/kit';
import { addDays, shanghaiDate, shanghaiInstant, weekdayOf } from '../../domain/meetings/time';
import { ENTRY_KIND_LABELS } from '../../domain/schedule/calendar.events';
import {
  calendarItems,
  feedOwner,
  keptBy,
  publishedOwners,
  secretariesOf,
  sharedWithMe,
  sharesOf,
  type CalendarItem,
} from '../../projections/schedule/queries';
import { icsCalendar, type IcsEvent } from '../../reports/schedule/ics';
import { HttpProblem, badRequest, forbidden, notFound } from '../http/problem';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { publishNotifications } from '../meetings/notifications';
import { directoryOrg, leadsDepartmentOf } from '../meetings/org';

/**
 * 日程 HTTP routes (under /api/schedule). A calendar is readable in full by its owner, the owner's
 * secretaries and the leader of the owner's department (or one above it); as 忙闲 or 详情 by whom the
 * owner shared it with (by default, or per entry). It is written by its owner or a secretary (recorded
 * as the secretary on behalf of the owner). The leaders' week (领导活动安排) shows published entries.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class CalendarQuery {
  @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from!: string;
  @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to!: string;
  /** Whose calendar (default: mine). */
  @IsOptional() @Matches(ID) userId?: string;
}

export class OwnerQuery {
  /** The leader whose calendar a secretary keeps (default: mine). */
  @IsOptional() @Matches(ID) ownerId?: string;
}

export class WeekQuery {
  @IsOptional() @Matches(DATE, { message: '日期须为 YYYY-MM-DD' }) date?: string;
}

type Access = 'full' | 'busy' | 'entries';

const KIND_LABELS: Record<string, string> = { ...ENTRY_KIND_LABELS, meeting: '会议', booking: '会议室', leave: '请假', trip: '出差' };

export function scheduleRoutes(p: Platform): RouteDef[] {
  const org = directoryOrg(p);
  const calendars = new CalendarCommands(p.commands, org);
  const actx = (ctx: RouteContext): ActorContext => ({
    actorId: ctx.principal.userId,
    actorName: ctx.principal.displayName,
    unitId: ctx.principal.unitId,
    departmentId: ctx.principal.departmentId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
  });
  const settle = async <T extends { recorded?: unknown }>(o: T) => {
    publishNotifications(p, o.recorded as never);
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    const { recorded: _r, ...rest } = o;
    return rest;
  };
  const cmd = <B, Q = unknown>(def: Omit<RouteDef<B, Q>, 'command' | 'tag'>): RouteDef<B, Q> => ({ tag: '日程', command: true, ...def });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '日程', ...def });

  /** How much of `ownerId`'s calendar `viewerId` sees. */
  const accessTo = async (viewerId: string, ownerId: string): Promise<Access> => {
    if (viewerId === ownerId) return 'full';
    if ((await keptBy(p.readDb, viewerId)).includes(ownerId)) return 'full';
    if (await leadsDepartmentOf(p, viewerId, ownerId)) return 'full';
    const share = (await sharedWithMe(p.readDb, viewerId)).find((s) => s.ownerId === ownerId);
    if (share) return share.level;
    return 'entries';
  };

  /** One item as the viewer may see it (null: not at all). */
  const visible = (item: CalendarItem, viewerId: string, access: Access) => {
    const perEntry = item.sharedWith.find((s) => s.userId === viewerId)?.level ?? null;
    let level: 'full' | 'busy' | null = access === 'full' ? 'full' : perEntry === 'full' ? 'full' : null;
    if (!level && !item.private && access !== 'entries') level = access === 'busy' ? 'busy' : 'full';
    if (!level && perEntry === 'busy') level = 'busy';
    if (!level) return null;
    const base = {
      key: item.key,
      ownerId: item.ownerId,
      start: item.start,
      end: item.end,
      allDay: item.allDay,
      source: item.source,
      kind: item.kind,
      kindLabel: KIND_LABELS[item.kind] ?? item.kind,
    };
    if (level === 'busy')
      return {
        ...base,
        title: '忙碌',
        busyOnly: true,
        location: '',
        notes: '',
        link: null,
        byName: '',
        onBehalfOf: null,
        sourceId: null,
        repeat: null,
        done: false,
        published: false,
        remindable: false,
      };
    return {
      ...base,
      title: item.title,
      busyOnly: false,
      location: item.location,
      notes: item.notes,
      link: item.link,
      byName: item.byName,
      onBehalfOf: item.onBehalfOf,
      sourceId: item.sourceId,
      repeat: item.repeat,
      done: item.done,
      published: item.published,
      remindable: item.source === 'own',
    };
  };

  const range = (from: string, to: string) => {
    if (to < from) throw badRequest('结束日期不能早于开始日期', [{ field: 'to', message: '结束日期不能早于开始日期' }]);
    if (Date.parse(to) - Date.parse(from) > 62 * 86400_000) throw badRequest('一次最多查询 62 天', [{ field: 'to', message: '范围过大' }]);
    return { from: shanghaiInstant(from, '00:00'), to: shanghaiInstant(addDays(to, 1), '00:00') };
  };

  const ownerFor = async (ctx: RouteContext<unknown, OwnerQuery>) => {
    const ownerId = ctx.query.ownerId ?? ctx.principal.userId;
    if (ownerId !== ctx.principal.userId && !(await keptBy(p.readDb, ctx.principal.userId)).includes(ownerId))
      throw forbidden('只有本人或其秘书可以维护该日程');
    return ownerId;
  };

  const names = async () => (await p.directory.snapshot()).users;

  const icsOf = (items: CalendarItem[]): IcsEvent[] => {
    const seen = new Set<string>();
    const out: IcsEvent[] = [];
    for (const i of items) {
      // a repeating own entry once (with its RRULE), everything else per occurrence
      const uid = i.repeat ? `${i.key}@oa` : `${i.key}:${i.start}@oa`;
      if (seen.has(uid)) continue;
      seen.add(uid);
      out.push({
        uid,
        title: i.title,
        location: i.location,
        description: i.notes,
        start: i.start,
        end: i.end,
        repeat: i.repeat,
        updated: i.start,
      });
    }
    return out;
  };

  return [
    query<CalendarQuery>({
      method: 'get',
      path: '/schedule/calendar',
      summary: '日历：某人（默认本人）某段日期的日程、会议、请假、出差（按共享级别显示）',
      permission: 'schedule.use',
      query: CalendarQuery,
      handler: async (ctx) => {
        const me = ctx.principal.userId;
        const ownerId = ctx.query.userId ?? me;
        const users = await names();
        if (!users.has(ownerId)) throw notFound('人员不存在');
        const access = await accessTo(me, ownerId);
        const r = range(ctx.query.from, ctx.query.to);
        const items = (await calendarItems(p.readDb, [ownerId], r.from, r.to)).map((i) => visible(i, me, access)).filter((x) => x !== null);
        const kept = await keptBy(p.readDb, me);
        return {
          owner: { id: ownerId, name: users.get(ownerId)?.name ?? ownerId },
          access,
          canWrite: ownerId === me || kept.includes(ownerId),
          items,
        };
      },
    }),
    query({
      method: 'get',
      path: '/schedule/today',
      summary: '今日日程（工作台）',
      permission: 'schedule.use',
      handler: async (ctx) => {
        const today = shanghaiDate(p.clock().toISOString());
        const items = await calendarItems(
          p.readDb,
          [ctx.principal.userId],
          shanghaiInstant(today, '00:00'),
          shanghaiInstant(addDays(today, 1), '00:00'),
        );
        return {
          date: today,
          items: items.map((i) => ({
            key: i.key,
            title: i.title,
            start: i.start,
            end: i.end,
            allDay: i.allDay,
            kind: i.kind,
            kindLabel: KIND_LABELS[i.kind] ?? i.kind,
            location: i.location,
            link: i.link,
          })),
        };
      },
    }),
    query({
      method: 'get',
      path: '/schedule/people',
      summary: '可查看的日历：共享给我的、我任秘书的、本部门（部门负责人）',
      permission: 'schedule.use',
      handler: async (ctx) => {
        const me = ctx.principal.userId;
        const users = await names();
        const snap = await p.directory.snapshot();
        const kept = await keptBy(p.readDb, me);
        const shared = await sharedWithMe(p.readDb, me);
        const led = new Set<string>();
        for (const d of snap.departments.values()) if (d.leaderUserId === me) led.add(d.departmentId);
        const members = [...users.values()]
          .filter((u) => u.status === 'active' && u.userId !== me && led.has(u.primaryPost.departmentId))
          .map((u) => u.userId);
        const row = (id: string, relation: string) => ({
          userId: id,
          name: users.get(id)?.name ?? id,
          title: users.get(id)?.primaryPost.title ?? '',
          relation,
        });
        return {
          kept: kept.map((id) => row(id, '秘书代管')),
          shared: shared.map((s) => ({ ...row(s.ownerId, s.level === 'full' ? '共享详情' : '共享忙闲'), level: s.level })),
          members: members.map((id) => row(id, '本部门')),
        };
      },
    }),
    cmd<EntryDto, OwnerQuery>({
      method: 'post',
      path: '/schedule/entries',
      summary: '新建日程/任务/计划（秘书可为领导新建：ownerId = 领导）',
      permission: 'schedule.use',
      body: EntryDto,
      query: OwnerQuery,
      handler: async (ctx) => settle(await calendars.add(await ownerFor(ctx), ctx.body, actx(ctx))),
    }),
    cmd<EntryDto, OwnerQuery>({
      method: 'put',
      path: '/schedule/entries/:entryId',
      summary: '修改日程',
      permission: 'schedule.use',
      body: EntryDto,
      query: OwnerQuery,
      handler: async (ctx) => settle(await calendars.change(await ownerFor(ctx), ctx.params.entryId, ctx.body, actx(ctx))),
    }),
    cmd<unknown, OwnerQuery>({
      method: 'post',
      path: '/schedule/entries/:entryId/remove',
      summary: '删除日程',
      permission: 'schedule.use',
      query: OwnerQuery,
      handler: async (ctx) => settle(await calendars.remove(await ownerFor(ctx), ctx.params.entryId, actx(ctx))),
    }),
    cmd<unknown, OwnerQuery>({
      method: 'post',
      path: '/schedule/entries/:entryId/done',
      summary: '任务完成',
      permission: 'schedule.use',
      query: OwnerQuery,
      handler: async (ctx) => settle(await calendars.completeTask(await ownerFor(ctx), ctx.params.entryId, actx(ctx))),
    }),
    query({
      method: 'get',
      path: '/schedule/settings',
      summary: '我的日程设置：默认共享、秘书、我代管的日历',
      permission: 'schedule.use',
      handler: async (ctx) => {
        const users = await names();
        const me = ctx.principal.userId;
        const nm = (id: string) => users.get(id)?.name ?? id;
        return {
          shares: (await sharesOf(p.readDb, me)).map((s) => ({ ...s, name: nm(s.userId) })),
          secretaries: await secretariesOf(p.readDb, me),
          kept: (await keptBy(p.readDb, me)).map((id) => ({ userId: id, name: nm(id) })),
        };
      },
    }),
    cmd<SharingDto>({
      method: 'put',
      path: '/schedule/sharing',
      summary: '默认共享：对所选同事显示忙闲或详情',
      permission: 'schedule.use',
      body: SharingDto,
      handler: async (ctx) => settle(await calendars.setSharing(ctx.body, actx(ctx))),
    }),
    cmd<SecretaryDto>({
      method: 'post',
      path: '/schedule/secretaries',
      summary: '指定秘书代为维护本人日程（领导日程）',
      permission: 'schedule.use',
      body: SecretaryDto,
      handler: async (ctx) => settle(await calendars.appointSecretary(ctx.body.secretaryId, actx(ctx))),
    }),
    cmd({
      method: 'post',
      path: '/schedule/secretaries/:secretaryId/revoke',
      summary: '取消秘书代管',
      permission: 'schedule.use',
      handler: async (ctx) => settle(await calendars.revokeSecretary(ctx.params.secretaryId, actx(ctx))),
    }),
    query<WeekQuery>({
      method: 'get',
      path: '/schedule/leaders',
      summary: '领导活动安排：本周（默认）各位领导已发布的日程',
      permission: 'schedule.use',
      query: WeekQuery,
      handler: async (ctx) => {
        const day = ctx.query.date ?? shanghaiDate(p.clock().toISOString());
        const monday = addDays(day, -((weekdayOf(day) + 6) % 7));
        const from = shanghaiInstant(monday, '00:00');
        const to = shanghaiInstant(addDays(monday, 7), '00:00');
        const owners = await publishedOwners(p.readDb, from, to);
        const users = await names();
        const items = await calendarItems(p.readDb, owners, from, to, { publishedOnly: true });
        return {
          weekStart: monday,
          days: Array.from({ length: 7 }, (_, i) => addDays(monday, i)),
          leaders: owners
            .map((id) => ({ userId: id, name: users.get(id)?.name ?? id, title: users.get(id)?.primaryPost.title ?? '' }))
            .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
          items: items
            .filter((i) => !i.private)
            .map((i) => ({
              key: i.key,
              ownerId: i.ownerId,
              title: i.title,
              location: i.location,
              start: i.start,
              end: i.end,
              allDay: i.allDay,
              byName: i.byName,
              onBehalfOf: i.onBehalfOf,
            })),
        };
      },
    }),
    cmd({
      method: 'post',
      path: '/schedule/feed-token',
      summary: 'iCalendar 订阅：生成新的订阅地址（旧地址随即失效）',
      permission: 'schedule.use',
      handler: async (ctx) => {
        const r = await calendars.issueFeedToken(actx(ctx));
        await p.projections.waitFor(r.position, { timeoutMs: 5000 }).catch(() => false);
        return { token: r.token, path: `/api/schedule/ics/${r.token}` };
      },
    }),
    query({
      method: 'get',
      path: '/schedule/ics/:token',
      summary: 'iCalendar 订阅（按个人令牌，供日历软件订阅；前后 3 个月）',
      public: true,
      raw: true,
      produces: 'text/calendar',
      handler: async (ctx) => {
        const token = ctx.params.token;
        if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound('订阅地址无效');
        const ownerId = await feedOwner(p.readDb, feedTokenHash(token));
        if (!ownerId) throw notFound('订阅地址无效或已失效');
        const now = p.clock().getTime();
        const items = await calendarItems(
          p.readDb,
          [ownerId],
          new Date(now - 92 * 86400_000).toISOString(),
          new Date(now + 92 * 86400_000).toISOString(),
        );
        const users = await names();
        const res: Response = ctx.res;
        res.status(200).type('text/calendar; charset=utf-8');
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(icsCalendar(`${users.get(ownerId)?.name ?? ''}的日程`, icsOf(items)));
      },
    }),
    query<OwnerQuery>({
      method: 'get',
      path: '/schedule/entries/:key/ics',
      summary: '导出一条日程为 iCalendar 文件（.ics）',
      permission: 'schedule.use',
      query: OwnerQuery,
      raw: true,
      produces: 'text/calendar',
      handler: async (ctx) => {
        const me = ctx.principal.userId;
        const ownerId = ctx.query.ownerId ?? me;
        const access = await accessTo(me, ownerId);
        const now = p.clock().getTime();
        const items = (
          await calendarItems(
            p.readDb,
            [ownerId],
            new Date(now - 366 * 86400_000).toISOString(),
            new Date(now + 366 * 86400_000).toISOString(),
          )
        ).filter((i) => i.key === ctx.params.key);
        if (!items.length) throw notFound('日程不存在');
        if (visible(items[0]!, me, access)?.busyOnly !== false) throw new HttpProblem(403, '没有权限', '您只能查看该日程的忙闲');
        const res: Response = ctx.res;
        res.status(200).type('text/calendar; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(items[0]!.title)}.ics`);
        res.send(icsCalendar(items[0]!.title, icsOf(items.slice(0, 1).map((i) => ({ ...i, repeat: i.repeat })))));
      },
    }),
  ];
}
