/**
 * Calendar (个人日程 / 领导日程) aggregate: one person's own entries, their sharing, their secretaries
 * and their iCalendar subscription token. Stream `calendar-<ownerId>`.
 *
 * Entries of other origins (meetings one attends, approved leave and trips) are not here: the
 * schedule read model takes them from those modules' events.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { RepeatRule } from '../meetings';

export const calendarStreamId = (ownerId: string) => `calendar-${ownerId}`;

export const ENTRY_KINDS = ['event', 'task', 'plan'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = { event: '日程', task: '任务', plan: '计划' };
export const SHARE_LEVELS = ['busy', 'full'] as const;
/** busy: 仅显示忙闲; full: 显示详情. */
export type ShareLevel = (typeof SHARE_LEVELS)[number];

export interface Share {
  userId: string;
  level: ShareLevel;
}

export interface EntryFields {
  kind: EntryKind;
  title: string;
  location: string;
  notes: string;
  start: string;
  end: string;
  allDay: boolean;
  repeat: RepeatRule | null;
  /** 提醒: minutes before the start (0 = at the start). */
  remindMinutes: number[];
  /** Per-entry sharing (on top of the calendar's default sharing); private hides it from the defaults. */
  sharedWith: Share[];
  private: boolean;
  /** 领导日程: shown in the published leaders' week of the office. */
  published: boolean;
}

export type CalendarEntryAdded = DomainEvent<
  'CalendarEntryAdded',
  EntryFields & { entryId: string; ownerId: string; by: string; byName: string; onBehalfOf: string | null; at: string }
>;
export type CalendarEntryChanged = DomainEvent<
  'CalendarEntryChanged',
  EntryFields & { entryId: string; ownerId: string; by: string; byName: string; onBehalfOf: string | null; at: string }
>;
export type CalendarEntryRemoved = DomainEvent<
  'CalendarEntryRemoved',
  { entryId: string; ownerId: string; by: string; byName: string; onBehalfOf: string | null; at: string }
>;
export type CalendarTaskDone = DomainEvent<'CalendarTaskDone', { entryId: string; ownerId: string; by: string; at: string }>;
export type CalendarSharingSet = DomainEvent<'CalendarSharingSet', { ownerId: string; shares: Share[]; by: string; at: string }>;
export type CalendarSecretaryAppointed = DomainEvent<
  'CalendarSecretaryAppointed',
  { ownerId: string; secretaryId: string; secretaryName: string; by: string; at: string }
>;
export type CalendarSecretaryRevoked = DomainEvent<
  'CalendarSecretaryRevoked',
  { ownerId: string; secretaryId: string; by: string; at: string }
>;
export type CalendarFeedTokenIssued = DomainEvent<
  'CalendarFeedTokenIssued',
  { ownerId: string; tokenSha256: string; by: string; at: string }
>;
export type CalendarReminderDelivered = DomainEvent<
  'CalendarReminderDelivered',
  {
    ownerId: string;
    entryId: string;
    occurrenceStart: string;
    minutesBefore: number;
    title: string;
    /** The reminder due after this one (occurrences.ts nextReminder), null when none. */
    next: { occurrenceStart: string; minutesBefore: number; dueAt: string } | null;
    at: string;
  }
>;

export type CalendarEvent =
  | CalendarEntryAdded
  | CalendarEntryChanged
  | CalendarEntryRemoved
  | CalendarTaskDone
  | CalendarSharingSet
  | CalendarSecretaryAppointed
  | CalendarSecretaryRevoked
  | CalendarFeedTokenIssued
  | CalendarReminderDelivered;

export const CALENDAR_EVENT_TYPES = [
  'CalendarEntryAdded',
  'CalendarEntryChanged',
  'CalendarEntryRemoved',
  'CalendarTaskDone',
  'CalendarSharingSet',
  'CalendarSecretaryAppointed',
  'CalendarSecretaryRevoked',
  'CalendarFeedTokenIssued',
  'CalendarReminderDelivered',
] as const satisfies readonly CalendarEvent['type'][];

export interface Entry extends EntryFields {
  entryId: string;
  done: boolean;
  removed: boolean;
}

export interface CalendarState {
  ownerId: string;
  entries: Record<string, Entry>;
  shares: Share[];
  secretaries: Record<string, string>;
  tokenSha256: string | null;
  /** `<entryId>|<occurrenceStart>|<minutes>` already delivered. */
  delivered: Record<string, true>;
}

export const initialCalendarState = (): CalendarState => ({
  ownerId: '',
  entries: {},
  shares: [],
  secretaries: {},
  tokenSha256: null,
  delivered: {},
});

export const reminderKey = (entryId: string, occurrenceStart: string, minutes: number) => `${entryId}|${occurrenceStart}|${minutes}`;

function fieldsOf(d: EntryFields): EntryFields {
  const { kind, title, location, notes, start, end, allDay, repeat, remindMinutes, sharedWith, private: priv, published } = d;
  return { kind, title, location, notes, start, end, allDay, repeat, remindMinutes, sharedWith, private: priv, published };
}

export function evolveCalendar(s: CalendarState, e: CalendarEvent): CalendarState {
  const base = { ...s, ownerId: e.data.ownerId };
  switch (e.type) {
    case 'CalendarEntryAdded':
      return {
        ...base,
        entries: { ...s.entries, [e.data.entryId]: { ...fieldsOf(e.data), entryId: e.data.entryId, done: false, removed: false } },
      };
    case 'CalendarEntryChanged': {
      const prev = s.entries[e.data.entryId];
      return prev ? { ...base, entries: { ...s.entries, [e.data.entryId]: { ...prev, ...fieldsOf(e.data) } } } : base;
    }
    case 'CalendarEntryRemoved': {
      const prev = s.entries[e.data.entryId];
      return prev ? { ...base, entries: { ...s.entries, [e.data.entryId]: { ...prev, removed: true } } } : base;
    }
    case 'CalendarTaskDone': {
      const prev = s.entries[e.data.entryId];
      return prev ? { ...base, entries: { ...s.entries, [e.data.entryId]: { ...prev, done: true } } } : base;
    }
    case 'CalendarSharingSet':
      return { ...base, shares: e.data.shares };
    case 'CalendarSecretaryAppointed':
      return { ...base, secretaries: { ...s.secretaries, [e.data.secretaryId]: e.data.secretaryName } };
    case 'CalendarSecretaryRevoked': {
      const { [e.data.secretaryId]: _gone, ...rest } = s.secretaries;
      return { ...base, secretaries: rest };
    }
    case 'CalendarFeedTokenIssued':
      return { ...base, tokenSha256: e.data.tokenSha256 };
    case 'CalendarReminderDelivered':
      return { ...base, delivered: { ...s.delivered, [reminderKey(e.data.entryId, e.data.occurrenceStart, e.data.minutesBefore)]: true } };
    default:
      return assertNever(e);
  }
}
