import ExcelJS from 'exceljs';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { loadOrCreateSealKey } from '../../commands/integrity/keystore';
import { renderSignedReport, reportPayload } from '../../reports/audit/signed-report';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { foldStream, InvalidInstant } from '../../reports/audit/point-in-time';
import { verifyStore } from '../../reports/audit/verify';
import { badRequest, notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { foldFor, redactSecrets, viewOf } from './folds';
import { pageEvents, queryAuditIndex, streamMoments, type AuditFilter } from './index-projection';
import { whatDidUserSee } from './seen';
import { childStreams, searchSubjects, subjectOf, SUBJECT_KIND_LABELS } from './subjects-projection';
import { diffViews, mergeTimeline, readStreams, statesAt } from './timeline';

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
  /** 单位 (the unit the actor acted in) */
  @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/) unit?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class SubjectQuery extends PageQuery {
  /** 标题、文号、姓名、用户名、单位名称，或流标识 */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{0,63}$/) kind?: string;
}

export class AtQuery {
  @IsISO8601({ strict: true }) at!: string;
}

export class DiffQuery {
  @IsISO8601({ strict: true }) from!: string;
  @IsISO8601({ strict: true }) to!: string;
}

export class SeenQuery {
  @IsISO8601({ strict: true }) at!: string;
}

/** 安全事件 categories → the event types they cover. */
export const SECURITY_CATEGORIES: Record<string, readonly string[]> = {
  denial: ['AccessDenied'],
  login: ['UserLoggedIn', 'LoginRejected', 'UserLoginFailed', 'RefreshTokenReused', 'RefreshTokenReplayed', 'SessionRevoked'],
  lockout: ['UserLockedOut', 'UserUnlocked'],
  role: ['UserRoleGranted', 'UserRoleRevoked', 'RoleDefined', 'RolePermissionsChanged'],
  password: ['UserPasswordChanged', 'SecurityPolicyChanged'],
  account: ['UserHired', 'UserDeactivated', 'UserReactivated', 'UserTransferred'],
  audit: ['AuditTrailRead'],
};

