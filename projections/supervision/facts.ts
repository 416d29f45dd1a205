import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { SupervisionEvent } from '../../domain/supervision';
import type { SqlClient } from '../engine/types';
import { toWarehouseTime, type FactBatch, type FactTable } from '../warehouse/facts';
import type { FactMapper } from '../warehouse/sink';

/**
 * 督办事实 (leadership warehouse): one row when an item goes overdue (stage 'overdue': the automatic
 * 催办 at the end of its deadline day) and one when it is closed (stage 'closed': on time or how many
 * working days late). The unit is the lead unit (主办) at that time — remembered from 交办 (and a
 * 重新交办 of the lead part) in wh_supervision_items. The 领导驾驶舱 panel reads on-time rate, overdue
 * items and average overdue days by unit and month from it (reports/supervision).
 */
export const FACT_SUPERVISION: FactTable = {
  name: 'fact_supervision',
  timeColumn: 'occurred_at',
  columns: {
    event_id: 'string',
    item_id: 'string',
    unit_id: 'string',
    unit_name: 'string',
    supervising_unit_id: 'string',
    stage: 'string', // overdue | closed
    on_time: 'uint8',
    late: 'uint8',
    overdue_days: 'uint32',
    occurred_at: 'datetime',
  },
};

const TYPES = [
  'SupervisionItemProposed',
  'SupervisionItemAssigned',
  'SupervisionPartReassigned',
  'SupervisionItemOverdue',
  'SupervisionItemClosed',
] as const;

interface ItemRow {
  item_id: string;
  unit_id: string;
  unit_name: string;
  supervising_unit_id: string;
}

export const supervisionFacts: FactMapper = {
  name: 'supervision',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_supervision_items (item_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, unit_name TEXT NOT NULL, supervising_unit_id TEXT NOT NULL)',
    );
  },
  async reset(db: SqlClient) {
    await db.run('DELETE FROM wh_supervision_items');
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    const e = recorded as unknown as SupervisionEvent;
    const remember = (r: ItemRow) =>
      db.run(
        'INSERT INTO wh_supervision_items (item_id, unit_id, unit_name, supervising_unit_id) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (item_id) DO UPDATE SET unit_id = excluded.unit_id, unit_name = excluded.unit_name, supervising_unit_id = excluded.supervising_unit_id',
        [r.item_id, r.unit_id, r.unit_name, r.supervising_unit_id],
      );
    const fact = async (
      itemId: string,
      stage: 'overdue' | 'closed',
      at: string,
      onTime: boolean,
      overdueDays: number,
    ): Promise<FactBatch[]> => {
      const r = await db.get<ItemRow>('SELECT * FROM wh_supervision_items WHERE item_id = ?', [itemId]);
      if (!r) return [];
      return [
        {
          table: FACT_SUPERVISION,
          rows: [
            {
              event_id: recorded.id,
              item_id: itemId,
              unit_id: r.unit_id,
              unit_name: r.unit_name,
              supervising_unit_id: r.supervising_unit_id,
              stage,
              on_time: onTime ? 1 : 0,
              late: onTime ? 0 : 1,
              overdue_days: overdueDays,
              occurred_at: toWarehouseTime(at),
            },
          ],
        },
      ];
    };
    switch (e.type) {
      case 'SupervisionItemProposed':
        await remember({
          item_id: e.data.itemId,
          unit_id: e.data.lead.id,
          unit_name: e.data.lead.name,
          supervising_unit_id: e.data.supervisingUnit.id,
        });
        return [];
      case 'SupervisionItemAssigned': {
        const lead = e.data.parts.find((p) => p.role === 'lead');
        const prev = await db.get<ItemRow>('SELECT * FROM wh_supervision_items WHERE item_id = ?', [e.data.itemId]);
        if (lead && prev) await remember({ ...prev, unit_id: lead.unitId, unit_name: lead.unitName });
        return [];
      }
      case 'SupervisionPartReassigned': {
        const prev = await db.get<ItemRow>('SELECT * FROM wh_supervision_items WHERE item_id = ?', [e.data.itemId]);
        if (prev && e.data.part.role === 'lead') await remember({ ...prev, unit_id: e.data.part.unitId, unit_name: e.data.part.unitName });
        return [];
      }
      case 'SupervisionItemOverdue':
        return fact(e.data.itemId, 'overdue', e.data.at, false, 0);
      case 'SupervisionItemClosed':
        return fact(e.data.itemId, 'closed', e.data.at, e.data.onTime, e.data.overdueDays);
      default:
        return [];
    }
  },
};
