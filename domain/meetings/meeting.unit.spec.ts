import { describe, expect, it } from 'vitest';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import { spec } from '../../test/support/gwt';
import { meetingDecider, type MeetingCommand } from './meeting.decide';
import { replyRollUp, type MeetingEvent, type MeetingNoticeIssued } from './meeting.events';
import { meetingRemindersJob } from './meeting-reminders.job';
import { evolveMeeting, initialMeetingState } from './meeting.events';

const NOW = '2026-03-01T01:00:00.000Z';
const START = '2026-03-05T01:30:00.000Z';
const END = '2026-03-05T03:30:00.000Z';
const DEADLINE = '2026-03-03T10:00:00.000Z';
const md = (actorId: string, now = NOW) => ({ now, actorId, onBehalfOf: null, unitId: null });
const cmd = <C extends MeetingCommand>(type: C['type'], data: C['data'], actor = 'zhou', now = NOW) =>
  ({ type, data, metadata: md(actor, now) }) as C;
const member = (userId: string, roles: string[] = ['staff'], leadsUnit = false) => ({ userId, roles, leadsUnit, active: true });

const notice: MeetingNoticeIssued = {
  type: 'MeetingNoticeIssued',
  data: {
    meetingId: 'm1',
    title: '全区预算工作会议',
    agenda: '一、部署预算编制',
    start: START,
    end: END,
    roomId: 'r1',
    bookingId: 'b1',
    location: '区政府第一会议室',
    organiserId: 'zhou',
    organiserName: '周明',
    unitId: 'qzfb',
    units: [
      { unitId: 'czj', unitName: '区财政局', contactIds: ['czj-office'] },
      { unitId: 'rsj', unitName: '区人社局', contactIds: ['rsj-head'] },
    ],
    persons: [{ userId: 'wu', name: '吴晓燕', unitId: 'qzfb' }],
    replyDeadline: DEADLINE,
    remindBeforeMinutes: 120,
    checkInCode: '123456',
    at: NOW,
  },
};
const attendee = { name: '许文博', unitName: '区财政局', position: '科员', phone: '13800000000' };
const czjReplied: MeetingEvent = {
  type: 'MeetingUnitReplied',
  data: { meetingId: 'm1', unitId: 'czj', attendees: [attendee], by: 'czj-office', late: false, at: NOW },
};

describe("会议通知: who reports each unit's 回执 is decided and recorded", () => {
  it("the unit's office reports; a unit without office falls back to its head", () => {
    spec(meetingDecider)
      .given([])
      .when(
        cmd('IssueMeetingNotice', {
          ...notice.data,
          units: [
            {
              unitId: 'czj',
              unitName: '区财政局',
              members: [member('czj-office', ['staff', 'office_admin']), member('czj-head', ['leader'], true), member('x')],
            },
            { unitId: 'rsj', unitName: '区人社局', members: [member('rsj-head', ['leader'], true), member('y')] },
          ],
        }),
      )
      .then([notice]);
  });

  it('refuses a unit nobody can report for, a deadline after the start, nobody invited', () => {
    const base = { ...notice.data, units: [] as { unitId: string; unitName: string; members: ReturnType<typeof member>[] }[] };
    spec(meetingDecider)
      .given([])
      .when(cmd('IssueMeetingNotice', { ...base, units: [{ unitId: 'z', unitName: '某单位', members: [member('x')] }] }))
      .thenThrows('meeting.unit_without_contact');
    spec(meetingDecider)
      .given([])
      .when(cmd('IssueMeetingNotice', { ...base, replyDeadline: '2026-03-06T00:00:00.000Z' }))
      .thenThrows('meeting.invalid');
    spec(meetingDecider)
      .given([])
      .when(cmd('IssueMeetingNotice', { ...base, persons: [] }))
      .thenThrows('meeting.invalid');
  });
});

