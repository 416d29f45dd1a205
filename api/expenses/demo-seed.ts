import { v5 as uuidv5 } from 'uuid';
import type { Platform } from '../platform';
import { expenseCommandsOf } from './manifest';

const NS = '9c0f3a1e-5b7d-4e22-8f61-3d2a4c5b6e70';

/**
 * 演示数据 for 费用 (runs after the district's own seed, before the read models start):
 *  - who keeps the books: 施云 (区财政局会计科科长) holds 财务人员 for 全部 — the district 财政局's view of
 *    every unit; 金悦 (区人社局办公室) holds 财务人员 for 本单位 — that unit's 会计 (张会计 already keeps
 *    区财政局's own books);
 *  - the 费用报销 definition and the seed rate table.
 */
export async function seedExpenseDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const correlationId = uuidv5('seed-expenses-demo', NS);
  for (const [userId, scope] of [
    ['shi-yun', 'all'],
    ['jin-yue', 'unit'],
  ] as const) {
    await p.orgCommands.grantRole(
      userId,
      { roleId: 'finance', scope },
      { actorId: 'system', correlationId, commandId: uuidv5(`grant:${userId}:finance`, NS) },
    );
  }
  await expenseCommandsOf(p).seedDefinitions();
  log('费用演示数据：财务人员（施云 全区、金悦 区人社局）、费用报销流程与差旅费标准表');
}
