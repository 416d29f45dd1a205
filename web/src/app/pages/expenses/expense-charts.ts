import type { ChartOption, ReportResult } from '../dashboard/dashboard-charts';

const PALETTE = ['#b52222', '#1f5fa8', '#d08a1a', '#2f8f5b', '#7b4fa0', '#3aa0b5'];

/**
 * 领导驾驶舱 panel 费用支出（按类别）: the `expense-by-category` report (fen) as bars in 元 — the same
 * numbers as the 费用台账's 已支付 (test/expenses/expenses-api.e2e.spec.ts). Pure: no echarts import.
 */
export function expenseByCategoryOption(r: ReportResult): ChartOption {
  const rows = r.rows
    .map((x) => ({ name: String(x['category'] ?? '') || '未分类', value: Math.round(Number(x['paid']) || 0) / 100 }))
    .filter((x) => x.value !== 0);
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => `${Number(v).toLocaleString('zh-CN')} 元` },
    grid: { left: 72, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: rows.map((x) => x.name) },
    yAxis: { type: 'value', name: '元' },
    series: [{ type: 'bar', name: '已支付', barMaxWidth: 36, data: rows.map((x) => x.value) }],
  };
}
