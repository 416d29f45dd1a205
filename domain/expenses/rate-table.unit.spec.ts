import { describe, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { rateTableDecider, type PublishRateTable, type RateTableEvent } from './rate-table';
import { SEED_RATE_TABLE } from './rates';
import { TABLE_2026, md } from './testing';

const publish = (table = TABLE_2026, now = '2026-03-10T02:00:00.000Z') =>
  ({ type: 'PublishRateTable', data: { table }, metadata: md('finance', now) }) as PublishRateTable;
const seeded: RateTableEvent = {
  type: 'RateTablePublished',
  data: { table: SEED_RATE_TABLE, publishedBy: 'system', at: '2026-01-01T00:00:00.000Z' },
};

describe('差旅费标准表 (effective-dated)', () => {
  it('T2: the first table (the seed) may start in the past; later ones from today on', () => {
    spec(rateTableDecider)
      .given([])
      .when(publish(SEED_RATE_TABLE))
      .then([{ type: 'RateTablePublished', data: { table: SEED_RATE_TABLE, publishedBy: 'finance', at: '2026-03-10T02:00:00.000Z' } }]);
    spec(rateTableDecider).given([seeded]).when(publish(TABLE_2026, '2026-03-12T02:00:00.000Z')).thenThrows('expense.rate_table_backdated');
    spec(rateTableDecider)
      .given([seeded])
      .when(publish())
      .then([{ type: 'RateTablePublished', data: { table: TABLE_2026, publishedBy: 'finance', at: '2026-03-10T02:00:00.000Z' } }]);
  });

  it('T3: the same table again is a no-op; a used id or date with other content is refused', () => {
    spec(rateTableDecider).given([seeded]).when(publish(SEED_RATE_TABLE)).then([]);
    spec(rateTableDecider)
      .given([seeded])
      .when(publish({ ...SEED_RATE_TABLE, name: '改' }))
      .thenThrows('expense.rate_table_exists');
    spec(rateTableDecider)
      .given([seeded])
      .when(publish({ ...TABLE_2026, effectiveFrom: SEED_RATE_TABLE.effectiveFrom }, '2016-01-01T00:00:00.000Z'))
      .thenThrows('expense.rate_table_date_taken');
  });

  it('T1: amounts are whole fen', () => {
    spec(rateTableDecider)
      .given([seeded])
      .when(publish({ ...TABLE_2026, rates: { ...TABLE_2026.rates, mealPerDay: 100.5 } }))
      .thenThrows('expense.rate_table_invalid');
  });
});
