import { v5 as uuidv5 } from 'uuid';
import { GovInfoCommands, type GovInfoContext } from '../../commands/govinfo/govinfo-commands';
import type { Platform } from '../platform';

/**
 * Demo 信息报送 (seed.demo): 区政府办公室 (qzfb) receives; its 信息 reviewers are the office admins (李文静).
 * A 约稿 on 优化营商环境, reports from 区财政局 / 人社局 / 机关事务局 (by staff, 金悦, 窦伟 …), some adopted
 * at district or city level, one endorsed by a leader, one rejected — so the month's 积分排名 has rows.
 */
const NS = '2e4f6a8c-0b1d-4e3f-9a7c-5b3d1f0e2c4a';
const RECEIVER = 'qzfb';

export async function seedGovInfoDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const cmds = new GovInfoCommands(p.commands);
  const snap = await p.directory.snapshot();
  if (!snap.units.has(RECEIVER)) return;
  const ctx = (userId: string, step: string): GovInfoContext => {
    const u = snap.users.get(userId);
    return {
      actorId: userId,
      actorName: u?.name ?? userId,
      unitId: u?.primaryPost.unitId ?? null,
      correlationId: uuidv5('govinfo-demo', NS),
      commandId: uuidv5(`govinfo-demo:${step}`, NS),
      reviews: (unitId) => unitId === RECEIVER && userId === 'li-wenjing',
    };
  };
  const deadline = new Date(Date.parse(p.clock().toISOString()) + 20 * 86_400_000).toISOString().slice(0, 10);
  const call = await cmds.issueCall(
    { topic: '优化营商环境典型做法', description: '请各单位报送本单位优化营商环境的创新举措和典型案例，每单位不少于 1 篇。', deadline },
    ctx('li-wenjing', 'call'),
  );
  const items: {
    by: string;
    title: string;
    body: string;
    call?: boolean;
    adopt?: ('district' | 'city' | 'endorsed')[];
    reject?: string;
  }[] = [
    {
      by: 'staff',
      title: '区财政局“预算一体化”改革实现资金拨付全程网办',
      body: '区财政局推进预算管理一体化系统建设，实现资金申请、审核、拨付全流程线上办理，平均拨付时间缩短至 3 个工作日。',
      call: true,
      adopt: ['district', 'city'],
    },
    {
      by: 'zhu-li',
      title: '区财政局开展惠企资金“免申即享”',
      body: '对符合条件的企业，惠企资金由系统自动比对、直接拨付，企业无需申报。',
      call: true,
      adopt: ['district', 'endorsed'],
    },
    {
      by: 'jin-yue',
      title: '区人社局“就业驿站”服务群众家门口就业',
      body: '在各街道设立就业驿站 12 个，累计提供岗位信息 3000 余条。',
      adopt: ['district'],
    },
    { by: 'tao-ran', title: '区人社局开展春季招聘月活动', body: '组织线上线下招聘会 8 场，达成就业意向 600 余人。' },
    { by: 'dou-wei', title: '区机关事务局推进公共机构节能', body: '完成 5 栋办公楼节能改造，年节电约 40 万千瓦时。', adopt: ['district'] },
    {
      by: 'pan-yong',
      title: '区机关事务局食堂开展“光盘行动”',
      body: '机关食堂开展节约粮食宣传。',
      reject: '内容较单薄，建议补充成效数据后再报',
    },
  ];
  let n = 0;
  for (const [i, it] of items.entries()) {
    if (!snap.users.has(it.by)) continue;
    const r = await cmds.submit(
      { title: it.title, body: it.body, receiverUnitId: RECEIVER, ...(it.call ? { callId: call.id } : {}) },
      ctx(it.by, `submit:${i}`),
    );
    n++;
    for (const level of it.adopt ?? []) await cmds.adopt(r.id, { level, note: '' }, ctx('li-wenjing', `adopt:${i}:${level}`));
    if (it.reject) await cmds.reject(r.id, { reason: it.reject }, ctx('li-wenjing', `reject:${i}`));
  }
  log(`demo: 信息报送 ${n} 篇, 1 个约稿`);
}
