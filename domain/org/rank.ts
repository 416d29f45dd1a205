/**
 * 职务级别 (rank of a position), lowest first. The workflow engine compares ranks, e.g.
 * `rankAtLeast(applicant.rank, '正科')` for "the applicant is 正科 or above".
 *
 * Public API: RANKS, Rank, isRank, rankOrder, compareRank, rankAtLeast.
 */
export const RANKS = ['办事员', '科员', '副科', '正科', '副处', '正处', '副厅', '正厅'] as const;

/** 职务级别 */
export type Rank = (typeof RANKS)[number];

export function isRank(x: unknown): x is Rank {
  return typeof x === 'string' && (RANKS as readonly string[]).includes(x);
}

/** 0 for 办事员 … 7 for 正厅. Throws on an unknown rank (a bug, never user input: DTOs validate with isRank). */
export function rankOrder(rank: Rank): number {
  const i = (RANKS as readonly string[]).indexOf(rank);
  if (i < 0) throw new TypeError(`unknown rank: ${String(rank)}`);
  return i;
}

/** Negative when a is below b, 0 when equal, positive when a is above b (usable with Array.sort). */
export function compareRank(a: Rank, b: Rank): number {
  return rankOrder(a) - rankOrder(b);
}

/** True when `rank` is `min` or higher (applicant.rank >= '正科'). */
export function rankAtLeast(rank: Rank, min: Rank): boolean {
  return compareRank(rank, min) >= 0;
}
