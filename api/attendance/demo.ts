import { v5 as uuidv5 } from 'uuid';
import { BalanceCommands } from '../../commands/attendance';
import { DomainError } from '../../domain/shared/errors';
import type { Platform } from '../platform';

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

/**
 * seed.demo: every active person of the demo district gets this year's 年休假 by the national rule (from a
 * 参加工作日期 of their own), and — where the demo history left last year's days unused — a carry-over of up
 * to 5 days valid until 31 March. With DEMO_HISTORY the year of simulated activity has already filed and
 * approved leave, trips and overtime through the attendance commands (api/seed/demo-history.ts), so a new
 * user sees their applications and a balance with its history. Idempotent (fixed command ids).
 */
export async function seedAttendanceDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const t0 = Date.now();
  const balances = new BalanceCommands(p.commands);
  const year = Number(new Date(p.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const snap = await p.directory.snapshot();
  const correlationId = uuidv5(`attendance-demo:${year}`, ATTENDANCE_DEMO_NS);
  let n = 0;
  for (const u of snap.users.values()) {
    if (u.status !== 'active' || !u.primaryPost?.unitId) continue;
    if (['sysadmin', 'secadmin', 'auditor'].some((r) => r in u.roles)) continue;
    const ctx = { actorId: 'system', actorName: '系统', unitId: null, departmentId: null, correlationId };
    const r = await balances.entitle(
      u.userId,
      { year, workStartDate: demoWorkStart(u.userId) },
      { ...ctx, commandId: demoEntitleKey(u.userId, year) },
    );
    if (!r.duplicate) n++;
    const last = await balances.load(u.userId, year - 1);
    if (last.events.length > 0) {
      await balances
        .carryOver(
          u.userId,
          { year, limit: 5, expiresOn: `${year}-03-31` },
          { ...ctx, commandId: uuidv5(`carry:${u.userId}:${year}`, ATTENDANCE_DEMO_NS) },
        )
        .catch((e) => {
          if (!(e instanceof DomainError)) throw e; // granted already (by an admin)
        });
    }
  }
  if (n) log(`考勤演示数据：${n} 人核定 ${year} 年年休假，${Date.now() - t0} ms`);
}
