/**
 * RateTableRegister (差旅费标准表的发布记录): events, state and decider in one small file.
 * Stream `expense-rate-tables` (one per installation).
 *
 * Rules
 *  T1 A table has an id, a name, a source (文件依据) and an effective date; every amount is whole fen ≥ 0,
 *     every lodging row names a province and a city.
 *  T2 A new table takes effect from today (Asia/Shanghai) or later — never back-dated, so a claim already
 *     drafted keeps the rates it was computed with (the very first table, the seed, is exempt).
 *  T3 Publishing the same table again is a no-op; another table under a used id, or a second table for
 *     an effective date already taken, is refused.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { shanghaiDateOf } from './claim.decide';
import type { RateTable } from './rates';

export const RATE_TABLES_STREAM = 'expense-rate-tables';

export type RateTablePublished = DomainEvent<'RateTablePublished', { table: RateTable; publishedBy: string; at: string }>;
export type RateTableEvent = RateTablePublished;
export const RATE_TABLE_EVENT_TYPES = ['RateTablePublished'] as const satisfies readonly RateTableEvent['type'][];

export interface RateTableState {
  tables: RateTable[];
}
export const initialRateTableState = (): RateTableState => ({ tables: [] });

export function evolveRateTables(s: RateTableState, e: RateTableEvent): RateTableState {
  switch (e.type) {
    case 'RateTablePublished':
      return { tables: [...s.tables, e.data.table] };
    default:
      return assertNever(e.type);
  }
}

export type PublishRateTable = Command<'PublishRateTable', { table: RateTable }>;
export type RateTableCommand = PublishRateTable;

const bad = (message: string, field: string) => new DomainError('invalid', 'expense.rate_table_invalid', message, field);
const money = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 1_000_000_00;

export function checkRateTable(t: RateTable): void {
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(t.tableId ?? '')) throw bad('标准表编号须为 2–64 位小写字母、数字或连字符', 'tableId');
  if (!t.name?.trim() || t.name.length > 200) throw bad('请填写标准表名称', 'name');
  if (!t.source?.trim() || t.source.length > 500) throw bad('请填写文件依据', 'source');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.effectiveFrom ?? '')) throw bad('生效日期格式应为 YYYY-MM-DD', 'effectiveFrom');
  const r = t.rates;
  if (!money(r?.mealPerDay)) throw bad('伙食补助费须为不小于 0 的整数（分）', 'rates.mealPerDay');
  if (!money(r.highMealPerDay)) throw bad('伙食补助费（西藏、青海、新疆）须为不小于 0 的整数（分）', 'rates.highMealPerDay');
  if (!money(r.localTransportPerDay)) throw bad('市内交通费须为不小于 0 的整数（分）', 'rates.localTransportPerDay');
  if (!Array.isArray(r.highMealProvinces)) throw bad('伙食补助费较高地区须为列表', 'rates.highMealProvinces');
  if (!Array.isArray(r.lodging) || r.lodging.length > 2000) throw bad('住宿费标准须为列表（不超过 2000 行）', 'rates.lodging');
  r.lodging.forEach((l, i) => {
    if (!l.province?.trim() || !l.city?.trim()) throw bad(`住宿费第 ${i + 1} 行：请填写省份与城市`, `rates.lodging[${i}]`);
    for (const g of ['minister', 'bureau', 'other'] as const)
      if (!money(l.caps?.[g])) throw bad(`住宿费第 ${i + 1} 行：标准须为不小于 0 的整数（分）`, `rates.lodging[${i}].caps.${g}`);
  });
}

export function publishRateTable(cmd: PublishRateTable, s: RateTableState): RateTableEvent[] {
  const t = cmd.data.table;
  checkRateTable(t);
  const same = s.tables.find((x) => x.tableId === t.tableId);
  if (same) {
    if (JSON.stringify(same) === JSON.stringify(t)) return [];
    throw new DomainError('conflict', 'expense.rate_table_exists', `标准表编号 ${t.tableId} 已使用`, 'tableId');
  }
  if (s.tables.some((x) => x.effectiveFrom === t.effectiveFrom))
    throw new DomainError('conflict', 'expense.rate_table_date_taken', `${t.effectiveFrom} 已有生效的标准表`, 'effectiveFrom');
  const today = shanghaiDateOf(cmd.metadata.now);
  if (s.tables.length > 0 && t.effectiveFrom < today)
    throw new DomainError(
      'rule',
      'expense.rate_table_backdated',
      `新标准只能自今天（${today}）或以后生效，不能追溯调整已发生的报销`,
      'effectiveFrom',
    );
  return [{ type: 'RateTablePublished', data: { table: t, publishedBy: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function decideRateTables(cmd: RateTableCommand, s: RateTableState): RateTableEvent[] {
  switch (cmd.type) {
    case 'PublishRateTable':
      return publishRateTable(cmd, s);
    default:
      return assertNever(cmd.type);
  }
}

export const rateTableDecider: Decider<RateTableCommand, RateTableEvent, RateTableState> = {
  initialState: initialRateTableState,
  decide: decideRateTables,
  evolve: evolveRateTables,
};
