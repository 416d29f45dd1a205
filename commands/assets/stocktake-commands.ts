import { stockTakeDecider, stockTakeStreamId, type BookEntry, type ResolutionAction, type StockTakeState } from '../../domain/assets';
import { DomainError } from '../../domain/shared/errors';
import type { AssetCommands, NewCard } from './asset-commands';
import { v5 as uuidv5 } from 'uuid';
import { NS, outcome, type AssetContext, type AssetKit, type AssetResult } from './kit';

/**
 * 盘点: plan (the book list comes from the asset register read model, passed in by the API), tick,
 * finish counting, resolve each difference — the action on the asset first (调整 → AdjustAsset;
 * 报损核销 → a 盘亏核销 disposal request; 登记入账 → a new card with source 'surplus'), then the
 * resolution on the plan with the reference — and close.
 */
export class StockTakeCommands {
  constructor(
    readonly kit: AssetKit,
    readonly assets: AssetCommands,
  ) {}

  async load(id: string): Promise<StockTakeState> {
    return (await this.kit.handler.load(stockTakeStreamId(id), stockTakeDecider)).state;
  }

  async existing(id: string): Promise<StockTakeState> {
    const s = await this.load(id);
    if (s.status === 'none') throw new DomainError('not_found', 'stocktake.not_found', '盘点计划不存在');
    return s;
  }

  async plan(
    d: {
      unitId: string;
      title: string;
      departmentId: string | null;
      location: string | null;
      startDate: string;
      endDate: string;
      checkerIds: string[];
    },
    book: BookEntry[],
    ctx: AssetContext,
  ): Promise<AssetResult> {
    const id = this.kit.idFor(ctx, 'stocktake');
    const r = await this.kit.run(
      stockTakeStreamId(id),
      stockTakeDecider,
      {
        type: 'PlanStockTake',
        data: {
          stockTakeId: id,
          unitId: d.unitId,
          title: d.title,
          scope: { departmentId: d.departmentId, location: d.location },
          startDate: d.startDate,
          endDate: d.endDate,
          checkerIds: d.checkerIds,
          book,
        },
      },
      ctx,
    );
    return outcome(id, r);
  }

  async count(
    id: string,
    d: { assetId: string | null; code: string; location: string; custodianId: string | null; method: 'scan' | 'search' | 'manual' },
    ctx: AssetContext,
  ) {
    await this.existing(id);
    return outcome(id, await this.kit.run(stockTakeStreamId(id), stockTakeDecider, { type: 'CountAsset', data: d }, ctx));
  }

  async finish(id: string, ctx: AssetContext) {
    await this.existing(id);
    return outcome(id, await this.kit.run(stockTakeStreamId(id), stockTakeDecider, { type: 'FinishCounting', data: {} }, ctx));
  }

  async resolve(
    id: string,
    d: { key: string; action: ResolutionAction; note?: string; surplus?: NewCard | null },
    ctx: AssetContext,
  ): Promise<AssetResult & { refId: string | null }> {
    const s = await this.existing(id);
    const diff = s.differences.find((x) => x.key === d.key);
    const probe = { type: 'ResolveDifference' as const, data: { key: d.key, action: d.action, note: d.note ?? '', refId: null } };
    stockTakeDecider.decide({ ...probe, metadata: { now: this.kit.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null } }, s);
    let refId: string | null = null;
    if (d.action === 'adjust') {
      const f = diff!.found!;
      const a = await this.kit.existing(diff!.assetId!);
      await this.assets.adjust(
        diff!.assetId!,
        {
          location: f.location || a.card!.location,
          departmentId: a.custody!.departmentId,
          custodianId: f.custodianId ?? a.custody!.custodianId,
          stockTakeId: id,
          reason: `盘点调整：${s.plan!.title}`,
        },
        { ...ctx, commandId: ctx.commandId ? uuidv5(`adjust:${ctx.commandId}`, NS) : null },
      );
      refId = diff!.assetId;
    } else if (d.action === 'write_off') {
      const r = await this.assets.requestDisposal(
        diff!.assetId!,
        { method: '盘亏核销', reason: `盘亏：${s.plan!.title}`, stockTakeId: id },
        ctx,
      );
      refId = r.disposalId;
    } else if (d.action === 'register_surplus') {
      if (!d.surplus) throw new DomainError('invalid', 'stocktake.surplus_card', '登记盘盈须填写资产卡片', 'surplus');
      if (d.surplus.custody.unitId !== s.plan!.unitId)
        throw new DomainError('invalid', 'asset.unit', '盘盈资产须登记在本单位', 'surplus.custody.unitId');
      const r = await this.assets.register(d.surplus, ctx, { type: 'surplus', id });
      refId = r.id;
    }
    const r = await this.kit.run(
      stockTakeStreamId(id),
      stockTakeDecider,
      { ...probe, data: { ...probe.data, refId } },
      { ...ctx, commandId: ctx.commandId ? uuidv5(`resolve:${ctx.commandId}`, NS) : null },
    );
    return { ...outcome(id, r), refId };
  }

  async close(id: string, ctx: AssetContext) {
    await this.existing(id);
    return outcome(id, await this.kit.run(stockTakeStreamId(id), stockTakeDecider, { type: 'CloseStockTake', data: {} }, ctx));
  }
}
