/**
 * 常用意见 (common opinions) per user: add / edit / delete, and a use count so the most used come
 * first. Stream `common-opinions-<userId>`.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const commonOpinionsStreamId = (userId: string) => `common-opinions-${userId}`;
export const MAX_COMMON_OPINIONS = 100;
export const MAX_COMMON_OPINION_LENGTH = 200;

export type CommonOpinionAdded = DomainEvent<'CommonOpinionAdded', { userId: string; opinionId: string; text: string; at: string }>;
export type CommonOpinionEdited = DomainEvent<'CommonOpinionEdited', { userId: string; opinionId: string; text: string; at: string }>;
export type CommonOpinionDeleted = DomainEvent<'CommonOpinionDeleted', { userId: string; opinionId: string; at: string }>;
export type CommonOpinionUsed = DomainEvent<'CommonOpinionUsed', { userId: string; opinionId: string; at: string }>;
export type CommonOpinionEvent = CommonOpinionAdded | CommonOpinionEdited | CommonOpinionDeleted | CommonOpinionUsed;

export type AddCommonOpinion = Command<'AddCommonOpinion', { userId: string; opinionId: string; text: string }>;
export type EditCommonOpinion = Command<'EditCommonOpinion', { userId: string; opinionId: string; text: string }>;
export type DeleteCommonOpinion = Command<'DeleteCommonOpinion', { userId: string; opinionId: string }>;
export type UseCommonOpinion = Command<'UseCommonOpinion', { userId: string; opinionId: string }>;
export type CommonOpinionCommand = AddCommonOpinion | EditCommonOpinion | DeleteCommonOpinion | UseCommonOpinion;

export interface CommonOpinion {
  opinionId: string;
  text: string;
  useCount: number;
  createdAt: string;
  lastUsedAt: string | null;
}
export interface CommonOpinionsState {
  userId: string | null;
  opinions: Record<string, CommonOpinion>;
}

export const initialCommonOpinionsState = (): CommonOpinionsState => ({ userId: null, opinions: {} });

export function evolveCommonOpinions(s: CommonOpinionsState, e: CommonOpinionEvent): CommonOpinionsState {
  const d = e.data;
  switch (e.type) {
    case 'CommonOpinionAdded':
      return {
        userId: d.userId,
        opinions: {
          ...s.opinions,
          [d.opinionId]: { opinionId: d.opinionId, text: e.data.text, useCount: 0, createdAt: d.at, lastUsedAt: null },
        },
      };
    case 'CommonOpinionEdited':
      return { ...s, opinions: { ...s.opinions, [d.opinionId]: { ...s.opinions[d.opinionId], text: e.data.text } } };
    case 'CommonOpinionDeleted': {
      const { [d.opinionId]: _gone, ...rest } = s.opinions;
      return { ...s, opinions: rest };
    }
    case 'CommonOpinionUsed': {
      const o = s.opinions[d.opinionId];
      return o ? { ...s, opinions: { ...s.opinions, [d.opinionId]: { ...o, useCount: o.useCount + 1, lastUsedAt: d.at } } } : s;
    }
    default:
      return assertNever(e);
  }
}

/** Most used first, then most recently used, then newest. */
export function opinionsMostUsedFirst(s: CommonOpinionsState): CommonOpinion[] {
  return Object.values(s.opinions).sort(
    (a, b) => b.useCount - a.useCount || (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? '') || b.createdAt.localeCompare(a.createdAt),
  );
}

function cleanText(text: unknown, s: CommonOpinionsState, exceptId: string | null): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!t) throw new DomainError('invalid', 'opinion.empty', '意见内容不能为空', 'text');
  if (t.length > MAX_COMMON_OPINION_LENGTH)
    throw new DomainError('invalid', 'opinion.too_long', `意见不能超过 ${MAX_COMMON_OPINION_LENGTH} 字`, 'text');
  if (Object.values(s.opinions).some((o) => o.text === t && o.opinionId !== exceptId))
    throw new DomainError('conflict', 'opinion.duplicate', '已有相同的常用意见', 'text');
  return t;
}

export function decideCommonOpinions(cmd: CommonOpinionCommand, s: CommonOpinionsState): CommonOpinionEvent[] {
  const { now, actorId } = cmd.metadata;
  const { userId, opinionId } = cmd.data;
  if (actorId !== userId) throw new DomainError('forbidden', 'opinion.not_owner', '只能维护本人的常用意见');
  const existing = s.opinions[opinionId];
  switch (cmd.type) {
    case 'AddCommonOpinion': {
      if (existing) throw new DomainError('conflict', 'opinion.exists', '常用意见已存在');
      if (Object.keys(s.opinions).length >= MAX_COMMON_OPINIONS)
        throw new DomainError('rule', 'opinion.too_many', `常用意见最多 ${MAX_COMMON_OPINIONS} 条`);
      return [{ type: 'CommonOpinionAdded', data: { userId, opinionId, text: cleanText(cmd.data.text, s, null), at: now } }];
    }
    case 'EditCommonOpinion': {
      if (!existing) throw new DomainError('not_found', 'opinion.not_found', '常用意见不存在');
      const text = cleanText(cmd.data.text, s, opinionId);
      if (text === existing.text) return [];
      return [{ type: 'CommonOpinionEdited', data: { userId, opinionId, text, at: now } }];
    }
    case 'DeleteCommonOpinion':
      if (!existing) throw new DomainError('not_found', 'opinion.not_found', '常用意见不存在');
      return [{ type: 'CommonOpinionDeleted', data: { userId, opinionId, at: now } }];
    case 'UseCommonOpinion':
      if (!existing) throw new DomainError('not_found', 'opinion.not_found', '常用意见不存在');
      return [{ type: 'CommonOpinionUsed', data: { userId, opinionId, at: now } }];
    default:
      return assertNever(cmd);
  }
}

export const commonOpinionsDecider: Decider<CommonOpinionCommand, CommonOpinionEvent, CommonOpinionsState> = {
  initialState: initialCommonOpinionsState,
  decide: decideCommonOpinions,
  evolve: evolveCommonOpinions,
};
