import { FACT_ASSET } from '../../projections/assets/asset-facts';
import type { ReportDefinition } from '../warehouse/definitions';

/** 资产 reports over the warehouse (领导驾驶舱). */
export const ASSET_REPORTS: readonly ReportDefinition[] = [
  {
    key: 'asset-value-by-unit',
    title: '固定资产（按单位、分类）',
    description: '截至期末在账资产的数量与原值（分），由录入、转移、处置累计',
    table: FACT_ASSET,
    timeColumn: 'occurred_at',
    dimensions: [
      { key: 'unit', label: '单位', kind: 'column', column: 'unit_id', labelColumn: 'unit_name' },
      { key: 'category', label: '分类', kind: 'column', column: 'category_code', labelColumn: 'category_name' },
    ],
    measures: [
      { key: 'assets', label: '数量', agg: 'sum', column: 'count_delta', format: 'integer' },
      { key: 'originalValue', label: '原值（分）', agg: 'sum', column: 'value_delta', format: 'integer' },
    ],
    cumulative: true,
    unitColumn: 'unit_id',
  },
];
