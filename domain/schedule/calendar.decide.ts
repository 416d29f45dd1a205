/**
 * Calendar decider (日程). Pure; the command side passes `ownerId`, the names and `metadata.now`.
 *
 * Rules enforced here
 *  - who may write a calendar: its owner, or a secretary the owner appointed (领导日程 kept by a
 *    秘书): then the event records `by` = the secretary and `onBehalfOf` = the owner;
 *  - addEntry / changeEntry: a title (≤ 100), start < end (≤ 31 days), a valid repeat rule, reminders
 *    0–10080 minutes before (at most 5), sharing only with others at 忙闲/详情;
 *  - removeEntry / completeTask: an entry that exists (completeTask: a task);
 *  - setSharing (默认共享): the owner only; appointSecretary / revokeSecretary: the owner only, not
 *    oneself;
 *  - issueFeedToken: the owner only (the token's SM3/SHA-256 is recorded, never the token);
 *  - deliverReminder: by the system, once per (entry, occurrence, minutes), only while the entry
 *    still has that occurrence and reminder; records the next reminder due.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { checkRepeatRule } from '../meetings';
import { isInstant, shanghaiDate } from '../meetings';
import {
  ENTRY_KINDS,
  SHARE_LEVELS,
  evolveCalendar,
  initialCalendarState,
  reminderKey,
  type CalendarEvent,
  type CalendarState,
  type EntryFields,
  type Share,
} from './calendar.events';
import { nextReminder, occurrencesBetween } from './occurrences';

export const SYSTEM_ACTOR = 'system';

type Owned<T> = T & { ownerId: string; byName: string };
export type AddEntry = Command<'AddEntry', Owned<EntryFields & { entryId: string }>>;
export type ChangeEntry = Command<'ChangeEntry', Owned<EntryFields & { entryId: string }>>;
export type RemoveEntry = Command<'RemoveEntry', Owned<{ entryId: string }>>;
export type CompleteTask = Command<'CompleteTask', Owned<{ entryId: string }>>;
export type SetSharing = Command<'SetSharing', Owned<{ shares: Share[] }>>;
export type AppointSecretary = Command<'AppointSecretary', Owned<{ secretaryId: string; secretaryName: string }>>;
export type RevokeSecretary = Command<'RevokeSecretary', Owned<{ secretaryId: string }>>;
export type IssueFeedToken = Command<'IssueFeedToken', Owned<{ tokenSha256: string }>>;
export type DeliverReminder = Command<'DeliverReminder', Owned<{ entryId: string; occurrenceStart: string; minutesBefore: number }>>;

export type CalendarCommand =
  AddEntry | ChangeEntry | RemoveEntry | CompleteTask | SetSharing | AppointSecretary | RevokeSecretary | IssueFeedToken | DeliverReminder;

const invalid = (field: string, msg: string) => new DomainError('invalid', 'calendar.invalid', msg, field);

/** Owner or appointed secretary; returns onBehalfOf (null when the owner acts). */
function writer(cmd: { metadata: { actorId: string }; data: { ownerId: string } }, s: CalendarState): string | null {
  const actor = cmd.metadata.actorId;
  if (actor === cmd.data.ownerId) return null;
  if (s.secretaries[actor] !== undefined) return cmd.data.ownerId;
  throw new DomainError('forbidden', 'calendar.not_allowed', '只有本人或其秘书可以维护该日程');
}

function ownerOnly(cmd: { metadata: { actorId: string }; data: { ownerId: string } }): void {
  if (cmd.metadata.actorId !== cmd.data.ownerId) throw new DomainError('forbidden', 'calendar.owner_only', '只有本人可以设置');
}

function checkShares(shares: Share[], ownerId: string, field: string): Share[] {
  if (shares.length > 200) throw invalid(field, '共享人员不超过 200 人');
  for (const [i, sh] of shares.entries()) {
    if (!sh.userId || sh.userId === ownerId) throw invalid(`${field}[${i}].userId`, '共享对象须为其他同事');
    if (!SHARE_LEVELS.includes(sh.level)) throw invalid(`${field}[${i}].level`, '共享级别须为 忙闲 或 详情');
  }
  return [...new Map(shares.map((sh) => [sh.userId, sh])).values()];
}

