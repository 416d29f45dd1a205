import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import {
  supervisionDecider,
  type CheckSupervisionDeadlines,
  type DecideExtension,
  type HandOverPart,
  type ProposeItem,
  type RecordEstablishment,
  type ReportProgress,
  type RequestExtension,
  type ReturnPart,
  type ReviewFinalReport,
  type SignForPart,
  type SubmitFinalReport,
  type UrgeItem,
  type ReassignPart,
} from './item.decide';
import type { SupervisionEvent } from './item.events';
import { CALENDAR, DEADLINE, SCHEDULE, T0, UNITS, assignedHistory, cmd, proposeData, signed } from './testing';

const given = (events: SupervisionEvent[]) => spec(supervisionDecider).given(events);
const proposed = () => assignedHistory().slice(0, 1);
const both = () => [...assignedHistory(), signed('czj', 'yang-fan'), signed('rsj', 'hua-zhen')];
const T3 = '2026-03-05T02:00:00.000Z';
const report = (unitId: string, actor: string, final: boolean, reportId: string, at = T3): SupervisionEvent => ({
  type: 'SupervisionProgressReported',
  data: {
    itemId: 's1',
    unitId,
    reportId,
    content: '进展',
    attachments: [],
    final,
    actorId: actor,
    actorName: actor,
    at,
    nextReportDue: null,
    reportRemindAt: null,
  },
});
const finalReport = (at = T3): SupervisionEvent => ({
  type: 'SupervisionFinalReportSubmitted',
  data: {
    itemId: 's1',
    reportId: 'f1',
    content: '已全部拨付',
    attachments: [],
    partReportIds: ['r2'],
    actorId: 'qin-tao',
    actorName: '秦涛',
    reviewerIds: ['wei-dong'],
    at,
  },
});

describe('立项 (S1)', () => {
  it('records the proposal with the supervisor and the rules of the automatic work', () => {
    const [e] = given([])
      .when(cmd<ProposeItem>('ProposeItem', proposeData(), 'wei-dong', 'qzfb'))
      .then(proposed());
    expect(e!.type).toBe('SupervisionItemProposed');
  });
  it('refuses a deadline in the past, a lead unit among the co-units, a 收文 source without the document', () => {
    given([])
      .when(cmd<ProposeItem>('ProposeItem', proposeData({ deadline: '2026-03-01' }), 'wei-dong', 'qzfb'))
      .thenThrows('supervision.deadline_past');
    const err = given([])
      .when(cmd<ProposeItem>('ProposeItem', proposeData({ co: [{ id: 'czj', name: '区财政局' }] }), 'wei-dong', 'qzfb'))
      .thenThrows('supervision.lead_in_co');
    expect(err.field).toBe('coUnitIds[0]');
    given([])
      .when(
        cmd<ProposeItem>(
          'ProposeItem',
          proposeData({ source: { kind: 'incoming', note: '', incomingId: null, incomingTitle: null } }),
          'wei-dong',
          'qzfb',
        ),
      )
      .thenThrows('supervision.incoming_required');
    given([])
      .when(cmd<ProposeItem>('ProposeItem', proposeData({ title: '  ' }), 'wei-dong', 'qzfb'))
      .thenThrows('supervision.title_required');
  });
});

describe('立项审批的结果 (S2)', () => {
  const outcome = (o: RecordEstablishment['data']['outcome'], processId = 'p1') =>
    cmd<RecordEstablishment>(
      'RecordEstablishment',
      { processId, outcome: o, actorId: 'sun-jianhua', actorName: '孙建华', opinion: '同意', at: T0, units: UNITS, calendar: CALENDAR },
      'system',
      null,
    );
  it('approved: 立项通过 and 交办 to the lead and the co-unit, receivers and due times recorded', () => {
    given(proposed()).when(outcome('approved')).then(assignedHistory().slice(1));
  });
  it('rejected: not established; a second outcome is ignored; another process is refused', () => {
    given(proposed())
      .when(outcome('rejected'))
      .then([
        {
          type: 'SupervisionItemNotEstablished',
          data: { itemId: 's1', processId: 'p1', outcome: 'rejected', actorId: 'sun-jianhua', opinion: '同意', at: T0 },
        },
      ]);
    given(assignedHistory()).when(outcome('approved')).then([]);
    given(proposed()).when(outcome('approved', 'p9')).thenThrows('supervision.wrong_stage');
  });
  it('a unit without an office gets its leader as receiver', () => {
    const units = { czj: { users: [], leaderId: 'director' }, rsj: UNITS.rsj! };
    const [, assigned] = supervisionDecider.decide(
      cmd<RecordEstablishment>(
        'RecordEstablishment',
        { processId: 'p1', outcome: 'approved', actorId: 'x', opinion: '', at: T0, units, calendar: CALENDAR },
        'system',
        null,
      ),
      given(proposed()).state,
    );
    expect(assigned!.type === 'SupervisionItemAssigned' && assigned!.data.parts[0]!.receiverIds).toEqual(['director']);
  });
});

