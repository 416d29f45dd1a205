import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { foldStream, InvalidInstant } from '../../reports/audit/point-in-time';
import { verifyStore } from '../../reports/audit/verify';
import { badRequest } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { foldFor, redactSecrets } from './folds';
import { queryAuditIndex } from './index-projection';

/** 审计 (安全审计员 only: permission 'audit.read', which only the auditor role holds). */
const STREAM_ID = /^[A-Za-z0-9$][A-Za-z0-9._:$-]{0,199}$/;

export class AuditEventsQuery extends PageQuery {
  /** actorId or onBehalfOf */
  @IsOptional() @IsString() @MaxLength(100) actor?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z][A-Za-z0-9_.]{0,99}$/) type?: string;
  @IsOptional() @IsString() @MaxLength(100) stream?: string;
  /** recordedAt ≥ from */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  /** recordedAt < to */
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class StreamStateQuery {
  @IsISO8601({ strict: true }) at!: string;
  @IsOptional() @IsIn(['recordedAt', 'occurredAt']) by?: 'recordedAt' | 'occurredAt';
}

export function auditView(e: RecordedEvent) {
  return {
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    position: e.position,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: redactSecrets(e.data),
    actorId: e.metadata.actorId,
    onBehalfOf: e.metadata.onBehalfOf ?? null,
    unitId: e.metadata.unitId ?? null,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId ?? null,
    commandId: e.metadata.commandId ?? null,
    clientIp: e.metadata.clientIp ?? null,
    occurredAt: e.metadata.occurredAt,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

async function recordRead(p: Platform, ctx: RouteContext): Promise<void> {
  const q = { ...(ctx.req.query as Record<string, unknown>) };
  delete q.access_token;
  await p.securityLog.record(
    { type: 'AuditTrailRead', data: { userId: ctx.principal.userId, method: ctx.req.method, path: ctx.req.path, query: q } },
    { actorId: ctx.principal.userId, unitId: ctx.principal.unitId, requestId: ctx.requestId, clientIp: ctx.clientIp, now: ctx.now },
  );
}

function checkStreamId(id: string): void {
  if (!STREAM_ID.test(id)) throw badRequest('流标识不合法', [{ field: 'streamId', message: '流标识不合法' }]);
}

export function auditRoutes(p: Platform): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/audit/streams/:streamId',
      summary: '某条流的完整历史（类型、数据、操作人、代理人、发生/记录时间、哈希）',
      tag: '审计',
      permission: 'audit.read',
      query: PageQuery,
      handler: async (ctx: RouteContext<unknown, PageQuery>) => {
        checkStreamId(ctx.params.streamId);
        await recordRead(p, ctx);
        const { page, pageSize, offset } = pageOf(ctx.query);
        const events = await p.store.readStream(ctx.params.streamId);
        return {
          streamId: ctx.params.streamId,
          items: events.slice(offset, offset + pageSize).map(auditView),
          page,
          pageSize,
          total: events.length,
        };
      },
    },
    {
      method: 'get',
      path: '/audit/events',
      summary: '按操作人、事件类型、时间范围检索事件（新的在前）',
      tag: '审计',
      permission: 'audit.read',
      query: AuditEventsQuery,
      handler: async (ctx: RouteContext<unknown, AuditEventsQuery>) => {
        await recordRead(p, ctx);
        const head = await p.store.headPosition();
        await p.projections.waitFor(head, { timeoutMs: 2000 }).catch(() => false);
        const { page, pageSize, offset } = pageOf(ctx.query);
        const q = ctx.query;
        const { positions, total } = await queryAuditIndex(
          p.readDb,
          {
            actor: q.actor,
            type: q.type,
            streamPrefix: q.stream,
            from: q.from && new Date(q.from).toISOString(),
            to: q.to && new Date(q.to).toISOString(),
          },
          pageSize,
          offset,
        );
        const items = [];
        for (const pos of positions) {
          const [e] = await p.store.readAll({ fromPosition: pos, limit: 1 });
          if (e && e.position === pos) items.push(auditView(e));
        }
        return { items, page, pageSize, total };
      },
    },
    {
      method: 'get',
      path: '/audit/streams/:streamId/state',
      summary: '某条流在指定时刻的状态（时点回溯）',
      tag: '审计',
      permission: 'audit.read',
      query: StreamStateQuery,
      handler: async (ctx: RouteContext<unknown, StreamStateQuery>) => {
        checkStreamId(ctx.params.streamId);
        await recordRead(p, ctx);
        const { fold, generic } = foldFor(ctx.params.streamId);
        try {
          const r = await foldStream(p.store, ctx.params.streamId, {
            at: ctx.query.at,
            by: ctx.query.by ?? 'recordedAt',
            initialState: fold.initialState,
            evolve: fold.evolve,
          });
          return { streamId: ctx.params.streamId, generic, ...r, state: redactSecrets(r.state) };
        } catch (e) {
          if (e instanceof InvalidInstant) throw badRequest(e.message, [{ field: 'at', message: '时间须为带时区的 ISO-8601 格式' }]);
          throw e;
        }
      },
    },
    {
      method: 'get',
      path: '/audit/verify',
      summary: '校验哈希链与封印（完整性摘要）',
      tag: '审计',
      permission: 'audit.read',
      handler: async (ctx) => {
        await recordRead(p, ctx);
        return verifyStore(p.store, { trustedPublicKey: p.config.sealPublicKey, maxProblems: 20 });
      },
    },
  ];
}
