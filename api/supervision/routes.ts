import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import ExcelJS from 'exceljs';
import {
  ExtensionDto,
  FinalReportDto,
  HandOverDto,
  ProposeItemDto,
  ReassignPartDto,
  ReportDto,
  ReturnPartDto,
  ReviewDto,
  SupervisionCommands,
  UrgeDto,
  type SupervisionContext,
} from '../../commands/supervision';
import {
  CYCLE_KINDS,
  CYCLE_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  RECEIPT_LABELS,
  SOURCE_KINDS,
  SOURCE_LABELS,
  STATUS_LABELS,
  type Priority,
  type SourceKind,
  type SupervisionState,
  type SupervisionStatus,
} from '../../domain/supervision';
import { addWorkingDays, localDateOf, workingDayRule } from '../../domain/workflow';
import {
  boardPage,
  boardSummary,
  itemsFromIncoming,
  lightOf,
  type BoardDates,
  type BoardView,
  type ItemRow,
} from '../../projections/supervision';
import { scopeFor } from '../auth/principal';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, checkContent } from '../../commands/documents/attachments';
import { extensionOf } from '../../domain/documents/outgoing.decide';
import { FileStore, sha256Hex } from '../../reports/documents/storage';
import { readUpload } from '../documents/routes';
import { HttpProblem, badRequest, notFound } from '../http/problem';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { supervisionAllowedActions } from './allowed-actions';
import {
  SUPERVISION_INCOMING_LINKS_SCHEMA,
  SUPERVISION_ITEM_SCHEMA,
  SUPERVISION_OPTIONS_SCHEMA,
  SUPERVISION_PAGE_SCHEMA,
  SUPERVISION_SUMMARY_SCHEMA,
} from './schemas';

/**
 * 督办管理 HTTP routes (under /api/supervision). The supervising side (立项, 重新交办, 催办, 审核)
 * needs supervision.admin; the undertaking units (签收, 退回, 转办, 反馈 and its attachments, 办结报告,
 * 延期申请) supervision.use; 立项审批 and 延期审批 are tasks of the workflow engine (/api/tasks/:id/...); the decider checks the caller's unit against the item (督办单位 / 承办单位).
 * An item is visible to its participants: the supervising unit, the 督办领导 and the undertaking units
 * (beyond them: a supervision.use grant whose data scope reaches the supervising unit).
 * Commands take an Idempotency-Key and answer after the read models caught up (read-your-writes).
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const VIEWS = ['all', 'supervising', 'leader', 'undertaking'] as const;
const STATUSES = Object.keys(STATUS_LABELS).filter((s) => s !== 'none');

export class BoardQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  /** all 全部 / supervising 我单位督办的 / leader 我批示的 / undertaking 我单位承办的 */
  @IsOptional() @IsIn(VIEWS) view?: BoardView;
  @IsOptional() @IsIn(STATUSES) status?: SupervisionStatus;
  /** red 已超期 / yellow 3 个工作日内到期 / green 正常 */
  @IsOptional() @IsIn(['red', 'yellow', 'green']) light?: 'red' | 'yellow' | 'green';
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/) unitId?: string;
  @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** xlsx: 督办台账 export (every matching item, up to 10,000). */
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class SummaryQuery {
  @IsOptional() @IsIn(VIEWS) view?: BoardView;
}

