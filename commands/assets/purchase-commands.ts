import { v5 as uuidv5 } from 'uuid';
import { cardsOf, purchaseDecider, purchaseStreamId, type PurchaseItem, type PurchaseState, type ReceivedItem } from '../../domain/assets';
import type { RecordAssetApprovalOutcome } from '../../domain/assets/approval.reactor';
import { ASSET_SUBJECTS } from '../../domain/assets/flows';
import { DomainError } from '../../domain/shared/errors';
import type { AssetCommands, NewCard, ReactionCtx } from './asset-commands';
import { NS, outcome, type AssetContext, type AssetKit, type AssetResult } from './kit';

/**
 * 采购: request (the 采购审批 process first, then PurchaseRequested with its id), the outcome from the
 * reactor, and 验收 — the cards are registered (ids derived from the purchase: a retry creates the same
 * cards and numbers) and then PurchaseReceived records them.
 */
export class PurchaseCommands {
  constructor(
    readonly kit: AssetKit,
    readonly assets: AssetCommands,
  ) {}

  async load(id: string): Promise<PurchaseState> {
    return (await this.kit.handler.load(purchaseStreamId(id), purchaseDecider)).state;
  }

  async request(
    d: { title: string; budgetLine: string; fundingSource: string; items: PurchaseItem[] },
    ctx: AssetContext,
  ): Promise<AssetResult & { processId: string }> {
    if (!ctx.unitId || !ctx.departmentId) throw new DomainError('forbidden', 'purchase.no_department', '您不在任何部门，不能申请采购');
    for (const [i, it] of d.items.entries()) await this.kit.category(it.categoryCode, `items[${i}].categoryCode`);
    const purchaseId = this.kit.idFor(ctx, 'purchase');
    const probe = { purchaseId, processId: 'probe', unitId: ctx.unitId, departmentId: ctx.departmentId, ...d };
    purchaseDecider.decide(
      { type: 'RequestPurchase', data: probe, metadata: { now: this.kit.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null } },
      purchaseDecider.initialState(),
    );
    const amount = d.items.reduce((n, it) => n + it.quantity * it.estimatedUnitPrice, 0);
    const p = await this.kit.workflow.startProcess(
      {
        definitionKey: ASSET_SUBJECTS.purchase,
        title: `资产采购：${d.title}`,
        form: { title: d.title, amount, budgetLine: d.budgetLine },
        subject: { type: ASSET_SUBJECTS.purchase, id: purchaseId },
      },
      this.kit.wfCtx(ctx, 'purchase-process'),
    );
    const r = await this.kit.run(
      purchaseStreamId(purchaseId),
      purchaseDecider,
      { type: 'RequestPurchase', data: { ...probe, processId: p.id } },
      ctx,
    );
    return { ...outcome(purchaseId, r), processId: p.id };
  }

  /** 验收: creates the cards (one per unit of quantity) in the requesting department, then records the receipt. */
  async receive(
    id: string,
    d: { supplier: string; acquisitionDate: string; items: ReceivedItem[]; custodianId?: string | null; warrantyEnd?: string },
    ctx: AssetContext,
  ): Promise<AssetResult & { assetIds: string[]; assetNos: string[] }> {
    const s = await this.load(id);
    if (s.status === 'none') throw new DomainError('not_found', 'purchase.not_found', '采购申请不存在');
    const assetIds = Array.from({ length: cardsOf(s) }, (_, i) => uuidv5(`purchase:${id}:${i}`, NS));
    const call = {
      type: 'ReceivePurchase' as const,
      data: { supplier: d.supplier, acquisitionDate: d.acquisitionDate, items: d.items, assetIds },
    };
    purchaseDecider.decide({ ...call, metadata: { now: this.kit.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null } }, s);
    const req = s.request!;
    const cards: NewCard[] = [];
    req.items.forEach((it, i) => {
      const got = d.items[i]!;
      for (let k = 0; k < it.quantity; k++) {
        cards.push({
          categoryCode: it.categoryCode,
          card: {
            name: it.name,
            specification: it.specification,
            serialNumber: got.serialNumbers[k] ?? '',
            quantity: 1,
            measureUnit: it.measureUnit,
            originalValue: got.unitPrice,
            acquisitionDate: d.acquisitionDate,
            fundingSource: req.fundingSource,
            supplier: d.supplier,
            warrantyEnd: d.warrantyEnd ?? '',
            location: got.location,
            photos: [],
          },
          custody: { unitId: req.unitId, departmentId: d.custodianId ? req.departmentId : null, custodianId: d.custodianId ?? null },
        });
      }
    });
    const made = await this.assets.registerMany(cards, ctx, { type: 'purchase', id }, assetIds);
    const r = await this.kit.run(purchaseStreamId(id), purchaseDecider, call, ctx);
    return { ...outcome(id, r), assetIds, assetNos: made.map((m) => m.assetNo) };
  }

  async recordOutcome(cmd: RecordAssetApprovalOutcome, rc: ReactionCtx): Promise<void> {
    const d = cmd.data;
    await this.kit.run(
      purchaseStreamId(d.subjectId),
      purchaseDecider,
      { type: 'RecordPurchaseOutcome', data: { purchaseId: d.subjectId, processId: d.processId, outcome: d.outcome, opinion: d.opinion } },
      { actorId: rc.actorId, unitId: null, departmentId: null, correlationId: rc.correlationId, causationId: rc.causationId },
      { commandId: rc.commandId },
    );
  }
}
