import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { computeAllowance } from './allowance';
import { SEED_RATE_TABLE, lodgingGradeOf } from './rates';
import { TABLE_2026, TRIP } from './testing';

const seed = [SEED_RATE_TABLE];

describe('差旅补助计算 (hand-worked examples)', () => {
  it('A1/A3/A4: a 3-day trip to 广州 and 深圳 for a 科员 — 3 × 100 元 meals, 3 × 80 元 transport, caps 450 元 (广州) and 500 元 (深圳)', () => {
    // 10, 11, 12 March = 3 calendar days. 伙食补助费 3 × 100 = 300 元; 市内交通费 3 × 80 = 240 元.
    // Hotel: 广州 night of the 10th 420 元 (cap 450: fine), 深圳 night of the 11th 520 元 (cap 500: over).
    const r = computeAllowance(TRIP, '科员', seed, [
      { date: '2026-03-10', nights: 1, city: '广州', amount: 42000 },
      { date: '2026-03-11', nights: 1, city: '深圳市', amount: 52000 },
    ]);
    expect(r.days).toBe(3);
    expect(r.grade).toBe('other');
    expect(r.meals).toBe(30000);
    expect(r.localTransport).toBe(24000);
    expect(r.hotels).toEqual([
      { cap: 45000, overCap: false },
      { cap: 50000, overCap: true },
    ]);
    expect(r.tablesUsed).toEqual(['cx-2016-71']);
  });

  it('A4: a 处级 (正处) is 其他人员 under 财行〔2013〕531号 — the same caps as the 科员; a 副厅 is 司局级 (550 / 600 元)', () => {
    const hotels = [
      { date: '2026-03-10', nights: 1, city: '广州', amount: 52000 },
      { date: '2026-03-11', nights: 1, city: '深圳', amount: 52000 },
    ];
    const chu = computeAllowance(TRIP, '正处', seed, hotels);
    expect(chu.grade).toBe('other');
    expect(chu.meals).toBe(30000);
    expect(chu.localTransport).toBe(24000);
    expect(chu.hotels).toEqual([
      { cap: 45000, overCap: true },
      { cap: 50000, overCap: true },
    ]);
    const ju = computeAllowance(TRIP, '副厅', seed, hotels);
    expect(ju.grade).toBe('bureau');
    expect(ju.hotels).toEqual([
      { cap: 55000, overCap: false },
      { cap: 60000, overCap: false },
    ]);
    expect(lodgingGradeOf('科员')).toBe('other');
  });

  it('A2: a trip across a rate-table change is paid day by day at the table in force', () => {
    // 9–12 March = 4 days; the new table is in force from the 11th.
    // meals: 9th, 10th at 100 + 11th, 12th at 120 = 440 元; transport: 2 × 80 + 2 × 100 = 360 元.
    // hotel 广州 2 nights from the 10th: 450 (old) + 500 (new) = 950 元 cap; 940 元 is within it.
    const r = computeAllowance(
      { ...TRIP, startDate: '2026-03-09', destinations: ['广州'] },
      '科员',
      [SEED_RATE_TABLE, TABLE_2026],
      [{ date: '2026-03-10', nights: 2, city: '广州', amount: 94000 }],
    );
    expect(r.days).toBe(4);
    expect(r.meals).toBe(44000);
    expect(r.localTransport).toBe(36000);
    expect(r.hotels).toEqual([{ cap: 95000, overCap: false }]);
    expect(r.tablesUsed).toEqual(['cx-2016-71', 'test-2026-03']);
    expect(r.perDay.map((d) => d.meal)).toEqual([10000, 10000, 12000, 12000]);
  });

  it('A3: 西藏 / 青海 / 新疆 get 120 元 a day for meals', () => {
    const r = computeAllowance({ ...TRIP, destinations: ['拉萨'] }, '科员', seed);
    expect(r.meals).toBe(36000);
    expect(r.localTransport).toBe(24000);
  });

  it('A4: a city without a standard has no cap and counts as over it', () => {
    const r = computeAllowance(TRIP, '科员', seed, [{ date: '2026-03-10', nights: 1, city: '长沙', amount: 30000 }]);
    expect(r.hotels).toEqual([{ cap: null, overCap: true }]);
  });

  it('A5: no table in force on a travel date is refused', () => {
    let err: unknown;
    try {
      computeAllowance({ ...TRIP, startDate: '2016-04-30', endDate: '2016-05-01' }, '科员', seed);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('expense.no_rate_table');
  });
});