export function checkEntry(f: EntryFields, ownerId: string): EntryFields {
  if (!ENTRY_KINDS.includes(f.kind)) throw invalid('kind', '类型须为 日程/任务/计划');
  if (!f.title?.trim() || f.title.length > 100) throw invalid('title', '请填写标题（100 字以内）');
  if (!isInstant(f.start)) throw invalid('start', '开始时间格式不正确');
  if (!isInstant(f.end) || Date.parse(f.end) <= Date.parse(f.start)) throw invalid('end', '结束时间须晚于开始时间');
  if (Date.parse(f.end) - Date.parse(f.start) > 31 * 86400_000) throw invalid('end', '一次日程不超过 31 天（长期安排请用重复）');
  if (f.repeat) checkRepeatRule(f.repeat, shanghaiDate(f.start));
  if (f.remindMinutes.length > 5 || f.remindMinutes.some((m) => !Number.isInteger(m) || m < 0 || m > 10080))
    throw invalid('remindMinutes', '提醒须为开始前 0–10080 分钟，最多 5 个');
  return {
    ...f,
    title: f.title.trim(),
    location: (f.location ?? '').slice(0, 100),
    notes: (f.notes ?? '').slice(0, 2000),
    remindMinutes: [...new Set(f.remindMinutes)].sort((a, b) => a - b),
    sharedWith: checkShares(f.sharedWith ?? [], ownerId, 'sharedWith'),
  };
}

function fields(d: EntryFields): EntryFields {
  const { kind, title, location, notes, start, end, allDay, repeat, remindMinutes, sharedWith, private: priv, published } = d;
  return { kind, title, location, notes, start, end, allDay, repeat, remindMinutes, sharedWith, private: priv, published };
}

function existing(s: CalendarState, entryId: string) {
  const e = s.entries[entryId];
  if (!e || e.removed) throw new DomainError('not_found', 'calendar.entry_not_found', '日程不存在', 'entryId');
  return e;
}

export function addEntry(cmd: AddEntry, s: CalendarState): CalendarEvent[] {
  const onBehalfOf = writer(cmd, s);
  if (s.entries[cmd.data.entryId]) return [];
  const f = checkEntry(fields(cmd.data), cmd.data.ownerId);
  const { entryId, ownerId, byName } = cmd.data;
  return [
    { type: 'CalendarEntryAdded', data: { ...f, entryId, ownerId, by: cmd.metadata.actorId, byName, onBehalfOf, at: cmd.metadata.now } },
  ];
}

export function changeEntry(cmd: ChangeEntry, s: CalendarState): CalendarEvent[] {
  const onBehalfOf = writer(cmd, s);
  const prev = existing(s, cmd.data.entryId);
  const f = checkEntry(fields(cmd.data), cmd.data.ownerId);
  if (JSON.stringify(f) === JSON.stringify(fields(prev))) return [];
  const { entryId, ownerId, byName } = cmd.data;
  return [
    { type: 'CalendarEntryChanged', data: { ...f, entryId, ownerId, by: cmd.metadata.actorId, byName, onBehalfOf, at: cmd.metadata.now } },
  ];
}

export function removeEntry(cmd: RemoveEntry, s: CalendarState): CalendarEvent[] {
  const onBehalfOf = writer(cmd, s);
  const e = s.entries[cmd.data.entryId];
  if (e?.removed) return [];
  existing(s, cmd.data.entryId);
  const { entryId, ownerId, byName } = cmd.data;
  return [{ type: 'CalendarEntryRemoved', data: { entryId, ownerId, by: cmd.metadata.actorId, byName, onBehalfOf, at: cmd.metadata.now } }];
}

export function completeTask(cmd: CompleteTask, s: CalendarState): CalendarEvent[] {
  writer(cmd, s);
  const e = existing(s, cmd.data.entryId);
  if (e.kind !== 'task') throw new DomainError('rule', 'calendar.not_a_task', '只有任务可以标记完成');
  if (e.done) return [];
  return [
    { type: 'CalendarTaskDone', data: { entryId: e.entryId, ownerId: cmd.data.ownerId, by: cmd.metadata.actorId, at: cmd.metadata.now } },
  ];
}

