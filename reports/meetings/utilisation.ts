import { FACT_ROOM_HOURS } from '../../projections/meetings/warehouse-facts';
import type { ReportDefinition } from '../warehouse/definitions';

/**
 * 会议室使用率 in the warehouse: hours booked and open hours by room and month (confirmed bookings;
 * open hours = working days of the statutory calendar × the room's daily opening hours). The rate is
 * booked / open (the dashboard panel divides; the warehouse sums both).
 */
export const ROOM_UTILISATION_REPORT: ReportDefinition = {
  key: 'meeting-room-utilisation',
  title: '会议室使用率（按会议室、月份）',
  description: '已预约小时数 / 开放小时数，按会议室和月份',
  table: FACT_ROOM_HOURS,
  timeColumn: 'slot_day',
  dimensions: [
    { key: 'period', label: '期间', kind: 'period' },
    { key: 'room', label: '会议室', kind: 'column', column: 'room_id', labelColumn: 'room_name' },
  ],
  measures: [
    { key: 'bookedHours', label: '已预约小时数', agg: 'sum', column: 'booked_hours', format: 'decimal' },
    { key: 'openHours', label: '开放小时数', agg: 'sum', column: 'open_hours', format: 'decimal' },
  ],
  unitColumn: 'unit_id',
};