export class SecurityEventsQuery extends PageQuery {
  @IsOptional() @IsIn(Object.keys(SECURITY_CATEGORIES)) category?: string;
  /** actorId or onBehalfOf */
  @IsOptional() @IsString() @MaxLength(100) actor?: string;
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const shanghai = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

async function eventsWorkbook(title: string, rows: ReturnType<typeof auditView>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet(title);
  ws.columns = [
    { header: '位置', key: 'position', width: 10 },
    { header: '记录时间（北京时间）', key: 'recordedAt', width: 21 },
    { header: '事件类型', key: 'type', width: 26 },
    { header: '流', key: 'streamId', width: 44 },
    { header: '修订号', key: 'revision', width: 8 },
    { header: '操作人', key: 'actorId', width: 24 },
    { header: '代理', key: 'onBehalfOf', width: 20 },
    { header: '单位', key: 'unitId', width: 16 },
    { header: '来源地址', key: 'clientIp', width: 16 },
    { header: '数据', key: 'data', width: 60 },
    { header: '哈希', key: 'hash', width: 66 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({ ...r, recordedAt: shanghai(r.recordedAt), data: JSON.stringify(r.data).slice(0, 32_000) });
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
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

/** A subject's own stream and its children (a 发文's approval processes …), as the audit index links them. */
async function subjectStreamIds(p: Platform, streamId: string): Promise<string[]> {
  return [streamId, ...(await childStreams(p.readDb, streamId)).map((c) => c.streamId)];
}

function checkStreamId(id: string): void {
  if (!STREAM_ID.test(id)) throw badRequest('流标识不合法', [{ field: 'streamId', message: '流标识不合法' }]);
}

/** A page of the index (or, as xlsx, up to 10,000 rows), each event read back from the store by position. */
async function listEvents(
  p: Platform,
  ctx: RouteContext<unknown, PageQuery>,
  filter: AuditFilter,
  format: string | undefined,
  title: string,
) {
  const xlsx = format === 'xlsx';
  const { page, pageSize, offset } = pageOf(ctx.query);
  const { positions, total } = await queryAuditIndex(p.readDb, filter, xlsx ? 10_000 : pageSize, xlsx ? 0 : offset);
  const items = [];
  for (const pos of positions) {
    const [e] = await p.store.readAll({ fromPosition: pos, limit: 1 });
    if (e && e.position === pos) items.push(auditView(e));
  }
  if (xlsx) {
    const buf = await eventsWorkbook(title, items);
    ctx.res
      .status(200)
      .type(XLSX)
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`);
    ctx.res.send(buf);
    return undefined;
  }
  return { items, page, pageSize, total };
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
        const q = ctx.query;
        return listEvents(
          p,
          ctx,
          {
            actor: q.actor,
            type: q.type,
            unit: q.unit,
            streamPrefix: q.stream,
            from: q.from && new Date(q.from).toISOString(),
            to: q.to && new Date(q.to).toISOString(),
          },
          q.format,
          '事件检索',
        );
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
          return { streamId: ctx.params.streamId, generic, ...r, state: viewOf(fold, r.state) };
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
    {
      method: 'get',
      path: '/audit/subjects',
      summary: '审计对象检索：公文、流程、用户、单位、部门等（按标题、文号、姓名、流标识）',
      tag: '审计',
      permission: 'audit.read',
      query: SubjectQuery,
      handler: async (ctx: RouteContext<unknown, SubjectQuery>) => {
        await recordRead(p, ctx);
        const head = await p.store.headPosition();
        await p.projections.waitFor(head, { timeoutMs: 2000 }).catch(() => false);
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await searchSubjects(p.readDb, { text: ctx.query.q?.trim() || undefined, kind: ctx.query.kind }, pageSize, offset);
        return { ...r, page, pageSize, kinds: SUBJECT_KIND_LABELS };
      },
    },
    {
      method: 'get',
      path: '/audit/subjects/:streamId/timeline',
      summary: '某审计对象（及其审批流程）的全部事件，按全局顺序合成一条时间线',
      tag: '审计',
      permission: 'audit.read',
      query: PageQuery,
      handler: async (ctx: RouteContext<unknown, PageQuery>) => {
        checkStreamId(ctx.params.streamId);
        await recordRead(p, ctx);
        const { page, pageSize, offset } = pageOf(ctx.query);
        const head = await p.store.headPosition();
        await p.projections.waitFor(head, { timeoutMs: 2000 }).catch(() => false);
        const subject = await subjectOf(p.readDb, ctx.params.streamId);
        const ids = await subjectStreamIds(p, ctx.params.streamId);
        // the moments come from the audit index; only the page's events are read from the store
        let moments = await streamMoments(p.readDb, ids);
        let items: ReturnType<typeof auditView>[];
        if (moments.length > 0) {
          items = (await pageEvents(p.store, moments, offset, pageSize)).map(auditView);
        } else {
          // the index has not caught up (or the stream is not indexed): read the streams themselves
          const all = mergeTimeline(await readStreams(p.store, ids));
          moments = all.map((e) => ({ position: e.position, recordedAt: e.recordedAt, type: e.type, streamId: e.streamId }));
          items = all.slice(offset, offset + pageSize).map(auditView);
        }
        if (moments.length === 0) throw notFound('没有这条流的事件');
        const counts = new Map<string, number>();
        for (const m of moments) counts.set(m.streamId, (counts.get(m.streamId) ?? 0) + 1);
        return {
          subject: subject ?? { streamId: ctx.params.streamId, label: null, kind: null },
          streams: ids.map((id) => ({ streamId: id, events: counts.get(id) ?? 0, generic: foldFor(id).generic })),
          /** Every moment (for the slider): position, time, type, stream. */
          moments,
          items,
          page,
          pageSize,
          total: moments.length,
        };
      },
    },
    {
      method: 'get',
      path: '/audit/subjects/:streamId/state',
      summary: '某审计对象各条流在指定时刻的状态（各业务自己的 evolve 折叠）',
      tag: '审计',
      permission: 'audit.read',
      query: AtQuery,
      handler: async (ctx: RouteContext<unknown, AtQuery>) => {
        checkStreamId(ctx.params.streamId);
        await recordRead(p, ctx);
        const streams = await readStreams(p.store, await subjectStreamIds(p, ctx.params.streamId));
        try {
          return { at: new Date(ctx.query.at).toISOString(), streams: statesAt(streams, ctx.query.at) };
        } catch (e) {
          if (e instanceof InvalidInstant) throw badRequest(e.message, [{ field: 'at', message: '时间须为带时区的 ISO-8601 格式' }]);
          throw e;
        }
      },
    },
    {
      method: 'get',
      path: '/audit/subjects/:streamId/diff',
      summary: '某审计对象在两个时刻之间的逐字段差异',
      tag: '审计',
      permission: 'audit.read',
      query: DiffQuery,
      handler: async (ctx: RouteContext<unknown, DiffQuery>) => {
        checkStreamId(ctx.params.streamId);
        await recordRead(p, ctx);
        if (Date.parse(ctx.query.from) > Date.parse(ctx.query.to))
          throw badRequest('起始时刻不能晚于结束时刻', [{ field: 'from', message: '起始时刻不能晚于结束时刻' }]);
        const streams = await readStreams(p.store, await subjectStreamIds(p, ctx.params.streamId));
        try {
          const a = statesAt(streams, ctx.query.from);
          const b = statesAt(streams, ctx.query.to);
          return {
            from: new Date(ctx.query.from).toISOString(),
            to: new Date(ctx.query.to).toISOString(),
            streams: b.map((after, i) => ({
              streamId: after.streamId,
              fromRevision: a[i]!.revision,
              toRevision: after.revision,
              changes: diffViews(a[i]!.state, after.state),
            })),
          };
        } catch (e) {
          if (e instanceof InvalidInstant) throw badRequest(e.message, [{ field: 'from', message: '时间须为带时区的 ISO-8601 格式' }]);
          throw e;
        }
      },
    },
    {
      method: 'get',
      path: '/audit/users/:userId/seen',
      summary: '某人某时的待办与已办（按当时已记录的事件回放）',
      tag: '审计',
      permission: 'audit.read',
      query: SeenQuery,
      handler: async (ctx: RouteContext<unknown, SeenQuery>) => {
        checkStreamId(ctx.params.userId);
        await recordRead(p, ctx);
        const head = await p.store.headPosition();
        await p.projections.waitFor(head, { timeoutMs: 2000 }).catch(() => false);
        const user = (await p.directory.snapshot()).users.get(ctx.params.userId);
        if (!user) throw notFound('用户不存在');
        const r = await whatDidUserSee(p.readDb, p.store, ctx.params.userId, ctx.query.at);
        return { ...r, name: user.name };
      },
    },
    {
      method: 'get',
      path: '/audit/security-events',
      summary: '安全事件：拒绝访问、登录、锁定、角色变更、密码、审计查阅（可筛选，分页；?format=xlsx 导出）',
      tag: '审计',
      permission: 'audit.read',
      query: SecurityEventsQuery,
      handler: async (ctx: RouteContext<unknown, SecurityEventsQuery>) => {
        await recordRead(p, ctx);
        const head = await p.store.headPosition();
        await p.projections.waitFor(head, { timeoutMs: 2000 }).catch(() => false);
        const q = ctx.query;
        const filter: AuditFilter = {
          types: q.category ? SECURITY_CATEGORIES[q.category] : Object.values(SECURITY_CATEGORIES).flat(),
          actor: q.actor,
          from: q.from && new Date(q.from).toISOString(),
          to: q.to && new Date(q.to).toISOString(),
        };
        return listEvents(p, ctx, filter, q.format, '安全事件');
      },
    },
    {
      method: 'get',
      path: '/audit/verify/progress',
      summary: '完整性校验（SSE 推送进度：progress {checked, head}，完成时 done {报告}）',
      tag: '审计',
      permission: 'audit.read',
      tokenInQuery: true,
      raw: true,
      produces: 'text/event-stream',
      handler: async (ctx) => {
        await recordRead(p, ctx);
        const { req, res } = ctx;
        res.status(200);
        res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        let closed = false;
        req.on('close', () => (closed = true));
        const send = (event: string, data: unknown) => {
          if (!closed && !res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        try {
          const report = await verifyStore(p.store, {
            trustedPublicKey: p.config.sealPublicKey,
            maxProblems: 20,
            onProgress: (checked, head) => send('progress', { checked, head }),
          });
          send('done', report);
        } catch (e) {
          send('failed', { message: e instanceof Error ? e.message : String(e) });
        }
        if (!res.writableEnded) res.end();
      },
    },
    {
      method: 'get',
      path: '/audit/verify/report.pdf',
      summary: '完整性校验报告（PDF，SM2 签名；用 npm run audit:verify -- --report 离线验签）',
      tag: '审计',
      permission: 'audit.read',
      produces: 'application/pdf',
      handler: async (ctx) => {
        await recordRead(p, ctx);
        const report = await verifyStore(p.store, { trustedPublicKey: p.config.sealPublicKey, maxProblems: 20 });
        const key = loadOrCreateSealKey({ dataDir: p.config.dataDir });
        const pdf = await renderSignedReport(
          reportPayload(report, { userId: ctx.principal.userId, name: ctx.principal.displayName }, p.clock()),
          key,
        );
        ctx.res
          .status(200)
          .type('application/pdf')
          .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('完整性校验报告.pdf')}`);
        ctx.res.send(pdf);
        return undefined;
      },
    },
  ];
}
