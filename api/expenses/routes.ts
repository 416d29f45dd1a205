import { createHash } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested, IsArray, ArrayMaxSize } from 'class-validator';
import {
  ClaimLineDto,
  DraftClaimDto,
  ExpenseCommands,
  PayClaimDto,
  PublishRateTableDto,
  ReversePaymentDto,
  ReviseClaimDto,
  SetBudgetLineDto,
  WithdrawClaimDto,
  type ExpenseContext,
} from '../../commands/expenses';
import { computeAllowance } from '../../domain/expenses/allowance';
import { budgetLineId } from '../../domain/expenses/budget-line.events';
import { shanghaiDateOf } from '../../domain/expenses/claim.decide';
import { CLAIM_KINDS, CLAIM_STATUS_LABELS, HOTEL_ITEM, type ExpenseClaimState } from '../../domain/expenses/claim.events';
import { LODGING_GRADE_LABELS } from '../../domain/expenses/rates';
import {
  budgetLines,
  ledgerPage,
  ledgerRows,
  ledgerTotals,
  paymentStats,
  tripOf,
  tripsOf,
  type LedgerFilter,
} from '../../projections/expenses/queries';
import { InboxQueries } from '../../projections/inbox/queries';
import { FileStore } from '../../reports/documents/storage';
import { writeLedgerXlsx } from '../../reports/expenses/ledger-excel';
import { recordDenial } from '../auth/access';
import { scopeFor } from '../auth/principal';
import { HttpProblem, forbidden } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { participants, processView } from '../workflow/process-view';
import { claimAllowedActions } from './allowed-actions';
import { CLAIM_DETAIL_SCHEMA, LEDGER_PAGE_SCHEMA } from './schemas';
import { financeReaches, ledgerScopeOf, reachesClaim } from './visibility';

