import { v5 as uuidv5 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';
import type { CommandHandler } from '../../commands/pipeline';
import { orgStreams, userDecider } from '../../domain/org';
import { OrgCommands, type OrgCommandContext } from '../../commands/org';
import { hashPassword } from '../auth/passwords';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS, demoUnitOf } from './demo-district';
import { playDemoHistory } from './demo-history';

export interface DemoSeedOptions {
  /** Also play a year of simulated district activity (config DEMO_HISTORY). */
  history?: boolean;
  /** The event store's URL: SQLite gets a second connection with synchronous=NORMAL for the bulk of the history. */
  storeUrl?: string;
}

/**
 * Seeds the demo district through the command pipeline (deciders, expected revisions, hash chain),
 * exactly as the admin API would. Command ids are derived from the step, so a seed interrupted
 * half-way resumes without doubling anything.
 */
export const SEED_STREAM = 'system-seed';
const SEED_NS = '0b7e4f0e-3a51-4f63-9a0e-5d7c2b1a8e44';
const SYSTEM_ACTOR = 'system';
const THREE_MEMBER_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;

export async function demoSeedState(store: EventStore): Promise<'empty' | 'partial' | 'done' | 'foreign'> {
  const seeded = await store.readStream(SEED_STREAM);
  if (seeded.some((e) => e.type === 'DemoDistrictSeeded')) return 'done';
  if ((await store.headPosition()) === 0) return 'empty';
  return (await store.streamRevision(orgStreams.unit(DEMO_UNITS[0].id))) >= 0 ? 'partial' : 'foreign';
}

export async function seedDemoDistrict(
  store: EventStore,
  commands: CommandHandler,
  log: (msg: string) => void = () => undefined,
  options: DemoSeedOptions = {},
): Promise<{ units: number; departments: number; users: number }> {
  const started = Date.now();
  const org = new OrgCommands(commands);
  const correlationId = uuidv5('seed-demo-district', SEED_NS);
  const ctx = (step: string, actorId = SYSTEM_ACTOR, unitId: string | null = null): OrgCommandContext => ({
    actorId,
    unitId,
    correlationId,
    commandId: uuidv5(`seed:${step}`, SEED_NS),
  });

  for (const u of DEMO_UNITS) {
    await org.createUnit({ id: u.id, name: u.name, parentId: u.parentId }, ctx(`unit:${u.id}`));
  }
  for (const d of DEMO_DEPARTMENTS) {
    await org.createDepartment({ id: d.id, unitId: d.unitId, name: d.name, parentId: d.parentId }, ctx(`department:${d.id}`));
  }
  // scrypt is the slow part: hash in parallel (libuv pool), one salt per user
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  let i = 0;
  for (const u of DEMO_USERS) {
    const unitId = demoUnitOf(u.departmentId);
    const hash = hashes[i++];
    await org.hireUser(
      {
        id: u.id,
        username: u.username,
        name: u.name,
        gender: u.gender,
        phone: `1380000${String(i).padStart(4, '0')}`,
        email: `${u.username}@district.gov.cn`,
        primaryPost: { unitId, departmentId: u.departmentId, title: u.title, rank: u.rank },
      },
      ctx(`hire:${u.id}`),
    );
    // the demo password counts as chosen by the user (no forced change at first login)
    const c = ctx(`password:${u.id}`, u.id, unitId);
    await commands.handle({
      streamId: orgStreams.user(u.id),
      decider: userDecider,
      command: { type: 'ChangePassword', data: { passwordHash: hash, byAdmin: false } },
      commandId: c.commandId,
      metadata: { actorId: c.actorId, unitId, correlationId },
    });
    // 三员 (sysadmin / secadmin / auditor) hold their one security role and no business role (no 起草, no 待办)
    const securityRoles = Object.entries(u.roles).filter(([roleId]) => (THREE_MEMBER_ROLES as readonly string[]).includes(roleId));
    for (const [roleId, scope] of securityRoles.length ? securityRoles : Object.entries(u.roles)) {
      await org.grantRole(u.id, { roleId, scope }, ctx(`grant:${u.id}:${roleId}`));
    }
  }
  for (const u of DEMO_USERS) {
    if (u.leadsDepartment) await org.setDepartmentLeader(u.departmentId, { userId: u.id }, ctx(`dept-leader:${u.departmentId}`));
    if (u.leadsUnit) {
      const unitId = demoUnitOf(u.departmentId);
      await org.setUnitLeader(unitId, { userId: u.id }, ctx(`unit-leader:${unitId}`));
    }
  }
  // a year of simulated activity (demo-history.ts), before the done-marker so that an interrupted seed resumes it
  if (options.history) await playDemoHistory(store, options.storeUrl, { upcasters: commands.upcasters, log });
  const summary = { units: DEMO_UNITS.length, departments: DEMO_DEPARTMENTS.length, users: DEMO_USERS.length };
  await store.append(
    SEED_STREAM,
    [{ type: 'DemoDistrictSeeded', data: summary, metadata: { actorId: SYSTEM_ACTOR, correlationId, occurredAt: commands.clock.now() } }],
    { expectedRevision: 'any', command: { id: uuidv5('seed:done', SEED_NS) } },
  );
  log(`演示数据已生成：${summary.units} 个单位、${summary.departments} 个部门、${summary.users} 名用户（${Date.now() - started} ms）`);
  return summary;
}
