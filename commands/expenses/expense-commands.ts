import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { budgetLineDecider, type BudgetLineCommand } from '../../domain/expenses/budget-line.decide';
import { budgetLineId, budgetLineStreamId, remainingOf } from '../../domain/expenses/budget-line.events';
import type { RecordClaimApproval } from '../../domain/expenses/claim-approval.reactor';
import { approvalRoute, expenseClaimDecider, type ExpenseClaimCommand } from '../../domain/expenses/claim.decide';
import { expenseClaimStreamId, type ClaimTrip, type ExpenseClaimState } from '../../domain/expenses/claim.events';
import { CLAIM_DEFINITION_KEY, CLAIM_SUBJECT_TYPE, expenseClaimDefinition } from '../../domain/expenses/flow';
import { RATE_TABLES_STREAM, rateTableDecider } from '../../domain/expenses/rate-table';
import { SEED_RATE_TABLE, type RateTable } from '../../domain/expenses/rates';
import { orgStreams } from '../../domain/org/common';
import { userDecider } from '../../domain/org/user/decide';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import { WorkflowCommands } from '../workflow/workflow-commands';
import type { DraftClaimDto, PayClaimDto, PublishRateTableDto, ReversePaymentDto, ReviseClaimDto, SetBudgetLineDto } from './dtos';

const NS = '6d1c7a52-93f4-4c1e-8b0e-2f5a9d3e7c41';

