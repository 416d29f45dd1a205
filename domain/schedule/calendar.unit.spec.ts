import { describe, expect, it } from 'vitest';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import { spec } from '../../test/support/gwt';
import { calendarDecider, type CalendarCommand } from './calendar.decide';
import type { CalendarEntryAdded, CalendarEvent, EntryFields } from './calendar.events';
import { occurrencesBetween } from './occurrences';
import { calendarRemindersJob } from './reminders.job';

const NOW = '2026-03-01T00:00:00.000Z';
const md = (actorId: string, now = NOW) => ({ now, actorId, onBehalfOf: null, unitId: null });
const fields: EntryFields = {
  kind: 'event',
  title: '调研区财政局',
  location: '区财政局',
  notes: '',
  start: '2026-03-02T01:00:00.000Z',
  end: '2026-03-02T03:00:00.000Z',
  allDay: false,
  repeat: null,
  remindMinutes: [30],
  sharedWith: [],
  private: false,
  published: true,
};
const add = (actor: string, over: Partial<EntryFields> = {}): CalendarCommand => ({
  type: 'AddEntry',
  data: { ...fields, ...over, entryId: 'e1', ownerId: 'leader', byName: actor === 'leader' ? '赵国强' : '吴晓燕' },
  metadata: md(actor),
});
const appointed: CalendarEvent = {
  type: 'CalendarSecretaryAppointed',
  data: { ownerId: 'leader', secretaryId: 'sec', secretaryName: '吴晓燕', by: 'leader', at: NOW },
};
const added = (over: Partial<CalendarEntryAdded['data']> = {}): CalendarEntryAdded => ({
  type: 'CalendarEntryAdded',
  data: { ...fields, entryId: 'e1', ownerId: 'leader', by: 'leader', byName: '赵国强', onBehalfOf: null, at: NOW, ...over },
});

describe('日程: who may write a calendar', () => {
  it('the owner writes their own', () => {
    spec(calendarDecider).given([]).when(add('leader')).then([added()]);
  });
  it("a secretary writes the leader's, recorded as 秘书 on behalf of 领导", () => {
    spec(calendarDecider)
      .given([appointed])
      .when(add('sec'))
      .then([added({ by: 'sec', byName: '吴晓燕', onBehalfOf: 'leader' })]);
  });
  it('anybody else, or a revoked secretary, is refused', () => {
    spec(calendarDecider).given([]).when(add('sec')).thenThrows('calendar.not_allowed');
    const revoked: CalendarEvent = {
      type: 'CalendarSecretaryRevoked',
      data: { ownerId: 'leader', secretaryId: 'sec', by: 'leader', at: NOW },
    };
    spec(calendarDecider).given([appointed, revoked]).when(add('sec')).thenThrows('calendar.not_allowed');
  });
  it('only the owner appoints a secretary or sets sharing', () => {
    spec(calendarDecider)
      .given([appointed])
      .when({
        type: 'AppointSecretary',
        data: { ownerId: 'leader', byName: '吴晓燕', secretaryId: 'x', secretaryName: 'x' },
        metadata: md('sec'),
      })
      .thenThrows('calendar.owner_only');
  });
  it('input rules', () => {
    spec(calendarDecider)
      .given([])
      .when(add('leader', { end: fields.start }))
      .thenThrows('calendar.invalid');
    spec(calendarDecider)
      .given([])
      .when(add('leader', { remindMinutes: [-5] }))
      .thenThrows('calendar.invalid');
    spec(calendarDecider)
      .given([])
      .when(add('leader', { repeat: { freq: 'weekly' } }))
      .thenThrows('repeat.invalid');
  });
});

describe('重复与提醒', () => {
  it('a weekly entry has its occurrences in a range', () => {
    const e = { ...fields, repeat: { freq: 'weekly' as const, count: 10 } };
    expect(occurrencesBetween(e, '2026-03-08T16:00:00.000Z', '2026-03-22T16:00:00.000Z').map((o) => o.start)).toEqual([
      '2026-03-09T01:00:00.000Z',
      '2026-03-16T01:00:00.000Z',
    ]);
  });

  it('schedule.reminders: 30 minutes before; delivered once, then moves on to the next occurrence', () => {
    const weekly = added({ repeat: { freq: 'weekly', count: 2 } });
    scheduledJobSpec(calendarRemindersJob)
      .given([recorded(weekly)])
      .thenDue([
        {
          jobId: 'leader:e1',
          dueAt: '2026-03-02T00:30:00.000Z',
          payload: { ownerId: 'leader', entryId: 'e1', occurrenceStart: '2026-03-02T01:00:00.000Z', minutesBefore: 30 },
        },
      ]);
    const deliver: CalendarCommand = {
      type: 'DeliverReminder',
      data: { ownerId: 'leader', byName: '', entryId: 'e1', occurrenceStart: '2026-03-02T01:00:00.000Z', minutesBefore: 30 },
      metadata: md('system', '2026-03-02T00:30:00.000Z'),
    };
    const [delivered] = spec(calendarDecider)
      .given([weekly])
      .when(deliver)
      .then([
        {
          type: 'CalendarReminderDelivered',
          data: {
            ownerId: 'leader',
            entryId: 'e1',
            occurrenceStart: '2026-03-02T01:00:00.000Z',
            minutesBefore: 30,
            title: '调研区财政局',
            next: { occurrenceStart: '2026-03-09T01:00:00.000Z', minutesBefore: 30, dueAt: '2026-03-09T00:30:00.000Z' },
            at: '2026-03-02T00:30:00.000Z',
          },
        },
      ]);
    // fired again (a second sweep): nothing new
    spec(calendarDecider).given([weekly, delivered!]).when(deliver).then([]);
    scheduledJobSpec(calendarRemindersJob)
      .given([recorded(weekly), recorded(delivered as never)])
      .whenDueAt('2026-03-09T00:30:00.000Z')
      .then([
        {
          type: 'DeliverReminder',
          data: { ownerId: 'leader', entryId: 'e1', occurrenceStart: '2026-03-09T01:00:00.000Z', minutesBefore: 30 },
        },
      ]);
  });

  it('a removed entry has no reminder due', () => {
    const removed: CalendarEvent = {
      type: 'CalendarEntryRemoved',
      data: { entryId: 'e1', ownerId: 'leader', by: 'leader', byName: '赵国强', onBehalfOf: null, at: NOW },
    };
    scheduledJobSpec(calendarRemindersJob)
      .given([recorded(added()), recorded(removed as never)])
      .thenDue([]);
  });
});
