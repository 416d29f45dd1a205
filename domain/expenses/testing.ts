/** Shared fixtures of the 费用 specs (test support only: imported by *.unit.spec.ts). */
import type { CommandMetadata } from '../shared/decider';
import { SEED_RATE_TABLE, type RateTable } from './rates';
import type { ClaimTrip } from './claim.events';

export const T0 = '2026-03-16T02:00:00.000Z'; // Monday 10:00 in Shanghai

export const md = (actorId: string, now = T0, onBehalfOf: string | null = null): CommandMetadata => ({
  now,
  actorId,
  onBehalfOf,
  unitId: null,
});

/** 3 days, 广州 then 深圳: 许文博 (科员) travels with 秦涛 (正科) and 董事 (正处). */
export const TRIP: ClaimTrip = {
  tripId: 't1',
  travellerId: 'staff',
  companions: ['qin-tao', 'director'],
  destinations: ['广州', '深圳'],
  startDate: '2026-03-10',
  endDate: '2026-03-12',
  purpose: '赴广州、深圳调研财政预算绩效管理',
  transport: '高铁',
};

/** A table effective 2026-03-11: meals 120 元, local transport 100 元, 广州 其他人员 500 元 (made-up numbers for the spec). */
export const TABLE_2026: RateTable = {
  tableId: 'test-2026-03',
  name: '测试标准表',
  effectiveFrom: '2026-03-11',
  source: '测试',
  rates: {
    ...SEED_RATE_TABLE.rates,
    mealPerDay: 12000,
    localTransportPerDay: 10000,
    lodging: SEED_RATE_TABLE.rates.lodging.map((l) => (l.city === '广州' ? { ...l, caps: { ...l.caps, other: 50000 } } : l)),
  },
};