export function setSharing(cmd: SetSharing, s: CalendarState): CalendarEvent[] {
  ownerOnly(cmd);
  const shares = checkShares(cmd.data.shares, cmd.data.ownerId, 'shares');
  if (JSON.stringify(shares) === JSON.stringify(s.shares)) return [];
  return [{ type: 'CalendarSharingSet', data: { ownerId: cmd.data.ownerId, shares, by: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function appointSecretary(cmd: AppointSecretary, s: CalendarState): CalendarEvent[] {
  ownerOnly(cmd);
  if (!cmd.data.secretaryId || cmd.data.secretaryId === cmd.data.ownerId) throw invalid('secretaryId', '秘书须为其他同事');
  if (s.secretaries[cmd.data.secretaryId] !== undefined) return [];
  const { ownerId, secretaryId, secretaryName } = cmd.data;
  return [
    { type: 'CalendarSecretaryAppointed', data: { ownerId, secretaryId, secretaryName, by: cmd.metadata.actorId, at: cmd.metadata.now } },
  ];
}

export function revokeSecretary(cmd: RevokeSecretary, s: CalendarState): CalendarEvent[] {
  ownerOnly(cmd);
  if (s.secretaries[cmd.data.secretaryId] === undefined) return [];
  return [
    {
      type: 'CalendarSecretaryRevoked',
      data: { ownerId: cmd.data.ownerId, secretaryId: cmd.data.secretaryId, by: cmd.metadata.actorId, at: cmd.metadata.now },
    },
  ];
}

export function issueFeedToken(cmd: IssueFeedToken, _s: CalendarState): CalendarEvent[] {
  ownerOnly(cmd);
  if (!/^[0-9a-f]{64}$/.test(cmd.data.tokenSha256)) throw invalid('token', '订阅令牌格式不正确');
  return [
    {
      type: 'CalendarFeedTokenIssued',
      data: { ownerId: cmd.data.ownerId, tokenSha256: cmd.data.tokenSha256, by: cmd.metadata.actorId, at: cmd.metadata.now },
    },
  ];
}

export function deliverReminder(cmd: DeliverReminder, s: CalendarState): CalendarEvent[] {
  if (cmd.metadata.actorId !== SYSTEM_ACTOR) throw new DomainError('forbidden', 'calendar.system_only', '提醒由系统发送');
  const { entryId, occurrenceStart, minutesBefore, ownerId } = cmd.data;
  const e = s.entries[entryId];
  if (!e || e.removed || (e.kind === 'task' && e.done)) return [];
  if (s.delivered[reminderKey(entryId, occurrenceStart, minutesBefore)]) return [];
  if (!e.remindMinutes.includes(minutesBefore)) return [];
  const occ = occurrencesBetween(e, occurrenceStart, new Date(Date.parse(occurrenceStart) + 1).toISOString());
  if (!occ.some((o) => o.start === occurrenceStart)) return [];
  return [
    {
      type: 'CalendarReminderDelivered',
      data: {
        ownerId,
        entryId,
        occurrenceStart,
        minutesBefore,
        title: e.title,
        next: nextAfter(e, occurrenceStart, minutesBefore),
        at: cmd.metadata.now,
      },
    },
  ];
}

/** The reminder after (occurrenceStart, minutesBefore): later due times, or the same due time with fewer minutes. */
function nextAfter(e: EntryFields, occurrenceStart: string, minutesBefore: number) {
  const due = new Date(Date.parse(occurrenceStart) - minutesBefore * 60_000).toISOString();
  const sameDue = e.remindMinutes
    .filter((m) => m < minutesBefore)
    .map((m) => ({ m, at: Date.parse(occurrenceStart) - m * 60_000 }))
    .filter((x) => x.at === Date.parse(due));
  if (sameDue.length) return { occurrenceStart, minutesBefore: sameDue[0]!.m, dueAt: due };
  return nextReminder(e, due);
}

export function decideCalendar(cmd: CalendarCommand, s: CalendarState): CalendarEvent[] {
  switch (cmd.type) {
    case 'AddEntry':
      return addEntry(cmd, s);
    case 'ChangeEntry':
      return changeEntry(cmd, s);
    case 'RemoveEntry':
      return removeEntry(cmd, s);
    case 'CompleteTask':
      return completeTask(cmd, s);
    case 'SetSharing':
      return setSharing(cmd, s);
    case 'AppointSecretary':
      return appointSecretary(cmd, s);
    case 'RevokeSecretary':
      return revokeSecretary(cmd, s);
    case 'IssueFeedToken':
      return issueFeedToken(cmd, s);
    case 'DeliverReminder':
      return deliverReminder(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = {
  initialState: initialCalendarState,
  decide: decideCalendar,
  evolve: evolveCalendar,
};

export { nextReminder };