describe('回执 and 催报', () => {
  it("only the unit's contact replies; the roll-up counts who replied", () => {
    spec(meetingDecider)
      .given([notice])
      .when(cmd('ReplyForUnit', { unitId: 'czj', attendees: [attendee] }, 'someone'))
      .thenThrows('meeting.not_contact');
    spec(meetingDecider)
      .given([notice])
      .when(cmd('ReplyForUnit', { unitId: 'czj', attendees: [attendee] }, 'czj-office'))
      .then([czjReplied]);
    const s = [notice, czjReplied].reduce(evolveMeeting, initialMeetingState());
    expect(replyRollUp(s)).toMatchObject({ replied: ['czj'], pending: ['rsj'], attendees: 1, label: '报了 1 个单位，未报 1 个' });
  });

  it('a reply after the deadline is taken and marked late', () => {
    const late = '2026-03-04T00:00:00.000Z';
    spec(meetingDecider)
      .given([notice])
      .when(cmd('ReplyForUnit', { unitId: 'rsj', attendees: [attendee] }, 'rsj-head', late))
      .then([
        {
          type: 'MeetingUnitReplied',
          data: { meetingId: 'm1', unitId: 'rsj', attendees: [attendee], by: 'rsj-head', late: true, at: late },
        },
      ]);
  });

  it('催报 reminds only the units and persons that have not replied; nobody missing → the automatic one records nothing', () => {
    spec(meetingDecider)
      .given([notice, czjReplied])
      .when(cmd('UrgeReplies', { automatic: false }))
      .then([
        {
          type: 'MeetingRepliesUrged',
          data: {
            meetingId: 'm1',
            unitIds: ['rsj'],
            personIds: ['wu'],
            notifyIds: ['rsj-head', 'wu'],
            automatic: false,
            by: 'zhou',
            at: NOW,
          },
        },
      ]);
    spec(meetingDecider)
      .given([notice])
      .when(cmd('UrgeReplies', { automatic: false }, 'wu'))
      .thenThrows('meeting.not_organiser');
    const all: MeetingEvent[] = [
      notice,
      czjReplied,
      { type: 'MeetingUnitReplied', data: { meetingId: 'm1', unitId: 'rsj', attendees: [attendee], by: 'rsj-head', late: false, at: NOW } },
      { type: 'MeetingInvitationAnswered', data: { meetingId: 'm1', userId: 'wu', answer: 'accept', standIn: null, by: 'wu', at: NOW } },
    ];
    spec(meetingDecider)
      .given(all)
      .when(cmd('UrgeReplies', { automatic: true }, 'system'))
      .then([]);
    spec(meetingDecider)
      .given(all)
      .when(cmd('UrgeReplies', { automatic: false }))
      .thenThrows('meeting.nobody_to_urge');
  });

  it('declining names a stand-in; only the invited person answers', () => {
    spec(meetingDecider)
      .given([notice])
      .when(
        cmd(
          'AnswerInvitation',
          { answer: 'decline', standIn: { name: '郑浩', unitName: '区政府办公室', position: '科长', phone: '' } },
          'wu',
        ),
      )
      .then([
        {
          type: 'MeetingInvitationAnswered',
          data: {
            meetingId: 'm1',
            userId: 'wu',
            answer: 'decline',
            standIn: { name: '郑浩', unitName: '区政府办公室', position: '科长', phone: '' },
            by: 'wu',
            at: NOW,
          },
        },
      ]);
    spec(meetingDecider)
      .given([notice])
      .when(cmd('AnswerInvitation', { answer: 'accept' }, 'stranger'))
      .thenThrows('meeting.not_invited');
  });
});

