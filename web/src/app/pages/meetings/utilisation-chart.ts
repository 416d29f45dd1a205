import { PALETTE, type ChartOption, type ReportResult } from '../dashboard/dashboard-charts';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * 会议室使用率 on the 领导驾驶舱 (report meeting-room-utilisation): one bar per room, the rate over the
 * chosen period = hours booked / open hours (both summed by the warehouse), highest at the top.
 */
export function roomUtilisationOption(r: ReportResult): ChartOption {
  const rooms = new Map<string, { name: string; booked: number; open: number }>();
  for (const row of r.rows) {
    const id = str(row['room']);
    const x = rooms.get(id) ?? { name: str(row['roomName']) || id, booked: 0, open: 0 };
    x.booked += num(row['bookedHours']);
    x.open += num(row['openHours']);
    rooms.set(id, x);
  }
  const list = [...rooms.values()]
    .filter((x) => x.open > 0)
    .map((x) => ({ ...x, rate: Math.round((x.booked / x.open) * 1000) / 10 }))
    .sort((a, b) => a.rate - b.rate);
  return {
    color: [PALETTE[1]],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: unknown) => `${str(v)}%` },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: list.map((x) => x.name), axisLabel: { width: 104, overflow: 'break', lineHeight: 14 } },
    series: [
      {
        type: 'bar',
        name: '使用率',
        barMaxWidth: 24,
        data: list.map((x) => ({ value: x.rate, booked: x.booked, open: x.open })),
      },
    ],
  };
}
