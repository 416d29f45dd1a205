import type { ChartOption, ReportResult } from '../dashboard/dashboard-charts';

/**
 * 领导驾驶舱 panel of 督办 (report supervision-on-time, rows by period and lead unit): per unit over the
 * chosen range, the on-time rate (bars, %) and the average overdue working days (line), with the
 * closed and late counts in the tooltip. Pure: the page turns it into a chart.
 */
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

export interface UnitSupervision {
  unitId: string;
  unitName: string;
  closed: number;
  onTime: number;
  late: number;
  overdueDays: number;
}

/** Sums the periods of each unit: counts add up, the rate and the average are weighted by the closed items. */
export function supervisionByUnit(r: ReportResult): UnitSupervision[] {
  const by = new Map<string, UnitSupervision>();
  for (const row of r.rows) {
    const id = String(row['unit'] ?? '');
    const u = by.get(id) ?? { unitId: id, unitName: String(row['unitName'] ?? id), closed: 0, onTime: 0, late: 0, overdueDays: 0 };
    const closed = num(row['closed']);
    u.closed += closed;
    u.onTime += num(row['onTimeRate']) * closed;
    u.late += num(row['late']);
    u.overdueDays += num(row['avgOverdueDays']) * closed;
    by.set(id, u);
  }
  return [...by.values()].sort((a, b) => a.onTime / (a.closed || 1) - b.onTime / (b.closed || 1));
}

export function supervisionOption(r: ReportResult): ChartOption {
  const units = supervisionByUnit(r);
  const rate = (u: UnitSupervision) => (u.closed ? Math.round((u.onTime / u.closed) * 1000) / 10 : 0);
  const days = (u: UnitSupervision) => (u.closed ? Math.round((u.overdueDays / u.closed) * 10) / 10 : 0);
  return {
    color: ['#2f8f5b', '#b52222'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: Array<{ dataIndex: number }>) => {
        const u = units[params[0]?.dataIndex ?? 0];
        if (!u) return '';
        return `${u.unitName}<br/>办结 ${u.closed} 件，按期 ${Math.round(u.onTime)} 件（${rate(u)}%）<br/>超期办结 ${u.late} 件，平均超期 ${days(u)} 个工作日`;
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { interval: 0, width: 80, overflow: 'break' } },
    yAxis: [
      { type: 'value', name: '按期率 %', max: 100, min: 0 },
      { type: 'value', name: '超期工作日', minInterval: 1 },
    ],
    series: [
      {
        type: 'bar',
        name: '按期办结率',
        barMaxWidth: 36,
        label: { show: true, position: 'top', formatter: '{c}%' },
        data: units.map(rate),
      },
      { type: 'line', name: '平均超期工作日', yAxisIndex: 1, data: units.map(days) },
    ],
  };
}
