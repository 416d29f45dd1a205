import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { validateDefinition } from '../workflow';
import { announcementDecider, type AnnouncementCommand } from './announcement.decide';
import { evolveAnnouncement, initialAnnouncementState, isShowing, type AnnouncementEvent } from './announcement.events';
import { announcementDefinition } from './flow';

const T0 = '2026-03-02T01:00:00.000Z';
const T1 = '2026-03-03T01:00:00.000Z';
const T2 = '2026-03-04T01:00:00.000Z';
const md = (actorId: string, now = T1) => ({ now, actorId, onBehalfOf: null, unitId: null });
const cmd = <C extends AnnouncementCommand>(type: C['type'], data: C['data'], actor = 'zhu-li', now = T1) =>
  ({ type, data, metadata: md(actor, now) }) as C;
const audience = { everyone: false, unitIds: [], departmentIds: ['czj-ysk'], userIds: [] };

const drafted: AnnouncementEvent = {
  type: 'AnnouncementDrafted',
  data: {
    announcementId: 'a1',
    unitId: 'czj',
    departmentId: 'czj-bgs',
    drafterId: 'zhu-li',
    drafterName: '朱丽',
    title: '关于参加业务培训的通知',
    category: '通知',
    body: '请准时参加。',
    at: T0,
  },
};
const submitted: AnnouncementEvent = { type: 'AnnouncementSubmitted', data: { announcementId: 'a1', processId: 'p1', round: 1, at: T0 } };
const approved: AnnouncementEvent = {
  type: 'AnnouncementApproved',
  data: {
    announcementId: 'a1',
    processId: 'p1',
    approverId: 'yang-fan',
    approverName: '杨帆',
    opinion: '同意',
    drafterId: 'zhu-li',
    at: T0,
  },
};
const published: AnnouncementEvent = {
  type: 'AnnouncementPublished',
  data: {
    announcementId: 'a1',
    audience,
    recipientIds: ['qin-tao', 'staff'],
    displayFrom: T0,
    displayTo: T2,
    pinned: false,
    publisherId: 'zhu-li',
    publisherName: '朱丽',
    at: T0,
  },
};

describe('起草 and 修改', () => {
  it('drafts with title, category and body; the drafter is the actor', () => {
    spec(announcementDecider)
      .given([])
      .when(
        cmd(
          'DraftAnnouncement',
          {
            announcementId: 'a1',
            unitId: 'czj',
            departmentId: 'czj-bgs',
            drafterName: '朱丽',
            title: ' 关于参加业务培训的通知 ',
            category: '通知',
            body: '请准时参加。',
          },
          'zhu-li',
          T0,
        ),
      )
      .then([drafted]);
  });
  it('refuses an empty title, an unknown category and an empty body, naming the field', () => {
    const base = {
      announcementId: 'a1',
      unitId: 'czj',
      departmentId: 'czj-bgs',
      drafterName: '朱丽',
      title: 't',
      category: '通知',
      body: 'b',
    };
    expect(
      spec(announcementDecider)
        .given([])
        .when(cmd('DraftAnnouncement', { ...base, title: ' ' }))
        .thenThrows('announcement.title_required').field,
    ).toBe('title');
    expect(
      spec(announcementDecider)
        .given([])
        .when(cmd('DraftAnnouncement', { ...base, category: '公文' }))
        .thenThrows('announcement.category').field,
    ).toBe('category');
    expect(
      spec(announcementDecider)
        .given([])
        .when(cmd('DraftAnnouncement', { ...base, body: '' }))
        .thenThrows('announcement.body_required').field,
    ).toBe('body');
  });
  it('only the drafter edits, and only while a draft or sent back', () => {
    spec(announcementDecider)
      .given([drafted])
      .when(cmd('EditAnnouncement', { title: 'x', category: '通知', body: 'y' }, 'staff'))
      .thenThrows('announcement.not_drafter');
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(cmd('EditAnnouncement', { title: 'x', category: '通知', body: 'y' }))
      .thenThrows('announcement.not_editable');
    spec(announcementDecider)
      .given([drafted])
      .when(cmd('EditAnnouncement', { title: '新标题', category: '公告', body: 'y' }))
      .then([{ type: 'AnnouncementEdited', data: { announcementId: 'a1', title: '新标题', category: '公告', body: 'y', at: T1 } }]);
  });
});