/**
 * 费用管理 HTTP routes (under /api/expenses). Who sees what: domain/expenses/visibility.ts (科员 own,
 * 科长 department, 局长 and the unit's 会计 the unit, 财政局 all), resolved by ./visibility.ts; a claim's
 * approvers see it too. Commands take an Idempotency-Key and answer after the read models caught up.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TAG = '费用管理';

/** 发票附件: PDF, OFD or an image, at most 20 MB, its content matching its extension. */
const INVOICE_TYPES: Record<string, { type: string; ok: (b: Buffer) => boolean }> = {
  pdf: { type: 'application/pdf', ok: (b) => b.subarray(0, 1024).includes('%PDF-') },
  ofd: { type: 'application/ofd', ok: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
  jpg: { type: 'image/jpeg', ok: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { type: 'image/jpeg', ok: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { type: 'image/png', ok: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
};
const INVOICE_MAX = 20 * 1024 * 1024;
const invalidFile = (message: string, field = 'file') =>
  new HttpProblem(400, '请求参数不正确', message, { code: 'expense.invoice_invalid', errors: [{ field, message }] });

/** The raw request body as an uploaded invoice (file name URL-encoded in X-File-Name). */
async function readInvoice(req: RouteContext['req']): Promise<{ bytes: Buffer; fileName: string; ext: string }> {
  const drain = () => {
    if (!req.readableEnded) req.resume();
  };
  let fileName = '';
  try {
    fileName = decodeURIComponent(req.get('x-file-name') ?? '').trim();
  } catch {
    drain();
    throw invalidFile('X-File-Name 须为 URL 编码的文件名', 'fileName');
  }
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!fileName || fileName.length > 200 || /[\/\\\u0000-\u001f]/.test(fileName)) {
    drain();
    throw invalidFile('请提供发票文件名（X-File-Name 头）', 'fileName');
  }
  if (!INVOICE_TYPES[ext]) {
    drain();
    throw invalidFile(`发票仅限 PDF、OFD、JPG、PNG 文件`, 'fileName');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    total += c.length;
    if (total > INVOICE_MAX) {
      req.destroy();
      throw new HttpProblem(413, '文件过大', '发票文件不能超过 20 MB', { code: 'expense.invoice_too_large' });
    }
    chunks.push(c);
  }
  const bytes = Buffer.concat(chunks, total);
  if (!bytes.length || !INVOICE_TYPES[ext].ok(bytes)) throw invalidFile(`文件内容与扩展名“.${ext}”不符`);
  return { bytes, fileName, ext };
}

export class LedgerQuery extends PageQuery {
  @IsOptional() @Matches(ID) unitId?: string;
  @IsOptional() @Matches(ID) departmentId?: string;
  @IsOptional() @Matches(ID) claimantId?: string;
  @IsOptional() @IsIn(CLAIM_KINDS as unknown as string[]) kind?: string;
  @IsOptional() @IsIn(['draft', 'submitted', 'approved', 'paid']) status?: string;
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @Type(() => Number) @IsInt({ message: '金额须为整数（分）' }) @Min(0) minAmount?: number;
  @IsOptional() @Type(() => Number) @IsInt({ message: '金额须为整数（分）' }) @Min(0) maxAmount?: number;
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class YearQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @Matches(ID) unitId?: string;
}

export class BudgetQuery extends YearQuery {
  @IsOptional() @IsIn(CLAIM_KINDS as unknown as string[]) category?: string;
  /** 'mine': the caller's own department line for `category` (the form's remaining budget). */
  @IsOptional() @IsIn(['mine']) for?: 'mine';
}

export class PreviewDto {
  @IsString() @Matches(ID) tripId!: string;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ClaimLineDto) lines!: ClaimLineDto[];
}

function expCtx(ctx: RouteContext): ExpenseContext {
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

export async function namesOf(p: Platform) {
  const s = await p.directory.snapshot();
  return {
    user: (id: string | null | undefined) => (id ? (s.users.get(id)?.name ?? id) : ''),
    unit: (id: string | null | undefined) => (id ? (s.units.get(id)?.name ?? id) : ''),
    department: (id: string | null | undefined) => (id ? (s.departments.get(id)?.name ?? id) : ''),
  };
}

export function expenseRoutes(p: Platform): RouteDef[] {
  const exp = new ExpenseCommands(p.commands, {
    trip: async (tripId, personId) => {
      const t = await tripOf(p.readDb, tripId, personId);
      return t
        ? {
            tripId: t.tripId,
            travellerId: t.travellerId,
            companions: t.companions,
            destinations: t.destinations,
            startDate: t.startDate,
            endDate: t.endDate,
            purpose: t.purpose,
            transport: t.transport,
          }
        : null;
    },
  });
  const inbox = new InboxQueries(p.readDb);
  const files = new FileStore(p.config.dataDir);

  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: TAG,
    command: true,
    ...def,
    handler: async (ctx) => settled(p, await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: TAG, ...def });

  /** Loads a claim the caller may see (ledger scope, or a participant of its approval), else 404/403 (recorded). */
  const visibleClaim = async (ctx: RouteContext): Promise<ExpenseClaimState> => {
    const s = await exp.existingClaim(ctx.params.id);
    const scope = await ledgerScopeOf(p, ctx);
    if (await reachesClaim(p, ctx.principal, scope, s)) return s;
    if (s.processId) {
      const proc = await exp.workflow.instanceState(s.processId);
      if (proc.status !== 'none' && participants(proc, await inbox.history(s.processId)).has(ctx.principal.userId)) return s;
    }
    await recordDenial(
      p,
      ctx.req,
      ctx,
      403,
      `out_of_scope:${scope.scope}`,
      'expense.use',
      ctx.principal.userId,
      `expense-claim-${ctx.params.id}`,
      ctx.principal.unitId,
    );
    throw forbidden('该报销单不在您的数据范围内');
  };

  /** Finance acting on a claim: expense.ledger reaching the claim's unit. */
  const financeClaim = async (ctx: RouteContext) => {
    const s = await exp.existingClaim(ctx.params.id);
    if (!(await financeReaches(p, ctx.principal, s))) {
      await recordDenial(
        p,
        ctx.req,
        ctx,
        403,
        'out_of_scope',
        'expense.ledger',
        ctx.principal.userId,
        `expense-claim-${ctx.params.id}`,
        ctx.principal.unitId,
      );
      throw forbidden('该报销单不属于您负责的单位');
    }
    return s;
  };

  const claimView = async (s: ExpenseClaimState, ctx: RouteContext) => {
    const n = await namesOf(p);
    const me = ctx.principal.userId;
    let process = null;
    if (s.processId) {
      const proc = await exp.workflow.instanceState(s.processId);
      if (proc.status !== 'none' && proc.definition) process = processView(proc, await inbox.history(s.processId), me, ctx.now, n.user);
    }
    const budget = s.kind
      ? ((
          await budgetLines(
            p.readDb,
            s.year,
            { scope: 'all', userId: me, unitId: null, departmentIds: [] },
            {
              unitId: s.unitId!,
              departmentId: s.departmentId!,
              category: s.kind,
            },
          )
        )[0] ?? null)
      : null;
    const allowedActions = await claimAllowedActions(p, exp, s, ctx, expCtx(ctx), process);
    return {
      id: s.claimId!,
      claimId: s.claimId!,
      kind: s.kind!,
      status: s.status,
      statusLabel: s.status === 'none' ? '' : CLAIM_STATUS_LABELS[s.status],
      unitId: s.unitId!,
      unitName: n.unit(s.unitId),
      departmentId: s.departmentId!,
      departmentName: n.department(s.departmentId),
      claimantId: s.claimantId!,
      claimantName: s.claimantName,
      year: s.year,
      title: s.body!.title,
      amount: s.body!.amount,
      payee: s.body!.payee,
      account: s.body!.account,
      lines: s.body!.lines.map((l) => ({
        date: l.date,
        item: l.item,
        amount: l.amount,
        invoiceNo: l.invoiceNo,
        source: l.source,
        city: l.city ?? null,
        nights: l.nights ?? null,
        cap: l.cap ?? null,
        overCap: l.overCap ?? false,
        reason: l.reason ?? null,
      })),
      allowance: s.body!.allowance ? { ...s.body!.allowance, gradeLabel: LODGING_GRADE_LABELS[s.body!.allowance.grade] } : null,
      trip: s.trip
        ? { ...s.trip, travellerName: n.user(s.trip.travellerId), companionNames: s.trip.companions.map((c) => n.user(c)) }
        : null,
      attachments: s.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, at: a.at })),
      approval: s.approval,
      processId: s.processId,
      lastOutcome: s.lastOutcome,
      payment: s.payment,
      budget,
      process: process ? { nodes: process.nodes, log: process.log, task: process.task, status: process.status } : null,
      allowedActions,
    };
  };

  const currentYear = () => Number(shanghaiDateOf(new Date(p.clock()).toISOString()).slice(0, 4));

  return [
    query({
      method: 'get',
      path: '/expenses/trips',
      summary: '我的已批准出差（可报销；已报销的带报销单）',
      permission: 'expense.use',
      handler: async (ctx) => {
        const n = await namesOf(p);
        const items = await tripsOf(p.readDb, ctx.principal.userId);
        return {
          items: items.map((t) => ({ ...t, travellerName: n.user(t.travellerId), companionNames: t.companions.map((c) => n.user(c)) })),
        };
      },
    }),
    query({
      method: 'get',
      path: '/expenses/rates',
      summary: '差旅费标准表（按生效日期）',
      permission: 'expense.use',
      handler: async () => ({ items: await exp.rateTables() }),
    }),
    cmd<PublishRateTableDto>({
      method: 'post',
      path: '/expenses/rates',
      summary: '发布差旅费标准表（财政局；自生效日起适用，不影响已填报的报销单）',
      permission: 'expense.ledger',
      body: PublishRateTableDto,
      handler: async (ctx) => {
        if (scopeFor(ctx.principal, 'expense.ledger') !== 'all') {
          await recordDenial(
            p,
            ctx.req,
            ctx,
            403,
            'out_of_scope:unit',
            'expense.ledger',
            ctx.principal.userId,
            'expense-rate-tables',
            ctx.principal.unitId,
          );
          throw forbidden('差旅费标准表由财政局维护');
        }
        return exp.publishRateTable(ctx.body, expCtx(ctx));
      },
    }),
    {
      method: 'post',
      path: '/expenses/allowance-preview',
      summary: '试算：出差的伙食补助费、市内交通费与每行住宿费标准（不保存）',
      tag: TAG,
      permission: 'expense.use',
      body: PreviewDto,
      handler: async (ctx: RouteContext<PreviewDto>) => {
        const trip = await tripOf(p.readDb, ctx.body.tripId, ctx.principal.userId);
        if (!trip) throw new HttpProblem(404, '未找到', '没有找到您参加的该次已批准出差', { code: 'expense.trip_not_found' });
        const user = (await p.directory.snapshot()).users.get(ctx.principal.userId);
        const rank = user?.primaryPost.rank ?? null;
        const hotels = ctx.body.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.item?.trim() === HOTEL_ITEM && l.city && l.nights);
        const r = computeAllowance(
          trip,
          rank,
          await exp.rateTables(),
          hotels.map(({ l }) => ({ date: l.date, nights: l.nights!, city: l.city!, amount: l.amount })),
        );
        return {
          days: r.days,
          rank,
          grade: r.grade,
          gradeLabel: LODGING_GRADE_LABELS[r.grade],
          meals: r.meals,
          localTransport: r.localTransport,
          tablesUsed: r.tablesUsed,
          perDay: r.perDay,
          hotels: hotels.map(({ i }, k) => ({ line: i, cap: r.hotels[k].cap, overCap: r.hotels[k].overCap })),
        };
      },
    },
    cmd<DraftClaimDto>({
      method: 'post',
      path: '/expenses/claims',
      summary: '新建报销单（差旅费须选择已批准的出差；补助按标准自动计算）',
      permission: 'expense.use',
      body: DraftClaimDto,
      handler: (ctx) => exp.draft(ctx.body, expCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/expenses/claims/:id',
      summary: '报销单详情：明细、补助计算、预算、审批节点与办文日志、可执行的操作',
      response: { name: 'ExpenseClaimDetail', schema: CLAIM_DETAIL_SCHEMA },
      handler: async (ctx) => claimView(await visibleClaim(ctx), ctx),
    }),
    cmd<ReviseClaimDto>({
      method: 'put',
      path: '/expenses/claims/:id',
      summary: '修改报销单（草稿）',
      permission: 'expense.use',
      body: ReviseClaimDto,
      handler: (ctx) => exp.revise(ctx.params.id, ctx.body, expCtx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/expenses/claims/:id/submit',
      summary: '提交审批：冻结预算（超预算时给出额度、已用与可用金额），启动费用报销审批流程',
      permission: 'expense.use',
      handler: (ctx) => exp.submit(ctx.params.id, expCtx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/expenses/claims/:id/invoices',
      summary: '上传发票（草稿）：请求体为文件原始内容，X-File-Name 为 URL 编码的文件名；PDF、OFD、JPG、PNG，不超过 20 MB',
      permission: 'expense.use',
      produces: 'application/json',
      responses: { 400: '文件名、类型或内容不符', 413: '超过 20 MB' },
      handler: async (ctx) => {
        const f = await readInvoice(ctx.req);
        const stored = files.put(f.bytes);
        return exp.attachInvoice(
          ctx.params.id,
          { id: stored.sha256, fileName: f.fileName, contentType: INVOICE_TYPES[f.ext].type, size: stored.bytes, storageKey: stored.key },
          expCtx(ctx),
        );
      },
    }),
    query({
      method: 'get',
      path: '/expenses/claims/:id/invoices/:attachmentId',
      summary: '下载发票（校验 SHA-256 后发送）',
      raw: true,
      produces: 'application/octet-stream',
      responses: { 404: '没有这个发票', 409: '发票文件已被改动' },
      handler: async (ctx) => {
        const s = await visibleClaim(ctx);
        const a = s.attachments.find((x) => x.id === ctx.params.attachmentId);
        if (!a || !files.has(a.storageKey)) throw new HttpProblem(404, '未找到', '没有这个发票', { code: 'expense.invoice_not_found' });
        const bytes = files.get(a.storageKey);
        if (createHash('sha256').update(bytes).digest('hex') !== a.id)
          throw new HttpProblem(409, '冲突', '发票文件与登记的摘要不符', { code: 'expense.invoice_tampered' });
        const ascii = a.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        ctx.res.status(200).type(a.contentType);
        ctx.res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
        ctx.res.setHeader('Cache-Control', 'private, no-store');
        ctx.res.send(bytes);
      },
    }),
    cmd<WithdrawClaimDto>({
      method: 'post',
      path: '/expenses/claims/:id/withdraw',
      summary: '撤回审批中的报销单（释放冻结的预算）',
      permission: 'expense.use',
      body: WithdrawClaimDto,
      handler: (ctx) => exp.withdraw(ctx.params.id, ctx.body?.reason, expCtx(ctx)),
    }),
    cmd<PayClaimDto>({
      method: 'post',
      path: '/expenses/claims/:id/pay',
      summary: '登记支付（支付日期、方式、凭证号；每张报销单只支付一次）',
      permission: 'expense.ledger',
      body: PayClaimDto,
      handler: async (ctx) => {
        await financeClaim(ctx);
        return exp.pay(ctx.params.id, ctx.body, expCtx(ctx));
      },
    }),
    cmd<ReversePaymentDto>({
      method: 'post',
      path: '/expenses/claims/:id/reverse',
      summary: '冲销支付（须说明原因）',
      permission: 'expense.ledger',
      body: ReversePaymentDto,
      handler: async (ctx) => {
        await financeClaim(ctx);
        return exp.reverse(ctx.params.id, ctx.body, expCtx(ctx));
      },
    }),
    query<LedgerQuery>({
      method: 'get',
      path: '/expenses/ledger',
      summary: '费用台账：按单位、部门、人员、类别、期间、状态、金额筛选，合计与分页；?format=xlsx 流式导出',
      query: LedgerQuery,
      response: { name: 'ExpenseLedgerPage', schema: LEDGER_PAGE_SCHEMA },
      handler: async (ctx: RouteContext<unknown, LedgerQuery>) => {
        const q = ctx.query;
        const scope = await ledgerScopeOf(p, ctx);
        const filter: LedgerFilter = {
          unitId: q.unitId,
          departmentId: q.departmentId,
          claimantId: q.claimantId,
          kind: q.kind,
          status: q.status,
          from: q.from,
          to: q.to,
          year: q.year,
          minAmount: q.minAmount,
          maxAmount: q.maxAmount,
          q: q.q,
        };
        const n = await namesOf(p);
        if (q.format === 'xlsx') {
          ctx.res
            .status(200)
            .type(XLSX)
            .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('费用台账.xlsx')}`);
          await writeLedgerXlsx(ctx.res, ledgerRows(p.readDb, filter, scope), n);
          return undefined;
        }
        const { page, pageSize, offset } = pageOf(q);
        const [r, totals] = await Promise.all([
          ledgerPage(p.readDb, filter, scope, { limit: pageSize, offset }),
          ledgerTotals(p.readDb, filter, scope),
        ]);
        return {
          items: r.items.map((x) => ({
            ...x,
            unitName: n.unit(x.unitId),
            departmentName: n.department(x.departmentId),
            statusLabel: CLAIM_STATUS_LABELS[x.status as keyof typeof CLAIM_STATUS_LABELS] ?? x.status,
          })),
          page,
          pageSize,
          total: r.total,
          /** more than `total` match (counting stops at 10,000): show "10,000+"; `totals` are exact */
          totalCapped: r.totalCapped,
          totals,
          scope: scope.scope,
        };
      },
    }),
    query<BudgetQuery>({
      method: 'get',
      path: '/expenses/budgets',
      summary: '预算额度：额度、已冻结、已支出、可用（for=mine&category=…：本人部门的该类预算，填报时显示）',
      query: BudgetQuery,
      handler: async (ctx: RouteContext<unknown, BudgetQuery>) => {
        const year = ctx.query.year ?? currentYear();
        const n = await namesOf(p);
        const who = ctx.principal;
        const rows =
          ctx.query.for === 'mine'
            ? await budgetLines(
                p.readDb,
                year,
                { scope: 'all', userId: who.userId, unitId: null, departmentIds: [] },
                { unitId: who.unitId ?? '\u0000', departmentId: who.departmentId ?? '\u0000', category: ctx.query.category },
              )
            : await budgetLines(p.readDb, year, await ledgerScopeOf(p, ctx), { unitId: ctx.query.unitId, category: ctx.query.category });
        return {
          year,
          items: rows.map((r) => ({ ...r, unitName: n.unit(r.unitId), departmentName: n.department(r.departmentId) })),
        };
      },
    }),
    cmd<SetBudgetLineDto>({
      method: 'put',
      path: '/expenses/budgets',
      summary: '设置部门年度预算额度（财务）',
      permission: 'expense.ledger',
      body: SetBudgetLineDto,
      scope: async (ctx: RouteContext<SetBudgetLineDto>) => ({
        unitId: ctx.body.unitId,
        resource: `expense-budget-${budgetLineId(ctx.body.unitId, ctx.body.departmentId, ctx.body.year, ctx.body.category)}`,
      }),
      handler: async (ctx) => {
        const unit = await p.org.departmentUnit(ctx.body.departmentId);
        if (unit !== ctx.body.unitId)
          throw new HttpProblem(400, '请求参数不正确', '部门不属于该单位', {
            errors: [{ field: 'departmentId', message: '部门不属于该单位' }],
          });
        return exp.setBudget(ctx.body, expCtx(ctx));
      },
    }),
    query<YearQuery>({
      method: 'get',
      path: '/expenses/stats',
      summary: '资金支付统计表：按单位、类别、月份的支付额，及预算、已支出、已冻结、可用',
      query: YearQuery,
      handler: async (ctx: RouteContext<unknown, YearQuery>) => {
        const year = ctx.query.year ?? currentYear();
        const scope = await ledgerScopeOf(p, ctx);
        const n = await namesOf(p);
        const [payments, budgets] = await Promise.all([paymentStats(p.readDb, year, scope), budgetLines(p.readDb, year, scope)]);
        const key = (u: string, c: string) => `${u}\u0000${c}`;
        const rows = new Map<
          string,
          { unitId: string; category: string; months: number[]; paid: number; budget: number; spent: number; reserved: number }
        >();
        const row = (u: string, c: string) => {
          let r = rows.get(key(u, c));
          if (!r)
            rows.set(key(u, c), (r = { unitId: u, category: c, months: Array(12).fill(0), paid: 0, budget: 0, spent: 0, reserved: 0 }));
          return r;
        };
        for (const x of payments) {
          if (ctx.query.unitId && x.unitId !== ctx.query.unitId) continue;
          const r = row(x.unitId, x.category);
          r.months[Number(x.month.slice(5, 7)) - 1] += x.paid;
          r.paid += x.paid;
        }
        for (const b of budgets) {
          if (ctx.query.unitId && b.unitId !== ctx.query.unitId) continue;
          const r = row(b.unitId, b.category);
          r.budget += b.amount;
          r.spent += b.spent;
          r.reserved += b.reserved;
        }
        const items = [...rows.values()]
          .sort(
            (a, b) =>
              a.unitId.localeCompare(b.unitId) || CLAIM_KINDS.indexOf(a.category as never) - CLAIM_KINDS.indexOf(b.category as never),
          )
          .map((r) => ({ ...r, unitName: n.unit(r.unitId), remaining: r.budget - r.spent - r.reserved }));
        return { year, scope: scope.scope, items };
      },
    }),
  ];
}
