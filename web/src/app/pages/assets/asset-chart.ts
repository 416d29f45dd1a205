import { PALETTE, type ChartOption, type DrillItem, type ReportResult } from '../dashboard/dashboard-charts';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** 领导驾驶舱 panel: each unit's fixed assets on the books at the end of the period — 原值 (万元) stacked by category. */
export function assetValueOption(r: ReportResult): ChartOption {
  const units = new Map<string, string>();
  const cats = new Map<string, string>();
  for (const row of r.rows) {
    units.set(str(row['unit']), str(row['unitName']) || str(row['unit']));
    cats.set(str(row['category']), str(row['categoryName']) || str(row['category']));
  }
  const ids = [...units.keys()];
  const series = [...cats.entries()].map(([code, name]) => ({
    type: 'bar',
    name,
    stack: 'value',
    barMaxWidth: 36,
    data: ids.map((id): DrillItem => {
      const fen = r.rows
        .filter((x) => str(x['unit']) === id && str(x['category']) === code)
        .reduce((s, x) => s + num(x['originalValue']), 0);
      return { value: Math.round(fen / 100) / 10_000 };
    }),
  }));
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: number) => `${v.toFixed(2)} 万元` },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: ids.map((id) => units.get(id)!), axisLabel: { interval: 0, width: 72, overflow: 'break' } },
    yAxis: { type: 'value', name: '万元' },
    series,
  };
}
