/**
 * 资产编号登记簿: gap-free asset numbers per unit and year. Stream `asset-number-<unitId>-<year>`.
 *
 * Rules
 *   N1 Numbers start at 1 and go up by one, never skipped, never reused (the handler appends with the
 *      folded revision as expectedRevision: two concurrent 录入 cannot both take n; the loser reloads).
 *   N2 A batch (Excel import, 验收 of a purchase) takes a contiguous range in one event.
 *   N3 A holder (asset id) that already has a number gets it back and nothing is written (a retry after
 *      a crash between the register and the asset stream).
 *   N4 The 资产编号 follows the unit's rule: `<unit code>-<year>-<5-digit number>` by default.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const assetNumberStreamId = (unitId: string, year: number) => `asset-number-${unitId}-${year}`;

export type AssetNumbersAssigned = DomainEvent<
  'AssetNumbersAssigned',
  { unitId: string; year: number; first: number; holderIds: string[]; assignedBy: string; at: string }
>;
export type AssetNumberEvent = AssetNumbersAssigned;
export const ASSET_NUMBER_EVENT_TYPES = ['AssetNumbersAssigned'] as const satisfies readonly AssetNumberEvent['type'][];

export type AssignAssetNumbers = Command<'AssignAssetNumbers', { unitId: string; year: number; holderIds: string[] }>;

export interface AssetNumberRegister {
  last: number;
  holders: Map<string, number>;
}

export function assignAssetNumbers(c: AssignAssetNumbers, s: AssetNumberRegister): AssetNumberEvent[] {
  if (c.data.holderIds.length === 0) throw new DomainError('invalid', 'asset.number_holders', '没有需要编号的资产', 'holderIds');
  const fresh = [...new Set(c.data.holderIds)].filter((h) => !s.holders.has(h));
  if (fresh.length === 0) return [];
  if (s.last + fresh.length > 99999) throw new DomainError('rule', 'asset.numbers_exhausted', '本年度资产编号已用尽（最多 99999 号）');
  return [
    {
      type: 'AssetNumbersAssigned',
      data: {
        unitId: c.data.unitId,
        year: c.data.year,
        first: s.last + 1,
        holderIds: fresh,
        assignedBy: c.metadata.actorId,
        at: c.metadata.now,
      },
    },
  ];
}

export const assetNumberRegister: Decider<AssignAssetNumbers, AssetNumberEvent, AssetNumberRegister> = {
  initialState: () => ({ last: 0, holders: new Map() }),
  decide: (c, s) => {
    switch (c.type) {
      case 'AssignAssetNumbers':
        return assignAssetNumbers(c, s);
      default:
        return assertNever(c.type);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'AssetNumbersAssigned':
        // a fold owns its state (initialState() is fresh per load): extend the map in place (O(n) load)
        e.data.holderIds.forEach((h, i) => s.holders.set(h, e.data.first + i));
        return { last: e.data.first + e.data.holderIds.length - 1, holders: s.holders };
      default:
        return assertNever(e.type);
    }
  },
};

/** N4: the 资产编号 for a unit code (upper-cased unit id by default), year and number. */
export function formatAssetNo(unitCode: string, year: number, n: number): string {
  return `${unitCode.toUpperCase()}-${year}-${String(n).padStart(5, '0')}`;
}
