/** Test support only (imported by *.unit.spec.ts, never by the model): fixtures for 资产 specs. */
import type { AssetCard, AssetEvent } from './asset.events';
import { SEEDED_CATEGORIES, type AssetCategory } from './categories';

export const T0 = '2026-03-02T01:00:00.000Z';
export const md = (actorId = 'yang-fan', now = T0, onBehalfOf: string | null = null) => ({ now, actorId, onBehalfOf, unitId: null });
export const category = (code: string): AssetCategory => SEEDED_CATEGORIES.find((c) => c.code === code)!;
export const COMPUTER = category('A02010104');

export function card(over: Partial<AssetCard> = {}): AssetCard {
  return {
    name: '台式计算机',
    specification: '联想 M720',
    serialNumber: 'SN001',
    quantity: 1,
    measureUnit: '台',
    originalValue: 720_000,
    acquisitionDate: '2024-07-15',
    fundingSource: '财政拨款',
    supplier: '区政采中心',
    warrantyEnd: '2027-07-14',
    location: '财政局 301 室',
    photos: [],
    ...over,
  };
}

export function registered(assetId = 'a1', over: Partial<AssetCard> = {}, custodianId: string | null = 'you-jia'): AssetEvent {
  return {
    type: 'AssetRegistered',
    data: {
      assetId,
      assetNo: 'CZJ-2024-00001',
      year: 2024,
      number: 1,
      category: COMPUTER,
      card: card(over),
      custody: { unitId: 'czj', departmentId: custodianId ? 'czj-ysk' : null, custodianId },
      source: { type: 'manual', id: null },
      registeredBy: 'yang-fan',
      at: '2024-07-15T02:00:00.000Z',
    },
  };
}