describe('签收 / 退回 by each unit (S3, S4)', () => {
  it('each unit signs for its own part; only its receivers may', () => {
    given(assignedHistory())
      .when(cmd<SignForPart>('SignForPart', { unitId: 'czj', actorName: 'yang-fan' }, 'yang-fan', 'czj'))
      .then([signed('czj', 'yang-fan')]);
    given([...assignedHistory(), signed('czj', 'yang-fan')])
      .when(cmd<SignForPart>('SignForPart', { unitId: 'rsj', actorName: 'hua-zhen' }, 'hua-zhen', 'rsj'))
      .then([signed('rsj', 'hua-zhen')]);
    given(assignedHistory())
      .when(cmd<SignForPart>('SignForPart', { unitId: 'rsj', actorName: 'x' }, 'yang-fan', 'czj'))
      .thenThrows('supervision.not_receiver');
    given([...assignedHistory(), signed('czj', 'yang-fan')])
      .when(cmd<SignForPart>('SignForPart', { unitId: 'czj', actorName: 'yang-fan' }, 'yang-fan', 'czj'))
      .then([]);
  });
  it('退回 needs a reason; the supervisor re-交办s the returned part', () => {
    given(assignedHistory())
      .when(cmd<ReturnPart>('ReturnPart', { unitId: 'rsj', reason: ' ', actorName: 'h' }, 'hua-zhen', 'rsj'))
      .thenThrows('supervision.reason_required');
    const returned: SupervisionEvent = {
      type: 'SupervisionPartReturned',
      data: { itemId: 's1', unitId: 'rsj', reason: '不属于本单位职责', actorId: 'hua-zhen', actorName: '华振', at: T0 },
    };
    given(assignedHistory())
      .when(cmd<ReturnPart>('ReturnPart', { unitId: 'rsj', reason: '不属于本单位职责', actorName: '华振' }, 'hua-zhen', 'rsj'))
      .then([returned]);
    given([...assignedHistory(), returned])
      .when(cmd<SignForPart>('SignForPart', { unitId: 'rsj', actorName: 'h' }, 'hua-zhen', 'rsj'))
      .thenThrows('supervision.wrong_stage');
    const reassign = (actorUnit: string) =>
      cmd<ReassignPart>(
        'ReassignPart',
        {
          fromUnitId: 'rsj',
          unit: { id: 'jgswj', name: '区机关事务管理局' },
          facts: { users: [], leaderId: 'yu-haitao' },
          actorName: '卫东',
          calendar: CALENDAR,
        },
        'wei-dong',
        actorUnit,
      );
    given([...assignedHistory(), returned])
      .when(reassign('czj'))
      .thenThrows('supervision.not_supervisor');
    const [e] = given([...assignedHistory(), returned])
      .when(reassign('qzfb'))
      .then([
        {
          type: 'SupervisionPartReassigned',
          data: {
            itemId: 's1',
            fromUnitId: 'rsj',
            part: {
              unitId: 'jgswj',
              unitName: '区机关事务管理局',
              role: 'co',
              receiverIds: ['yu-haitao'],
              nextReportDue: '2026-03-09',
              reportRemindAt: '2026-03-05T01:00:00.000Z',
            },
            actorId: 'wei-dong',
            actorName: '卫东',
            at: T0,
          },
        },
      ]);
    const s = given([...assignedHistory(), returned, e!]).state;
    expect(s.parts.map((p) => [p.unitId, p.receipt])).toEqual([
      ['czj', 'pending'],
      ['jgswj', 'pending'],
    ]);
  });
});

