import { v5 as uuidv5 } from 'uuid';
import {
  assetBookValue,
  assetDecider,
  assetNumberRegister,
  assetNumberStreamId,
  assetStreamId,
  checkCard,
  formatAssetNo,
  shanghaiDate,
  type AssetCard,
  type AssetCategory,
  type AssetSource,
  type Custody,
  type DisposalMethod,
} from '../../domain/assets';
import type { RecordAssetApprovalOutcome } from '../../domain/assets/approval.reactor';
import { ASSET_SUBJECTS } from '../../domain/assets/flows';
import type { CheckLoanOverdue } from '../../domain/assets/loan-overdue.job';
import type { EventMetadata, NewEvent } from '../../domain/eventstore/envelope';
import { WrongExpectedRevision, type EventStore, type StreamAppend } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import { AssetKit, NS, SYSTEM, type AssetContext, type AssetResult } from './kit';

/** One card to register: the card, its category code and where it goes. */
export interface NewCard {
  categoryCode: string;
  card: AssetCard;
  custody: Custody;
}

/** The reaction / job context the platform passes (projections/reactions). */
export interface ReactionCtx {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actorId: string;
}

/**
 * 资产卡片 commands: 录入 (one card or a batch — the numbers of a batch are one contiguous range of the
 * unit's register of the year), 领用/归还/借用, 转移 (the 转移审批 process is started first, then the asset
 * records the request with its process id), 移交/接收, 维修, 分类变更, 处置 — and the executors of the
 * approval reactor and the loan-overdue job.
 */
export class AssetCommands {
  constructor(readonly kit: AssetKit) {}

  static over(handler: CommandHandler, kit?: AssetKit): AssetCommands {
    return new AssetCommands(kit ?? new AssetKit(handler));
  }

  /** 录入 one card. The asset id follows the Idempotency-Key, so a retried request registers nothing twice. */
  async register(
    input: NewCard,
    ctx: AssetContext,
    source: AssetSource = { type: 'manual', id: null },
  ): Promise<AssetResult & { assetNo: string }> {
    const [r] = await this.registerMany([input], ctx, source, [this.kit.idFor(ctx, 'asset')]);
    return r!;
  }