describe('materials and 签到', () => {
  const requested: MeetingEvent = {
    type: 'MeetingMaterialsRequested',
    data: {
      meetingId: 'm1',
      requestId: 'q1',
      title: '预算执行情况汇报',
      deadline: DEADLINE,
      unitIds: ['czj', 'rsj'],
      notifyIds: ['czj-office', 'rsj-head'],
      contacts: [
        { unitId: 'czj', contactIds: ['czj-office'] },
        { unitId: 'rsj', contactIds: ['rsj-head'] },
      ],
      by: 'zhou',
      at: NOW,
    },
  };
  it('征集 asks every invited unit by default and records who reports each', () => {
    spec(meetingDecider)
      .given([notice])
      .when(cmd('RequestMaterials', { requestId: 'q1', title: '预算执行情况汇报', deadline: DEADLINE }))
      .then([requested]);
    spec(meetingDecider)
      .given([notice])
      .when(cmd('RequestMaterials', { requestId: 'q1', title: 'x', deadline: DEADLINE, unitIds: ['jgswj'] }))
      .thenThrows('meeting.invalid');
  });
  it('collects per unit (交了/未交) and 催报 reminds the missing ones', () => {
    const submitted: MeetingEvent = {
      type: 'MeetingMaterialSubmitted',
      data: {
        meetingId: 'm1',
        requestId: 'q1',
        unitId: 'czj',
        name: '汇报.docx',
        sha256: 'a'.repeat(64),
        size: 10,
        by: 'czj-office',
        late: false,
        at: NOW,
      },
    };
    spec(meetingDecider)
      .given([notice, requested])
      .when(cmd('SubmitMaterial', { requestId: 'q1', unitId: 'czj', name: '汇报.docx', sha256: 'a'.repeat(64), size: 10 }, 'czj-office'))
      .then([submitted]);
    spec(meetingDecider)
      .given([notice, requested, submitted])
      .when(cmd('UrgeMaterials', { requestId: 'q1', automatic: false }))
      .then([
        {
          type: 'MeetingMaterialsUrged',
          data: { meetingId: 'm1', requestId: 'q1', unitIds: ['rsj'], notifyIds: ['rsj-head'], automatic: false, by: 'zhou', at: NOW },
        },
      ]);
  });

  it('签到 with the right code, in the window, once', () => {
    const during = '2026-03-05T01:20:00.000Z';
    const ok = cmd('CheckIn', { code: '123456', method: 'qr', name: '吴晓燕', unitId: 'qzfb' }, 'wu', during);
    spec(meetingDecider)
      .given([notice])
      .when(ok)
      .then([
        {
          type: 'MeetingCheckedIn',
          data: { meetingId: 'm1', userId: 'wu', name: '吴晓燕', unitId: 'qzfb', method: 'qr', by: 'wu', at: during },
        },
      ]);
    spec(meetingDecider)
      .given([notice])
      .when(cmd('CheckIn', { code: '000000', method: 'code', name: '吴晓燕', unitId: 'qzfb' }, 'wu', during))
      .thenThrows('meeting.wrong_code');
    spec(meetingDecider)
      .given([notice])
      .when(cmd('CheckIn', { code: '123456', method: 'code', name: '吴晓燕', unitId: 'qzfb' }, 'wu', NOW))
      .thenThrows('meeting.check_in_not_open');
    spec(meetingDecider)
      .given([notice])
      .when(cmd('CheckIn', { code: '123456', method: 'code', name: '某人', unitId: 'jgswj' }, 'other', during))
      .thenThrows('meeting.not_invited');
  });
});

describe('meetings.reminders job: each fires once, with a controlled clock', () => {
  const n = recorded(notice, { recordedAt: NOW });
  it('schedules the automatic 催报 before the deadline and the reminder before the start', () => {
    scheduledJobSpec(meetingRemindersJob)
      .given([n])
      .thenDue([
        { jobId: 'm1:replies', dueAt: '2026-03-03T08:00:00.000Z', payload: { meetingId: 'm1', kind: 'replies' } },
        { jobId: 'm1:start', dueAt: '2026-03-05T01:00:00.000Z', payload: { meetingId: 'm1', kind: 'start' } },
      ]);
  });
  it('at 08:00 UTC on the 3rd only the 催报 is due; a cancelled meeting has nothing due', () => {
    scheduledJobSpec(meetingRemindersJob).given([n]).whenDueAt('2026-03-03T07:59:59.000Z').then([]);
    scheduledJobSpec(meetingRemindersJob)
      .given([n])
      .whenDueAt('2026-03-03T08:00:00.000Z')
      .then([{ type: 'UrgeReplies', data: { meetingId: 'm1' } }]);
    const cancelled = recorded<MeetingEvent>({
      type: 'MeetingCancelled',
      data: { meetingId: 'm1', reason: 'x', notifyIds: [], by: 'zhou', at: NOW },
    });
    scheduledJobSpec(meetingRemindersJob)
      .given([n, cancelled as never])
      .thenDue([]);
  });
  it('the 催报 a second time (a re-fired job) records nothing new once everybody replied', () => {
    const s = [notice, czjReplied].reduce(evolveMeeting, initialMeetingState());
    const first = meetingDecider.decide(cmd('UrgeReplies', { automatic: true }, 'system', '2026-03-03T08:00:00.000Z'), s);
    expect(first).toHaveLength(1);
  });
});