describe('办理: 转办, 阶段反馈, 办结报告 (S5, S6)', () => {
  it('转办 to a department records its leader as handler; only after 签收, only by the unit', () => {
    const to = { kind: 'department' as const, id: 'czj-ysk', name: '预算科', leaderUserId: 'qin-tao' };
    given(assignedHistory())
      .when(cmd<HandOverPart>('HandOverPart', { unitId: 'czj', to, note: '', actorName: 'y' }, 'yang-fan', 'czj'))
      .thenThrows('supervision.wrong_stage');
    given(both())
      .when(cmd<HandOverPart>('HandOverPart', { unitId: 'czj', to, note: '', actorName: 'y' }, 'he-jing', 'rsj'))
      .thenThrows('supervision.not_member');
    given(both())
      .when(cmd<HandOverPart>('HandOverPart', { unitId: 'czj', to, note: '抓紧', actorName: '杨帆' }, 'yang-fan', 'czj', T3))
      .then([
        {
          type: 'SupervisionPartHandedOver',
          data: {
            itemId: 's1',
            unitId: 'czj',
            to: { kind: 'department', id: 'czj-ysk', name: '预算科' },
            handlerIds: ['qin-tao'],
            note: '抓紧',
            actorId: 'yang-fan',
            actorName: '杨帆',
            at: T3,
          },
        },
      ]);
  });
  it('阶段反馈 moves the next due date on the weekly cycle', () => {
    given(both())
      .when(
        cmd<ReportProgress>(
          'ReportProgress',
          { unitId: 'czj', reportId: 'r1', content: '已拨付 40%', attachments: [], final: false, actorName: '秦涛', calendar: CALENDAR },
          'qin-tao',
          'czj',
          T3,
        ),
      )
      .then([
        {
          type: 'SupervisionProgressReported',
          data: {
            itemId: 's1',
            unitId: 'czj',
            reportId: 'r1',
            content: '已拨付 40%',
            attachments: [],
            final: false,
            actorId: 'qin-tao',
            actorName: '秦涛',
            at: T3,
            nextReportDue: '2026-03-12',
            reportRemindAt: '2026-03-10T01:00:00.000Z',
          },
        },
      ]);
  });
  it('the lead unit may not submit its 办结报告 before the co-unit reported its part done; then it combines it', () => {
    const submit = cmd<SubmitFinalReport>(
      'SubmitFinalReport',
      { reportId: 'f1', content: '已全部拨付', attachments: [], actorName: '秦涛' },
      'qin-tao',
      'czj',
      T3,
    );
    given([...both(), report('rsj', 'tao-ran', false, 'r1')])
      .when(submit)
      .thenThrows('supervision.wrong_stage');
    given([...both(), report('rsj', 'tao-ran', true, 'r2')])
      .when(submit)
      .then([finalReport()]);
    given([...assignedHistory(), signed('czj', 'yang-fan'), report('rsj', 'x', true, 'r2')])
      .when(submit)
      .thenThrows('supervision.wrong_stage');
  });
});