/** Who acts (from the route) — the same shape as the workflow's context plus names. */
export interface ExpenseContext {
  actorId: string;
  actorName: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  departmentId: string | null;
  correlationId: string;
  /** The Idempotency-Key. */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface ExpenseResult {
  id: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

/** Where approved trips come from (attendance's TripApproved, through the expenses read model). */
export interface TripSource {
  trip(tripId: string, personId: string): Promise<ClaimTrip | null>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * 费用 command facades: 报销单 (draft · revise · submit · withdraw · pay · reverse), 预算额度 (set), 差旅费标准表
 * (publish), and the claim-approval reaction (the process's end → claim and budget).
 *
 * 提交 is a process-manager step, idempotent so that a retry after a crash completes it: reserve the
 * amount on the budget line (command id per claim round), start the 费用报销 process (command id per
 * round), then record ExpenseClaimSubmitted. If the process cannot start, the reservation is released.
 */
export class ExpenseCommands {
  readonly workflow: WorkflowCommands;

  constructor(
    readonly handler: CommandHandler,
    private readonly trips: TripSource,
    options: { workflow?: WorkflowCommands; newId?: () => string } = {},
  ) {
    this.workflow = options.workflow ?? new WorkflowCommands(handler);
    this.newId = options.newId ?? uuidv7;
  }
  private readonly newId: () => string;

  private meta(ctx: ExpenseContext) {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  private async run<C extends Command, E extends DomainEvent, S>(
    id: string,
    streamId: string,
    decider: Decider<C, E, S>,
    command: DistributiveOmit<C, 'metadata'>,
    ctx: ExpenseContext,
    o: { commandId?: string | null; expectedRevision?: 'no_stream' } = {},
  ): Promise<ExpenseResult> {
    const r = await this.handler.handle({
      streamId,
      decider,
      command,
      metadata: this.meta(ctx),
      commandId: o.commandId === undefined ? (ctx.commandId ?? null) : o.commandId,
      ...(o.expectedRevision ? { expectedRevision: o.expectedRevision } : {}),
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  private claim(id: string, command: DistributiveOmit<ExpenseClaimCommand, 'metadata'>, ctx: ExpenseContext, commandId?: string | null) {
    return this.run(id, expenseClaimStreamId(id), expenseClaimDecider, command, ctx, { commandId });
  }

  async loadClaim(id: string): Promise<ExpenseClaimState> {
    return (await this.handler.load(expenseClaimStreamId(id), expenseClaimDecider)).state;
  }

  async existingClaim(id: string): Promise<ExpenseClaimState> {
    const s = await this.loadClaim(id);
    if (s.status === 'none') throw new DomainError('not_found', 'expense.not_found', '报销单不存在');
    return s;
  }

  async rateTables(): Promise<RateTable[]> {
    return (await this.handler.load(RATE_TABLES_STREAM, rateTableDecider)).state.tables;
  }

  private async rankOf(userId: string): Promise<string | null> {
    const { state } = await this.handler.load(orgStreams.user(userId), userDecider);
    return state.status === 'none' ? null : state.primaryPost.rank;
  }

  // ------------------------------------------------------------ seed
  /** The 费用报销 process definition and the seed rate table (idempotent). */
  async seedDefinitions(): Promise<void> {
    const ctx = { actorId: 'system', actorName: '系统', unitId: null, departmentId: null, correlationId: uuidv5('expenses-seed', NS) };
    await this.workflow.publishDefinition(
      { definition: expenseClaimDefinition() as unknown as Record<string, unknown> },
      { ...ctx, commandId: uuidv5('publish:expense-claim:v1', NS) },
    );
    await this.run('seed', RATE_TABLES_STREAM, rateTableDecider, { type: 'PublishRateTable', data: { table: SEED_RATE_TABLE } }, ctx, {
      commandId: uuidv5(`rate-table:${SEED_RATE_TABLE.tableId}`, NS),
    });
  }

  // ------------------------------------------------------------ claims
  async draft(dto: DraftClaimDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    const me = ctx.onBehalfOf ?? ctx.actorId;
    if (!ctx.unitId || !ctx.departmentId) throw new DomainError('forbidden', 'expense.no_post', '当前用户不在组织机构中，不能报销');
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId);
      if (prior) return { id: prior.streamId.slice('expense-claim-'.length), position: prior.position, duplicate: true, events: [] };
    }
    let trip: ClaimTrip | null = null;
    if (dto.tripId) {
      trip = await this.trips.trip(dto.tripId, me);
      if (!trip) throw new DomainError('not_found', 'expense.trip_not_found', '没有找到您参加的该次已批准出差', 'tripId');
    }
    // one claim per trip and person: the id is derived from them
    const id = trip ? uuidv5(`${trip.tripId}:${me}`, NS) : this.newId();
    const data = {
      claimId: id,
      kind: dto.kind,
      unitId: ctx.unitId,
      departmentId: ctx.departmentId,
      claimantName: ctx.actorName,
      trip,
      title: dto.title,
      lines: dto.lines,
      payee: dto.payee,
      account: dto.account,
      rank: await this.rankOf(me),
      rateTables: trip ? await this.rateTables() : [],
    };
    return this.run(id, expenseClaimStreamId(id), expenseClaimDecider, { type: 'DraftClaim', data }, ctx);
  }

  async revise(id: string, dto: ReviseClaimDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    const s = await this.existingClaim(id);
    const data = {
      title: dto.title,
      lines: dto.lines,
      payee: dto.payee,
      account: dto.account,
      rank: s.claimantId ? await this.rankOf(s.claimantId) : null,
      rateTables: s.trip ? await this.rateTables() : [],
    };
    return this.claim(id, { type: 'ReviseClaim', data }, ctx);
  }

  /** Probes the claim decider for a command without appending (allowed actions, pre-checks). */
  probe(s: ExpenseClaimState, command: DistributiveOmit<ExpenseClaimCommand, 'metadata'>, ctx: ExpenseContext): DomainError | null {
    try {
      expenseClaimDecider.decide(
        {
          ...command,
          metadata: { now: this.handler.clock.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null },
        } as ExpenseClaimCommand,
        s,
      );
      return null;
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
  }

  /** 提交: reserve on the budget line → start the 费用报销 process → record the submission. */
  async submit(id: string, ctx: ExpenseContext): Promise<ExpenseResult & { processId: string }> {
    const s = await this.existingClaim(id);
    const round = s.rounds + 1;
    const refusal = this.probe(s, { type: 'SubmitClaim', data: { processId: 'probe', budgetLineId: '', overBudget: false } }, ctx);
    if (refusal) throw refusal;
    const body = s.body!;
    const lineId = budgetLineId(s.unitId!, s.departmentId!, s.year, s.kind!);
    const reserve = await this.handler.handle({
      streamId: budgetLineStreamId(lineId),
      decider: budgetLineDecider,
      command: { type: 'ReserveBudget', data: { claimId: id, amount: body.amount, year: s.year, category: s.kind! } } as DistributiveOmit<
        BudgetLineCommand,
        'metadata'
      >,
      metadata: this.meta(ctx),
      commandId: uuidv5(`${id}:round:${round}:reserve`, NS),
    });
    const overBudget = remainingOf(reserve.state) < 0;
    const route = approvalRoute(body, overBudget);
    let processId: string;
    try {
      const started = await this.workflow.startProcess(
        {
          definitionKey: CLAIM_DEFINITION_KEY,
          title: `${s.kind}报销：${body.title}（${(body.amount / 100).toFixed(2)} 元）`,
          form: { kind: s.kind, amount: body.amount, escalate: route.approval === 'unit' ? 1 : 0 },
          subject: { type: CLAIM_SUBJECT_TYPE, id },
        },
        { ...this.meta(ctx), actorId: s.claimantId!, onBehalfOf: null, commandId: uuidv5(`${id}:round:${round}:process`, NS) },
      );
      processId = started.id;
    } catch (e) {
      await this.releaseBudget(lineId, id, '流程未能启动', ctx, uuidv5(`${id}:round:${round}:release`, NS));
      throw e;
    }
    const r = await this.claim(id, { type: 'SubmitClaim', data: { processId, budgetLineId: lineId, overBudget } }, ctx);
    return { ...r, processId };
  }

  /** 撤回: the claimant cancels the running approval; the reaction returns the claim to 草稿 and releases the budget. */
  async withdraw(id: string, reason: string | undefined, ctx: ExpenseContext): Promise<ExpenseResult> {
    const s = await this.existingClaim(id);
    if ((ctx.onBehalfOf ?? ctx.actorId) !== s.claimantId)
      throw new DomainError('forbidden', 'expense.not_claimant', '只有报销人本人可以撤回');
    if (s.status !== 'submitted' || !s.processId) throw new DomainError('rule', 'expense.wrong_stage', '报销单不在审批中，无需撤回');
    const r = await this.workflow.cancel(
      s.processId,
      { reason: reason || '报销人撤回' },
      { ...this.meta(ctx), commandId: ctx.commandId ?? null },
    );
    return { id, position: r.position, duplicate: r.duplicate, events: r.events };
  }

  /** 上传发票: the bytes are already in the file store (the route put them there and hashed them). */
  async attachInvoice(
    id: string,
    attachment: { id: string; fileName: string; contentType: string; size: number; storageKey: string },
    ctx: ExpenseContext,
  ): Promise<ExpenseResult> {
    await this.existingClaim(id);
    return this.claim(id, { type: 'AttachInvoice', data: { attachment } }, ctx);
  }

  async pay(id: string, dto: PayClaimDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    await this.existingClaim(id);
    const paymentId = ctx.commandId ? uuidv5(`pay:${ctx.commandId}`, NS) : this.newId();
    return this.claim(
      id,
      { type: 'PayClaim', data: { paymentId, paidOn: dto.paidOn, method: dto.method, voucherNo: dto.voucherNo, payerName: ctx.actorName } },
      ctx,
    );
  }

  async reverse(id: string, dto: ReversePaymentDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    await this.existingClaim(id);
    return this.claim(id, { type: 'ReversePayment', data: { reason: dto.reason } }, ctx);
  }

  /** The claim-approval reactor's command: the outcome on the claim, then the budget follows. */
  async recordApproval(
    cmd: RecordClaimApproval,
    ctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
  ) {
    const d = cmd.data;
    const c: ExpenseContext = {
      actorId: ctx.actorId,
      actorName: '系统',
      unitId: null,
      departmentId: null,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
    };
    await this.claim(d.claimId, { type: 'RecordClaimApprovalOutcome', data: d }, c, ctx.commandId);
    const s = await this.loadClaim(d.claimId);
    if (!s.budgetLineId || s.processId !== d.processId) return;
    const budgetCommand: DistributiveOmit<BudgetLineCommand, 'metadata'> =
      d.outcome === 'approved'
        ? { type: 'SpendBudget', data: { claimId: d.claimId } }
        : {
            type: 'ReleaseBudget',
            data: {
              claimId: d.claimId,
              reason: d.outcome === 'rejected' ? '审批不同意' : d.outcome === 'cancelled' ? '报销人撤回' : '流程终止',
            },
          };
    await this.run(d.claimId, budgetLineStreamId(s.budgetLineId), budgetLineDecider, budgetCommand, c, {
      commandId: uuidv5(`${ctx.commandId}:budget`, NS),
    });
  }

  private releaseBudget(lineId: string, claimId: string, reason: string, ctx: ExpenseContext, commandId: string) {
    return this.run(claimId, budgetLineStreamId(lineId), budgetLineDecider, { type: 'ReleaseBudget', data: { claimId, reason } }, ctx, {
      commandId,
    });
  }

  // ------------------------------------------------------------ finance
  async setBudget(dto: SetBudgetLineDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    const lineId = budgetLineId(dto.unitId, dto.departmentId, dto.year, dto.category);
    return this.run(
      lineId,
      budgetLineStreamId(lineId),
      budgetLineDecider,
      {
        type: 'SetBudgetLine',
        data: {
          lineId,
          unitId: dto.unitId,
          departmentId: dto.departmentId,
          year: dto.year,
          category: dto.category,
          amount: dto.amount,
          allowOverspend: dto.allowOverspend ?? false,
        },
      },
      ctx,
    );
  }

  async publishRateTable(dto: PublishRateTableDto, ctx: ExpenseContext): Promise<ExpenseResult> {
    const current = await this.rateTables();
    const base = current[current.length - 1]?.rates ?? SEED_RATE_TABLE.rates;
    const table: RateTable = {
      tableId: dto.tableId,
      name: dto.name,
      effectiveFrom: dto.effectiveFrom,
      source: dto.source,
      rates: {
        mealPerDay: dto.mealPerDay,
        highMealPerDay: dto.highMealPerDay,
        highMealProvinces: base.highMealProvinces,
        ...(base.cityProvinces ? { cityProvinces: base.cityProvinces } : {}),
        localTransportPerDay: dto.localTransportPerDay,
        lodging: dto.lodging.map((l) => ({
          province: l.province,
          city: l.city,
          caps: { minister: l.minister, bureau: l.bureau, other: l.other },
        })),
      },
    };
    return this.run(dto.tableId, RATE_TABLES_STREAM, rateTableDecider, { type: 'PublishRateTable', data: { table } }, ctx);
  }
}
