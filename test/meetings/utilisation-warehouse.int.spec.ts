import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_ROOM_HOURS } from '../../projections/meetings/warehouse-facts';
import type { FactRow } from '../../projections/warehouse/facts';
import { openWarehouse, type Warehouse } from '../../projections/warehouse/warehouse';
import { ROOM_UTILISATION_REPORT } from '../../reports/meetings/utilisation';
import { runReport } from '../../reports/warehouse/run-report';
import { serviceUrl } from '../support/services';

/**
 * The 会议室使用率 report (meeting-room-utilisation over fact_room_hours) on DuckDB and ClickHouse 18.16:
 * the same rows on both, equal to the sums computed in JS, signed deltas (退订, 改期) included.
 */
const dir = mkdtempSync(join(tmpdir(), 'oa-wh-rooms-'));
const clickhouse = serviceUrl('CLICKHOUSE_URL');
const runId = Math.random().toString(36).slice(2, 8);

const ROOMS = [
  ['r-1', '东楼会议室', 'u-a', '甲局'],
  ['r-2', "小会议室'二'", 'u-a', '甲局'],
  ['r-3', '第一会议室', 'u-b', '乙局'],
] as const;
const ROWS: FactRow[] = [];
let n = 0;
for (const [roomId, roomName, unitId, unitName] of ROOMS) {
  for (const month of ['2026-03', '2026-04']) {
    const base = { room_id: roomId, room_name: roomName, unit_id: unitId, unit_name: unitName };
    ROWS.push({ event_id: `e${n++}:open`, ...base, booked_hours: 0, open_hours: 21 * 12, slot_day: `${month}-01 00:00:00` });
    for (let d = 2; d < 28; d += 3) {
      const day = `${month}-${String(d).padStart(2, '0')} 00:00:00`;
      ROWS.push({ event_id: `e${n++}`, ...base, booked_hours: 1.5, open_hours: 0, slot_day: day });
      if (d % 2 === 0) ROWS.push({ event_id: `e${n++}`, ...base, booked_hours: -0.5, open_hours: 0, slot_day: day });
    }
  }
}
const PARAMS = { from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00Z', grain: 'month' as const };

const targets: Array<{ name: string; url: string }> = [{ name: 'duckdb', url: `duckdb:${join(dir, 'rooms.duckdb')}` }];
if (clickhouse) targets.push({ name: 'clickhouse', url: `${clickhouse}/oa_wh_${runId}_rooms` });
const whs = new Map<string, Warehouse>();

beforeAll(async () => {
  for (const t of targets) {
    const wh = await openWarehouse(t.url);
    await wh.dropAll([FACT_ROOM_HOURS]);
    await wh.ensureSchema([FACT_ROOM_HOURS]);
    await wh.insert(FACT_ROOM_HOURS, ROWS);
    await wh.insert(FACT_ROOM_HOURS, ROWS.slice(5, 15)); // at-least-once delivery counts once
    whs.set(t.name, wh);
  }
}, 120_000);
afterAll(async () => {
  for (const wh of whs.values()) {
    await wh.dropAll([FACT_ROOM_HOURS]);
    await wh.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function expected(unitIds: string[] | null) {
  const m = new Map<string, { period: string; room: string; roomName: string; bookedHours: number; openHours: number }>();
  for (const r of ROWS) {
    if (unitIds && !unitIds.includes(String(r.unit_id))) continue;
    const period = String(r.slot_day).slice(0, 7) + '-01';
    const k = `${period}|${r.room_id}`;
    const x = m.get(k) ?? { period, room: String(r.room_id), roomName: String(r.room_name), bookedHours: 0, openHours: 0 };
    x.bookedHours += Number(r.booked_hours);
    x.openHours += Number(r.open_hours);
    m.set(k, x);
  }
  return [...m.values()].sort((a, b) => (a.period + a.room < b.period + b.room ? -1 : 1));
}
const sorted = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => ({ period: r.period, room: r.room, roomName: r.roomName, bookedHours: r.bookedHours, openHours: r.openHours }))
    .sort((a, b) => (`${a.period}${a.room}` < `${b.period}${b.room}` ? -1 : 1));

describe('会议室使用率 report on the warehouses', () => {
  it('DuckDB and ClickHouse give the hours summed in JS, by room and month, within the data scope', async () => {
    expect(whs.size).toBe(targets.length);
    for (const [name, wh] of whs) {
      const all = await runReport(wh, ROOM_UTILISATION_REPORT, PARAMS, { kind: 'all' });
      expect(sorted(all.rows), name).toEqual(expected(null));
      const unit = await runReport(wh, ROOM_UTILISATION_REPORT, PARAMS, { kind: 'units', unitIds: ['u-b'] });
      expect(sorted(unit.rows), name).toEqual(expected(['u-b']));
    }
  });
});
