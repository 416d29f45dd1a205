import { v5 as uuidv5 } from 'uuid';

export const ATTENDANCE_DEMO_NS = '5c2e8b14-9a3d-4f60-8e71-2d4b6a9c0f35';

/** A stable 参加工作日期 for a demo person (1993–2024), from the user id. */
export function demoWorkStart(userId: string): string {
  let h = 2166136261;
  for (const ch of userId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const year = 1993 + (h % 32);
  const month = 1 + ((h >>> 8) % 12);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** The command id of a person's 年休假 entitlement in the demo (the history uses the same: a no-op twice). */
export const demoEntitleKey = (userId: string, year: number) => uuidv5(`entitle:${userId}:${year}`, ATTENDANCE_DEMO_NS);