describe('修改 while the review process has returned it (退回 on the engine)', () => {
  it('the drafter edits an in-review notice only when the command side says its process is returned', () => {
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(cmd('EditAnnouncement', { title: 'x', category: '通知', body: 'y', processReturned: false }))
      .thenThrows('announcement.not_editable');
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(cmd('EditAnnouncement', { title: 'x', category: '通知', body: 'y', processReturned: true }))
      .then([{ type: 'AnnouncementEdited', data: { announcementId: 'a1', title: 'x', category: '通知', body: 'y', at: T1 } }]);
  });
});

describe('送审 and the review outcome', () => {
  it('submits round 1 with its process, then round 2 after being sent back', () => {
    spec(announcementDecider)
      .given([drafted])
      .when(cmd('SubmitAnnouncement', { processId: 'p1' }))
      .then([{ type: 'AnnouncementSubmitted', data: { announcementId: 'a1', processId: 'p1', round: 1, at: T1 } }]);
    const back: AnnouncementEvent = {
      type: 'AnnouncementSentBack',
      data: {
        announcementId: 'a1',
        processId: 'p1',
        outcome: 'rejected',
        actorId: 'yang-fan',
        opinion: '请修改',
        drafterId: 'zhu-li',
        at: T0,
      },
    };
    spec(announcementDecider)
      .given([drafted, submitted, back])
      .when(cmd('SubmitAnnouncement', { processId: 'p2' }))
      .then([{ type: 'AnnouncementSubmitted', data: { announcementId: 'a1', processId: 'p2', round: 2, at: T1 } }]);
  });
  it('approval goes back to the drafter (recorded as who acts next); a repeat changes nothing; another round is refused', () => {
    const outcome = { processId: 'p1', outcome: 'approved' as const, actorId: 'yang-fan', actorName: '杨帆', opinion: '同意', at: T0 };
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(cmd('RecordAnnouncementApproval', outcome, 'system'))
      .then([approved]);
    spec(announcementDecider)
      .given([drafted, submitted, approved])
      .when(cmd('RecordAnnouncementApproval', outcome, 'system'))
      .then([]);
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(cmd('RecordAnnouncementApproval', { ...outcome, processId: 'p0' }, 'system'))
      .thenThrows('announcement.process_mismatch');
  });
  it('rejection sends it back for edits', () => {
    spec(announcementDecider)
      .given([drafted, submitted])
      .when(
        cmd(
          'RecordAnnouncementApproval',
          { processId: 'p1', outcome: 'rejected', actorId: 'yang-fan', actorName: '杨帆', opinion: '请修改', at: T0 },
          'system',
        ),
      )
      .then([
        {
          type: 'AnnouncementSentBack',
          data: {
            announcementId: 'a1',
            processId: 'p1',
            outcome: 'rejected',
            actorId: 'yang-fan',
            opinion: '请修改',
            drafterId: 'zhu-li',
            at: T0,
          },
        },
      ]);
  });
});

