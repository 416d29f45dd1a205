import { v5 as uuidv5 } from 'uuid';
import { ContactCommands } from '../../commands/contacts/contact-commands';
import type { Platform } from '../platform';

/**
 * Demo 通讯录 (seed.demo): every demo person gets an office phone and room (the org record already has
 * their mobile and email), the security admin's mobile policy (本单位; 领导 全部), and 许文博 (staff) a few
 * personal contacts. Fixed command ids: a re-run is a no-op.
 */
const NS = '7a3e5c1b-9d2f-4e8a-b6c4-1f0e2d3c4b5a';
const UNIT_EXCHANGE: Record<string, string> = {
  qzf: '0757-2283',
  qzfb: '0757-2283',
  czj: '0757-2236',
  rsj: '0757-2271',
  jgswj: '0757-2298',
};

export async function seedContactsDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const cmds = new ContactCommands(p.commands);
  const snap = await p.directory.snapshot();
  const users = [...snap.users.values()].sort((a, b) => a.userId.localeCompare(b.userId));
  let i = 0;
  for (const u of users) {
    i++;
    const exchange = UNIT_EXCHANGE[u.primaryPost.unitId] ?? '0757-2200';
    const ctx = {
      actorId: 'sysadmin',
      unitId: null,
      correlationId: uuidv5('contacts-demo', NS),
      commandId: uuidv5(`contacts-demo:card:${u.userId}`, NS),
    };
    await cmds.updateCard(
      u.userId,
      { officePhone: `${exchange}${String(1000 + i * 7).slice(-4)}`, room: `${2 + (i % 6)}${String(i % 20).padStart(2, '0')}室` },
      true,
      ctx,
    );
  }
  await cmds.setMobilePolicy({ defaultScope: 'unit', roleScopes: { leader: 'all', office_admin: 'all' } }, ['leader', 'office_admin'], {
    actorId: 'secadmin',
    unitId: 'qzfb',
    correlationId: uuidv5('contacts-demo', NS),
    commandId: uuidv5('contacts-demo:policy', NS),
  });
  const personal = [
    { name: '梁志诚', organisation: '市财政局预算处', title: '副处长', mobile: '13902231188', phone: '0757-83381234' },
    { name: '黄嘉欣', organisation: '区税务局', title: '科长', mobile: '13826654321' },
    { name: '陈伟', organisation: '广东某软件有限公司', title: '项目经理', email: 'chenwei@example.com', mobile: '13711223344' },
  ];
  for (const [k, c] of personal.entries()) {
    await cmds.addPersonal(c, {
      actorId: 'staff',
      unitId: 'czj',
      correlationId: uuidv5('contacts-demo', NS),
      commandId: uuidv5(`contacts-demo:personal:${k}`, NS),
    });
  }
  log(`demo: 通讯录 ${users.length} 人的名片, 手机号码可见范围, 个人通讯录 ${personal.length} 人`);
}
