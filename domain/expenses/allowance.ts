/**
 * 差旅补助计算 (allowances by the central-government travel rules, 财行〔2013〕531号).
 *
 * Rules
 *   A1 The travel days are the calendar days from the trip's start to its end, both included
 *      (伙食补助费、市内交通费 "按出差自然（日历）天数计算").
 *   A2 Each day is paid at the rates of the table in force on that date (a trip across a table change
 *      is paid at the old rates before the change and the new ones from it).
 *   A3 伙食补助费: the table's daily rate, the higher one when a destination is in 西藏/青海/新疆.
 *      市内交通费: the table's daily rate.
 *   A4 住宿费: each hotel line's cap is the sum over its nights of the nightly cap for its city and the
 *      traveller's grade (职务级别 → 部级/司局级/其他人员) in the table in force on that night. A line
 *      above its cap, or in a city the table does not list, needs a reason and a higher approver.
 *   A5 No table in force on a travel date: refused (expense.no_rate_table).
 */
import { DomainError } from '../shared/errors';
import { lodgingCap, lodgingGradeOf, mealRate, tableInForce, type LodgingGrade, type RateTable } from './rates';

export interface TripFacts {
  startDate: string;
  endDate: string;
  destinations: string[];
}

export interface HotelLineInput {
  /** Check-in date 'YYYY-MM-DD'. */
  date: string;
  nights: number;
  city: string;
  /** Amount on the invoice, fen. */
  amount: number;
}

export interface HotelCheck {
  /** Sum of the nightly caps, fen; null when the city is not in the table. */
  cap: number | null;
  overCap: boolean;
}

export interface AllowanceComputation {
  days: number;
  grade: LodgingGrade;
  /** 伙食补助费 total, fen. */
  meals: number;
  /** 市内交通费 total, fen. */
  localTransport: number;
  /** Per-day breakdown: which table, which rates. */
  perDay: { date: string; tableId: string; meal: number; transport: number }[];
  /** The tables used (ids), in date order. */
  tablesUsed: string[];
  hotels: HotelCheck[];
}

const DAY = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const addDays = (d: string, n: number): string => new Date(parse(d) + n * DAY).toISOString().slice(0, 10);
export const daysBetweenInclusive = (from: string, to: string): number => Math.round((parse(to) - parse(from)) / DAY) + 1;

function inForce(tables: readonly RateTable[], date: string, field?: string): RateTable {
  const t = tableInForce(tables, date);
  if (!t) throw new DomainError('rule', 'expense.no_rate_table', `${date} 没有生效的差旅费标准表，请联系财务维护`, field);
  return t;
}

export function computeAllowance(
  trip: TripFacts,
  rank: string | null | undefined,
  tables: readonly RateTable[],
  hotels: readonly HotelLineInput[] = [],
): AllowanceComputation {
  const days = daysBetweenInclusive(trip.startDate, trip.endDate);
  if (!(days >= 1)) throw new DomainError('invalid', 'expense.trip_dates', '出差结束日期不能早于开始日期', 'trip');
  const grade = lodgingGradeOf(rank);
  const perDay: AllowanceComputation['perDay'] = [];
  const used: string[] = [];
  let meals = 0;
  let localTransport = 0;
  for (let i = 0; i < days; i++) {
    const date = addDays(trip.startDate, i);
    const t = inForce(tables, date, 'trip');
    const meal = mealRate(t.rates, trip.destinations);
    const transport = t.rates.localTransportPerDay;
    meals += meal;
    localTransport += transport;
    perDay.push({ date, tableId: t.tableId, meal, transport });
    if (!used.includes(t.tableId)) used.push(t.tableId);
  }
  const checks = hotels.map((h, i): HotelCheck => {
    let cap: number | null = 0;
    for (let n = 0; n < h.nights; n++) {
      const t = inForce(tables, addDays(h.date, n), `lines[${i}].date`);
      const c = lodgingCap(t.rates, h.city, grade);
      if (c === null) {
        cap = null;
        break;
      }
      cap += c;
    }
    return { cap, overCap: cap === null || h.amount > cap };
  });
  return { days, grade, meals, localTransport, perDay, tablesUsed: used, hotels: checks };
}
