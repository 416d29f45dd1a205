import type { AssetEvent } from '../../domain/assets';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { SqlClient } from '../engine/types';
import { toWarehouseTime, type FactBatch, type FactTable } from '../warehouse/facts';
import type { FactMapper } from '../warehouse/sink';

/**
 * 资产 facts (领导驾驶舱): one row per change of what a unit holds — 'add' at 录入 (+1, +原值), at an
 * accepted transfer 'transfer_out' from the giver (−1, −原值) and 'transfer_in' to the receiver, 'dispose'
 * at 退出 (−1, −原值). Summed up to a date (cumulative) they give each unit's count and original value
 * on the books; per period, the additions and disposals. Unit names from wh_org_names (head-count mapper).
 */
export const FACT_ASSET: FactTable = {
  name: 'fact_asset',
  timeColumn: 'occurred_at',
  columns: {
    event_id: 'string',
    asset_id: 'string',
    unit_id: 'string',
    unit_name: 'string',
    category_code: 'string',
    category_name: 'string',
    movement: 'string', // add | transfer_in | transfer_out | dispose
    count_delta: 'int64',
    value_delta: 'int64', // 原值, fen
    occurred_at: 'datetime',
  },
};

const TYPES = ['AssetRegistered', 'AssetTransferAccepted', 'AssetDisposed'] as const satisfies readonly AssetEvent['type'][];

interface Held {
  asset_id: string;
  unit_id: string;
  category_code: string;
  category_name: string;
  original_value: number;
}

export const assetFacts: FactMapper = {
  name: 'assets',
  eventTypes: TYPES,
  async setup(db: SqlClient) {
    await db.run('CREATE TABLE IF NOT EXISTS wh_org_names (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    await db.run(
      'CREATE TABLE IF NOT EXISTS wh_assets (asset_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, category_code TEXT NOT NULL, category_name TEXT NOT NULL, original_value BIGINT NOT NULL)',
    );
  },
  async reset(db: SqlClient) {
    await db.run('DELETE FROM wh_assets');
  },
  async map(recorded: RecordedEvent, db: SqlClient): Promise<FactBatch[]> {
    const e = recorded as unknown as AssetEvent;
    const name = async (unitId: string) =>
      (await db.get<{ name: string }>('SELECT name FROM wh_org_names WHERE id = ?', [unitId]))?.name ?? unitId;
    const row = async (h: Held, unitId: string, movement: string, sign: 1 | -1, at: string) => ({
      event_id: `${recorded.id}:${movement}`,
      asset_id: h.asset_id,
      unit_id: unitId,
      unit_name: await name(unitId),
      category_code: h.category_code,
      category_name: h.category_name,
      movement,
      count_delta: sign,
      value_delta: sign * Number(h.original_value),
      occurred_at: toWarehouseTime(at),
    });
    const held = async (assetId: string) => db.get<Held>('SELECT * FROM wh_assets WHERE asset_id = ?', [assetId]);
    switch (e.type) {
      case 'AssetRegistered': {
        const h: Held = {
          asset_id: e.data.assetId,
          unit_id: e.data.custody.unitId,
          category_code: e.data.category.code,
          category_name: e.data.category.name,
          original_value: e.data.card.originalValue,
        };
        await db.run(
          'INSERT INTO wh_assets (asset_id, unit_id, category_code, category_name, original_value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (asset_id) DO NOTHING',
          [h.asset_id, h.unit_id, h.category_code, h.category_name, h.original_value],
        );
        return [{ table: FACT_ASSET, rows: [await row(h, h.unit_id, 'add', 1, e.data.at)] }];
      }
      case 'AssetTransferAccepted': {
        const h = await held(e.data.assetId);
        if (!h || e.data.from.unitId === e.data.to.unitId) return [];
        await db.run('UPDATE wh_assets SET unit_id = ? WHERE asset_id = ?', [e.data.to.unitId, h.asset_id]);
        return [
          {
            table: FACT_ASSET,
            rows: [
              await row(h, e.data.from.unitId, 'transfer_out', -1, e.data.at),
              await row(h, e.data.to.unitId, 'transfer_in', 1, e.data.at),
            ],
          },
        ];
      }
      case 'AssetDisposed': {
        const h = await held(e.data.assetId);
        if (!h) return [];
        return [{ table: FACT_ASSET, rows: [await row(h, h.unit_id, 'dispose', -1, e.data.at)] }];
      }
      default:
        return [];
    }
  },
};