  /**
   * 录入 several cards of one unit: every card is checked first (nothing is numbered or written when
   * one is refused: DomainError with `rows[i].…` field), then one range of numbers is taken and the
   * cards are written, each with `expectedRevision: no_stream` and its own command id. On a store with
   * `appendMany` (SQLite, PostgreSQL) the range and every card go in ONE transaction: a crash or a
   * refusal leaves neither numbers nor cards (the register stays gap-free); a concurrent 录入 that took
   * numbers first makes the batch reload the register and take the next range.
   */
  async registerMany(
    inputs: NewCard[],
    ctx: AssetContext,
    source: AssetSource,
    assetIds: string[],
  ): Promise<(AssetResult & { assetNo: string })[]> {
    if (inputs.length === 0) return [];
    const today = this.kit.today();
    const cats = await this.kit.categories();
    const unitId = inputs[0]!.custody.unitId;
    inputs.forEach((x, i) => {
      const at = inputs.length > 1 ? `rows[${i}].` : '';
      if (!cats.has(x.categoryCode))
        throw new DomainError('invalid', 'asset.category_unknown', `资产分类 ${x.categoryCode} 不存在`, `${at}categoryCode`);
      if (x.custody.unitId !== unitId)
        throw new DomainError('invalid', 'asset.unit', '一次录入的资产须属于同一单位', `${at}custody.unitId`);
      try {
        checkCard(x.card, today);
      } catch (e) {
        if (e instanceof DomainError && at) throw new DomainError(e.kind, e.code, e.message, `${at}${e.field ?? ''}`);
        throw e;
      }
    });
    const year = Number(today.slice(0, 4));
    const store = this.kit.handler.store;
    if (store.appendMany)
      return this.registerInOneTransaction(store as Required<EventStore>, inputs, ctx, source, assetIds, cats, unitId, year);
    const numbers = await this.kit.allocate(unitId, year, assetIds, ctx);
    const out: (AssetResult & { assetNo: string })[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i]!;
      const assetId = assetIds[i]!;
      const assetNo = numbers.get(assetId)!;
      const number = Number(assetNo.slice(-5));
      const prior = await this.kit.handler.store.streamRevision(assetStreamId(assetId));
      if (prior >= 0) {
        out.push({ id: assetId, streamId: assetStreamId(assetId), revision: prior, position: 0, duplicate: true, events: [], assetNo });
        continue;
      }
      const r = await this.kit.asset(
        assetId,
        {
          type: 'RegisterAsset',
          data: { assetId, assetNo, year, number, category: cats.get(x.categoryCode)!, card: x.card, custody: x.custody, source },
        },
        ctx,
        { commandId: uuidv5(`register:${assetId}`, NS), expectedRevision: 'no_stream' },
      );
      out.push({ ...r, assetNo });
    }
    return out;
  }

  /** The number range and every card in one `appendMany` (see registerMany). */
  private async registerInOneTransaction(
    store: Required<EventStore>,
    inputs: NewCard[],
    ctx: AssetContext,
    source: AssetSource,
    assetIds: string[],
    cats: Map<string, AssetCategory>,
    unitId: string,
    year: number,
  ): Promise<(AssetResult & { assetNo: string })[]> {
    const handler = this.kit.handler;
    const registerStream = assetNumberStreamId(unitId, year);
    for (let attempt = 1; ; attempt++) {
      const now = this.kit.now();
      const commandMeta = { now, actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId };
      const eventMeta = (commandId: string | null): EventMetadata => ({
        actorId: ctx.actorId,
        onBehalfOf: ctx.onBehalfOf ?? null,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId ?? null,
        occurredAt: now,
        clientIp: ctx.clientIp ?? null,
        commandId,
      });
      const toNew = (events: { type: string; data: unknown }[], metadata: EventMetadata): NewEvent[] =>
        events.map((e) => ({ type: e.type, schemaVersion: handler.upcasters.currentVersion(e.type), data: e.data, metadata }));
      const reg = await handler.load(registerStream, assetNumberRegister);
      const assigned = assetNumberRegister.decide(
        { type: 'AssignAssetNumbers', data: { unitId, year, holderIds: assetIds }, metadata: commandMeta },
        reg.state,
      );
      let register = reg.state;
      for (const e of assigned) register = assetNumberRegister.evolve(register, e);
      const parts: StreamAppend[] = [];
      if (assigned.length > 0)
        parts.push({
          streamId: registerStream,
          events: toNew(assigned, eventMeta(null)),
          options: { expectedRevision: reg.revision === -1 ? 'no_stream' : reg.revision },
        });
      const assetNos: string[] = [];
      inputs.forEach((x, i) => {
        const assetId = assetIds[i]!;
        const number = register.holders.get(assetId);
        if (number === undefined) throw new Error(`asset register ${unitId}/${year}: no number for ${assetId}`);
        const assetNo = formatAssetNo(unitId, year, number);
        assetNos.push(assetNo);
        const decided = assetDecider.decide(
          {
            type: 'RegisterAsset',
            data: { assetId, assetNo, year, number, category: cats.get(x.categoryCode)!, card: x.card, custody: x.custody, source },
            metadata: commandMeta,
          },
          assetDecider.initialState(),
        );
        const streamId = assetStreamId(assetId);
        const commandId = uuidv5(`register:${assetId}`, NS);
        parts.push({
          streamId,
          events: toNew(decided, eventMeta(commandId)),
          options: {
            expectedRevision: 'no_stream',
            command: { id: commandId, result: { streamId, fromRevision: 0, nextRevision: decided.length - 1 } },
          },
        });
      });
      let results;
      try {
        results = await store.appendMany(parts);
      } catch (e) {
        // Another 录入 of the unit took numbers meanwhile: nothing of this batch was written; take the next range.
        if (e instanceof WrongExpectedRevision && e.streamId === registerStream && attempt < 50) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(40, 2 + attempt)));
          continue;
        }
        throw e;
      }
      const offset = parts.length - inputs.length;
      return inputs.map((_, i) => {
        const part = parts[offset + i]!;
        const r = results[offset + i]!;
        return {
          id: assetIds[i]!,
          streamId: part.streamId,
          revision: r.nextRevision,
          position: r.position,
          duplicate: r.duplicate ?? false,
          events: r.duplicate ? [] : part.events.map((e) => e.type),
          assetNo: assetNos[i]!,
        };
      });
    }
  }

  issue(id: string, d: { departmentId: string; departmentUnitId: string | null; custodianId: string }, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'IssueAsset', data: d }, ctx);
  }
  giveBack(id: string, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'ReturnAsset', data: {} }, ctx);
  }
  lend(id: string, d: { borrowerId: string; borrowerDepartmentId: string | null; dueDate: string }, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'LendAsset', data: d }, ctx);
  }
  returnLoan(id: string, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'ReturnLoan', data: {} }, ctx);
  }
  requestRepair(id: string, d: { fault: string; photos?: string[] }, ctx: AssetContext) {
    return this.kit.asset(
      id,
      { type: 'RequestRepair', data: { repairId: this.kit.idFor(ctx, 'repair'), fault: d.fault, photos: d.photos ?? [] } },
      ctx,
    );
  }
  completeRepair(
    id: string,
    d: { repairId: string; vendor: string; cost: number; outcome: 'repaired' | 'unrepairable'; note?: string },
    ctx: AssetContext,
  ) {
    return this.kit.asset(id, { type: 'CompleteRepair', data: { ...d, note: d.note ?? '' } }, ctx);
  }
  async changeCategory(id: string, d: { categoryCode: string; effectiveDate: string; reason?: string }, ctx: AssetContext) {
    const category = await this.kit.category(d.categoryCode);
    return this.kit.asset(id, { type: 'ChangeCategory', data: { category, effectiveDate: d.effectiveDate, reason: d.reason ?? '' } }, ctx);
  }
  adjust(
    id: string,
    d: { location: string; departmentId: string | null; custodianId: string | null; stockTakeId: string | null; reason: string },
    ctx: AssetContext,
  ) {
    return this.kit.asset(id, { type: 'AdjustAsset', data: d }, ctx);
  }

  /** 转移申请: checked by the decider, then the 转移审批 process, then the request on the asset (with the process id). */
  async requestTransfer(
    id: string,
    d: { to: Custody; reason: string },
    ctx: AssetContext,
  ): Promise<AssetResult & { transferId: string; processId: string }> {
    const s = await this.kit.existing(id);
    const transferId = this.kit.idFor(ctx, 'transfer');
    this.kit.precheck(s, { type: 'RequestTransfer', data: { transferId, processId: 'probe', to: d.to, reason: d.reason } }, ctx);
    const netValue = assetBookValue(s, this.kit.today()).netValue;
    const p = await this.kit.workflow.startProcess(
      {
        definitionKey: ASSET_SUBJECTS.transfer,
        title: `资产转移：${s.card!.name}（${s.assetNo}）`,
        form: { assetNo: s.assetNo, netValue, crossUnit: d.to.unitId !== s.custody!.unitId },
        subject: { type: ASSET_SUBJECTS.transfer, id },
      },
      this.kit.wfCtx(ctx, 'transfer-process'),
    );
    const r = await this.kit.asset(id, { type: 'RequestTransfer', data: { transferId, processId: p.id, to: d.to, reason: d.reason } }, ctx);
    return { ...r, transferId, processId: p.id };
  }

  handOver(id: string, transferId: string, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'HandOverAsset', data: { transferId } }, ctx);
  }
  accept(id: string, transferId: string, ctx: AssetContext) {
    return this.kit.asset(id, { type: 'AcceptTransfer', data: { transferId } }, ctx);
  }

  /** 处置申请: the 处置审批 process (its route by the original value), then the request on the asset. */
  async requestDisposal(
    id: string,
    d: { method: DisposalMethod; reason: string; stockTakeId?: string | null },
    ctx: AssetContext,
  ): Promise<AssetResult & { disposalId: string; processId: string }> {
    const s = await this.kit.existing(id);
    const disposalId = this.kit.idFor(ctx, 'disposal');
    const data = { disposalId, processId: 'probe', method: d.method, reason: d.reason, stockTakeId: d.stockTakeId ?? null };
    this.kit.precheck(s, { type: 'RequestDisposal', data }, ctx);
    const p = await this.kit.workflow.startProcess(
      {
        definitionKey: ASSET_SUBJECTS.disposal,
        title: `资产处置（${d.method}）：${s.card!.name}（${s.assetNo}）`,
        form: { assetNo: s.assetNo, originalValue: s.card!.originalValue, method: d.method },
        subject: { type: ASSET_SUBJECTS.disposal, id },
      },
      this.kit.wfCtx(ctx, 'disposal-process'),
    );
    const r = await this.kit.asset(id, { type: 'RequestDisposal', data: { ...data, processId: p.id } }, ctx);
    return { ...r, disposalId, processId: p.id };
  }

  completeDisposal(id: string, d: { disposalId: string; proceeds: number; approvalRef?: string; date?: string | null }, ctx: AssetContext) {
    return this.kit.asset(
      id,
      {
        type: 'CompleteDisposal',
        data: { disposalId: d.disposalId, proceeds: d.proceeds, approvalRef: d.approvalRef ?? '', date: d.date ?? null },
      },
      ctx,
    );
  }

  /** Executes the approval reactor's command on the asset (transfer / disposal) or the purchase (see PurchaseCommands). */
  async recordApprovalOutcome(cmd: RecordAssetApprovalOutcome, rc: ReactionCtx): Promise<void> {
    const d = cmd.data;
    const ctx: AssetContext = {
      actorId: rc.actorId,
      unitId: null,
      departmentId: null,
      correlationId: rc.correlationId,
      causationId: rc.causationId,
    };
    if (d.subjectType === ASSET_SUBJECTS.transfer) {
      const s = await this.kit.load(d.subjectId);
      if (!s.transfer || s.transfer.processId !== d.processId) return;
      const giverFallback = await this.kit.unitAdmin(s.custody!.unitId);
      const receiverFallback = await this.kit.unitAdmin(s.transfer.to.unitId);
      await this.kit.asset(
        d.subjectId,
        {
          type: 'RecordTransferOutcome',
          data: {
            transferId: s.transfer.transferId,
            processId: d.processId,
            outcome: d.outcome,
            opinion: d.opinion,
            giverFallback,
            receiverFallback,
          },
        },
        ctx,
        { commandId: rc.commandId },
      );
    } else if (d.subjectType === ASSET_SUBJECTS.disposal) {
      const s = await this.kit.load(d.subjectId);
      if (!s.disposal || s.disposal.processId !== d.processId) return;
      await this.kit.asset(
        d.subjectId,
        {
          type: 'RecordDisposalOutcome',
          data: { disposalId: s.disposal.disposalId, processId: d.processId, outcome: d.outcome, opinion: d.opinion },
        },
        ctx,
        { commandId: rc.commandId },
      );
    }
  }

  /** Executes the loan-overdue job's command. */
  async recordLoanOverdue(cmd: CheckLoanOverdue, rc: ReactionCtx): Promise<void> {
    await this.kit.asset(
      cmd.data.assetId,
      { type: 'RecordLoanOverdue', data: { dueDate: cmd.data.dueDate } },
      { actorId: rc.actorId || SYSTEM, unitId: null, departmentId: null, correlationId: rc.correlationId, causationId: rc.causationId },
      { commandId: rc.commandId },
    );
  }
}

export { shanghaiDate };
