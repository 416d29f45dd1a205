/**
 * 折旧 and 账面净值 (net book value) — pure, computed from an asset's stream.
 *
 * Rules (平均年限法, 按月计提)
 *   D1 Straight line over the category's useful life: the accumulated depreciation after m months is
 *      floor(base × m / life) — no rounding drift; the last month takes what is left, so after `life`
 *      months the asset is fully depreciated (net value 0).
 *   D2 No depreciation in the month of acquisition: the first month counted is the month after it.
 *   D3 A category change (with another life) takes effect from the month after it: the net value
 *      then is spread over the remaining life (new life − months already depreciated; at least one month).
 *   D4 The month of disposal is still depreciated (当月减少的资产当月照提); from the next month the asset
 *      is off the books: its net value at a date on or after the disposal date is 0 and it is no longer
 *      counted in any department's totals (the history stays readable).
 *   D5 A category with a life of 0 (土地, 文物) is not depreciated.
 *   D6 Months are Asia/Shanghai calendar months; dates are 'YYYY-MM-DD'.
 */
export interface ValueSegment {
  /** 'YYYY-MM-DD' from which this life applies (acquisition date, then each category change). */
  from: string;
  usefulLifeMonths: number;
}

export interface DepreciationInput {
  originalValue: number;
  acquisitionDate: string;
  /** Category lives in force, the first from the acquisition date. */
  segments: readonly ValueSegment[];
  /** 'YYYY-MM-DD' of disposal (退出), or null. */
  disposedOn: string | null;
}

export interface BookValue {
  /** false: not yet acquired or already disposed at that date. */
  onBooks: boolean;
  originalValue: number;
  accumulatedDepreciation: number;
  netValue: number;
  /** Months depreciated up to that date. */
  monthsDepreciated: number;
}

/** Month index: year × 12 + month − 1. */
export const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** The book value at the end of `date` ('YYYY-MM-DD'): months from the month after acquisition up to `date`'s month. */
export function bookValueAt(a: DepreciationInput, date: string): BookValue {
  if (date < a.acquisitionDate) return { onBooks: false, originalValue: 0, accumulatedDepreciation: 0, netValue: 0, monthsDepreciated: 0 };
  const disposed = a.disposedOn !== null && date >= a.disposedOn;
  // D4: the disposal month is depreciated, nothing after it
  const lastMonth = disposed ? monthIndex(a.disposedOn!) : monthIndex(date);
  const acc = accumulated(a, lastMonth);
  if (disposed)
    return {
      onBooks: false,
      originalValue: a.originalValue,
      accumulatedDepreciation: acc.amount,
      netValue: 0,
      monthsDepreciated: acc.months,
    };
  return {
    onBooks: true,
    originalValue: a.originalValue,
    accumulatedDepreciation: acc.amount,
    netValue: a.originalValue - acc.amount,
    monthsDepreciated: acc.months,
  };
}

/** Accumulated depreciation through month index `last` (inclusive). */
function accumulated(a: DepreciationInput, last: number): { amount: number; months: number } {
  const first = monthIndex(a.acquisitionDate) + 1; // D2
  if (last < first) return { amount: 0, months: 0 };
  const segs = [...a.segments].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  let amount = 0;
  let months = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    // D3: a change applies from the month after it (the first segment: from `first`)
    const start = i === 0 ? first : Math.max(first, monthIndex(seg.from) + 1);
    const nextStart = i + 1 < segs.length ? Math.max(first, monthIndex(segs[i + 1]!.from) + 1) : Infinity;
    const end = Math.min(last, nextStart - 1);
    if (end < start) continue;
    if (seg.usefulLifeMonths <= 0) continue; // D5
    const base = a.originalValue - amount;
    const remaining = Math.max(1, seg.usefulLifeMonths - months);
    const k = Math.min(end - start + 1, remaining);
    amount += Math.floor((base * k) / remaining);
    months += k;
  }
  return { amount: Math.min(amount, a.originalValue), months };
}
