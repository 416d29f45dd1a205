import { describe, expect, it } from 'vitest';
import { bookValueAt } from './depreciation';

// A 台式计算机 (6 年 = 72 months) of 7,200.00 元 bought mid-year on 2024-07-15: 100.00 元 a month from August.
const computer = {
  originalValue: 720_000,
  acquisitionDate: '2024-07-15',
  segments: [{ from: '2024-07-15', usefulLifeMonths: 72 }],
  disposedOn: null,
};

describe('straight-line depreciation, monthly, none in the month of acquisition', () => {
  it('is nothing before and in the month of acquisition', () => {
    expect(bookValueAt(computer, '2024-07-01').onBooks).toBe(false);
    expect(bookValueAt(computer, '2024-07-31')).toEqual({
      onBooks: true,
      originalValue: 720_000,
      accumulatedDepreciation: 0,
      netValue: 720_000,
      monthsDepreciated: 0,
    });
  });
  it('counts whole months from the month after: 5 months at the end of 2024, 17 at the end of 2025', () => {
    expect(bookValueAt(computer, '2024-12-31')).toMatchObject({ accumulatedDepreciation: 50_000, netValue: 670_000, monthsDepreciated: 5 });
    expect(bookValueAt(computer, '2025-12-01')).toMatchObject({ accumulatedDepreciation: 170_000, netValue: 550_000 });
  });
  it('ends at zero after the useful life and never goes below', () => {
    expect(bookValueAt(computer, '2030-07-31')).toMatchObject({ accumulatedDepreciation: 720_000, netValue: 0, monthsDepreciated: 72 });
    expect(bookValueAt(computer, '2040-01-01')).toMatchObject({ netValue: 0, monthsDepreciated: 72 });
  });
  it('leaves no rounding drift: 1,000.00 元 over 72 months sums to the original value exactly', () => {
    const odd = { ...computer, originalValue: 100_000 };
    expect(bookValueAt(odd, '2024-08-31').accumulatedDepreciation).toBe(1_388); // floor(100000/72)
    expect(bookValueAt(odd, '2030-07-31').accumulatedDepreciation).toBe(100_000);
  });
  it('does not depreciate a category with a life of 0 (土地)', () => {
    const land = {
      originalValue: 5_000_000,
      acquisitionDate: '2020-01-01',
      segments: [{ from: '2020-01-01', usefulLifeMonths: 0 }],
      disposedOn: null,
    };
    expect(bookValueAt(land, '2026-01-01')).toMatchObject({ netValue: 5_000_000, accumulatedDepreciation: 0 });
  });
});

describe('a category change spreads the net value over the remaining life from the month after', () => {
  // 2025-06-20 reclassified to a 5-year category: 11 months done (Aug 2024–Jun 2025) = 110,000;
  // from July 2025 the 610,000 left is spread over 60 − 11 = 49 months.
  const changed = { ...computer, segments: [...computer.segments, { from: '2025-06-20', usefulLifeMonths: 60 }] };
  it('is unchanged up to the month of the change', () => {
    expect(bookValueAt(changed, '2025-06-30')).toMatchObject({ accumulatedDepreciation: 110_000, netValue: 610_000 });
  });
  it('uses the remaining life afterwards: 6 months of 610,000/49 by the end of 2025', () => {
    // floor(610000 × 6 / 49) = 74,693
    expect(bookValueAt(changed, '2025-12-31')).toMatchObject({
      accumulatedDepreciation: 184_693,
      netValue: 535_307,
      monthsDepreciated: 17,
    });
  });
  it('is fully depreciated after the new life (60 months in all)', () => {
    expect(bookValueAt(changed, '2029-07-31')).toMatchObject({ netValue: 0, monthsDepreciated: 60 });
  });

  describe('and a disposal on 2026-03-10', () => {
    const disposed = { ...changed, disposedOn: '2026-03-10' };
    it('is on the books the month before, with 8 months of the new life', () => {
      // 110,000 + floor(610000 × 8 / 49) = 110,000 + 99,591
      expect(bookValueAt(disposed, '2026-02-28')).toMatchObject({ onBooks: true, accumulatedDepreciation: 209_591, netValue: 510_409 });
    });
    it('leaves the books on the disposal date (net value 0), the disposal month still depreciated', () => {
      expect(bookValueAt(disposed, '2026-03-10')).toMatchObject({
        onBooks: false,
        netValue: 0,
        accumulatedDepreciation: 222_040,
        monthsDepreciated: 20,
      });
      expect(bookValueAt(disposed, '2027-01-01')).toMatchObject({ onBooks: false, netValue: 0, accumulatedDepreciation: 222_040 });
    });
  });
});
