/**
 * 差旅费标准表 (travel rate table): effective-dated, maintained by the finance admin. A claim uses the
 * table in force on each of its travel dates; the claim records what it computed (see allowance.ts), so
 * a table published later never changes an old claim.
 *
 * Money is integer fen. 住宿费 caps are per room·night, by city and by 财行〔2013〕531号's three grades
 * (部级 / 司局级 / 其他人员 — 处级及以下 fall under 其他人员).
 */
import type { Rank } from '../org';

/** 住宿费 grade of 财行〔2013〕531号 第十一条 (部级 / 司局级 / 其他人员). */
export type LodgingGrade = 'minister' | 'bureau' | 'other';
export const LODGING_GRADE_LABELS: Record<LodgingGrade, string> = { minister: '部级', bureau: '司局级', other: '其他人员' };

/** One city (or a province's "其他地区", city '*') with its nightly caps. */
export interface LodgingCap {
  province: string;
  /** City without the trailing 市. */
  city: string;
  caps: Record<LodgingGrade, number>;
}

export interface TravelRates {
  /** 伙食补助费, fen per person·day. */
  mealPerDay: number;
  /** 伙食补助费 in the provinces listed in `highMealProvinces`. */
  highMealPerDay: number;
  highMealProvinces: string[];
  /** Cities outside the lodging rows whose province matters (the 伙食补助费 of 西藏/青海/新疆): city → province. */
  cityProvinces?: Record<string, string>;
  /** 市内交通费, fen per person·day. */
  localTransportPerDay: number;
  lodging: LodgingCap[];
}

export interface RateTable {
  tableId: string;
  name: string;
  /** 'YYYY-MM-DD' (Asia/Shanghai): in force from this travel date on, until a later table's date. */
  effectiveFrom: string;
  /** 文件依据, shown beside the numbers. */
  source: string;
  rates: TravelRates;
}

/** 职务级别 → 住宿费 grade: 正厅/副厅 are 司局级, 正处 and below 其他人员 (no 部级 in a district). */
export function lodgingGradeOf(rank: Rank | string | null | undefined): LodgingGrade {
  return rank === '正厅' || rank === '副厅' ? 'bureau' : 'other';
}

export const normaliseCity = (city: string): string => city.trim().replace(/市$/, '');

/** The table in force on `date` (the latest effectiveFrom ≤ date), or null. */
export function tableInForce(tables: readonly RateTable[], date: string): RateTable | null {
  let best: RateTable | null = null;
  for (const t of tables) if (t.effectiveFrom <= date && (!best || t.effectiveFrom > best.effectiveFrom)) best = t;
  return best;
}

/** Which province a city is in, per the table (null: not in it). */
export function provinceOf(rates: TravelRates, city: string): string | null {
  const c = normaliseCity(city);
  const hit = rates.lodging.find((l) => l.city === c) ?? rates.lodging.find((l) => l.province === c);
  return hit ? hit.province : (rates.cityProvinces?.[c] ?? null);
}

/** Nightly 住宿费 cap for a city and grade (fen); null when the table does not list the city. */
export function lodgingCap(rates: TravelRates, city: string, grade: LodgingGrade): number | null {
  const c = normaliseCity(city);
  const exact = rates.lodging.find((l) => l.city === c);
  if (exact) return exact.caps[grade];
  return null;
}

/** 伙食补助费 per day for a set of destination cities: the higher rate when any is in 西藏/青海/新疆. */
export function mealRate(rates: TravelRates, cities: readonly string[]): number {
  const high = cities.some((c) => {
    const p = provinceOf(rates, c) ?? normaliseCity(c);
    return rates.highMealProvinces.some((h) => p.startsWith(h));
  });
  return high ? rates.highMealPerDay : rates.mealPerDay;
}

const yuan = (n: number) => n * 100;

/**
 * The seed table (演示与初始数据).
 *
 * 伙食补助费 and 市内交通费: 财政部《中央和国家机关差旅费管理办法》(财行〔2013〕531号) 第十五条、第十七条:
 * 伙食补助费 100 元/人·天 (西藏、青海、新疆 120 元/人·天), 市内交通费 80 元/人·天 — as given in the issue text.
 *
 * 住宿费 caps for 广东: 财政部《关于调整中央和国家机关工作人员赴地方差旅住宿费标准等有关问题的通知》
 * (财行〔2016〕71号), 附件 "中央和国家机关工作人员赴地方差旅住宿费标准明细表", 广东 rows, columns
 * 部级 / 司局级 / 其他人员, 元/间·天.
 * NOT VERIFIED: the published table could not be opened from this build environment (only its title
 * and other provinces' rows were reachable), so the 广东 numbers below are entered from memory of that
 * table and must be checked by the finance admin against the document before the table is relied on;
 * 旺季 (peak-season) surcharges of the table are not modelled. Publishing a corrected table (effective
 * from its date) never changes claims already drafted.
 */
export const SEED_RATE_TABLE: RateTable = {
  tableId: 'cx-2016-71',
  name: '中央和国家机关差旅费标准（财行〔2013〕531号、财行〔2016〕71号）',
  effectiveFrom: '2016-05-01',
  source: '财行〔2013〕531号；财行〔2016〕71号（广东住宿费标准待财务核对原文）',
  rates: {
    mealPerDay: yuan(100),
    highMealPerDay: yuan(120),
    highMealProvinces: ['西藏', '青海', '新疆'],
    // capitals and main cities of the three provinces, so a trip there gets the higher 伙食补助费
    cityProvinces: {
      拉萨: '西藏',
      日喀则: '西藏',
      林芝: '西藏',
      西宁: '青海',
      格尔木: '青海',
      乌鲁木齐: '新疆',
      喀什: '新疆',
      伊宁: '新疆',
    },
    localTransportPerDay: yuan(80),
    lodging: [
      ...['广州', '珠海', '佛山', '东莞', '中山', '江门'].map((city) => ({
        province: '广东',
        city,
        caps: { minister: yuan(900), bureau: yuan(550), other: yuan(450) },
      })),
      { province: '广东', city: '深圳', caps: { minister: yuan(900), bureau: yuan(600), other: yuan(500) } },
      ...['汕头', '韶关', '河源', '梅州', '惠州', '汕尾', '阳江', '湛江', '茂名', '肇庆', '清远', '潮州', '揭阳', '云浮'].map((city) => ({
        province: '广东',
        city,
        caps: { minister: yuan(850), bureau: yuan(450), other: yuan(350) },
      })),
    ],
  },
};
