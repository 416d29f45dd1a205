import { describe, expect, it } from 'vitest';
import { measureIntegrityCost, rawWithIntegrity } from './integrity-cost';

describe('the integrity chain as a cost on top of the raw driver', () => {
  it('adds SM3 and the canonical JSON beyond JSON.stringify to each event of raw', () => {
    // raw 100k ev/s = 10 µs/event; + 3 µs SM3 + (4 − 1) µs JSON = 16 µs/event
    expect(rawWithIntegrity(100_000, { sm3: 3, canonical: 4, stringify: 1, hashInputBytes: 700 })).toBeCloseTo(62_500, 6);
  });

  it('never credits a canonical JSON that happens to measure faster than JSON.stringify', () => {
    expect(rawWithIntegrity(100_000, { sm3: 0, canonical: 1, stringify: 2, hashInputBytes: 700 })).toBeCloseTo(100_000, 6);
  });

  it('measures the bench payload: positive times and hash inputs of the envelope size', () => {
    const cost = measureIntegrityCost(10, 0.02, 1);
    for (const v of [cost.sm3, cost.canonical, cost.stringify]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
    // prevHash (64) + the canonical envelope with data, metadata, ids and another prevHash
    expect(cost.hashInputBytes).toBeGreaterThan(500);
    expect(cost.hashInputBytes).toBeLessThan(1500);
  });
});