describe('审核 → 销号, 审核不通过 → more work (S7)', () => {
  const review = (accept: boolean, opinion: string, now: string, unit = 'qzfb') =>
    cmd<ReviewFinalReport>('ReviewFinalReport', { accept, opinion, actorName: '卫东', calendar: CALENDAR }, 'wei-dong', unit, now);
  const reviewing = () => [...both(), report('rsj', 'tao-ran', true, 'r2'), finalReport()];
  it('审核不通过 needs an opinion and sends the item back to 办理中; the lead then reports again', () => {
    given(reviewing())
      .when(review(false, '', T3))
      .thenThrows('supervision.opinion_required');
    given(reviewing())
      .when(review(true, '', T3, 'czj'))
      .thenThrows('supervision.not_supervisor');
    const back: SupervisionEvent = {
      type: 'SupervisionFinalReportSentBack',
      data: { itemId: 's1', reportId: 'f1', opinion: '请补充拨付凭证', actorId: 'wei-dong', actorName: '卫东', at: T3 },
    };
    given(reviewing())
      .when(review(false, '请补充拨付凭证', T3))
      .then([back]);
    const s = given([...reviewing(), back]).state;
    expect(s.status).toBe('handling');
    const again = cmd<SubmitFinalReport>(
      'SubmitFinalReport',
      { reportId: 'f2', content: '补充凭证', attachments: [], actorName: '秦涛' },
      'qin-tao',
      'czj',
      T3,
    );
    const [e] = given([...reviewing(), back])
      .when(again)
      .then([{ ...finalReport(), data: { ...finalReport().data, reportId: 'f2', content: '补充凭证' } } as SupervisionEvent]);
    expect(e!.type).toBe('SupervisionFinalReportSubmitted');
  });
  it('销号 records on time, or the working days late the final report came', () => {
    given(reviewing())
      .when(review(true, '办结', T3))
      .then([
        {
          type: 'SupervisionItemClosed',
          data: {
            itemId: 's1',
            reportId: 'f1',
            opinion: '办结',
            actorId: 'wei-dong',
            actorName: '卫东',
            deadline: DEADLINE,
            onTime: true,
            overdueDays: 0,
            at: T3,
          },
        },
      ]);
    // the final report came on Tuesday 17 March: Mon 16 and Tue 17 are 2 working days late
    const late = [...both(), report('rsj', 'tao-ran', true, 'r2'), finalReport('2026-03-17T02:00:00.000Z')];
    const [closed] = given(late)
      .when(review(true, '', '2026-03-18T02:00:00.000Z'))
      .then([
        {
          type: 'SupervisionItemClosed',
          data: {
            itemId: 's1',
            reportId: 'f1',
            opinion: '',
            actorId: 'wei-dong',
            actorName: '卫东',
            deadline: DEADLINE,
            onTime: false,
            overdueDays: 2,
            at: '2026-03-18T02:00:00.000Z',
          },
        },
      ]);
    expect(closed!.type).toBe('SupervisionItemClosed');
  });
});

