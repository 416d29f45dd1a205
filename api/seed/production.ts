import { randomInt } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';
import type { CommandHandler } from '../../commands/pipeline';
import { OrgCommands, type OrgCommandContext } from '../../commands/org';
import { orgStreams, userDecider } from '../../domain/org';
import { hashPassword, passwordProblems } from '../auth/passwords';

/**
 * A production start on an empty store (config.production, no SEED_DEMO=1): no demo district, only the
 * three 三员 accounts — 系统管理员 / 安全管理员 / 安全审计员 — each with a one-time random password.
 * The passwords are written once to DATA_DIR/initial-admin-passwords.txt (created exclusively, mode
 * 0600, readable by the owner only) and never logged; each account must change it at first login
 * (the passwords are set byAdmin → mustChangePassword, enforced by api/auth/password-gate.ts).
 * Everything goes through the command pipeline with command ids derived from the step, so a start
 * interrupted half-way resumes with the passwords already in the file.
 */
export const ADMIN_SEED_STREAM = 'system-seed-admins';
export const INITIAL_PASSWORDS_FILE = 'initial-admin-passwords.txt';
const NS = '5a4f1d9e-2b7c-4e61-8f3a-0c9d7e6b5a41';
const SYSTEM = 'system';

export const PRODUCTION_UNIT = { id: 'unit-root', name: '本单位' };
export const PRODUCTION_DEPARTMENT = { id: 'dept-admin', unitId: PRODUCTION_UNIT.id, name: '信息化管理' };
export const SEPARATED_ACCOUNTS = [
  { id: 'sysadmin', username: 'sysadmin', name: '系统管理员', roleId: 'sysadmin' },
  { id: 'secadmin', username: 'secadmin', name: '安全管理员', roleId: 'secadmin' },
  { id: 'auditor', username: 'auditor', name: '安全审计员', roleId: 'auditor' },
] as const;

export type AdminSeedState = 'empty' | 'partial' | 'done' | 'foreign';

export async function adminSeedState(store: EventStore): Promise<AdminSeedState> {
  if ((await store.readStream(ADMIN_SEED_STREAM)).some((e) => e.type === 'SeparatedAdminsSeeded')) return 'done';
  if ((await store.headPosition()) === 0) return 'empty';
  return (await store.streamRevision(orgStreams.unit(PRODUCTION_UNIT.id))) >= 0 ? 'partial' : 'foreign';
}

/** 16 characters from all four classes (no look-alikes), uniform from the CSPRNG. */
export function oneTimePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=!?-'];
  const all = sets.join('');
  for (;;) {
    const chars = sets.map((s) => s[randomInt(s.length)]);
    while (chars.length < 16) chars.push(all[randomInt(all.length)]);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const pw = chars.join('');
    if (SEPARATED_ACCOUNTS.every((a) => passwordProblems(pw, a.username).length === 0)) return pw;
  }
}

/** Reads the passwords of an interrupted earlier start, or writes new ones exclusively (0600). */
function passwordsFile(dataDir: string): { path: string; passwords: Record<string, string>; created: boolean } {
  const path = join(dataDir, INITIAL_PASSWORDS_FILE);
  if (existsSync(path)) {
    const passwords: Record<string, string> = {};
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^(\S+)\t(\S+)$/.exec(line);
      if (m) passwords[m[1]] = m[2];
    }
    if (SEPARATED_ACCOUNTS.every((a) => passwords[a.username])) return { path, passwords, created: false };
    throw new Error(`${path} exists but does not hold the three initial passwords: move it away and start again`);
  }
  const passwords = Object.fromEntries(SEPARATED_ACCOUNTS.map((a) => [a.username, oneTimePassword()]));
  const text = [
    '# 三员初始密码（一次性）：首次登录后必须修改。请妥善转交后删除本文件。',
    '# One-time initial passwords of the three separated administrators; each must be changed at first login.',
    ...SEPARATED_ACCOUNTS.map((a) => `${a.username}\t${passwords[a.username]}`),
    '',
  ].join('\n');
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return { path, passwords, created: true };
}

export interface AdminSeedResult {
  state: AdminSeedState;
  /** Where the one-time passwords are (null when nothing was seeded). */
  file: string | null;
}

export async function seedSeparatedAdmins(
  store: EventStore,
  commands: CommandHandler,
  dataDir: string,
  log: (msg: string) => void = () => undefined,
): Promise<AdminSeedResult> {
  const state = await adminSeedState(store);
  if (state === 'done' || state === 'foreign') return { state, file: null };
  const { path, passwords } = passwordsFile(dataDir);
  const org = new OrgCommands(commands);
  const correlationId = uuidv5('seed-separated-admins', NS);
  const ctx = (step: string): OrgCommandContext => ({
    actorId: SYSTEM,
    unitId: null,
    correlationId,
    commandId: uuidv5(`admins:${step}`, NS),
  });
  await org.createUnit({ id: PRODUCTION_UNIT.id, name: PRODUCTION_UNIT.name, parentId: null }, ctx('unit'));
  await org.createDepartment(
    { id: PRODUCTION_DEPARTMENT.id, unitId: PRODUCTION_DEPARTMENT.unitId, name: PRODUCTION_DEPARTMENT.name, parentId: null },
    ctx('department'),
  );
  for (const a of SEPARATED_ACCOUNTS) {
    await org.hireUser(
      {
        id: a.id,
        username: a.username,
        name: a.name,
        primaryPost: { unitId: PRODUCTION_UNIT.id, departmentId: PRODUCTION_DEPARTMENT.id, title: a.name, rank: '科员' },
      },
      ctx(`hire:${a.id}`),
    );
    // set by the system (byAdmin): the account must change it at first login
    await commands.handle({
      streamId: orgStreams.user(a.id),
      decider: userDecider,
      command: { type: 'ChangePassword', data: { passwordHash: await hashPassword(passwords[a.username]), byAdmin: true } },
      commandId: ctx(`password:${a.id}`).commandId,
      metadata: { actorId: SYSTEM, unitId: PRODUCTION_UNIT.id, correlationId },
    });
    await org.grantRole(a.id, { roleId: a.roleId, scope: 'all' }, ctx(`grant:${a.id}`));
  }
  await store.append(
    ADMIN_SEED_STREAM,
    [
      {
        type: 'SeparatedAdminsSeeded',
        data: { accounts: SEPARATED_ACCOUNTS.map((a) => a.username) },
        metadata: { actorId: SYSTEM, correlationId, occurredAt: commands.clock.now() },
      },
    ],
    { expectedRevision: 'any', command: { id: uuidv5('admins:done', NS) } },
  );
  log(`生产启动：已创建三员账号（${SEPARATED_ACCOUNTS.map((a) => a.username).join('、')}），一次性初始密码见 ${path}（仅属主可读）`);
  return { state, file: path };
}