describe('发布, 置顶, 撤回', () => {
  const publish = (over: Partial<Extract<AnnouncementCommand, { type: 'PublishAnnouncement' }>['data']> = {}, actor = 'zhu-li') =>
    cmd(
      'PublishAnnouncement',
      {
        audience,
        recipientIds: ['qin-tao', 'staff'],
        displayFrom: T0,
        displayTo: T2,
        pinned: false,
        publisherName: '朱丽',
        asPublisher: false,
        ...over,
      },
      actor,
      T0,
    );

  it('publishes only once approved, to the recipients resolved, within its window', () => {
    spec(announcementDecider).given([drafted, submitted]).when(publish()).thenThrows('announcement.not_approved');
    spec(announcementDecider).given([drafted, submitted, approved]).when(publish()).then([published]);
  });
  it('refuses an empty audience, a window ending before it starts or in the past', () => {
    const g = spec(announcementDecider).given([drafted, submitted, approved]);
    expect(
      g
        .when(publish({ audience: { everyone: false, unitIds: [], departmentIds: [], userIds: [] } }))
        .thenThrows('announcement.audience_required').field,
    ).toBe('audience');
    expect(g.when(publish({ displayFrom: T2, displayTo: T1 })).thenThrows('announcement.window').field).toBe('displayTo');
    expect(
      g
        .when(
          cmd(
            'PublishAnnouncement',
            {
              audience,
              recipientIds: ['x'],
              displayFrom: '2026-03-01T00:00:00.000Z',
              displayTo: T0,
              pinned: false,
              publisherName: '',
              asPublisher: false,
            },
            'zhu-li',
            T1,
          ),
        )
        .thenThrows('announcement.window_past').field,
    ).toBe('displayTo');
  });
  it('a publisher of the unit may publish it for the drafter; anyone else may not', () => {
    spec(announcementDecider).given([drafted, submitted, approved]).when(publish({}, 'staff')).thenThrows('announcement.not_publisher');
    const [e] = spec(announcementDecider)
      .given([drafted, submitted, approved])
      .when(publish({ asPublisher: true, publisherName: '杨帆' }, 'yang-fan'))
      .then([{ ...published, data: { ...published.data, publisherId: 'yang-fan', publisherName: '杨帆' } } as AnnouncementEvent]);
    expect(e.type).toBe('AnnouncementPublished');
  });
  it('pins and unpins while published; pinning twice changes nothing', () => {
    spec(announcementDecider)
      .given([drafted, submitted, approved, published])
      .when(cmd('SetAnnouncementPinned', { pinned: true, asPublisher: false }))
      .then([{ type: 'AnnouncementPinChanged', data: { announcementId: 'a1', pinned: true, actorId: 'zhu-li', at: T1 } }]);
    spec(announcementDecider)
      .given([drafted, submitted, approved, published])
      .when(cmd('SetAnnouncementPinned', { pinned: false, asPublisher: false }))
      .then([]);
    spec(announcementDecider)
      .given([drafted])
      .when(cmd('SetAnnouncementPinned', { pinned: true, asPublisher: true }))
      .thenThrows('announcement.not_published');
  });
  it('withdraws with a reason (recorded), only while published', () => {
    const g = spec(announcementDecider).given([drafted, submitted, approved, published]);
    expect(
      g.when(cmd('WithdrawAnnouncement', { reason: ' ', actorName: '朱丽', asPublisher: false })).thenThrows('announcement.reason_required')
        .field,
    ).toBe('reason');
    g.when(cmd('WithdrawAnnouncement', { reason: '培训改期', actorName: '杨帆', asPublisher: true }, 'yang-fan')).then([
      { type: 'AnnouncementWithdrawn', data: { announcementId: 'a1', actorId: 'yang-fan', actorName: '杨帆', reason: '培训改期', at: T1 } },
    ]);
    spec(announcementDecider)
      .given([drafted, submitted, approved])
      .when(cmd('WithdrawAnnouncement', { reason: 'x', actorName: '', asPublisher: true }))
      .thenThrows('announcement.not_published');
  });
  it('is showing only inside its window and until withdrawn', () => {
    const s = [drafted, submitted, approved, published].reduce(evolveAnnouncement, initialAnnouncementState());
    expect(isShowing(s, '2026-03-01T00:00:00.000Z')).toBe(false);
    expect(isShowing(s, T1)).toBe(true);
    expect(isShowing(s, T2)).toBe(false);
    const w = evolveAnnouncement(s, {
      type: 'AnnouncementWithdrawn',
      data: { announcementId: 'a1', actorId: 'x', actorName: '', reason: 'r', at: T1 },
    });
    expect(isShowing(w, T1)).toBe(false);
  });
});

describe('通知公告审核 definition', () => {
  it('is a valid workflow definition', () => {
    expect(validateDefinition(announcementDefinition())).toEqual([]);
  });
});
