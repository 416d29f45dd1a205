import { v5 as uuidv5 } from 'uuid';
import { BalanceCommands } from '../../commands/attendance';
import { DomainError } from '../../domain/shared/errors';
import type { Platform } from '../platform';
import { ATTENDANCE_DEMO_NS, demoEntitleKey, demoWorkStart } from './demo-people';

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
