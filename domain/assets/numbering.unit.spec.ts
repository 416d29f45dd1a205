import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { assetNumberRegister, formatAssetNo, type AssetNumberEvent, type AssignAssetNumbers } from './numbering';
import { md, T0 } from './testing';

const assign = (holderIds: string[]) =>
  ({ type: 'AssignAssetNumbers', data: { unitId: 'czj', year: 2026, holderIds }, metadata: md() }) as AssignAssetNumbers;
const first: AssetNumberEvent = {
  type: 'AssetNumbersAssigned',
  data: { unitId: 'czj', year: 2026, first: 1, holderIds: ['a1', 'a2'], assignedBy: 'yang-fan', at: T0 },
};

describe('资产编号登记簿', () => {
  it('N1/N2: continues from the last number, a batch takes a contiguous range', () => {
    spec(assetNumberRegister)
      .given([first])
      .when(assign(['a3', 'a4', 'a5']))
      .then([
        {
          type: 'AssetNumbersAssigned',
          data: { unitId: 'czj', year: 2026, first: 3, holderIds: ['a3', 'a4', 'a5'], assignedBy: 'yang-fan', at: T0 },
        },
      ]);
  });
  it('N3: a holder that has a number keeps it and nothing is written', () => {
    spec(assetNumberRegister)
      .given([first])
      .when(assign(['a2']))
      .then([]);
  });
  it('N4: formats the unit code, year and five digits', () => {
    expect(formatAssetNo('czj', 2026, 7)).toBe('CZJ-2026-00007');
  });
});
