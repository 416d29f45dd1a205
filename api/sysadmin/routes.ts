import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
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

export class ParkedPositionParams {
  @Type(() => Number) @IsInt() @Min(1) position!: number;
}

async function known(p: Platform, name: string): Promise<void> {
  if (!NAME.test(name) || !(await p.projections.status()).some((s) => s.name === name)) throw notFound('没有这个投影');
}

export function sysadminRoutes(p: Platform): RouteDef[] {
  return [
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
