/**
 * 固定资产 (assets) context — public surface. Streams: `asset-<id>` (the card and its whole history),
 * `asset-number-<unit>-<year>` (gap-free 资产编号), `asset-purchase-<id>` (采购), `asset-stocktake-<id>` (盘点).
 */
export * from './asset.events';
export * from './asset.decide';
export * from './categories';
export * from './depreciation';
export * from './numbering';
export * from './purchase';
export * from './stocktake';
export * from './flows';
export * from './approval.reactor';
export * from './loan-overdue.job';
