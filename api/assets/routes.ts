import type { Request } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AssetCommands, type NewCard } from '../../commands/assets/asset-commands';
import {
  AssetCardDto,
  CategoryDto,
  ChangeCategoryDto,
  CompleteDisposalDto,
  CompleteRepairDto,
  CountDto,
  DisposalDto,
  IssueDto,
  LendDto,
  PurchaseDto,
  ReceivePurchaseDto,
  RegisterAssetDto,
  RepairDto,
  ResolveDto,
  StockTakeDto,
  TransferDto,
  TransferStepDto,
} from '../../commands/assets/dtos';
import { AssetKit, type AssetContext } from '../../commands/assets/kit';
import { PurchaseCommands } from '../../commands/assets/purchase-commands';
import { StockTakeCommands } from '../../commands/assets/stocktake-commands';
import {
  ASSET_STATUS_LABELS,
  CATEGORY_CATALOGUE_STREAM,
  DIFFERENCE_LABELS,
  assetBookValue,
  assetStreamId,
  categoryCatalogueDecider,
  checkCard,
  differences,
  inTransit,
  shanghaiDate,
} from '../../domain/assets';
import {
  assetById,
  assetByNo,
  bookList,
  departmentCategoryReport,
  movements,
  purchases,
  searchAssets,
  stockTakes,
  transfers,
  type AssetRow,
  type AssetScope,
} from '../../projections/assets/queries';
import { importTemplate, parseImport, sheet, yuan } from '../../reports/assets/excel';
import { labelSheet } from '../../reports/assets/labels';
import { scopeFor } from '../auth/principal';
import { HttpProblem, badRequest, notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { DomainError } from '../../domain/shared/errors';
import { assetAllowedActions } from './allowed-actions';
import { assetListSchema, assetViewSchema } from './schemas';

/**
 * 固定资产 HTTP routes (under /api/assets). Permissions: 'asset.admin' (资产管理员: the unit's register,
 * 录入, 领用/归还/借用, 转移, 处置, 采购验收, 盘点) and 'asset.use' (staff: the assets of their scope, 报修,
 * 采购申请, 移交/接收 as the recorded giver/receiver, ticking as a stock-take checker). Commands take an
 * Idempotency-Key and answer after the read models caught up. GETs never append.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export class AssetSearchQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsString() @MaxLength(40) assetNo?: string;
  @IsOptional() @IsString() @MaxLength(100) name?: string;
  @IsOptional() @IsString() @MaxLength(100) specification?: string;
  @IsOptional() @IsString() @MaxLength(12) categoryCode?: string;
  @IsOptional() @IsIn(['valid', 'disposed', 'in_transit', 'in_stock', 'in_use', 'lent']) status?: AssetScopeStatus;
  @IsOptional() @IsString() @MaxLength(64) unitId?: string;
  @IsOptional() @IsString() @MaxLength(64) departmentId?: string;
  @IsOptional() @IsString() @MaxLength(64) custodianId?: string;
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}
type AssetScopeStatus = 'valid' | 'disposed' | 'in_transit' | 'in_stock' | 'in_use' | 'lent';

export class DateQuery {
  @IsOptional() @Matches(DATE, { message: '日期须为 YYYY-MM-DD' }) date?: string;
  @IsOptional() @IsString() @MaxLength(64) unitId?: string;
  @IsOptional() @IsString() @MaxLength(64) departmentId?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class PeriodQuery extends PageQuery {
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @IsString() @MaxLength(20) status?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class LabelQuery {
  /** Comma-separated asset ids (≤ 240), or none: the caller's filter below. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~-]{1,64}(,[A-Za-z0-9._~-]{1,64}){0,239}$/, { message: '资产清单须为逗号分隔的标识，最多 240 个' })
  ids?: string;
  @IsOptional() @IsString() @MaxLength(64) departmentId?: string;
}

export class ByNoQuery {
  @IsString() @MaxLength(300) code!: string;
}

export class StockTakeListQuery extends PageQuery {}
export class PageOnly extends PageQuery {
  @Type(() => String) @IsOptional() @IsString() unitId?: string;
}

function actx(ctx: RouteContext): AssetContext {
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

async function settled<T>(p: Platform, r: T): Promise<T> {
  await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
  return r;
}

/** The asset id in a scanned code: the label's URL (…/assets/<id>) or an 资产编号. */
export function codeToLookup(code: string): { id?: string; assetNo?: string } {
  const t = code.trim();
  const m = /\/assets\/([A-Za-z0-9._~-]{1,64})\/?(?:[?#].*)?$/.exec(t);
  if (m) return { id: m[1]! };
  return { assetNo: t.toUpperCase() };
}

export function assetRoutes() {
  return (p: Platform): RouteDef[] => build(p);
}

function rowView(r: AssetRow, names: (id: string | null) => string | null) {
  return {
    id: r.id,
    assetNo: r.asset_no,
    name: r.name,
    specification: r.specification,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    unitId: r.unit_id,
    unitName: names(r.unit_id),
    departmentId: r.department_id,
    departmentName: names(r.department_id),
    custodianId: r.custodian_id,
    custodianName: names(r.custodian_id),
    location: r.location,
    originalValue: Number(r.original_value),
    acquisitionDate: r.acquisition_date,
    status: r.status,
    statusLabel: r.in_transit ? '在途' : ((ASSET_STATUS_LABELS as Record<string, string>)[r.status] ?? r.status),
    inTransit: !!r.in_transit,
    loanDue: r.loan_due,
  };
}

function build(p: Platform): RouteDef[] {
  const kit = new AssetKit(p.commands, { calendar: PUBLIC_HOLIDAYS });
  const assets = new AssetCommands(kit);
  const purchasesCmd = new PurchaseCommands(kit, assets);
  const stock = new StockTakeCommands(kit, assets);
  const db = () => p.readDb;

  const nameLookup = async () => {
    const s = await p.directory.snapshot();
    return (id: string | null): string | null => {
      if (!id) return null;
      return s.users.get(id)?.name ?? s.departments.get(id)?.name ?? s.units.get(id)?.name ?? null;
    };
  };
  /** The units where the caller is 资产管理员 (asset.admin): null = every unit. */
  const adminUnits = (ctx: RouteContext): string[] | null | 'none' => {
    const sc = scopeFor(ctx.principal, 'asset.admin');
    if (sc === 'all') return null;
    if (sc === null || !ctx.principal.unitId) return 'none';
    return [ctx.principal.unitId];
  };
  const isAdminOf = (ctx: RouteContext, unitId: string) => {
    const u = adminUnits(ctx);
    return u === null || (u !== 'none' && u.includes(unitId));
  };
  const readScope = async (ctx: RouteContext): Promise<AssetScope> => {
    const a = adminUnits(ctx);
    if (a !== 'none') return { unitIds: a };
    const sc = scopeFor(ctx.principal, 'asset.use');
    const who = ctx.principal;
    if (sc === 'all') return { unitIds: null };
    if (sc === 'unit') return { unitIds: who.unitId ? [who.unitId] : [] };
    if (sc === 'department_tree' && who.departmentId)
      return { unitIds: null, departmentIds: await p.org.departmentSubtree(who.departmentId) };
    if (sc === 'department' && who.departmentId) return { unitIds: null, departmentIds: [who.departmentId] };
    return { unitIds: null, userId: who.userId };
  };
  const unitOfDepartment = async (departmentId: string) => p.org.departmentUnit(departmentId);

  // scope resolvers -------------------------------------------------------------------------
  const assetTarget = (participants: boolean) => async (ctx: RouteContext) => {
    const s = await kit.load(ctx.params.id);
    if (s.status === 'none') throw notFound('资产不存在');
    const me = ctx.principal.userId;
    if (participants) {
      if (isAdminOf(ctx, s.custody!.unitId)) return null;
      if (s.transfer && (s.transfer.giverId === me || s.transfer.receiverId === me)) return null;
      if (s.loan?.borrowerId === me) return null;
    }
    return {
      unitId: s.custody!.unitId,
      departmentId: s.custody!.departmentId,
      ownerId: s.custody!.custodianId,
      resource: assetStreamId(s.assetId),
    };
  };
  const adminTarget = async (ctx: RouteContext) => {
    const s = await kit.load(ctx.params.id);
    if (s.status === 'none') throw notFound('资产不存在');
    return { unitId: s.custody!.unitId, resource: assetStreamId(s.assetId) };
  };
  const ownUnit = (ctx: RouteContext) => ({ unitId: ctx.principal.unitId, resource: 'assets' });
  const stockTarget = async (ctx: RouteContext) => {
    const s = await stock.load(ctx.params.id);
    if (s.status === 'none') throw notFound('盘点计划不存在');
    if (s.plan!.checkerIds.includes(ctx.principal.userId) || isAdminOf(ctx, s.plan!.unitId)) return null;
    return { unitId: s.plan!.unitId, resource: `asset-stocktake-${s.plan!.stockTakeId}` };
  };
  const purchaseTarget = async (ctx: RouteContext) => {
    const s = await purchasesCmd.load(ctx.params.id);
    if (s.status === 'none') throw notFound('采购申请不存在');
    if (s.request!.requesterId === ctx.principal.userId || isAdminOf(ctx, s.request!.unitId)) return null;
    return {
      unitId: s.request!.unitId,
      departmentId: s.request!.departmentId,
      ownerId: s.request!.requesterId,
      resource: `asset-purchase-${s.request!.purchaseId}`,
    };
  };

  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: '固定资产',
    command: true,
    ...def,
    handler: async (ctx) => settled(p, await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '固定资产', ...def });
  const xlsx = (ctx: RouteContext, name: string, bytes: Buffer) => {
    ctx.res.status(200).type(XLSX);
    ctx.res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`);
    ctx.res.setHeader('Cache-Control', 'private, no-store');
    ctx.res.send(bytes);
  };

  /** A card from the DTO / an import row: the department must belong to the unit, the custodian to it. */
  const cardOf = async (d: AssetCardDto, unitId: string, field = ''): Promise<NewCard> => {
    if (d.departmentId && (await unitOfDepartment(d.departmentId)) !== unitId)
      throw badRequest('使用部门须属于本单位', [{ field: `${field}departmentId`, message: '使用部门须属于本单位' }]);
    return {
      categoryCode: d.categoryCode,
      card: {
        name: d.name,
        specification: d.specification ?? '',
        serialNumber: d.serialNumber ?? '',
        quantity: d.quantity,
        measureUnit: d.measureUnit,
        originalValue: d.originalValue,
        acquisitionDate: d.acquisitionDate,
        fundingSource: d.fundingSource,
        supplier: d.supplier ?? '',
        warrantyEnd: d.warrantyEnd ?? '',
        location: d.location ?? '',
        photos: d.photos ?? [],
      },
      custody: {
        unitId,
        departmentId: d.custodianId ? (d.departmentId ?? null) : (d.departmentId ?? null),
        custodianId: d.custodianId ?? null,
      },
    };
  };

  const detail = async (ctx: RouteContext, id: string) => {
    const s = await kit.existing(id);
    const names = await nameLookup();
    const events = await p.store.readStream(assetStreamId(id));
    const today = shanghaiDate(p.clock().toISOString());
    const isAdmin = isAdminOf(ctx, s.custody!.unitId);
    return {
      id: s.assetId,
      assetNo: s.assetNo,
      status: s.status,
      statusLabel: inTransit(s) ? '在途' : ASSET_STATUS_LABELS[s.status],
      inTransit: inTransit(s),
      category: s.category,
      card: s.card,
      custody: {
        ...s.custody!,
        unitName: names(s.custody!.unitId),
        departmentName: names(s.custody!.departmentId),
        custodianName: names(s.custody!.custodianId),
      },
      loan: s.loan ? { ...s.loan, borrowerName: names(s.loan.borrowerId) } : null,
      transfer: s.transfer
        ? {
            ...s.transfer,
            toUnitName: names(s.transfer.to.unitId),
            toDepartmentName: names(s.transfer.to.departmentId),
            giverName: names(s.transfer.giverId),
            receiverName: names(s.transfer.receiverId),
          }
        : null,
      disposal: s.disposal,
      disposedOn: s.disposedOn,
      repairs: s.repairs,
      value: assetBookValue(s, today),
      valueDate: today,
      timeline: events.map((e) => ({
        type: e.type,
        at: e.recordedAt,
        actorId: e.metadata.actorId,
        actorName: names(e.metadata.actorId) ?? e.metadata.actorId,
        onBehalfOf: e.metadata.onBehalfOf,
        onBehalfOfName: names(e.metadata.onBehalfOf ?? null),
        data: e.data,
      })),
      allowedActions: assetAllowedActions(s, { userId: ctx.principal.userId, isAdmin, departmentUnitId: null }, p.clock().toISOString()),
    };
  };

  const readUpload = async (req: Request): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      total += c.length;
      if (total > IMPORT_MAX_BYTES) throw new HttpProblem(413, '请求体过大', '导入文件不能超过 10 MB', { code: 'asset.import_too_large' });
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  };

  return [
    // ---------------------------------------------------------------- catalogue
    query({
      method: 'get',
      path: '/assets/categories',
      summary: '资产分类（GB/T 14885）与折旧年限',
      permission: 'asset.use',
      handler: async () => ({ items: [...(await kit.categories()).values()].sort((a, b) => a.code.localeCompare(b.code)) }),
    }),
    cmd<CategoryDto>({
      method: 'post',
      path: '/assets/categories',
      summary: '新增或修改资产分类（资产管理员）',
      permission: 'asset.admin',
      scope: ownUnit,
      body: CategoryDto,
      handler: async (ctx) => {
        const r = await kit.run(
          CATEGORY_CATALOGUE_STREAM,
          categoryCatalogueDecider,
          { type: 'DefineCategory', data: { category: { ...ctx.body } } },
          actx(ctx),
        );
        return { code: ctx.body.code, events: r.events.map((e) => e.type) };
      },
    }),
    // ---------------------------------------------------------------- lists, import, export
    query({
      method: 'get',
      path: '/assets',
      summary: '资产查询：卡片字段、保管、有效/退出/在途、名称规格、日期范围、单位部门（分页，可导出 Excel）',
      permission: 'asset.use',
      query: AssetSearchQuery,
      response: { name: 'AssetList', schema: assetListSchema },
      handler: async (ctx: RouteContext<unknown, AssetSearchQuery>) => {
        const q = ctx.query;
        const scope = await readScope(ctx);
        const names = await nameLookup();
        if (q.format === 'xlsx') {
          const { items } = await searchAssets(db(), scope, q, { offset: 0, limit: 100_000 });
          const rows = items.map((r) => ({ ...rowView(r, names), originalValue: yuan(Number(r.original_value)) }));
          xlsx(ctx, '资产清单', await sheet('资产清单', EXPORT_COLUMNS, rows));
          return;
        }
        const pg = pageOf(q);
        const { items, total } = await searchAssets(db(), scope, q, { offset: pg.offset, limit: pg.pageSize });
        return { items: items.map((r) => rowView(r, names)), page: pg.page, pageSize: pg.pageSize, total };
      },
    }),
    query({
      method: 'get',
      path: '/assets/import-template',
      summary: '下载资产批量录入 Excel 模板',
      permission: 'asset.admin',
      raw: true,
      produces: XLSX,
      handler: async (ctx) => xlsx(ctx, '资产批量录入模板', await importTemplate([...(await kit.categories()).values()])),
    }),
    cmd({
      method: 'post',
      path: '/assets/import',
      summary: '批量录入（Excel）：逐行校验，任一行有误则整份不导入并列出行号与原因',
      permission: 'asset.admin',
      scope: ownUnit,
      responses: { 400: '有错误的行（errors: 行号、列、原因）；没有导入任何资产' },
      handler: async (ctx) => {
        const unitId = ctx.principal.unitId;
        if (!unitId) throw badRequest('您不属于任何单位', [{ field: 'unitId', message: '无所属单位' }]);
        const parsed = await parseImport(await readUpload(ctx.req));
        const errors = [...parsed.errors];
        const snap = await p.directory.snapshot();
        const byUsername = new Map([...snap.users.values()].map((u) => [u.username, u]));
        const cats = await kit.categories();
        const today = shanghaiDate(p.clock().toISOString());
        const cards: NewCard[] = [];
        const LABEL: Record<string, string> = {
          name: '资产名称',
          specification: '规格型号',
          originalValue: '原值（元）',
          quantity: '数量',
          measureUnit: '计量单位',
          acquisitionDate: '取得日期',
          warrantyEnd: '保修截止',
          fundingSource: '经费来源',
          location: '存放地点',
        };
        for (const r of parsed.rows) {
          const v = r.values;
          const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
          if (!cats.has(v.categoryCode)) err('分类代码', `分类代码 ${v.categoryCode || '（空）'} 不存在`);
          let departmentId: string | null = null;
          let custodianId: string | null = null;
          if (v.departmentId) {
            const d = snap.departments.get(v.departmentId);
            if (!d || d.unitId !== unitId) err('使用部门代码', `部门 ${v.departmentId} 不属于本单位`);
            else departmentId = d.departmentId;
          }
          if (v.custodian) {
            const u = byUsername.get(v.custodian);
            if (!u || u.status !== 'active' || u.primaryPost.unitId !== unitId)
              err('保管人账号', `保管人 ${v.custodian} 不是本单位在职人员`);
            else {
              custodianId = u.userId;
              departmentId ??= u.primaryPost.departmentId;
            }
          }
          if (r.originalValue === null || !r.quantity) continue;
          const card = {
            name: v.name,
            specification: v.specification,
            serialNumber: v.serialNumber,
            quantity: r.quantity,
            measureUnit: v.measureUnit,
            originalValue: r.originalValue,
            acquisitionDate: v.acquisitionDate,
            fundingSource: v.fundingSource,
            supplier: v.supplier,
            warrantyEnd: v.warrantyEnd,
            location: v.location,
            photos: [],
          };
          try {
            checkCard(card, today);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            err(LABEL[(e.field ?? '').replace('card.', '')] ?? '', e.message);
            continue;
          }
          cards.push({ categoryCode: v.categoryCode, card, custody: { unitId, departmentId, custodianId } });
        }
        if (errors.length) {
          errors.sort((a, b) => a.row - b.row);
          throw new HttpProblem(400, '请求参数不合法', `有 ${new Set(errors.map((e) => e.row)).size} 行数据有误，未导入任何资产`, {
            code: 'asset.import_invalid',
            errors: errors.map((e) => ({
              field: `row ${e.row}${e.column ? ` ${e.column}` : ''}`,
              message: e.row ? `第 ${e.row} 行${e.column ? `「${e.column}」` : ''}：${e.message}` : e.message,
            })),
            rows: errors,
          });
        }
        const c = actx(ctx);
        const batch = kit.idFor(c, 'import');
        const ids = cards.map((_, i) => `${batch.slice(0, 24)}-${String(i).padStart(5, '0')}`);
        const made = await assets.registerMany(cards, c, { type: 'import', id: batch }, ids);
        return { imported: made.length, importId: batch, assetNos: [made[0]?.assetNo ?? null, made[made.length - 1]?.assetNo ?? null] };
      },
    }),
    cmd<RegisterAssetDto>({
      method: 'post',
      path: '/assets',
      summary: '录入资产卡片（资产编号按单位、年度连续生成）',
      permission: 'asset.admin',
      scope: ownUnit,
      body: RegisterAssetDto,
      handler: async (ctx) => {
        const unitId = ctx.principal.unitId;
        if (!unitId) throw badRequest('您不属于任何单位', [{ field: 'unitId', message: '无所属单位' }]);
        return assets.register(await cardOf(ctx.body, unitId), actx(ctx));
      },
    }),
    query({
      method: 'get',
      path: '/assets/lookup',
      summary: '扫码 / 输入编号查找资产（标签二维码的网址或资产编号）',
      permission: 'asset.use',
      query: ByNoQuery,
      handler: async (ctx: RouteContext<unknown, ByNoQuery>) => {
        const k = codeToLookup(ctx.query.code);
        const row = k.id ? await assetById(db(), k.id) : await assetByNo(db(), k.assetNo!);
        if (!row) throw notFound('没有这个资产编号');
        const scope = await readScope(ctx);
        const { total } = await searchAssets(db(), scope, { assetNo: row.asset_no }, { offset: 0, limit: 1 });
        if (!total && !(await stockCheckerOf(ctx, row.unit_id))) throw new HttpProblem(403, '没有权限', '该资产不在您的数据范围内');
        return rowView(row, await nameLookup());
      },
    }),
    // ---------------------------------------------------------------- reports
    query({
      method: 'get',
      path: '/assets/reports/departments',
      summary: '部门 × 分类统计（数量、原值、累计折旧、净值），任一日期（可导出 Excel）',
      permission: 'asset.admin',
      query: DateQuery,
      scope: (ctx: RouteContext<unknown, DateQuery>) => ({ unitId: ctx.query.unitId ?? ctx.principal.unitId, resource: 'assets' }),
      handler: async (ctx: RouteContext<unknown, DateQuery>) => {
        const unitId = ctx.query.unitId ?? ctx.principal.unitId!;
        const date = ctx.query.date ?? shanghaiDate(p.clock().toISOString());
        const rep = await departmentCategoryReport(db(), unitId, date, ctx.query.departmentId ?? null);
        const names = await nameLookup();
        const lines = rep.lines.map((l) => ({ ...l, departmentName: l.departmentId ? names(l.departmentId) : '（在库）' }));
        if (ctx.query.format === 'xlsx') {
          xlsx(
            ctx,
            `资产统计-${date}`,
            await sheet(
              `资产统计 ${date}`,
              [
                { header: '部门', key: 'departmentName', width: 16 },
                { header: '分类代码', key: 'categoryCode', width: 12 },
                { header: '分类', key: 'categoryName', width: 18 },
                { header: '数量', key: 'count', width: 8 },
                { header: '原值（元）', key: 'ov', width: 14 },
                { header: '累计折旧（元）', key: 'ad', width: 14 },
                { header: '净值（元）', key: 'nv', width: 14 },
              ],
              lines.map((l) => ({ ...l, ov: yuan(l.originalValue), ad: yuan(l.accumulatedDepreciation), nv: yuan(l.netValue) })),
            ),
          );
          return;
        }
        return { unitId, unitName: names(unitId), date, lines, total: rep.total };
      },
    }),
    query({
      method: 'get',
      path: '/assets/reports/movements',
      summary: '期间新增与减少（处置）资产',
      permission: 'asset.admin',
      query: PeriodQuery,
      scope: ownUnit,
      handler: async (ctx: RouteContext<unknown, PeriodQuery>) => {
        const today = shanghaiDate(p.clock().toISOString());
        const from = ctx.query.from ?? `${today.slice(0, 4)}-01-01`;
        const to = ctx.query.to ?? today;
        const a = adminUnits(ctx);
        const m = await movements(db(), a === 'none' ? [] : a, from, to);
        const names = await nameLookup();
        return {
          from,
          to,
          additions: m.additions.map((r) => rowView(r, names)),
          disposals: m.disposals.map((r) => ({ ...rowView(r, names), disposedOn: r.disposed_on })),
          totals: {
            additions: m.additions.reduce((n, r) => n + Number(r.original_value), 0),
            disposals: m.disposals.reduce((n, r) => n + Number(r.original_value), 0),
          },
        };
      },
    }),
    query({
      method: 'get',
      path: '/assets/transfers',
      summary: '转移记录（期间、状态；分页，可导出 Excel）',
      permission: 'asset.use',
      query: PeriodQuery,
      handler: async (ctx: RouteContext<unknown, PeriodQuery>) => {
        const a = adminUnits(ctx);
        const unitIds = a === 'none' ? [ctx.principal.unitId ?? ''] : a;
        const names = await nameLookup();
        const view = (r: Awaited<ReturnType<typeof transfers>>['items'][number]) => ({
          transferId: r.transfer_id,
          assetId: r.asset_id,
          assetNo: r.asset_no,
          name: r.name,
          from: { unitId: r.from_unit_id, unitName: names(r.from_unit_id), departmentName: names(r.from_department_id) },
          to: {
            unitId: r.to_unit_id,
            unitName: names(r.to_unit_id),
            departmentName: names(r.to_department_id),
            custodianName: names(r.to_custodian_id),
          },
          giverName: names(r.giver_id),
          receiverName: names(r.receiver_id),
          status: r.status,
          statusLabel: TRANSFER_LABELS[r.status] ?? r.status,
          reason: r.reason,
          requestedAt: r.requested_at,
          acceptedOn: r.accepted_on,
          netValue: r.net_value === null ? null : Number(r.net_value),
        });
        if (ctx.query.format === 'xlsx') {
          const { items } = await transfers(db(), unitIds, ctx.query, { offset: 0, limit: 100_000 });
          const rows = items.map(view).map((v) => ({ ...v, fromUnit: v.from.unitName, toUnit: v.to.unitName, nv: yuan(v.netValue) }));
          xlsx(
            ctx,
            '资产转移记录',
            await sheet(
              '转移记录',
              [
                { header: '资产编号', key: 'assetNo', width: 18 },
                { header: '资产名称', key: 'name', width: 18 },
                { header: '转出单位', key: 'fromUnit', width: 18 },
                { header: '接收单位', key: 'toUnit', width: 18 },
                { header: '状态', key: 'statusLabel', width: 10 },
                { header: '接收日期', key: 'acceptedOn', width: 12 },
                { header: '转移净值（元）', key: 'nv', width: 14 },
                { header: '原因', key: 'reason', width: 30 },
              ],
              rows,
            ),
          );
          return;
        }
        const pg = pageOf(ctx.query);
        const { items, total } = await transfers(db(), unitIds, ctx.query, { offset: pg.offset, limit: pg.pageSize });
        return { items: items.map(view), page: pg.page, pageSize: pg.pageSize, total };
      },
    }),
    query({
      method: 'get',
      path: '/assets/labels',
      summary: '打印资产标签（A4 标签纸，每张 24 枚，二维码打开资产页面）',
      permission: 'asset.admin',
      query: LabelQuery,
      raw: true,
      produces: 'application/pdf',
      handler: async (ctx: RouteContext<unknown, LabelQuery>) => {
        const a = adminUnits(ctx);
        const scope: AssetScope = { unitIds: a === 'none' ? [] : a };
        let rows: AssetRow[];
        if (ctx.query.ids) {
          rows = [];
          for (const id of ctx.query.ids.split(',')) {
            const r = await assetById(db(), id);
            if (!r) throw notFound(`资产 ${id} 不存在`);
            if (!isAdminOf(ctx, r.unit_id)) throw new HttpProblem(403, '没有权限', '清单中有不属于本单位的资产');
            rows.push(r);
          }
        } else
          rows = (await searchAssets(db(), scope, { status: 'valid', departmentId: ctx.query.departmentId }, { offset: 0, limit: 240 }))
            .items;
        const names = await nameLookup();
        const origin = `${ctx.req.protocol}://${ctx.req.get('host')}`;
        const pdf = await labelSheet(
          rows.map((r) => ({
            assetNo: r.asset_no,
            name: r.name,
            unitName: names(r.unit_id) ?? r.unit_id,
            acquisitionDate: r.acquisition_date,
            url: `${origin}/assets/${r.id}`,
          })),
        );
        ctx.res.status(200).type('application/pdf');
        ctx.res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent('资产标签')}.pdf`);
        ctx.res.setHeader('Cache-Control', 'private, no-store');
        ctx.res.send(pdf);
      },
    }),
    // ---------------------------------------------------------------- purchases
    cmd<PurchaseDto>({
      method: 'post',
      path: '/assets/purchases',
      summary: '采购申请（启动采购审批流程）',
      permission: 'asset.use',
      body: PurchaseDto,
      handler: (ctx) =>
        purchasesCmd.request(
          { ...ctx.body, items: ctx.body.items.map((i) => ({ ...i, specification: i.specification ?? '' })) },
          actx(ctx),
        ),
    }),
    query({
      method: 'get',
      path: '/assets/purchases',
      summary: '采购申请列表',
      permission: 'asset.use',
      query: PageOnly,
      handler: async (ctx: RouteContext<unknown, PageOnly>) => {
        const a = adminUnits(ctx);
        const pg = pageOf(ctx.query);
        return {
          ...(await purchases(db(), a === 'none' ? [ctx.principal.unitId ?? ''] : a, { offset: pg.offset, limit: pg.pageSize })),
          page: pg.page,
          pageSize: pg.pageSize,
        };
      },
    }),
    query({
      method: 'get',
      path: '/assets/purchases/:id',
      summary: '采购申请详情',
      permission: 'asset.use',
      scope: purchaseTarget,
      handler: async (ctx) => {
        const s = await purchasesCmd.load(ctx.params.id);
        return {
          status: s.status,
          request: s.request,
          assetIds: s.assetIds,
          allowedActions: s.status === 'approved' && isAdminOf(ctx, s.request!.unitId) ? ['receive'] : [],
        };
      },
    }),
    cmd<ReceivePurchaseDto>({
      method: 'post',
      path: '/assets/purchases/:id/receive',
      summary: '验收入账：按采购明细生成资产卡片',
      permission: 'asset.admin',
      scope: async (ctx) => {
        const s = await purchasesCmd.load(ctx.params.id);
        if (s.status === 'none') throw notFound('采购申请不存在');
        return { unitId: s.request!.unitId, resource: `asset-purchase-${s.request!.purchaseId}` };
      },
      body: ReceivePurchaseDto,
      handler: (ctx) =>
        purchasesCmd.receive(
          ctx.params.id,
          {
            ...ctx.body,
            items: ctx.body.items.map((i) => ({
              item: i.item,
              unitPrice: i.unitPrice,
              serialNumbers: i.serialNumbers ?? [],
              location: i.location ?? '',
            })),
          },
          actx(ctx),
        ),
    }),
    // ---------------------------------------------------------------- stock-takes
    cmd<StockTakeDto>({
      method: 'post',
      path: '/assets/stocktakes',
      summary: '新建盘点计划（范围：单位/部门/地点；账面清单在此时确定）',
      permission: 'asset.admin',
      scope: ownUnit,
      body: StockTakeDto,
      handler: async (ctx) => {
        const unitId = ctx.principal.unitId!;
        const d = ctx.body;
        const book = (await bookList(db(), unitId, d.departmentId ?? null, d.location ?? null)).map((r) => ({
          assetId: r.id,
          assetNo: r.asset_no,
          name: r.name,
          departmentId: r.department_id,
          custodianId: r.custodian_id,
          location: r.location,
        }));
        return stock.plan(
          {
            unitId,
            title: d.title,
            departmentId: d.departmentId ?? null,
            location: d.location ?? null,
            startDate: d.startDate,
            endDate: d.endDate,
            checkerIds: d.checkerIds,
          },
          book,
          actx(ctx),
        );
      },
    }),
    query({
      method: 'get',
      path: '/assets/stocktakes',
      summary: '盘点计划列表',
      permission: 'asset.use',
      query: StockTakeListQuery,
      handler: async (ctx: RouteContext<unknown, StockTakeListQuery>) => {
        const a = adminUnits(ctx);
        const pg = pageOf(ctx.query);
        const r = await stockTakes(db(), a === 'none' ? [] : a, ctx.principal.userId, { offset: pg.offset, limit: pg.pageSize });
        return { ...r, page: pg.page, pageSize: pg.pageSize };
      },
    }),
    query({
      method: 'get',
      path: '/assets/stocktakes/:id',
      summary: '盘点详情：账面清单、清点结果、差异与处理（盘点报告）',
      permission: 'asset.use',
      scope: stockTarget,
      query: DateQuery,
      handler: async (ctx: RouteContext<unknown, DateQuery>) => {
        const s = await stock.load(ctx.params.id);
        const names = await nameLookup();
        const plan = s.plan!;
        const diffs = s.status === 'counting' ? differences(plan.book, s.findings) : s.differences;
        const view = {
          id: plan.stockTakeId,
          title: plan.title,
          unitId: plan.unitId,
          unitName: names(plan.unitId),
          scope: plan.scope,
          startDate: plan.startDate,
          endDate: plan.endDate,
          status: s.status,
          statusLabel: { none: '', counting: '清点中', resolving: '差异处理中', closed: '已结束' }[s.status],
          checkers: plan.checkerIds.map((id) => ({ id, name: names(id) })),
          book: plan.book.map((b) => ({ ...b, counted: s.findings.has(b.assetId), custodianName: names(b.custodianId) })),
          counted: s.findings.size,
          findings: [...s.findings.values()],
          differences: diffs.map((d) => ({ ...d, label: DIFFERENCE_LABELS[d.kind], resolution: s.resolved.get(d.key) ?? null })),
          allowedActions: [
            ...(s.status === 'counting' && plan.checkerIds.includes(ctx.principal.userId) ? ['count'] : []),
            ...(s.status === 'counting' && isAdminOf(ctx, plan.unitId) ? ['finish'] : []),
            ...(s.status === 'resolving' && isAdminOf(ctx, plan.unitId) ? ['resolve'] : []),
            ...(s.status === 'resolving' && isAdminOf(ctx, plan.unitId) && s.differences.every((d) => s.resolved.has(d.key))
              ? ['close']
              : []),
          ],
        };
        if (ctx.query.format === 'xlsx') {
          xlsx(
            ctx,
            `盘点报告-${plan.title}`,
            await sheet(
              '盘点差异',
              [
                { header: '差异', key: 'label', width: 10 },
                { header: '资产编号 / 标识', key: 'code', width: 20 },
                { header: '账面地点', key: 'expectedLocation', width: 16 },
                { header: '实盘地点', key: 'foundLocation', width: 16 },
                { header: '处理', key: 'resolution', width: 12 },
              ],
              view.differences.map((d) => ({
                ...d,
                expectedLocation: d.expected?.location ?? '',
                foundLocation: d.found?.location ?? '',
                resolution: d.resolution ?? '未处理',
              })),
            ),
          );
          return;
        }
        return view;
      },
    }),
    cmd<CountDto>({
      method: 'post',
      path: '/assets/stocktakes/:id/count',
      summary: '清点：扫描标签二维码或输入资产编号（不在账面的记为盘盈）',
      permission: 'asset.use',
      scope: stockTarget,
      body: CountDto,
      handler: async (ctx) => {
        const s = await stock.existing(ctx.params.id);
        const k = codeToLookup(ctx.body.code);
        const row = k.id ? await assetById(db(), k.id) : await assetByNo(db(), k.assetNo!);
        const onBook = row ? s.plan!.book.find((b) => b.assetId === row.id) : undefined;
        const r = await stock.count(
          ctx.params.id,
          {
            assetId: row?.id ?? null,
            code: row?.asset_no ?? ctx.body.code.trim(),
            location: ctx.body.location ?? onBook?.location ?? row?.location ?? '',
            custodianId: ctx.body.custodianId ?? onBook?.custodianId ?? null,
            method: ctx.body.method ?? (k.id ? 'scan' : 'search'),
          },
          actx(ctx),
        );
        return { ...r, asset: row ? { id: row.id, assetNo: row.asset_no, name: row.name } : null, onBook: !!onBook };
      },
    }),
    cmd({
      method: 'post',
      path: '/assets/stocktakes/:id/finish',
      summary: '结束清点，生成差异（盘亏、位置不符、保管人不符、盘盈）',
      permission: 'asset.admin',
      scope: async (ctx) => ({ unitId: (await stock.existing(ctx.params.id)).plan!.unitId, resource: 'asset-stocktake' }),
      handler: (ctx) => stock.finish(ctx.params.id, actx(ctx)),
    }),
    cmd<ResolveDto>({
      method: 'post',
      path: '/assets/stocktakes/:id/resolve',
      summary: '处理盘点差异：调整、报损核销（处置）、找到、盘盈登记入账',
      permission: 'asset.admin',
      scope: async (ctx) => ({ unitId: (await stock.existing(ctx.params.id)).plan!.unitId, resource: 'asset-stocktake' }),
      body: ResolveDto,
      handler: async (ctx) => {
        const s = await stock.existing(ctx.params.id);
        const surplus = ctx.body.surplus ? await cardOf(ctx.body.surplus, s.plan!.unitId, 'surplus.') : null;
        return stock.resolve(ctx.params.id, { key: ctx.body.key, action: ctx.body.action, note: ctx.body.note, surplus }, actx(ctx));
      },
    }),
    cmd({
      method: 'post',
      path: '/assets/stocktakes/:id/close',
      summary: '结束盘点（全部差异处理后）',
      permission: 'asset.admin',
      scope: async (ctx) => ({ unitId: (await stock.existing(ctx.params.id)).plan!.unitId, resource: 'asset-stocktake' }),
      handler: (ctx) => stock.close(ctx.params.id, actx(ctx)),
    }),
    // ---------------------------------------------------------------- one asset
    query({
      method: 'get',
      path: '/assets/:id',
      summary: '资产卡片：保管、价值、维修、转移与处置，完整历史时间线',
      permission: 'asset.use',
      scope: assetTarget(true),
      response: { name: 'AssetView', schema: assetViewSchema },
      handler: (ctx) => detail(ctx, ctx.params.id),
    }),
    query({
      method: 'get',
      path: '/assets/:id/value',
      summary: '资产在任一日期的原值、累计折旧与净值（由事件流计算）',
      permission: 'asset.use',
      scope: assetTarget(true),
      query: DateQuery,
      handler: async (ctx: RouteContext<unknown, DateQuery>) => {
        const date = ctx.query.date ?? shanghaiDate(p.clock().toISOString());
        const s = await kit.existing(ctx.params.id);
        return { date, ...assetBookValue(s, date) };
      },
    }),
    cmd<IssueDto>({
      method: 'post',
      path: '/assets/:id/issue',
      summary: '领用（到部门与保管人）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: IssueDto,
      handler: async (ctx) =>
        assets.issue(ctx.params.id, { ...ctx.body, departmentUnitId: await unitOfDepartment(ctx.body.departmentId) }, actx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/assets/:id/return',
      summary: '归还入库',
      permission: 'asset.admin',
      scope: adminTarget,
      handler: (ctx) => assets.giveBack(ctx.params.id, actx(ctx)),
    }),
    cmd<LendDto>({
      method: 'post',
      path: '/assets/:id/lend',
      summary: '借用（到期未还自动提醒）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: LendDto,
      handler: async (ctx) => {
        const u = await p.org.userById(ctx.body.borrowerId);
        if (!u) throw badRequest('借用人不存在', [{ field: 'borrowerId', message: '借用人不存在' }]);
        return assets.lend(
          ctx.params.id,
          { borrowerId: ctx.body.borrowerId, borrowerDepartmentId: u.departmentId, dueDate: ctx.body.dueDate },
          actx(ctx),
        );
      },
    }),
    cmd({
      method: 'post',
      path: '/assets/:id/return-loan',
      summary: '借用归还',
      permission: 'asset.admin',
      scope: adminTarget,
      handler: (ctx) => assets.returnLoan(ctx.params.id, actx(ctx)),
    }),
    cmd<RepairDto>({
      method: 'post',
      path: '/assets/:id/repairs',
      summary: '报修（故障、照片）',
      permission: 'asset.use',
      scope: assetTarget(true),
      body: RepairDto,
      handler: (ctx) => assets.requestRepair(ctx.params.id, ctx.body, actx(ctx)),
    }),
    cmd<CompleteRepairDto>({
      method: 'post',
      path: '/assets/:id/repairs/:repairId/complete',
      summary: '维修完成（维修单位、费用、结果）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: CompleteRepairDto,
      handler: (ctx) => assets.completeRepair(ctx.params.id, { repairId: ctx.params.repairId!, ...ctx.body }, actx(ctx)),
    }),
    cmd<ChangeCategoryDto>({
      method: 'post',
      path: '/assets/:id/category',
      summary: '分类变更（折旧年限自次月起按剩余年限）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: ChangeCategoryDto,
      handler: (ctx) => assets.changeCategory(ctx.params.id, ctx.body, actx(ctx)),
    }),
    cmd<TransferDto>({
      method: 'post',
      path: '/assets/:id/transfer',
      summary: '转移申请（部门间或单位间；审批通过后双方确认交接）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: TransferDto,
      handler: async (ctx) => {
        const b = ctx.body;
        const unit = await unitOfDepartment(b.toDepartmentId);
        if (unit !== b.toUnitId)
          throw badRequest('接收部门不属于接收单位', [{ field: 'toDepartmentId', message: '接收部门不属于接收单位' }]);
        if (b.toCustodianId) {
          const u = await p.org.userById(b.toCustodianId);
          if (!u || u.unitId !== b.toUnitId)
            throw badRequest('接收保管人不属于接收单位', [{ field: 'toCustodianId', message: '接收保管人不属于接收单位' }]);
        }
        return assets.requestTransfer(
          ctx.params.id,
          { to: { unitId: b.toUnitId, departmentId: b.toDepartmentId, custodianId: b.toCustodianId ?? null }, reason: b.reason },
          actx(ctx),
        );
      },
    }),
    cmd<TransferStepDto>({
      method: 'post',
      path: '/assets/:id/transfer/hand-over',
      summary: '转出方确认移交',
      permission: 'asset.use',
      scope: assetTarget(true),
      body: TransferStepDto,
      handler: (ctx) => assets.handOver(ctx.params.id, ctx.body.transferId, actx(ctx)),
    }),
    cmd<TransferStepDto>({
      method: 'post',
      path: '/assets/:id/transfer/accept',
      summary: '接收方确认接收（此后资产入接收方账）',
      permission: 'asset.use',
      scope: assetTarget(true),
      body: TransferStepDto,
      handler: (ctx) => assets.accept(ctx.params.id, ctx.body.transferId, actx(ctx)),
    }),
    cmd<DisposalDto>({
      method: 'post',
      path: '/assets/:id/disposal',
      summary: '处置申请（按原值分级审批）',
      permission: 'asset.admin',
      scope: adminTarget,
      body: DisposalDto,
      handler: (ctx) => assets.requestDisposal(ctx.params.id, ctx.body, actx(ctx)),
    }),
    cmd<CompleteDisposalDto>({
      method: 'post',
      path: '/assets/:id/disposal/complete',
      summary: '处置办结（处置收入、财政批复文号）：资产退出，历史保留',
      permission: 'asset.admin',
      scope: adminTarget,
      body: CompleteDisposalDto,
      handler: (ctx) => assets.completeDisposal(ctx.params.id, ctx.body, actx(ctx)),
    }),
  ];

  async function stockCheckerOf(ctx: RouteContext, unitId: string): Promise<boolean> {
    const r = await stockTakes(db(), [unitId], ctx.principal.userId, { offset: 0, limit: 50 });
    return r.items.some((x) => x.status === 'counting' && String(x.checker_ids).includes(`"${ctx.principal.userId}"`));
  }
}

const TRANSFER_LABELS: Record<string, string> = {
  approving: '审批中',
  in_transit: '在途（待移交）',
  handed_over: '在途（待接收）',
  accepted: '已接收',
  rejected: '未通过',
};

const EXPORT_COLUMNS = [
  { header: '资产编号', key: 'assetNo', width: 18 },
  { header: '资产名称', key: 'name', width: 20 },
  { header: '规格型号', key: 'specification', width: 18 },
  { header: '分类', key: 'categoryName', width: 14 },
  { header: '单位', key: 'unitName', width: 16 },
  { header: '使用部门', key: 'departmentName', width: 14 },
  { header: '保管人', key: 'custodianName', width: 10 },
  { header: '存放地点', key: 'location', width: 14 },
  { header: '原值（元）', key: 'originalValue', width: 12 },
  { header: '取得日期', key: 'acquisitionDate', width: 12 },
  { header: '状态', key: 'statusLabel', width: 8 },
];
