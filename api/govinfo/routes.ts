import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import ExcelJS from 'exceljs';
import {
  AdoptGovInfoDto,
  EditGovInfoDto,
  GovInfoCallDto,
  GovInfoRulesDto,
  RejectGovInfoDto,
  SubmitGovInfoDto,
} from '../../commands/govinfo/dtos';
import { GovInfoCommands, type GovInfoContext } from '../../commands/govinfo/govinfo-commands';
import { ADOPTION_LABELS, ADOPTION_LEVELS, govInfoReportDecider, type GovInfoReportState } from '../../domain/govinfo';
import { DomainError } from '../../domain/shared/errors';
import { calls, ranking, reports } from '../../projections/govinfo/queries';
import { scopeFor, type Principal } from '../auth/principal';
import { notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import { closed } from '../http/schemas';
import type { Platform } from '../platform';

/**
 * 信息报送 HTTP routes (under /api/govinfo). Units submit (govinfo.submit); the receiving office reviews, edits,
 * 采用 by level or 不予采用, issues 约稿 and sets the points (govinfo.review, whose scope names the units it
 * reviews for: unit → its own, all → every unit). 积分排名 per month or year, with the 通报 as Excel.
 */
const STATUS = ['submitted', 'adopted', 'rejected'];
const STATUS_LABELS: Record<string, string> = { submitted: '待审核', adopted: '已采用', rejected: '不予采用' };

export class ReportsQuery extends PageQuery {
  @IsIn(['mine', 'review']) box!: 'mine' | 'review';
  @IsOptional() @IsIn(STATUS) status?: string;
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}
export class RankingQuery {
  /** 'YYYY-MM' (月度) or 'YYYY' (年度) */
  @Matches(/^\d{4}(-\d{2})?$/, { message: '统计期须为 YYYY-MM 或 YYYY' }) period!: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

const s = { type: 'string' };
const sn = { type: ['string', 'null'] };
const int = { type: 'integer' };
const reportRow = closed({
  id: s,
  title: s,
  unitId: s,
  unitName: s,
  submitterName: s,
  receiverUnitId: s,
  receiverUnitName: s,
  callId: sn,
  status: s,
  statusLabel: s,
  levels: { type: 'array', items: s },
  levelLabels: { type: 'array', items: s },
  points: int,
  submittedAt: s,
});
const rankingRow = closed({ rank: int, unitId: s, unitName: s, points: int, submitted: int, district: int, city: int, endorsed: int });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function govInfoRoutes(p: Platform): RouteDef[] {
  const cmds = new GovInfoCommands(p.commands);
  const reviewUnits = (who: Principal): string[] | 'all' => {
    const sc = scopeFor(who, 'govinfo.review');
    if (sc === 'all') return 'all';
    return sc && who.unitId ? [who.unitId] : [];
  };
  const reviews = (who: Principal) => (unitId: string) => {
    const u = reviewUnits(who);
    return u === 'all' || u.includes(unitId);
  };
  const gctx = (ctx: RouteContext): GovInfoContext => ({
    actorId: ctx.principal.userId,
    actorName: ctx.principal.displayName,
    unitId: ctx.principal.unitId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
    reviews: reviews(ctx.principal),
  });
  const settled = async <T>(r: T): Promise<T> => {
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    return r;
  };
  const unitName = async () => {
    const snap = await p.directory.snapshot();
    return (id: string) => snap.units.get(id)?.name ?? id;
  };
  /** A report is seen by its unit (govinfo.submit) and the receiving unit's reviewers. */
  const visible = async (ctx: RouteContext): Promise<null> => {
    const r = await cmds.report(ctx.params.id);
    if (r.status === 'none') throw notFound('信息不存在');
    if (reviews(ctx.principal)(r.receiverUnitId)) return null;
    if (scopeFor(ctx.principal, 'govinfo.submit') && ctx.principal.unitId === r.unitId) return null;
    throw new DomainError('forbidden', 'govinfo.out_of_scope', '该信息不在您的查阅范围内');
  };
  const allowed = (st: GovInfoReportState, who: Principal, now: string): string[] => {
    const asReviewer = reviews(who)(st.receiverUnitId);
    const metadata = { now, actorId: who.userId, onBehalfOf: null, unitId: who.unitId };
    const rules = { submitted: 0, adoptedDistrict: 0, adoptedCity: 0, endorsed: 0 };
    const out: string[] = [];
    const can = (c: Parameters<typeof govInfoReportDecider.decide>[0]) => {
      try {
        govInfoReportDecider.decide(c, st);
        return true;
      } catch (e) {
        if (e instanceof DomainError) return false;
        throw e;
      }
    };
    if (can({ type: 'EditGovInfo', data: { title: `${st.title}x`, body: st.body, asReviewer }, metadata })) out.push('edit');
    for (const level of ADOPTION_LEVELS)
      if (can({ type: 'AdoptGovInfo', data: { level, note: '', reviewerName: '', asReviewer, rules }, metadata }))
        out.push(`adopt:${level}`);
    if (st.status === 'submitted' && can({ type: 'RejectGovInfo', data: { reason: 'x', reviewerName: '', asReviewer }, metadata }))
      out.push('reject');
    return out;
  };
  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: '信息报送',
    command: true,
    ...def,
    handler: async (ctx) => settled(await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '信息报送', ...def });

  return [
    query<ReportsQuery>({
      method: 'get',
      path: '/govinfo/reports',
      summary: '信息列表：本单位报送的（box=mine）或报送给我审核的（box=review）',
      permission: 'govinfo.submit',
      query: ReportsQuery,
      response: {
        name: 'GovInfoReportsPage',
        schema: closed({ items: { type: 'array', items: reportRow }, total: int, page: int, pageSize: int }),
      },
      handler: async (ctx) => {
        const who = ctx.principal;
        const { page, pageSize } = pageOf(ctx.query);
        let filter: { unitIds?: string[]; receiverUnitIds?: string[] };
        if (ctx.query.box === 'review') {
          const u = reviewUnits(who);
          if (u !== 'all' && u.length === 0) throw new DomainError('forbidden', 'govinfo.not_reviewer', '您没有信息审核权限');
          filter = { receiverUnitIds: u === 'all' ? [...(await p.directory.snapshot()).units.keys()] : u };
        } else {
          if (!scopeFor(who, 'govinfo.submit') || !who.unitId)
            throw new DomainError('forbidden', 'govinfo.not_submitter', '您没有信息报送权限');
          filter = { unitIds: [who.unitId] };
        }
        const r = await reports(p.readDb, { ...filter, status: ctx.query.status, q: ctx.query.q, page, pageSize });
        const name = await unitName();
        return {
          items: r.items.map((x) => ({
            ...x,
            unitName: name(x.unitId),
            receiverUnitName: name(x.receiverUnitId),
            statusLabel: STATUS_LABELS[x.status] ?? x.status,
            levelLabels: x.levels.map((l) => ADOPTION_LABELS[l as keyof typeof ADOPTION_LABELS] ?? l),
          })),
          total: r.total,
          page,
          pageSize,
        };
      },
    }),
    query({
      method: 'get',
      path: '/govinfo/reports/:id',
      summary: '信息详情（含采用记录与可办操作）',
      permission: 'govinfo.submit',
      scope: visible,
      handler: async (ctx) => {
        const st = await cmds.report(ctx.params.id);
        const name = await unitName();
        return {
          ...st,
          unitName: name(st.unitId),
          receiverUnitName: name(st.receiverUnitId),
          statusLabel: STATUS_LABELS[st.status] ?? st.status,
          levels: st.levels.map((l) => ({ ...l, label: ADOPTION_LABELS[l.level] })),
          allowedActions: allowed(st, ctx.principal, p.clock().toISOString()),
        };
      },
    }),
    cmd<SubmitGovInfoDto>({
      method: 'post',
      path: '/govinfo/reports',
      summary: '报送政务信息（可响应约稿）',
      permission: 'govinfo.submit',
      body: SubmitGovInfoDto,
      handler: (ctx) => cmds.submit(ctx.body, gctx(ctx)),
    }),
    cmd<EditGovInfoDto>({
      method: 'post',
      path: '/govinfo/reports/:id/edit',
      summary: '编辑（接收单位审核人员）',
      permission: 'govinfo.review',
      body: EditGovInfoDto,
      handler: (ctx) => cmds.edit(ctx.params.id, ctx.body, gctx(ctx)),
    }),
    cmd<AdoptGovInfoDto>({
      method: 'post',
      path: '/govinfo/reports/:id/adopt',
      summary: '采用：区级采用 / 市级采用 / 领导批示（按积分规则计分）',
      permission: 'govinfo.review',
      body: AdoptGovInfoDto,
      handler: (ctx) => cmds.adopt(ctx.params.id, ctx.body, gctx(ctx)),
    }),
    cmd<RejectGovInfoDto>({
      method: 'post',
      path: '/govinfo/reports/:id/reject',
      summary: '不予采用（须填写原因）',
      permission: 'govinfo.review',
      body: RejectGovInfoDto,
      handler: (ctx) => cmds.reject(ctx.params.id, ctx.body, gctx(ctx)),
    }),
    query({
      method: 'get',
      path: '/govinfo/calls',
      summary: '约稿（征集中的在前）',
      permission: 'govinfo.submit',
      response: {
        name: 'GovInfoCalls',
        schema: closed({
          items: {
            type: 'array',
            items: closed({
              id: s,
              topic: s,
              deadline: s,
              unitId: s,
              unitName: s,
              issuerName: s,
              status: s,
              reportCount: int,
              issuedAt: s,
            }),
          },
        }),
      },
      handler: async () => {
        const name = await unitName();
        const items = (await calls(p.readDb, {})).map((c) => ({ ...c, unitName: name(c.unitId) }));
        return { items: items.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1)) };
      },
    }),
    cmd<GovInfoCallDto>({
      method: 'post',
      path: '/govinfo/calls',
      summary: '发布约稿（主题、截止日期）',
      permission: 'govinfo.review',
      body: GovInfoCallDto,
      handler: (ctx) => cmds.issueCall(ctx.body, gctx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/govinfo/calls/:id/close',
      summary: '结束约稿',
      permission: 'govinfo.review',
      handler: (ctx) => cmds.closeCall(ctx.params.id, gctx(ctx)),
    }),
    query({
      method: 'get',
      path: '/govinfo/rules',
      summary: '积分规则',
      permission: 'govinfo.submit',
      response: { name: 'GovInfoRules', schema: closed({ submitted: int, adoptedDistrict: int, adoptedCity: int, endorsed: int }) },
      handler: () => cmds.rules(),
    }),
    cmd<GovInfoRulesDto>({
      method: 'post',
      path: '/govinfo/rules',
      summary: '设置积分规则（此后的报送与采用按新规则计分）',
      permission: 'govinfo.review',
      body: GovInfoRulesDto,
      handler: (ctx) => cmds.setRules(ctx.body, gctx(ctx)),
    }),
    query<RankingQuery>({
      method: 'get',
      path: '/govinfo/ranking',
      summary: '积分排名（月度 YYYY-MM / 年度 YYYY）；format=xlsx 导出通报',
      permission: 'govinfo.submit',
      query: RankingQuery,
      response: { name: 'GovInfoRanking', schema: closed({ period: s, items: { type: 'array', items: rankingRow } }) },
      handler: async (ctx) => {
        const name = await unitName();
        let rank = 0;
        let last = -1;
        const rows = (await ranking(p.readDb, ctx.query.period)).map((r, i) => {
          if (r.points !== last) rank = i + 1;
          last = r.points;
          return { rank, ...r, unitName: name(r.unitId) };
        });
        if (ctx.query.format !== 'xlsx') return { period: ctx.query.period, items: rows };
        const title = `政务信息报送采用情况通报（${ctx.query.period.length === 4 ? `${ctx.query.period}年度` : `${ctx.query.period.slice(0, 4)}年${Number(ctx.query.period.slice(5))}月`}）`;
        const wb = new ExcelJS.Workbook();
        wb.creator = '政务协同办公平台';
        const ws = wb.addWorksheet('通报');
        ws.mergeCells('A1:H1');
        ws.getCell('A1').value = title;
        ws.getCell('A1').font = { bold: true, size: 14 };
        ws.getCell('A1').alignment = { horizontal: 'center' };
        const rules = await cmds.rules();
        ws.mergeCells('A2:H2');
        ws.getCell('A2').value =
          `计分规则：报送 ${rules.submitted} 分/篇，区级采用 ${rules.adoptedDistrict} 分，市级采用 ${rules.adoptedCity} 分，领导批示 ${rules.endorsed} 分`;
        ws.addRow(['排名', '单位', '报送', '区级采用', '市级采用', '领导批示', '采用合计', '积分']).font = { bold: true };
        for (const r of rows)
          ws.addRow([r.rank, r.unitName, r.submitted, r.district, r.city, r.endorsed, r.district + r.city + r.endorsed, r.points]);
        ws.columns.forEach((c, i) => (c.width = i === 1 ? 28 : 10));
        ctx.res.status(200).type(XLSX);
        ctx.res.setHeader(
          'Content-Disposition',
          `attachment; filename="govinfo-${ctx.query.period}.xlsx"; filename*=UTF-8''${encodeURIComponent(title)}.xlsx`,
        );
        ctx.res.send(Buffer.from(await wb.xlsx.writeBuffer()));
        return;
      },
    }),
  ];
}