describe('催办 (S8) and 延期 (S9)', () => {
  it('manual 催办 reaches the units\u2019 receivers and is refused again within 24 hours', () => {
    const urge = (now: string) =>
      cmd<UrgeItem>('UrgeItem', { unitIds: ['czj'], message: '请加快进度', actorName: '卫东' }, 'wei-dong', 'qzfb', now);
    const urged: SupervisionEvent = {
      type: 'SupervisionItemUrged',
      data: {
        itemId: 's1',
        unitIds: ['czj'],
        message: '请加快进度',
        recipientIds: ['yang-fan'],
        actorId: 'wei-dong',
        actorName: '卫东',
        at: T3,
      },
    };
    given(both()).when(urge(T3)).then([urged]);
    given([...both(), urged])
      .when(urge('2026-03-05T20:00:00.000Z'))
      .thenThrows('supervision.urge_too_often');
    given([...both(), urged])
      .when(urge('2026-03-06T02:00:00.000Z'))
      .then([{ ...urged, data: { ...urged.data, at: '2026-03-06T02:00:00.000Z' } } as SupervisionEvent]);
  });
  it('延期: the lead unit asks, the supervisor (recorded as approver) approves on the engine; the new deadline applies and the old one is kept', () => {
    const ask = cmd<RequestExtension>(
      'RequestExtension',
      { requestId: 'x1', processId: 'px1', newDeadline: '2026-03-20', reason: '资金审批未完成', actorName: '秦涛' },
      'qin-tao',
      'czj',
      T3,
    );
    given(both())
      .when({ ...ask, data: { ...ask.data, newDeadline: '2026-03-10' } })
      .thenThrows('supervision.not_later');
    given(both())
      .when({ ...ask, data: { ...ask.data, reason: '  ' } })
      .thenThrows('supervision.reason_required');
    given(both())
      .when({ ...ask, metadata: { ...ask.metadata, unitId: 'rsj' } })
      .thenThrows('supervision.not_member');
    const [requested] = given(both())
      .when(ask)
      .then([
        {
          type: 'SupervisionExtensionRequested',
          data: {
            itemId: 's1',
            requestId: 'x1',
            processId: 'px1',
            unitId: 'czj',
            newDeadline: '2026-03-20',
            reason: '资金审批未完成',
            reviewerIds: ['wei-dong'],
            actorId: 'qin-tao',
            actorName: '秦涛',
            at: T3,
          },
        },
      ]);
    // the same request again records nothing; another one while it is pending is refused
    given([...both(), requested!])
      .when(ask)
      .then([]);
    given([...both(), requested!])
      .when({ ...ask, data: { ...ask.data, requestId: 'x2', processId: 'px2' } })
      .thenThrows('supervision.wrong_stage');
    const decide = cmd<DecideExtension>(
      'DecideExtension',
      { processId: 'px1', approve: true, opinion: '同意', actorId: 'wei-dong', actorName: '卫东', calendar: CALENDAR },
      'system',
      null,
      T3,
    );
    // an outcome of another process decides nothing
    given([...both(), requested!])
      .when({ ...decide, data: { ...decide.data, processId: 'other' } })
      .then([]);
    const [decided] = given([...both(), requested!])
      .when(decide)
      .then([
        {
          type: 'SupervisionExtensionDecided',
          data: {
            itemId: 's1',
            requestId: 'x1',
            approved: true,
            opinion: '同意',
            oldDeadline: DEADLINE,
            deadline: '2026-03-20',
            schedule: {
              remindAt: '2026-03-18T01:00:00.000Z',
              overdueAt: '2026-03-20T16:00:00.000Z',
              escalateAt: '2026-03-24T16:00:00.000Z',
            },
            processId: 'px1',
            actorId: 'wei-dong',
            actorName: '卫东',
            at: T3,
          },
        },
      ]);
    const s = given([...both(), requested!, decided!]).state;
    expect(s.deadline).toBe('2026-03-20');
    expect(s.extension).toBeNull();
    expect(s.deadlineHistory).toEqual([{ deadline: DEADLINE, until: T3, requestId: 'x1' }]);
    // the reactor's outcome delivered twice records once
    given([...both(), requested!, decided!])
      .when(decide)
      .then([]);
  });
  it('延期 refused on the engine: the deadline stays, nothing enters the history, a new request may follow', () => {
    const requested: SupervisionEvent = {
      type: 'SupervisionExtensionRequested',
      data: {
        itemId: 's1',
        requestId: 'x1',
        processId: 'px1',
        unitId: 'czj',
        newDeadline: '2026-03-20',
        reason: '资金审批未完成',
        reviewerIds: ['wei-dong'],
        actorId: 'qin-tao',
        actorName: '秦涛',
        at: T3,
      },
    };
    const refuse = cmd<DecideExtension>(
      'DecideExtension',
      { processId: 'px1', approve: false, opinion: '请按期办结', actorId: 'wei-dong', actorName: '卫东', calendar: CALENDAR },
      'system',
      null,
      T3,
    );
    const [refused] = given([...both(), requested])
      .when(refuse)
      .then([
        {
          type: 'SupervisionExtensionDecided',
          data: {
            itemId: 's1',
            requestId: 'x1',
            approved: false,
            opinion: '请按期办结',
            oldDeadline: DEADLINE,
            deadline: DEADLINE,
            schedule: null,
            processId: 'px1',
            actorId: 'wei-dong',
            actorName: '卫东',
            at: T3,
          },
        },
      ]);
    const s = given([...both(), requested, refused!]).state;
    expect(s.deadline).toBe(DEADLINE);
    expect(s.deadlineHistory).toEqual([]);
    expect(s.extension).toBeNull();
    const again = cmd<RequestExtension>(
      'RequestExtension',
      { requestId: 'x2', processId: 'px2', newDeadline: '2026-03-18', reason: '仍需时间', actorName: '秦涛' },
      'qin-tao',
      'czj',
      T3,
    );
    expect(supervisionDecider.decide(again, s).map((e) => e.type)).toEqual(['SupervisionExtensionRequested']);
  });
});