function supCtx(ctx: RouteContext): SupervisionContext {
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

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

export function supervisionRoutes(p: Platform): RouteDef[] {
  const cmds = new SupervisionCommands(p.commands, PUBLIC_HOLIDAYS);
  const rule = workingDayRule(PUBLIC_HOLIDAYS);
  const dates = (now: string): BoardDates => ({
    today: localDateOf(Date.parse(now)),
    yellowUntil: localDateOf(Date.parse(addWorkingDays(now, 3, rule))),
  });

  const settled = async <T>(r: T): Promise<T> => {
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    return r;
  };
  const existing = async (id: string): Promise<SupervisionState> => {
    const s = await cmds.load(id);
    if (s.status === 'none') throw notFound('督办事项不存在');
    return s;
  };
  /** Participants see the item; others need a grant whose scope reaches the supervising unit. */
  const itemTarget = async (ctx: RouteContext) => {
    const s = await existing(ctx.params.id);
    const who = ctx.principal;
    if (who.unitId && (who.unitId === s.supervisingUnit?.id || (s.assignedAt && s.parts.some((x) => x.unitId === who.unitId)))) return null;
    if (who.userId === s.leader?.id || who.userId === s.supervisor?.id) return null;
    return { unitId: s.supervisingUnit?.id ?? null, resource: `supervision-item-${s.itemId}` };
  };
  const sideOf = (s: SupervisionState, ctx: RouteContext) => {
    const who = ctx.principal;
    if (who.unitId && who.unitId === s.supervisingUnit?.id) return 'supervising' as const;
    if (who.userId === s.leader?.id) return 'leader' as const;
    if (who.unitId && s.parts.some((x) => x.unitId === who.unitId)) return 'undertaking' as const;
    return 'other' as const;
  };
  const rowView = (r: ItemRow, d: BoardDates) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as SupervisionStatus] ?? r.status,
    light: lightOf(r, d),
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_name,
    coUnitNames: r.co_unit_names,
    deadline: r.deadline,
    priority: r.priority,
    priorityLabel: PRIORITY_LABELS[r.priority as Priority] ?? r.priority,
    sourceKind: r.source_kind,
    sourceLabel: SOURCE_LABELS[r.source_kind as SourceKind] ?? r.source_kind,
    receipts: r.receipts,
    urgeCount: Number(r.urge_count),
    overdue: Number(r.overdue) === 1,
    escalated: Number(r.escalated) === 1,
    proposedAt: r.proposed_at,
    closedAt: r.closed_at,
    onTime: r.on_time === null ? null : Number(r.on_time) === 1,
    overdueDays: r.overdue_days === null ? null : Number(r.overdue_days),
  });
  const itemView = async (s: SupervisionState, ctx: RouteContext) => {
    const { actions, establishmentTaskId, extensionTaskId } = await supervisionAllowedActions(cmds, s, ctx);
    const d = dates(ctx.now);
    return {
      id: s.itemId,
      title: s.title,
      requirements: s.requirements,
      status: s.status,
      statusLabel: STATUS_LABELS[s.status],
      light: lightOf({ open: s.status === 'handling' || s.status === 'reviewing' ? 1 : 0, deadline: s.deadline ?? '' }, d),
      source: {
        kind: s.source!.kind,
        label: SOURCE_LABELS[s.source!.kind],
        note: s.source!.note,
        incomingId: s.source!.incomingId,
        incomingTitle: s.source!.incomingTitle,
      },
      documents: s.documents,
      supervisingUnit: s.supervisingUnit!,
      supervisor: s.supervisor!,
      leader: s.leader!,
      deadline: s.deadline ?? '',
      deadlineHistory: s.deadlineHistory,
      cycle: { kind: s.cycle.kind, label: CYCLE_LABELS[s.cycle.kind], dates: s.cycle.dates },
      priority: s.priority,
      priorityLabel: PRIORITY_LABELS[s.priority],
      processId: s.processId,
      parts: s.parts.map((x) => ({
        unitId: x.unitId,
        unitName: x.unitName,
        role: x.role,
        receipt: x.receipt,
        receiptLabel: RECEIPT_LABELS[x.receipt],
        receiverIds: x.receiverIds,
        signedAt: x.signedAt,
        returnReason: x.returnReason,
        handedTo: x.handedTo,
        handlerIds: x.handlerIds,
        done: x.doneReportId !== null,
        nextReportDue: x.nextReportDue,
      })),
      reports: s.reports,
      reviewOpinions: s.reviewOpinions,
      extension: s.extension,
      closed: s.closed && s.closedAt ? { ...s.closed, at: s.closedAt } : null,
      urgeCount: s.urgeCount,
      timeline: s.timeline,
      myUnitId: ctx.principal.unitId,
      mySide: sideOf(s, ctx),
      allowedActions: actions,
      establishmentTaskId,
      extensionTaskId,
    };
  };

  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: '督办管理',
    command: true,
    ...def,
    handler: async (ctx) => settled(await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '督办管理', ...def });
  const unitOf = (ctx: RouteContext, unitId?: string) => unitId ?? ctx.principal.unitId ?? '';

  // ---------------------------------------------------------------- report attachments (反馈/办结报告附件)
  // The bytes go to the content-addressed file store (as 公文's attachments): uploaded first by a member of
  // an undertaking unit (type by extension and magic numbers, ≤ 20 MB), then named in the report by their
  // SHA-256; a report may only name files that are stored (their size taken from the store). Downloads
  // only of files a report of this item names, re-hashed before sending.
  const files = new FileStore(p.config.dataDir);
  const storedAttachments = <A extends { name: string; sha256: string; size: number }>(list: A[] | undefined) =>
    (list ?? []).map((a, i) => {
      const key = FileStore.keyOf(a.sha256);
      if (!files.has(key)) throw badRequest('附件须先上传', [{ field: `attachments[${i}].sha256`, message: '没有这个已上传的附件' }]);
      if (!ATTACHMENT_TYPES[extensionOf(a.name)])
        throw badRequest('附件名称须保留文件扩展名', [{ field: `attachments[${i}].name`, message: '附件名称须带允许的扩展名' }]);
      return { name: a.name, sha256: a.sha256, size: files.get(key).length };
    });
  const canUpload = (s: SupervisionState, ctx: RouteContext) => {
    const unitId = ctx.principal.unitId;
    if (!unitId || !s.parts.some((x) => x.unitId === unitId && x.receipt === 'signed'))
      throw new HttpProblem(403, '没有权限', '只有已签收的承办单位可以上传反馈附件', { code: 'supervision.not_member' });
    if (s.status !== 'handling')
      throw new HttpProblem(422, '业务规则不允许', '该事项当前不能报送反馈', { code: 'supervision.wrong_stage' });
  };

  return [
    query({
      method: 'get',
      path: '/supervision/options',
      summary: '立项选项：单位、督办领导、来源、反馈周期、优先级',
      permission: 'supervision.use',
      response: { name: 'SupervisionOptions', schema: SUPERVISION_OPTIONS_SCHEMA },
      handler: async (ctx) => {
        const snap = await p.directory.snapshot();
        const units = [...snap.units.values()].filter((u) => u.status === 'open').map((u) => ({ id: u.unitId, name: u.name }));
        const leaders = [...snap.users.values()]
          .filter((u) => u.status === 'active' && 'leader' in u.roles && (u.roles.leader === 'unit' || u.roles.leader === 'all'))
          .map((u) => ({ id: u.userId, name: `${u.name}（${snap.units.get(u.primaryPost.unitId)?.name ?? ''}${u.primaryPost.title}）` }));
        return {
          units,
          leaders,
          sources: options(SOURCE_KINDS, SOURCE_LABELS),
          cycles: options(CYCLE_KINDS, CYCLE_LABELS),
          priorities: options(PRIORITIES, PRIORITY_LABELS),
          canPropose: scopeFor(ctx.principal, 'supervision.admin') !== null,
        };
      },
    }),
    cmd<ProposeItemDto>({
      method: 'post',
      path: '/supervision/items',
      summary: '立项：新建督办事项并送单位领导审核（通过后即交办主办、协办单位）',
      permission: 'supervision.admin',
      body: ProposeItemDto,
      handler: (ctx) => cmds.propose(ctx.body, supCtx(ctx)),
    }),
    query<BoardQuery>({
      method: 'get',
      path: '/supervision/items',
      summary: '督办看板：按视图（督办/批示/承办）、状态、红黄灯、单位筛选，超期在前（?format=xlsx 导出督办台账）',
      permission: 'supervision.use',
      query: BoardQuery,
      produces: 'application/json',
      response: { name: 'SupervisionPage', schema: SUPERVISION_PAGE_SCHEMA },
      handler: async (ctx: RouteContext<unknown, BoardQuery>) => {
        const q = ctx.query;
        const d = dates(ctx.now);
        const viewer = { userId: ctx.principal.userId, unitId: ctx.principal.unitId };
        const filter = {
          view: q.view ?? 'all',
          status: q.status,
          light: q.light,
          unitId: q.unitId,
          priority: q.priority,
          q: q.q?.trim() || undefined,
        };
        if (q.format === 'xlsx') {
          const r = await boardPage(p.readDb, viewer, { ...filter, offset: 0, limit: 10_000 }, d);
          const buf = await ledgerWorkbook(r.rows.map((x) => rowView(x, d)));
          ctx.res
            .status(200)
            .type(XLSX)
            .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('督办台账.xlsx')}`);
          ctx.res.send(buf);
          return undefined;
        }
        const page = q.page ?? 1;
        const pageSize = q.pageSize ?? 20;
        const r = await boardPage(p.readDb, viewer, { ...filter, offset: (page - 1) * pageSize, limit: pageSize }, d);
        return { items: r.rows.map((x) => rowView(x, d)), page, pageSize, total: r.total, today: d.today, yellowUntil: d.yellowUntil };
      },
    }),
    query<SummaryQuery>({
      method: 'get',
      path: '/supervision/summary',
      summary: '督办看板汇总：按状态、按单位的数量与红黄灯',
      permission: 'supervision.use',
      query: SummaryQuery,
      response: { name: 'SupervisionSummary', schema: SUPERVISION_SUMMARY_SCHEMA },
      handler: async (ctx: RouteContext<unknown, SummaryQuery>) => {
        const r = await boardSummary(
          p.readDb,
          { userId: ctx.principal.userId, unitId: ctx.principal.unitId },
          ctx.query.view ?? 'all',
          dates(ctx.now),
        );
        return {
          byStatus: Object.entries(r.byStatus).map(([status, count]) => ({
            status,
            label: STATUS_LABELS[status as SupervisionStatus] ?? status,
            count,
          })),
          red: r.red,
          yellow: r.yellow,
          byUnit: r.byUnit,
        };
      },
    }),
    query({
      method: 'get',
      path: '/supervision/items/:id',
      summary: '督办事项：要求、文件、各单位签收、催办、反馈、审核意见与完整时间线（督办方与承办方看到同一事项）',
      permission: 'supervision.use',
      scope: itemTarget,
      response: { name: 'SupervisionItem', schema: SUPERVISION_ITEM_SCHEMA },
      handler: async (ctx) => itemView(await existing(ctx.params.id), ctx),
    }),
    query({
      method: 'get',
      path: '/supervision/by-incoming/:incomingId',
      summary: '由该收文立项的督办事项（收文页面的链接）',
      permission: 'supervision.use',
      response: { name: 'SupervisionIncomingLinks', schema: SUPERVISION_INCOMING_LINKS_SCHEMA },
      handler: async (ctx) => {
        const rows = await itemsFromIncoming(p.readDb, ctx.params.incomingId, ctx.principal.unitId ?? '');
        return {
          items: rows.map((r) => ({ ...r, statusLabel: STATUS_LABELS[r.status as SupervisionStatus] ?? r.status })),
          canPropose: scopeFor(ctx.principal, 'supervision.admin') !== null,
        };
      },
    }),
    // ------------------------------------------------------------------ the undertaking units
    cmd({
      method: 'post',
      path: '/supervision/items/:id/sign-for',
      summary: '签收（本单位的部分）',
      permission: 'supervision.use',
      handler: (ctx) => cmds.signFor(ctx.params.id, { unitId: unitOf(ctx) }, supCtx(ctx)),
    }),
    cmd<ReturnPartDto>({
      method: 'post',
      path: '/supervision/items/:id/return',
      summary: '退回（本单位的部分，须说明理由）',
      permission: 'supervision.use',
      body: ReturnPartDto,
      handler: (ctx) => cmds.returnPart(ctx.params.id, { ...ctx.body, unitId: unitOf(ctx, ctx.body.unitId) }, supCtx(ctx)),
    }),
    cmd<HandOverDto>({
      method: 'post',
      path: '/supervision/items/:id/hand-over',
      summary: '内部转办：交本单位部门、个人办理，或转为内部任务',
      permission: 'supervision.use',
      body: HandOverDto,
      handler: (ctx) => cmds.handOver(ctx.params.id, { ...ctx.body, unitId: unitOf(ctx, ctx.body.unitId) }, supCtx(ctx)),
    }),
    cmd<ReportDto>({
      method: 'post',
      path: '/supervision/items/:id/reports',
      summary: '阶段反馈（附件可选）；协办单位以 final=true 报送本单位完成情况',
      permission: 'supervision.use',
      body: ReportDto,
      handler: (ctx) =>
        cmds.report(
          ctx.params.id,
          { ...ctx.body, attachments: storedAttachments(ctx.body.attachments), unitId: unitOf(ctx, ctx.body.unitId) },
          supCtx(ctx),
        ),
    }),
    cmd<FinalReportDto>({
      method: 'post',
      path: '/supervision/items/:id/final-report',
      summary: '办结报告（主办单位，汇总协办单位的完成情况）',
      permission: 'supervision.use',
      body: FinalReportDto,
      handler: (ctx) => cmds.finalReport(ctx.params.id, { ...ctx.body, attachments: storedAttachments(ctx.body.attachments) }, supCtx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/supervision/items/:id/attachments',
      summary: `上传反馈/办结报告附件（已签收的承办单位）：请求体为文件原始内容，X-File-Name 为 URL 编码的文件名；不超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB；限 PDF、OFD、Word、Excel、JPG、PNG、ZIP。返回的 name/sha256/size 随反馈一并提交`,
      permission: 'supervision.use',
      scope: itemTarget,
      produces: 'application/json',
      responses: { 400: '文件名、类型或内容不符', 403: '不是已签收的承办单位', 413: '附件过大' },
      handler: async (ctx) => {
        canUpload(await existing(ctx.params.id), ctx);
        const file = await readUpload(ctx.req);
        checkContent(file.fileName, file.bytes);
        const stored = files.put(file.bytes);
        const ext = extensionOf(file.fileName);
        const base = (file.name ?? '').trim().slice(0, 180);
        const name = base ? (extensionOf(base) === ext ? base : `${base}.${ext}`) : file.fileName.slice(-200);
        return { name, fileName: file.fileName, sha256: stored.sha256, size: stored.bytes, contentType: ATTACHMENT_TYPES[ext] };
      },
    }),
    query({
      method: 'get',
      path: '/supervision/items/:id/attachments/:sha256',
      summary: '下载反馈/办结报告附件（事项的参与方；校验摘要后发送）',
      permission: 'supervision.use',
      scope: itemTarget,
      raw: true,
      produces: 'application/octet-stream',
      responses: { 404: '没有这个附件', 409: '附件文件已被改动' },
      handler: async ({ params, res }) => {
        if (!/^[0-9a-f]{64}$/.test(params.sha256))
          throw badRequest('附件标识须为 64 位十六进制 SHA-256', [{ field: 'sha256', message: '附件标识格式不正确' }]);
        const s = await existing(params.id);
        const a = s.reports.flatMap((r) => r.attachments).find((x) => x.sha256 === params.sha256);
        const key = FileStore.keyOf(params.sha256);
        if (!a || !files.has(key)) throw notFound('没有这个附件');
        const bytes = files.get(key);
        if (sha256Hex(bytes) !== a.sha256)
          throw new HttpProblem(409, '附件校验失败', '附件文件已被改动', { code: 'supervision.attachment_tampered' });
        const ascii = a.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        res.status(200).type(ATTACHMENT_TYPES[extensionOf(a.name)] ?? 'application/octet-stream');
        res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(bytes);
      },
    }),
    cmd<ExtensionDto>({
      method: 'post',
      path: '/supervision/items/:id/extension',
      summary: '延期申请（主办单位）',
      permission: 'supervision.use',
      body: ExtensionDto,
      handler: (ctx) => cmds.requestExtension(ctx.params.id, ctx.body, supCtx(ctx)),
    }),
    // ------------------------------------------------------------------ the supervising unit
    cmd<ReassignPartDto>({
      method: 'post',
      path: '/supervision/items/:id/reassign',
      summary: '重新交办（已退回的单位）',
      permission: 'supervision.admin',
      body: ReassignPartDto,
      handler: (ctx) => cmds.reassign(ctx.params.id, ctx.body, supCtx(ctx)),
    }),
    cmd<UrgeDto>({
      method: 'post',
      path: '/supervision/items/:id/urge',
      summary: '催办（附催办内容；同一单位 24 小时内限一次）',
      permission: 'supervision.admin',
      body: UrgeDto,
      handler: (ctx) => cmds.urge(ctx.params.id, ctx.body, supCtx(ctx)),
    }),
    cmd<ReviewDto>({
      method: 'post',
      path: '/supervision/items/:id/review',
      summary: '审核办结报告：通过即销号；不通过退回补充办理（须填写意见）',
      permission: 'supervision.admin',
      body: ReviewDto,
      handler: (ctx) => cmds.review(ctx.params.id, ctx.body, supCtx(ctx)),
    }),
  ];
}

type RowView = {
  title: string;
  statusLabel: string;
  light: string;
  leadUnitName: string;
  coUnitNames: string;
  deadline: string;
  priorityLabel: string;
  sourceLabel: string;
  receipts: string;
  urgeCount: number;
  overdue: boolean;
  escalated: boolean;
  proposedAt: string;
  closedAt: string | null;
  onTime: boolean | null;
  overdueDays: number | null;
};

const LIGHT_LABELS: Record<string, string> = { red: '红灯（超期）', yellow: '黄灯（临期）', green: '正常', none: '' };
const shanghai = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/** 督办台账 as a workbook. */
export async function ledgerWorkbook(rows: RowView[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet('督办台账');
  ws.columns = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '督办事项', key: 'title', width: 40 },
    { header: '来源', key: 'sourceLabel', width: 10 },
    { header: '主办单位', key: 'leadUnitName', width: 20 },
    { header: '协办单位', key: 'coUnitNames', width: 28 },
    { header: '办理时限', key: 'deadline', width: 12 },
    { header: '优先级', key: 'priorityLabel', width: 8 },
    { header: '状态', key: 'statusLabel', width: 10 },
    { header: '灯号', key: 'lightLabel', width: 12 },
    { header: '签收', key: 'receipts', width: 8 },
    { header: '催办次数', key: 'urgeCount', width: 8 },
    { header: '已通报', key: 'escalatedLabel', width: 8 },
    { header: '立项时间', key: 'proposed', width: 18 },
    { header: '办结时间', key: 'closed', width: 18 },
    { header: '按期办结', key: 'onTimeLabel', width: 10 },
    { header: '超期工作日', key: 'overdueDays', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow({
      ...r,
      seq: i + 1,
      lightLabel: LIGHT_LABELS[r.light] ?? '',
      escalatedLabel: r.escalated ? '是' : '',
      proposed: shanghai(r.proposedAt),
      closed: shanghai(r.closedAt),
      onTimeLabel: r.onTime === null ? '' : r.onTime ? '是' : '否',
      overdueDays: r.overdueDays ?? '',
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
