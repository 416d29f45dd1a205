import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { audienceRecipients, type OrgPerson } from './recipients';
import { receiptDecider, type AnnouncementRead, type MarkAnnouncementRead } from './receipt';

const T1 = '2026-03-03T01:00:00.000Z';
const read = (data: Partial<MarkAnnouncementRead['data']> = {}, now = T1) =>
  ({
    type: 'MarkAnnouncementRead',
    data: { announcementId: 'a1', userId: 'staff', isRecipient: true, published: true, ...data },
    metadata: { now, actorId: 'staff', onBehalfOf: null, unitId: null },
  }) as MarkAnnouncementRead;
const first: AnnouncementRead = { type: 'AnnouncementRead', data: { announcementId: 'a1', userId: 'staff', at: T1 } };

describe('已读回执', () => {
  it('records the first read of a recipient, and nothing on a second', () => {
    spec(receiptDecider).given([]).when(read()).then([first]);
    spec(receiptDecider).given([first]).when(read({}, '2026-03-05T00:00:00.000Z')).then([]);
  });
  it('refuses someone outside the audience, and a withdrawn notice', () => {
    spec(receiptDecider)
      .given([])
      .when(read({ isRecipient: false }))
      .thenThrows('announcement.not_recipient');
    spec(receiptDecider)
      .given([])
      .when(read({ published: false }))
      .thenThrows('announcement.not_published');
  });
});

describe('发布范围 → 接收人', () => {
  const people: OrgPerson[] = [
    { id: 'staff', unitId: 'czj', departmentId: 'czj-ysk', active: true },
    { id: 'qin-tao', unitId: 'czj', departmentId: 'czj-ysk', active: true },
    { id: 'sub', unitId: 'czj', departmentId: 'czj-ysk-1', active: true },
    { id: 'gone', unitId: 'czj', departmentId: 'czj-ysk', active: false },
    { id: 'lv-peng', unitId: 'czj', departmentId: 'czj-gkk', active: true },
    { id: 'zhou-ming', unitId: 'qzfb', departmentId: 'qzfb-zhk', active: true },
  ];
  const facts = { people, departmentSubtree: (d: string) => (d === 'czj-ysk' ? ['czj-ysk', 'czj-ysk-1'] : [d]) };
  const none = { everyone: false, unitIds: [], departmentIds: [], userIds: [] };

  it('a department: its active people and those of its sub-departments', () => {
    expect(audienceRecipients({ ...none, departmentIds: ['czj-ysk'] }, facts)).toEqual(['qin-tao', 'staff', 'sub']);
  });
  it('a unit, named people and everyone; union without duplicates, inactive left out', () => {
    expect(audienceRecipients({ ...none, unitIds: ['qzfb'], userIds: ['lv-peng', 'gone'] }, facts)).toEqual(['lv-peng', 'zhou-ming']);
    expect(audienceRecipients({ ...none, everyone: true, userIds: ['staff'] }, facts)).toEqual([
      'lv-peng',
      'qin-tao',
      'staff',
      'sub',
      'zhou-ming',
    ]);
  });
  it('an audience without anyone active is refused on the audience field', () => {
    expect(() => audienceRecipients({ ...none, userIds: ['gone'] }, facts)).toThrow(/没有在职人员/);
  });
});