describe('automatic 提醒 / 催办 / 通报 each once (S10)', () => {
  const check = (now: string) => cmd<CheckSupervisionDeadlines>('CheckSupervisionDeadlines', { calendar: CALENDAR }, 'system', null, now);
  const run = (events: SupervisionEvent[], now: string) => {
    const out = supervisionDecider.decide(check(now), events.reduce(supervisionDecider.evolve, supervisionDecider.initialState()));
    return { out, after: [...events, ...out] };
  };
  it('before any due time: nothing', () => {
    given(both()).when(check('2026-03-03T01:00:00.000Z')).then([]);
  });
  it('the report reminder, then the deadline reminder, the 催办 and the 通报, each only once', () => {
    let h = both();
    const a = run(h, '2026-03-05T01:00:00.000Z');
    expect(a.out.map((e) => e.type)).toEqual(['SupervisionReportReminderSent', 'SupervisionReportReminderSent']);
    h = a.after;
    expect(run(h, '2026-03-05T02:00:00.000Z').out).toEqual([]);
    const b = run(h, SCHEDULE.remindAt);
    expect(b.out).toEqual([
      {
        type: 'SupervisionDeadlineReminderSent',
        data: { itemId: 's1', deadline: DEADLINE, recipientIds: ['hua-zhen', 'yang-fan'], at: SCHEDULE.remindAt },
      },
    ]);
    h = b.after;
    expect(run(h, SCHEDULE.remindAt).out).toEqual([]);
    const c = run(h, SCHEDULE.overdueAt);
    expect(c.out).toEqual([
      {
        type: 'SupervisionItemOverdue',
        data: { itemId: 's1', deadline: DEADLINE, unitIds: ['czj', 'rsj'], recipientIds: ['hua-zhen', 'yang-fan'], at: SCHEDULE.overdueAt },
      },
    ]);
    h = c.after;
    expect(run(h, '2026-03-16T02:00:00.000Z').out).toEqual([]);
    const d = run(h, SCHEDULE.escalateAt);
    expect(d.out).toEqual([
      {
        type: 'SupervisionItemEscalated',
        data: { itemId: 's1', deadline: DEADLINE, leaderId: 'zhao-guoqiang', overdueDays: 3, at: SCHEDULE.escalateAt },
      },
    ]);
    expect(run(d.after, '2026-03-30T02:00:00.000Z').out).toEqual([]);
  });
  it('a deadline that passed while the 办结报告 was under review: nothing then, the 催办 once it is sent back', () => {
    const reviewing = [...both(), report('rsj', 'x', true, 'r2'), finalReport()];
    given(reviewing).when(check(SCHEDULE.overdueAt)).then([]);
    const back: SupervisionEvent = {
      type: 'SupervisionFinalReportSentBack',
      data: { itemId: 's1', reportId: 'f1', opinion: '补充', actorId: 'wei-dong', actorName: '卫东', at: '2026-03-16T02:00:00.000Z' },
    };
    const out = supervisionDecider.decide(check('2026-03-16T02:00:00.000Z'), given([...reviewing, back]).state);
    expect(out[0]).toEqual({
      type: 'SupervisionItemOverdue',
      data: {
        itemId: 's1',
        deadline: DEADLINE,
        unitIds: ['czj', 'rsj'],
        recipientIds: ['hua-zhen', 'yang-fan'],
        at: '2026-03-16T02:00:00.000Z',
      },
    });
    // the lead unit's 反馈提醒 still due, no 通报 before its time (the 17th)
    expect(out.map((e) => e.type)).toEqual(['SupervisionItemOverdue', 'SupervisionReportReminderSent']);
  });
  it('a closed item is never urged', () => {
    const closed: SupervisionEvent = {
      type: 'SupervisionItemClosed',
      data: {
        itemId: 's1',
        reportId: 'f1',
        opinion: '',
        actorId: 'wei-dong',
        actorName: '卫东',
        deadline: DEADLINE,
        onTime: true,
        overdueDays: 0,
        at: T3,
      },
    };
    given([...both(), report('rsj', 'x', true, 'r2'), finalReport(), closed])
      .when(check(SCHEDULE.escalateAt))
      .then([]);
  });
});
