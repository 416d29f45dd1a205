import { v5 as uuidv5 } from 'uuid';
import { AnnouncementCommands, type AnnouncementContext } from '../../commands/announcements/announcement-commands';
import { WorkflowCommands } from '../../commands/workflow/workflow-commands';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { announcementOrg } from './org';

/**
 * Demo 通知公告 (seed.demo): through the real commands and the real approval process, so a new user who
 * logs in sees them in the workbench strip and in 通知公告 — 许文博 (staff, 区财政局预算科) receives the
 * district-wide holiday notice (pinned), the 财政局-wide fire drill and the 预算科 training notice; one notice
 * is withdrawn, one waits for 杨帆's review, one is a draft of staff's own. Command ids are fixed: a re-run is a no-op.
 */
const NS = '0f1f8a52-7c0e-4a8e-b1a4-5f0f6b9d2c31';
const DAY = 86_400_000;

interface DemoNotice {
  key: string;
  drafter: string;
  reviewer: string;
  title: string;
  category: '通知' | '公告' | '通报';
  body: string;
  audience?: { everyone?: boolean; unitIds?: string[]; departmentIds?: string[]; userIds?: string[] };
  days?: number;
  pinned?: boolean;
  readers?: string[];
  withdraw?: string;
  /** Stop after 送审 (waiting for review) or after 起草 (a draft). */
  stop?: 'review' | 'draft';
}

const NOTICES: DemoNotice[] = [
  {
    key: 'holiday',
    drafter: 'wu-xiaoyan',
    reviewer: 'li-wenjing',
    title: '关于2027年元旦放假安排的通知',
    category: '通知',
    body: '各单位：\n根据国务院办公厅通知精神，现将2027年元旦放假安排通知如下：\n一、1月1日（星期五）至3日（星期日）放假调休，共3天。\n二、放假期间，各单位要妥善安排值班和安全保卫工作，遇有重大突发事件及时报告。\n\n区政府办公室',
    audience: { everyone: true },
    days: 30,
    pinned: true,
    readers: ['director', 'han-xue', 'qin-tao', 'zhou-ming'],
  },
  {
    key: 'budget-training',
    drafter: 'zhu-li',
    reviewer: 'yang-fan',
    title: '关于参加2027年部门预算编制业务培训的通知',
    category: '通知',
    body: '预算科、国库科：\n为做好2027年部门预算编制工作，局定于下周三上午9:00在三楼会议室举办预算编制业务培训，请相关同志准时参加。\n联系人：朱丽。\n\n区财政局办公室',
    audience: { departmentIds: ['czj-ysk', 'czj-gkk'] },
    days: 10,
    readers: ['you-jia', 'he-jing'],
  },
  {
    key: 'fire-drill',
    drafter: 'zhu-li',
    reviewer: 'yang-fan',
    title: '关于开展办公楼消防疏散演练的公告',
    category: '公告',
    body: '本局定于本周五下午3:00开展办公楼消防疏散演练，届时请全体干部职工听从指挥，有序疏散至楼前广场。\n\n区财政局办公室',
    audience: { unitIds: ['czj'] },
    days: 14,
    readers: ['director', 'finance'],
  },
  {
    key: 'canteen',
    drafter: 'zhu-li',
    reviewer: 'yang-fan',
    title: '关于调整职工食堂就餐时间的通知',
    category: '通知',
    body: '自下周一起，职工食堂午餐时间调整为11:45—13:00。',
    audience: { unitIds: ['czj'] },
    days: 7,
    withdraw: '就餐时间另行研究，本通知撤回',
  },
  {
    key: 'archive',
    drafter: 'staff',
    reviewer: 'yang-fan',
    title: '关于预算科2026年度文书档案整理归档的通知',
    category: '通知',
    body: '预算科各位同志：\n请于本月底前将本年度形成的文书材料整理完毕，交科内档案员统一归档。',
    audience: { departmentIds: ['czj-ysk'] },
    stop: 'review',
  },
  {
    key: 'draft',
    drafter: 'staff',
    reviewer: 'yang-fan',
    title: '关于预算科周例会时间调整的通知（草稿）',
    category: '通知',
    body: '预算科周例会自下周起改为每周一上午9:00召开。',
    stop: 'draft',
  },
];

export async function seedAnnouncementsDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  const wf = new WorkflowCommands(p.commands, { calendar: PUBLIC_HOLIDAYS });
  const cmds = new AnnouncementCommands(p.commands, wf, announcementOrg(p));
  await cmds.ensureDefinition();
  const snap = await p.directory.snapshot();
  const now = Date.parse(p.clock().toISOString());
  let n = 0;
  for (const d of NOTICES) {
    const drafter = snap.users.get(d.drafter);
    if (!drafter) continue;
    const ctx = (actorId: string, step: string): AnnouncementContext => ({
      actorId,
      unitId: snap.users.get(actorId)?.primaryPost.unitId ?? null,
      correlationId: uuidv5(`announcement-demo:${d.key}`, NS),
      commandId: uuidv5(`announcement-demo:${d.key}:${step}`, NS),
      publisherOf: () => false,
    });
    const drafted = await cmds.draft({ title: d.title, category: d.category, body: d.body }, ctx(d.drafter, 'draft'));
    const id = drafted.id;
    n++;
    if (d.stop === 'draft') continue;
    const submitted = await cmds.submit(id, ctx(d.drafter, 'submit'));
    if (d.stop === 'review') continue;
    const proc = await wf.instanceState(submitted.processId);
    const task = Object.values(proc.tasks).find((t) => t.assignee === d.reviewer); // approve is idempotent by its command id (a resumed seed)
    if (!task) continue;
    const approved = await wf.approve(task.taskId, { opinion: '同意发布' }, { ...ctx(d.reviewer, 'approve'), onBehalfOf: null });
    // the reactor records the outcome once the platform runs; the demo records it now (the reactor's later command changes nothing)
    await cmds.recordApprovalOutcome(
      {
        type: 'RecordAnnouncementApprovalOutcome',
        data: {
          announcementId: id,
          processId: submitted.processId,
          outcome: 'approved',
          actorId: d.reviewer,
          opinion: '同意发布',
          at: new Date(now).toISOString(),
        },
      },
      {
        commandId: uuidv5(`announcement-demo:${d.key}:outcome`, NS),
        correlationId: uuidv5(`announcement-demo:${d.key}`, NS),
        causationId: null,
        actorId: 'system',
      },
    );
    void approved;
    const a = d.audience ?? {};
    await cmds.publish(
      id,
      {
        audience: {
          everyone: a.everyone ?? false,
          unitIds: a.unitIds ?? [],
          departmentIds: a.departmentIds ?? [],
          userIds: a.userIds ?? [],
        },
        displayFrom: new Date(now - DAY).toISOString(),
        displayTo: new Date(now + (d.days ?? 7) * DAY).toISOString(),
        pinned: d.pinned ?? false,
      },
      ctx(d.drafter, 'publish'),
      drafter.name,
    );
    for (const r of d.readers ?? []) await cmds.markRead(id, ctx(r, `read:${r}`));
    if (d.withdraw) await cmds.withdraw(id, { reason: d.withdraw }, ctx(d.drafter, 'withdraw'), drafter.name);
  }
  log(`demo: ${n} 通知公告`);
}
